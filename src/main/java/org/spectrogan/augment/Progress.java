package org.spectrogan.augment;

import org.spectrogan.gan.TrainingListener;

/** What the pipeline tells its caller while it works (the CLI draws a progress bar from it). */
public interface Progress extends TrainingListener {
    Progress NONE = new Progress() {
    };

    /** A new stage begins, e.g. "training the GAN on 80 rows". */
    default void stage(String message) {
    }

    /** A small step inside a stage (a classifier fit, a sweep repeat). */
    default void tick(String message) {
    }

    @Override
    default void onStep(int step, int totalSteps, double wassersteinEstimate, double criticLoss, double penalty,
                        double stepsPerSecond) {
    }
}
