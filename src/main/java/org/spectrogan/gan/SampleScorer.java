package org.spectrogan.gan;

/**
 * Scores a generator by rows it made (higher is better), for choosing the training length by quality
 * ({@link GanConfig.SelectBy#QUALITY}) instead of by the Wasserstein estimate. Built outside the gan package
 * (the pipeline builds one from label fidelity and per-class MMD against held-out real rows); the gan package
 * only calls it.
 */
@FunctionalInterface
public interface SampleScorer {
    /**
     * The score of {@code samples} (rows in the training data's original units) whose classes are
     * {@code labels} (indices into the training set's class names). Must be deterministic for equal inputs, so
     * that a resumed run keeps the same snapshot.
     */
    double score(double[][] samples, int[] labels);

    /** Rows per class the generator makes for one score. */
    default int rowsPerClass() {
        return 100;
    }
}
