package org.spectrogan.gan;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What the generator's output is added to ({@link GanConfig.Anchor}, other than none): a generated row of class y
 * is {@code x = b + G(z, y)} with the base row {@code b} drawn by a simple augmenter's rule from the class's
 * training rows in the GAN's z units: {@link GaussianAnchor} ({@code mu_y + L_y e}) or {@link InterpolationAnchor}
 * (SMOTE or within-class mixup of the class's real rows). The anchor is fixed (no gradient of its own), so the
 * gradient formulas hold at the shifted fake rows; it is stored in the checkpoint with {@link #tensorNames}.
 */
interface RowAnchor {
    int classes();

    int features();

    /** The tensors' names, shapes and values, in checkpoint order. */
    List<String> tensorNames();

    List<long[]> tensorShapes();

    List<float[]> tensorValues();

    /**
     * Adds {@code sum_c w_c b_c} to {@code out[offset .. offset + d)}, one base row {@code b_c} of class c drawn from
     * {@code rng} for every class with a non-zero weight ({@code weights}: k class weights, one-hot for one class).
     */
    void addShift(float[] weights, SplittableRandom rng, float[] out, int offset);

    /**
     * The base rows of one training step's fake rows, row by row in {@code classOfRow} order (n x d, row-major),
     * drawn from {@link StepRandom#forAnchor}: a function of (seed, step) alone, so a resumed run draws what an
     * uninterrupted one draws.
     */
    default float[] stepShifts(long seed, int step, int[] classOfRow) {
        SplittableRandom rng = StepRandom.forAnchor(seed, step);
        float[] out = new float[classOfRow.length * features()];
        float[] oneHot = new float[classes()];
        for (int r = 0; r < classOfRow.length; r++) {
            oneHot[classOfRow[r]] = 1f;
            addShift(oneHot, rng, out, r * features());
            oneHot[classOfRow[r]] = 0f;
        }
        return out;
    }

    /** Fits the anchor {@code kind} (not none) on z-unit rows {@code zRows} of classes {@code classIndex}. */
    static RowAnchor fit(GanConfig.Anchor kind, double[][] zRows, int[] classIndex, int classes) {
        return switch (kind) {
            case GAUSSIAN -> GaussianAnchor.fit(zRows, classIndex, classes);
            case SMOTE, MIXUP -> InterpolationAnchor.fit(kind, zRows, classIndex, classes);
            case NONE -> throw new IllegalArgumentException("anchor none has nothing to fit");
        };
    }

    /** As {@link #fit(GanConfig.Anchor, double[][], int[], int)} on float32 rows (widened exactly). */
    static RowAnchor fit(GanConfig.Anchor kind, float[][] zRows, int[] classIndex, int classes) {
        double[][] rows = new double[zRows.length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[zRows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                rows[i][j] = zRows[i][j];
            }
        }
        return fit(kind, rows, classIndex, classes);
    }

    /** The anchor of {@code loaded}'s config read from its tensors; null for anchor none. */
    static RowAnchor read(Checkpoint.Loaded loaded) {
        GanConfig.Anchor kind = loaded.state().config().anchor();
        return switch (kind) {
            case NONE -> null;
            case GAUSSIAN -> GaussianAnchor.read(loaded);
            case SMOTE, MIXUP -> InterpolationAnchor.read(kind, loaded);
        };
    }
}
