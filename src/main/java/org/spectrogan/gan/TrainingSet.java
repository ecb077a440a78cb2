package org.spectrogan.gan;

import java.util.List;
import java.util.Map;

/**
 * What the GAN trains on: {@code x} is rows x features in original units, {@code classIndex[i]} indexes
 * {@code classNames}; {@code inputHashes} (file to SHA-256) goes into the checkpoint's provenance.
 */
public record TrainingSet(double[][] x, int[] classIndex, List<String> classNames, List<String> featureNames,
                          Map<String, String> inputHashes) {
    public TrainingSet {
        classNames = List.copyOf(classNames);
        featureNames = List.copyOf(featureNames);
        // sorted by file: Map.copyOf iterates in a per-JVM random order, which made state.json (and the
        // manifest's checkpointSha256) differ between runs of the same seeds
        inputHashes = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(inputHashes == null ? Map.of() : inputHashes));
        if (x.length != classIndex.length) {
            throw new IllegalArgumentException(x.length + " rows but " + classIndex.length + " class indices");
        }
    }
}
