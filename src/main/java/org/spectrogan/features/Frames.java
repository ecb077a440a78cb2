package org.spectrogan.features;

/** Framing of a signal into frames of a fixed length every hop, as scipy does without padding. */
final class Frames {
    private Frames() {
    }

    /**
     * How many whole frames of {@code frameSamples} starting every {@code hopSamples} fit in
     * {@code lengthSamples}: {@code 1 + (length - frame) / hop}, or 0 when the signal is shorter than a frame.
     */
    static int count(long lengthSamples, int frameSamples, int hopSamples) {
        return lengthSamples < frameSamples ? 0 : (int) (1 + (lengthSamples - frameSamples) / hopSamples);
    }
}
