package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Adam and RMSProp against plain-Java reference updates over several steps (float64). */
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

    private static double[] gaussians(SplittableRandom rng, int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * rng.nextGaussian();
        }
        return x;
    }
}
