package org.spectrogan.features;

/**
 * The orthonormal DCT-II ({@code scipy.fft.dct(x, type=2, norm="ortho")}) of length n, keeping the first
 * {@code nOut} coefficients, and its inverse (the transpose) for the way back from MFCC to log-mel.
 */
public final class Dct {
    private final double[][] basis;

    public Dct(int n, int nOut) {
        if (nOut > n || nOut < 1) {
            throw new IllegalArgumentException("need 1 <= nOut <= n, got " + nOut + ", " + n);
        }
        basis = new double[nOut][n];
        for (int k = 0; k < nOut; k++) {
            double f = k == 0 ? Math.sqrt(1.0 / n) : Math.sqrt(2.0 / n);
            for (int i = 0; i < n; i++) {
                basis[k][i] = f * Math.cos(Math.PI * k * (2 * i + 1) / (2.0 * n));
            }
        }
    }

    /** out[k] = sum_i basis[k][i] x[i], k < nOut. */
    public void forward(double[] x, double[] out) {
        for (int k = 0; k < basis.length; k++) {
            double s = 0;
            double[] b = basis[k];
            for (int i = 0; i < b.length; i++) {
                s += b[i] * x[i];
            }
            out[k] = s;
        }
    }

    /** x[i] = sum_k basis[k][i] c[k]: the exact inverse when nOut = n, the least-squares one otherwise. */
    public void inverse(double[] c, double[] x) {
        java.util.Arrays.fill(x, 0, basis[0].length, 0.0);
        for (int k = 0; k < basis.length; k++) {
            double[] b = basis[k];
            for (int i = 0; i < b.length; i++) {
                x[i] += b[i] * c[k];
            }
        }
    }
}
