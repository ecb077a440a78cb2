package org.spectrogan.common;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The Ledoit-Wolf (2004) shrinkage estimate of a covariance matrix: {@code (1 - s) S + s mu I}, where {@code S}
 * is the maximum-likelihood covariance (divided by n) of the centred rows, {@code mu = trace(S) / p} and the
 * shrinkage {@code s} in [0, 1] minimises the expected Frobenius loss (the formula of scikit-learn's
 * {@code ledoit_wolf_shrinkage}, non-blocked, rows centred on their mean). The one place of this estimate and of
 * its square root ({@link #squareRoot}): the {@code gaussian} augmenter and the GAN's Gaussian anchor both use it.
 */
public final class LedoitWolf {
    /** The fitted mean, the shrunk covariance (p x p) and the shrinkage used. */
    public record Estimate(double[] mean, double[][] covariance, double shrinkage) {
    }

    private LedoitWolf() {
    }

    /** Fits on {@code rows} (n x p, n >= 1). One row gives a zero covariance and shrinkage 0. */
    public static Estimate fit(double[][] rows) {
        int n = rows.length;
        if (n == 0) {
            throw new IllegalArgumentException("Ledoit-Wolf needs at least one row");
        }
        int p = rows[0].length;
        double[] mean = new double[p];
        for (double[] r : rows) {
            for (int j = 0; j < p; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < p; j++) {
            mean[j] /= n;
        }
        double[][] xc = new double[n][p];
        double[][] x2 = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                xc[i][j] = rows[i][j] - mean[j];
                x2[i][j] = xc[i][j] * xc[i][j];
            }
        }
        RealMatrix x = new Array2DRowRealMatrix(xc, false);
        RealMatrix sq = new Array2DRowRealMatrix(x2, false);
        RealMatrix s = x.transpose().multiply(x).scalarMultiply(1.0 / n);
        RealMatrix fourth = sq.transpose().multiply(sq);
        double trace = s.getTrace();
        double mu = trace / p;
        double betaSum = 0;
        double deltaSum = 0;
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                betaSum += fourth.getEntry(a, b);
                double c = s.getEntry(a, b) * n;
                deltaSum += c * c;
            }
        }
        deltaSum /= (double) n * n;
        double beta = (betaSum / n - deltaSum) / ((double) p * n);
        double delta = (deltaSum - 2 * mu * trace + p * mu * mu) / p;
        beta = Math.min(beta, delta);
        double shrinkage = beta == 0 || delta == 0 ? 0 : beta / delta;
        double[][] cov = s.scalarMultiply(1 - shrinkage).getData();
        for (int j = 0; j < p; j++) {
            cov[j][j] += shrinkage * mu;
        }
        return new Estimate(mean, cov, shrinkage);
    }

    /**
     * A matrix {@code L} with {@code L L^T = c}: the lower Cholesky factor when {@code c} is positive definite (Commons
     * Math), else, for a singular covariance, the symmetric-eigen root with negative eigenvalues clipped to 0 (not
     * triangular then).
     */
    public static double[][] squareRoot(double[][] c) {
        RealMatrix m = new Array2DRowRealMatrix(c);
        try {
            return new CholeskyDecomposition(m, 1e-12, 1e-14).getL().getData();
        } catch (NonPositiveDefiniteMatrixException | NonSymmetricMatrixException e) {
            // symmetrise against round-off before the eigen decomposition
            RealMatrix sym = m.add(m.transpose()).scalarMultiply(0.5);
            EigenDecomposition eig = new EigenDecomposition(sym);
            RealMatrix v = eig.getV();
            double[] lambda = eig.getRealEigenvalues();
            RealMatrix vs = v.copy();
            for (int k = 0; k < lambda.length; k++) {
                double s = Math.sqrt(Math.max(0, lambda[k]));
                for (int r = 0; r < vs.getRowDimension(); r++) {
                    vs.setEntry(r, k, v.getEntry(r, k) * s);
                }
            }
            return vs.getData();
        }
    }
}
