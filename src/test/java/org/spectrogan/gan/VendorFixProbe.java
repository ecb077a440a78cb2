package org.spectrogan.gan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Child-process entry of {@link MklVendorFixTest}: runs, in a JVM that may have the MKL vendor fix preloaded, the
 * float64 finite-difference gradient checks of {@link CriticGradientTest} on PyTorch and a float32 matrix product
 * (the training's precision) against a plain-Java product. Prints {@code PROBE OK} when all pass.
 */
public final class VendorFixProbe {
    private VendorFixProbe() {
    }

    public static void main(String[] args) {
        CriticGradientTest gradients = new CriticGradientTest();
        int[] hidden = {7, 6};
        gradients.everyWeightGradientOfThePenalisedCriticLossMatchesCentralDifferences("PyTorch", hidden);
        gradients.everyWeightGradientOfTheClippedCriticLossMatchesCentralDifferences("PyTorch", hidden);
        gradients.everyWeightGradientOfTheGeneratorLossMatchesCentralDifferences("PyTorch", hidden);

        int m = 192;
        int k = 325;
        int n = 256;
        SplittableRandom rng = new SplittableRandom(3);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextGaussian();
        }
        float[] c;
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray product = manager.create(a, new Shape(m, k)).matMul(manager.create(b, new Shape(k, n)));
            c = product.toFloatArray();
        }
        double worst = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0;
                double scale = 0;
                for (int p = 0; p < k; p++) {
                    exact += (double) a[i * k + p] * b[p * n + j];
                    scale += Math.abs((double) a[i * k + p] * b[p * n + j]);
                }
                worst = Math.max(worst, Math.abs(c[i * n + j] - exact) / scale);
            }
        }
        // float32 accumulation over 325 terms: a few units of 2^-24 relative to the sum of magnitudes
        if (!(worst < 1e-5)) {
            throw new AssertionError("float32 matrix product off by " + worst + " relative to the sum of |terms|");
        }
        System.out.println("PROBE OK worst float32 product error " + worst);
    }
}
