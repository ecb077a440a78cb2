package org.spectrogan.augment;

import org.spectrogan.common.SpectroganException;

/** Reads a pipeline's recordings through its adapter and extracts its features (adapters + features packages). */
public final class RecordingsLoader implements AugmentJob.Loader {
    public static final RecordingsLoader INSTANCE = new RecordingsLoader();

    private RecordingsLoader() {
    }

    @Override
    public AugmentJob.Loaded load(PipelineConfig cfg) {
        throw new SpectroganException("reading recordings is not built yet");
    }
}
