package org.spectrogan.gan;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.spectrogan.common.ClassInterpolation;
import org.spectrogan.common.SpectroganException;

/**
 * The interpolation anchors of {@link GanConfig.Anchor#SMOTE} and {@link GanConfig.Anchor#MIXUP} (a refiner
 * generator as in SimGAN, Shrivastava et al. 2017): a generated row of class y is {@code x = b + G(z, y)} with the
 * base row {@code b} drawn from the class's real training rows (z units) by {@link ClassInterpolation}, the rule of
 * the {@code smote} augmenter ({@code b = x_i + u (x_nn - x_i)}, {@code x_nn} one of the
 * {@link ClassInterpolation#DEFAULT_NEIGHBOURS} nearest rows of the class, {@code u ~ U(0,1)}) or of the
 * {@code mixup} augmenter ({@code b = l x_i + (1 - l) x_j}, {@code l ~ Beta(alpha, alpha)},
 * alpha {@link ClassInterpolation#DEFAULT_MIXUP_ALPHA}). The training rows are kept: stored in the checkpoint as
 * {@link #ROWS} (n x d, float32 z units) and {@link #ROW_CLASS} (n, class indices as float32), so a model file of
 * such a GAN contains its training rows. Distances are Euclidean in z units (the augmenter's: each column over its
 * standard deviation over all training rows, which the GAN's z-scoring makes 1).
 */
final class InterpolationAnchor implements RowAnchor {
    static final String ROWS = "anchor.rows";
    static final String ROW_CLASS = "anchor.rowClass";

    private final GanConfig.Anchor kind;
    private final int classes;
    private final int features;
    private final float[] rows;
    private final float[] rowClass;
    /** Per class its rows (double, widened from {@link #rows}). */
    private final double[][][] classRows;
    private final double[] unitScale;
    /** Per class, per row the nearest same-class rows (computed on first use; a function of the rows alone). */
    private final List<ConcurrentHashMap<Integer, int[]>> nearest;

    InterpolationAnchor(GanConfig.Anchor kind, int classes, int features, float[] rows, float[] rowClass) {
        if (kind != GanConfig.Anchor.SMOTE && kind != GanConfig.Anchor.MIXUP) {
            throw new IllegalArgumentException("an interpolation anchor is smote or mixup, got " + kind.cliName());
        }
        if (rows.length != rowClass.length * features) {
            throw new IllegalArgumentException("anchor of " + rowClass.length + " rows x " + features
                    + " features needs " + rowClass.length * features + " values, got " + rows.length);
        }
        this.kind = kind;
        this.classes = classes;
        this.features = features;
        this.rows = rows;
        this.rowClass = rowClass;
        int[] count = new int[classes];
        for (float c : rowClass) {
            int ci = (int) c;
            if (ci != c || ci < 0 || ci >= classes) {
                throw new IllegalArgumentException("anchor row class must be 0.." + (classes - 1) + ", got " + c);
            }
            count[ci]++;
        }
        classRows = new double[classes][][];
        for (int c = 0; c < classes; c++) {
            if (count[c] == 0) {
                throw new SpectroganException("the " + kind.cliName() + " anchor needs rows of every class; class "
                        + c + " has none");
            }
            classRows[c] = new double[count[c]][];
        }
        int[] filled = new int[classes];
        for (int i = 0; i < rowClass.length; i++) {
            double[] r = new double[features];
            for (int j = 0; j < features; j++) {
                r[j] = rows[i * features + j];
            }
            int c = (int) rowClass[i];
            classRows[c][filled[c]++] = r;
        }
        unitScale = new double[features];
        java.util.Arrays.fill(unitScale, 1.0);
        nearest = new java.util.ArrayList<>();
        for (int c = 0; c < classes; c++) {
            nearest.add(new ConcurrentHashMap<>());
        }
    }

    /** Keeps the z-unit rows {@code zRows} (as float32) with classes {@code classIndex} in {@code 0..classes-1}. */
    static InterpolationAnchor fit(GanConfig.Anchor kind, double[][] zRows, int[] classIndex, int classes) {
        int d = zRows[0].length;
        float[] rows = new float[zRows.length * d];
        float[] rowClass = new float[zRows.length];
        for (int i = 0; i < zRows.length; i++) {
            for (int j = 0; j < d; j++) {
                rows[i * d + j] = (float) zRows[i][j];
            }
            rowClass[i] = classIndex[i];
        }
        return new InterpolationAnchor(kind, classes, d, rows, rowClass);
    }

    /** The anchor stored in {@code loaded} (a checkpoint of {@code kind}). */
    static InterpolationAnchor read(GanConfig.Anchor kind, Checkpoint.Loaded loaded) {
        int k = loaded.state().classNames().size();
        int d = loaded.state().featureNames().size();
        float[] r = loaded.tensor(ROWS);
        float[] c = loaded.tensor(ROW_CLASS);
        try {
            return new InterpolationAnchor(kind, k, d, r, c);
        } catch (IllegalArgumentException | SpectroganException e) {
            throw SpectroganException.inFile(loaded.directory().resolve("weights.bin"), "corrupt: the "
                    + kind.cliName() + " anchor's rows: " + e.getMessage());
        }
    }

    GanConfig.Anchor kind() {
        return kind;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int features() {
        return features;
    }

    /** The training rows of class {@code c} (z units; the same arrays, not copies). */
    double[][] classRows(int c) {
        return classRows[c];
    }

    @Override
    public List<String> tensorNames() {
        return List.of(ROWS, ROW_CLASS);
    }

    @Override
    public List<long[]> tensorShapes() {
        return List.of(new long[] {rowClass.length, features}, new long[] {rowClass.length});
    }

    @Override
    public List<float[]> tensorValues() {
        return List.of(rows, rowClass);
    }

    /** One base row of class {@code c} drawn from {@code rng} (z units). */
    double[] draw(int c, SplittableRandom rng) {
        double[][] x = classRows[c];
        if (kind == GanConfig.Anchor.SMOTE) {
            return ClassInterpolation.smote(x, a -> nearest.get(c).computeIfAbsent(a,
                    q -> ClassInterpolation.nearestNeighbours(x, q, ClassInterpolation.DEFAULT_NEIGHBOURS, unitScale)), rng);
        }
        // Beta(alpha, alpha) from a generator seeded by this stream, drawn first: the row's draws stay in rng
        BetaDistribution beta = new BetaDistribution(new Well19937c(rng.nextLong()),
                ClassInterpolation.DEFAULT_MIXUP_ALPHA, ClassInterpolation.DEFAULT_MIXUP_ALPHA);
        return ClassInterpolation.mixup(x, rng, beta::sample);
    }

    @Override
    public void addShift(float[] weights, SplittableRandom rng, float[] out, int offset) {
        for (int c = 0; c < classes; c++) {
            double w = weights[c];
            if (w == 0) {
                continue;
            }
            double[] b = draw(c, rng);
            for (int a = 0; a < features; a++) {
                out[offset + a] += (float) (w * b[a]);
            }
        }
    }
}
