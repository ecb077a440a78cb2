package org.spectrogan.augment;

import org.spectrogan.features.FeatureMeta;

/** Feature rows back to WAV for audio pipelines, through the features package's renderer (when it is there). */
final class AudioRendering {
    private AudioRendering() {
    }

    static AugmentJob.AudioRenderer renderer(FeatureMeta meta) {
        return null;
    }
}
