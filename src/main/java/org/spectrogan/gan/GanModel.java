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

    @Override
    void close();
}
