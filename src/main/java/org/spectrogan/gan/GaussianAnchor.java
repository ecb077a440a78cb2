package org.spectrogan.gan;

import java.util.List;
import java.util.SplittableRandom;
import org.spectrogan.common.LedoitWolf;
import org.spectrogan.common.SpectroganException;

/**
 * The Gaussian anchor of {@link GanConfig.Anchor#GAUSSIAN}: per class {@code c} the mean {@code mu_c} and a square
 * root {@code L_c} ({@code L_c L_c^T = Sigma_c}, the lower Cholesky factor when Sigma_c is positive definite) of
 * the Ledoit-Wolf shrinkage covariance {@code Sigma_c} of the class's training rows in the GAN's z units: the
 * {@code gaussian} augmenter's estimate ({@link LedoitWolf}, the one place of it). A generated row is
 * {@code x = mu_y + L_y e + G(z, y)} with {@code e ~ N(0, I)} of the feature dimension, drawn after z from the same
 * stream, so the network learns a residual on top of the Gaussian. Fixed during training (no gradient of its
 * own); stored in the checkpoint as {@link #MEAN} (k x d) and {@link #FACTOR} (k x d x d), float32.
 *
 * @param mean   k x d, row-major
 * @param factor k x d x d, row-major ({@code factor[(c d + a) d + b] = L_c[a][b]})
 */
final class GaussianAnchor implements RowAnchor {
    static final String MEAN = "anchor.mean";
    static final String FACTOR = "anchor.factor";

    private final int classes;
    private final int features;
    private final float[] mean;
    private final float[] factor;
    /** Per factor row, one past its last non-zero entry (a Cholesky factor is lower triangular: a + 1). */
    private final int[] rowEnd;

    GaussianAnchor(int classes, int features, float[] mean, float[] factor) {
        if (mean.length != classes * features || factor.length != classes * features * features) {
            throw new IllegalArgumentException("anchor of " + classes + " classes x " + features + " features needs "
                    + classes * features + " means and " + classes * features * features + " factor values, got "
                    + mean.length + " and " + factor.length);
        }
        this.classes = classes;
        this.features = features;
        this.mean = mean;
        this.factor = factor;
        this.rowEnd = new int[classes * features];
        for (int r = 0; r < rowEnd.length; r++) {
            int end = features;
            while (end > 0 && factor[r * features + end - 1] == 0f) {
                end--;
            }
            rowEnd[r] = end;
        }
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int features() {
        return features;
    }

    /** Fits the anchor on z-unit rows {@code zRows} with classes {@code classIndex} in {@code 0..classes-1}. */
    static GaussianAnchor fit(double[][] zRows, int[] classIndex, int classes) {
        int d = zRows[0].length;
        float[] mean = new float[classes * d];
        float[] factor = new float[classes * d * d];
        int[][] members = WganTrainer.groupByClass(classIndex, classes);
        for (int c = 0; c < classes; c++) {
            if (members[c].length == 0) {
                throw new SpectroganException("the Gaussian anchor needs rows of every class; class " + c + " has none");
            }
            double[][] rows = new double[members[c].length][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = zRows[members[c][i]];
            }
            LedoitWolf.Estimate e = LedoitWolf.fit(rows);
            double[][] root = LedoitWolf.squareRoot(e.covariance());
            for (int a = 0; a < d; a++) {
                mean[c * d + a] = (float) e.mean()[a];
                for (int b = 0; b < d; b++) {
                    factor[(c * d + a) * d + b] = (float) root[a][b];
                }
            }
        }
        return new GaussianAnchor(classes, d, mean, factor);
    }

    /** The tensors' names, shapes and values, in checkpoint order. */
    @Override
    public List<String> tensorNames() {
        return List.of(MEAN, FACTOR);
    }

    @Override
    public List<long[]> tensorShapes() {
        return List.of(new long[] {classes, features}, new long[] {classes, features, features});
    }

    @Override
    public List<float[]> tensorValues() {
        return List.of(mean, factor);
    }

    /** The anchor stored in {@code loaded} (for a checkpoint of {@link GanConfig.Anchor#GAUSSIAN}). */
    static GaussianAnchor read(Checkpoint.Loaded loaded) {
        int k = loaded.state().classNames().size();
        int d = loaded.state().featureNames().size();
        float[] m = loaded.tensor(MEAN);
        float[] f = loaded.tensor(FACTOR);
        if (m.length != k * d || f.length != k * d * d) {
            throw SpectroganException.inFile(loaded.directory().resolve("weights.bin"), "corrupt: the Gaussian anchor has "
                    + m.length + " means and " + f.length + " factor values, expected " + k * d + " and " + k * d * d);
        }
        return new GaussianAnchor(k, d, m, f);
    }

    /**
     * Adds {@code sum_c w_c (mu_c + L_c e)} to {@code out[offset .. offset + d)}, with {@code e} (d values) drawn from
     * {@code rng} ({@code weights}: k class weights, one-hot for one class).
     */
    @Override
    public void addShift(float[] weights, SplittableRandom rng, float[] out, int offset) {
        int d = features;
        double[] e = new double[d];
        for (int j = 0; j < d; j++) {
            e[j] = rng.nextGaussian();
        }
        for (int c = 0; c < classes; c++) {
            double w = weights[c];
            if (w == 0) {
                continue;
            }
            for (int a = 0; a < d; a++) {
                double s = mean[c * d + a];
                int row = (c * d + a) * d;
                int end = rowEnd[c * d + a];
                for (int b = 0; b < end; b++) {
                    s += factor[row + b] * e[b];
                }
                out[offset + a] += (float) (w * s);
            }
        }
    }

    /** The class mean of {@code c} (d values, z units). */
    double[] mean(int c) {
        double[] m = new double[features];
        for (int a = 0; a < features; a++) {
            m[a] = mean[c * features + a];
        }
        return m;
    }

    /** {@code L_c L_c^T} (d x d, z units): the covariance the anchor samples class {@code c} with. */
    double[][] covariance(int c) {
        int d = features;
        double[][] s = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double v = 0;
                for (int j = 0; j < d; j++) {
                    v += (double) factor[(c * d + a) * d + j] * factor[(c * d + b) * d + j];
                }
                s[a][b] = v;
            }
        }
        return s;
    }
}
