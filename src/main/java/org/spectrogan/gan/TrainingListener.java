package org.spectrogan.gan;

/** Told about training progress once per generator step (the CLI draws a progress bar from it). */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = (step, totalSteps, wasserstein, criticLoss, penalty, stepsPerSecond) -> { };

    void onStep(int step, int totalSteps, double wassersteinEstimate, double criticLoss, double penalty,
                double stepsPerSecond);
}
