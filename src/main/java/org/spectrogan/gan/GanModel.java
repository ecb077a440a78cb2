package org.spectrogan.gan;

import java.nio.file.Path;
import java.util.List;

/** A trained conditional generator. */
public interface GanModel extends AutoCloseable {
    List<String> classNames();

    List<String> featureNames();

    /** {@code count} synthetic rows of class {@code className}, in the original units of the training data. */
    double[][] generate(String className, int count, long seed);

    /**
     * {@code count} synthetic rows for a convex mix of classes: {@code classWeights} maps class names to weights
     * (each >= 0, summing to 1); the generator is conditioned on the same mix of the classes' codes (a point between
     * the classes, e.g. between two participants when the classes are participant codes). A weight of 1 on one
     * class is {@link #generate(String, int, long)}. Models without a code input support only that case.
     */
    default double[][] generateMix(java.util.Map<String, Double> classWeights, int count, long seed) {
        var single = classWeights.entrySet().stream().filter(e -> e.getValue() != 0).toList();
        if (single.size() == 1 && single.get(0).getValue() == 1.0) {
            return generate(single.get(0).getKey(), count, seed);
        }
        throw new UnsupportedOperationException("this model cannot generate a mix of classes: " + classWeights);
    }

    /** The folder the model's checkpoint lives in. */
    Path directory();

    /** Per generator step: step, Wasserstein estimate, critic loss, penalty (the loss history). */
    List<LossPoint> lossHistory();

    /**
     * The quality score per scored step when training chose its generator by quality
     * ({@link GanConfig.SelectBy#QUALITY}); empty otherwise.
     */
    default List<QualityPoint> qualityScores() {
        return List.of();
    }

    /** The step whose generator this model samples from: the best-scoring one under quality selection, else the last. */
    default int selectedStep() {
        List<QualityPoint> q = qualityScores();
        List<LossPoint> h = lossHistory();
        if (q.isEmpty()) {
            return h.isEmpty() ? 0 : h.get(h.size() - 1).step();
        }
        QualityPoint best = q.get(0);
        for (QualityPoint p : q) {
            if (p.score() > best.score()) {
                best = p;
            }
        }
        return best.step();
    }

    @Override
    void close();
}
