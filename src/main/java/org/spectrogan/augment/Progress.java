package org.spectrogan.augment;

import org.spectrogan.gan.TrainingListener;

/**
 * What the pipeline tells its caller while it works: stages and small steps here, the GAN's training through the
 * inherited {@link TrainingListener} events (the CLI draws its progress from both).
 */
public interface Progress extends TrainingListener {
    Progress NONE = new Progress() {
    };

    /** A new stage begins, e.g. "training the GAN on 80 rows". */
    default void stage(String message) {
    }

    /** A line worth keeping in the log, e.g. what the reader left out; by default a stage line. */
    default void note(String line) {
        stage(line);
    }

    /** A small step inside a stage (a classifier fit, a sweep repeat). */
    default void tick(String message) {
    }
}
