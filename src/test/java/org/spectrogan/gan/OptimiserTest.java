package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Adam and RMSProp against plain-Java reference updates over several steps (float64); the float32 Java-loop Adam
 * ({@link Optimiser.JavaAdam}) against a double-precision Adam over many steps and against the array Adam bit for bit.
 */
class OptimiserTest {
    @ParameterizedTest
    @CsvSource({"PyTorch,0.0,0.9", "PyTorch,0.5,0.999", "MXNet,0.0,0.9"})
    void adamMatchesTheTextbookUpdate(String engineName, double beta1, double beta2) {
        Engine engine = Engines.get(engineName);
        SplittableRandom rng = new SplittableRandom(3);
        int n = 50;
        double lr = 1e-2;
        double[] p = gaussians(rng, n, 1.0);
        double[] m = new double[n];
        double[] v = new double[n];
        try (NDManager manager = engine.newBaseManager()) {
            NDArray flat = manager.create(p.clone());
            Optimiser.Adam adam = new Optimiser.Adam(flat, lr, beta1, beta2);
            for (int t = 1; t <= 5; t++) {
                double[] g = new double[n];
                for (int i = 0; i < n; i++) {
                    g[i] = rng.nextGaussian();
                    m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                    double mHat = m[i] / (1 - Math.pow(beta1, t));
                    double vHat = v[i] / (1 - Math.pow(beta2, t));
                    // the efficient form of Kingma and Ba (eps added to sqrt(v), scaled by the bias correction)
                    p[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8 / Math.sqrt(1 - Math.pow(beta2, t)));
                }
                try (NDManager step = manager.newSubManager()) {
                    step.tempAttachAll(flat, adam.state.get(0), adam.state.get(1));
                    adam.update(t, step.create(g));
                }
            }
            double[] got = flat.toDoubleArray();
            for (int i = 0; i < n; i++) {
                assertEquals(p[i], got[i], 1e-6 * Math.max(1, Math.abs(p[i])), "parameter " + i);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"PyTorch,0.0", "PyTorch,0.05", "MXNet,0.05"})
    void rmsPropMatchesItsDefinitionAndClips(String engineName, double clip) {
        Engine engine = Engines.get(engineName);
        SplittableRandom rng = new SplittableRandom(5);
        int n = 40;
        double lr = 1e-2;
        double[] p = gaussians(rng, n, 0.1);
        double[] v = new double[n];
        try (NDManager manager = engine.newBaseManager()) {
            NDArray flat = manager.create(p.clone());
            Optimiser.RmsProp rms = new Optimiser.RmsProp(flat, lr, clip);
            for (int t = 1; t <= 4; t++) {
                double[] g = new double[n];
                for (int i = 0; i < n; i++) {
                    g[i] = rng.nextGaussian();
                    v[i] = 0.99 * v[i] + 0.01 * g[i] * g[i];
                    p[i] -= lr * g[i] / (Math.sqrt(v[i]) + 1e-8);
                    if (clip > 0) {
                        p[i] = Math.max(-clip, Math.min(clip, p[i]));
                    }
                }
                try (NDManager step = manager.newSubManager()) {
                    step.tempAttachAll(flat, rms.state.get(0));
                    rms.update(t, step.create(g));
                }
            }
            double[] got = flat.toDoubleArray();
            for (int i = 0; i < n; i++) {
                assertEquals(p[i], got[i], 1e-6, "parameter " + i);
            }
        }
    }

    /**
     * The Java-loop Adam (float32, PyTorch/CPU) against Adam written here in double precision, with bias correction,
     * over 400 steps of gradients whose scale changes from step to step and across parameters (1e-4 to 10): every
     * parameter and both moments within a relative bound of float32 rounding accumulated over the steps.
     */
    @ParameterizedTest
    @CsvSource({"0.0,0.9", "0.5,0.9", "0.9,0.999"})
    void javaAdamFollowsADoublePrecisionAdamOverManySteps(double beta1, double beta2) {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 3001; // not a multiple of any vector width: the loop's scalar tail is covered too
        int steps = 400;
        double lr = 1e-3;
        double[] p = gaussians(rng, n, 1.0);
        double[] m = new double[n];
        double[] v = new double[n];
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            scale[i] = Math.pow(10, -4 + 5 * rng.nextDouble());
        }
        try (NDManager manager = Engines.get("PyTorch").newBaseManager()) {
            float[] start = new float[n];
            for (int i = 0; i < n; i++) {
                start[i] = (float) p[i];
                p[i] = start[i];
            }
            NDArray flat = manager.create(start);
            Optimiser adam = Optimiser.adam(flat, lr, beta1, beta2);
            assertInstanceOf(Optimiser.JavaAdam.class, adam);
            double maxError = 0;
            for (int t = 1; t <= steps; t++) {
                float[] g = new float[n];
                double drift = 1 + 0.5 * Math.sin(t / 7.0);
                for (int i = 0; i < n; i++) {
                    g[i] = (float) (scale[i] * drift * (rng.nextGaussian() + 0.3));
                    m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                    v[i] = beta2 * v[i] + (1 - beta2) * (double) g[i] * g[i];
                    double mHat = m[i] / (1 - Math.pow(beta1, t));
                    double vHat = v[i] / (1 - Math.pow(beta2, t));
                    p[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8 / Math.sqrt(1 - Math.pow(beta2, t)));
                }
                try (NDManager step = manager.newSubManager()) {
                    step.tempAttachAll(flat);
                    adam.update(t, step.create(g));
                }
            }
            float[] got = flat.toFloatArray();
            float[] gotMean = adam.stateValues(0);
            float[] gotVariance = adam.stateValues(1);
            for (int i = 0; i < n; i++) {
                // each step moves a parameter by about lr; float32 rounding of p (2^-24 relative) and of the step
                // (a few 2^-24) accumulate over the steps
                double bound = steps * 2e-7 * (Math.abs(p[i]) + lr);
                double error = Math.abs(got[i] - p[i]);
                maxError = Math.max(maxError, error / bound);
                assertTrue(error <= bound, "parameter " + i + ": " + got[i] + ", double-precision Adam " + p[i]);
                assertEquals(beta1 == 0 ? 0 : m[i], gotMean[i], 1e-4 * Math.abs(m[i]) + 1e-30, "first moment " + i);
                assertEquals(v[i], gotVariance[i], 1e-4 * v[i], "second moment " + i);
            }
            assertTrue(maxError > 1e-4, "the bound is not vacuous: largest error / bound " + maxError);
        }
    }

