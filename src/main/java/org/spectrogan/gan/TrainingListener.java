package org.spectrogan.gan;

import java.nio.file.Path;

/**
 * Told about a GAN's training as it happens (modelled on DJL's {@code TrainingListener}); every event has a
 * no-op default, so a listener implements only what it needs. The CLI's progress bars subscribe to it.
 */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {
    };

    /** Training starts (or resumes) at {@code firstStep} (0 for a fresh run) and will end at {@code totalSteps}. */
    default void onTrainingBegin(int firstStep, int totalSteps) {
    }

    /** A generator step finished. */
    default void onStep(LossPoint point) {
    }

    /** A checkpoint of step {@code step} was written into {@code modelDir}. */
    default void onCheckpoint(int step, Path modelDir) {
    }

    /** Training ended at {@code lastStep}; {@code stoppedEarly} when early stopping ended it before its steps. */
    default void onTrainingEnd(int lastStep, boolean stoppedEarly) {
    }
}
