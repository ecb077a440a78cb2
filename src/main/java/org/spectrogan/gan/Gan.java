package org.spectrogan.gan;

import java.nio.file.Path;

/** Training and loading of conditional WGANs. */
public final class Gan {
    private Gan() {
    }

    /**
     * Trains on {@code data} with {@code config}, checkpointing into {@code outDir}; with {@code resume}
     * continues from the last checkpoint there and ends where an uninterrupted run ends.
     */
    public static GanModel train(TrainingSet data, GanConfig config, Path outDir, boolean resume,
                                 TrainingListener listener) {
        throw new UnsupportedOperationException("GAN training is not built yet");
    }

    /** Loads a trained model from its folder; a folder from another version or a corrupt one is a clear error. */
    public static GanModel load(Path modelDir) {
        throw new UnsupportedOperationException("GAN loading is not built yet");
    }
}