    /**
     * The Java-loop Adam against the array Adam over 300 steps: within a few float32 roundings (libtorch's float
     * square root is not always correctly rounded, Java's is, so the bits may differ), and a Java Adam rebuilt from
     * its state mid-run (as a resumed run builds it) ends bit for bit with the uninterrupted one.
     */
    @ParameterizedTest
    @CsvSource({"0.0,0.9", "0.5,0.9"})
    void javaAdamAgreesWithTheArrayAdamAndResumesFromItsStateBitForBit(double beta1, double beta2) {
        SplittableRandom rng = new SplittableRandom(17);
        int n = 4099;
        float[] start = new float[n];
        for (int i = 0; i < n; i++) {
            start[i] = (float) (rng.nextGaussian() * Math.pow(10, -3 + 4 * rng.nextDouble()));
        }
        try (NDManager manager = Engines.get("PyTorch").newBaseManager()) {
            NDArray arrayFlat = manager.create(start.clone());
            NDArray javaFlat = manager.create(start.clone());
            NDArray resumedFlat = manager.create(start.clone());
            Optimiser.Adam reference = new Optimiser.Adam(arrayFlat, 1e-2, beta1, beta2);
            Optimiser java = Optimiser.adam(javaFlat, 1e-2, beta1, beta2);
            Optimiser resumed = Optimiser.adam(resumedFlat, 1e-2, beta1, beta2);
            assertInstanceOf(Optimiser.JavaAdam.class, java);
            for (int t = 1; t <= 300; t++) {
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    g[i] = (float) (rng.nextGaussian() * Math.pow(10, -6 + 6 * rng.nextDouble()));
                }
                if (t == 150) {
                    Optimiser fresh = Optimiser.adam(resumedFlat, 1e-2, beta1, beta2);
                    for (int s = 0; s < resumed.stateCount(); s++) {
                        fresh.setState(s, resumed.stateValues(s));
                    }
                    resumed = fresh;
                }
                try (NDManager step = manager.newSubManager()) {
                    step.tempAttachAll(arrayFlat, javaFlat, resumedFlat, reference.state.get(0), reference.state.get(1));
                    reference.update(t, step.create(g.clone()));
                    java.update(t, step.create(g.clone()));
                    resumed.update(t, step.create(g.clone()));
                }
            }
            float[] expected = arrayFlat.toFloatArray();
            float[] got = javaFlat.toFloatArray();
            int differing = 0;
            for (int i = 0; i < n; i++) {
                // 300 steps of about lr each, a few float32 roundings apart per step
                assertEquals(expected[i], got[i], 300 * 4e-7 * (Math.abs(expected[i]) + 1e-2), "parameter " + i);
                differing += expected[i] != got[i] ? 1 : 0;
            }
            assertTrue(differing < n, "the array Adam and the Java Adam differ in every parameter");
            assertBits(got, resumedFlat.toFloatArray(), "parameter");
            assertBits(java.stateValues(0), resumed.stateValues(0), "first moment");
            assertBits(java.stateValues(1), resumed.stateValues(1), "second moment");
            float[] referenceVariance = reference.state.get(1).toFloatArray();
            float[] variance = java.stateValues(1);
            for (int i = 0; i < n; i++) {
                assertEquals(referenceVariance[i], variance[i], 1e-5 * referenceVariance[i], "second moment " + i);
            }
        }
    }

    @Test
    void theJavaAdamIsTakenOnlyForFloat32OnPyTorch() {
        try (NDManager torch = Engines.get("PyTorch").newBaseManager();
             NDManager mxnet = Engines.get("MXNet").newBaseManager()) {
            assertInstanceOf(Optimiser.JavaAdam.class, Optimiser.adam(torch.zeros(new ai.djl.ndarray.types.Shape(8)), 1e-3, 0.5, 0.9));
            assertInstanceOf(Optimiser.Adam.class, Optimiser.adam(torch.zeros(new ai.djl.ndarray.types.Shape(8), DataType.FLOAT64), 1e-3, 0.5, 0.9));
            assertInstanceOf(Optimiser.Adam.class, Optimiser.adam(mxnet.zeros(new ai.djl.ndarray.types.Shape(8)), 1e-3, 0.5, 0.9));
        }
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " count");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + " " + i + ": " + expected[i] + " against " + actual[i]);
        }
    }

    private static double[] gaussians(SplittableRandom rng, int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * rng.nextGaussian();
        }
        return x;
    }
}
