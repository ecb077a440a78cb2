package org.spectrogan.gan;

import java.nio.file.Path;
import java.util.List;

/** A trained conditional generator. */
public interface GanModel extends AutoCloseable {
    List<String> classNames();

    List<String> featureNames();

    /** {@code count} synthetic rows of class {@code className}, in the original units of the training data. */
    double[][] generate(String className, int count, long seed);

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
