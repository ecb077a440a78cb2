package org.spectrogan.augment.augmenters;

import java.util.SplittableRandom;
import org.spectrogan.common.LedoitWolf;
import org.spectrogan.features.FeatureTable;

/**
 * A class-conditional Gaussian: per class, the mean and the Ledoit-Wolf shrinkage covariance of the class rows,
 * fitted in z units of all training rows (so the shrinkage target treats features alike whatever their scale),
 * sampled as {@code mean + L e} with {@code L} the Cholesky factor (or, for a singular covariance, the
 * symmetric square root from an eigen decomposition) and mapped back to feature units.
 */
public final class GaussianAugmenter extends PerClassAugmenter {
    public GaussianAugmenter() {
        super("gaussian", "class-conditional Gaussian, Ledoit-Wolf shrinkage covariance");
    }

    /** One class's fitted Gaussian in feature units (mean, covariance), and the shrinkage used in z units. */
    public record ClassGaussian(String label, double[] mean, double[][] covariance, double shrinkage) {
    }

    /** The fitted Gaussian of class {@code label} in feature units. */
    public static ClassGaussian fit(FeatureTable trainRows, String label) {
        double[][] all = trainRows.matrix();
        double[] centre = columnMeans(all);
        double[] scale = Augmenters.columnScales(all);
        LedoitWolf.Estimate e = LedoitWolf.fit(toZ(Augmenters.rowsOf(trainRows, label), centre, scale));
        int p = centre.length;
        double[] mean = new double[p];
        double[][] cov = new double[p][p];
        for (int a = 0; a < p; a++) {
            mean[a] = centre[a] + scale[a] * e.mean()[a];
            for (int b = 0; b < p; b++) {
                cov[a][b] = scale[a] * scale[b] * e.covariance()[a][b];
            }
        }
        return new ClassGaussian(label, mean, cov, e.shrinkage());
    }

    @Override
    ClassSampler sampler(FeatureTable train, double[][] classRows, String label, SplittableRandom seedRnd) {
        ClassGaussian g = fit(train, label);
        double[][] root = LedoitWolf.squareRoot(g.covariance());
        int p = g.mean().length;
        double[] eps = new double[p];
        return rnd -> {
            for (int j = 0; j < p; j++) {
                eps[j] = rnd.nextGaussian();
            }
            double[] v = g.mean().clone();
            for (int a = 0; a < p; a++) {
                double s = 0;
                for (int b = 0; b < p; b++) {
                    s += root[a][b] * eps[b];
                }
                v[a] += s;
            }
            return v;
        };
    }

    private static double[] columnMeans(double[][] rows) {
        double[] m = new double[rows[0].length];
        for (double[] r : rows) {
            for (int j = 0; j < m.length; j++) {
                m[j] += r[j];
            }
        }
        for (int j = 0; j < m.length; j++) {
            m[j] /= rows.length;
        }
        return m;
    }

    private static double[][] toZ(double[][] rows, double[] centre, double[] scale) {
        double[][] z = new double[rows.length][centre.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < centre.length; j++) {
                z[i][j] = (rows[i][j] - centre[j]) / scale[j];
            }
        }
        return z;
    }
}
