package org.spectrogan.gan;

import java.util.SplittableRandom;

/**
 * Random numbers drawn in Java from (seed, step, iteration) alone, so that a resumed run draws exactly what an
 * uninterrupted one draws and the only RNG state a checkpoint needs is the step.
 */
final class StepRandom {
    private StepRandom() {
    }

    static SplittableRandom forIteration(long seed, long step, int iteration) {
        return new SplittableRandom(mix(seed, step * 1024L + iteration + 1));
    }

    /** For initialisation (counter 0) and generation (one stream per class). */
    static SplittableRandom forStream(long seed, long stream) {
        return new SplittableRandom(mix(seed ^ 0x5DEECE66DL, -stream - 1));
    }

    /** For the anchor's base rows of one step's fake rows ({@link RowAnchor#stepShifts}). */
    static SplittableRandom forAnchor(long seed, long step) {
        return new SplittableRandom(mix(seed ^ ANCHOR_SALT, step));
    }

    /** Keeps the anchor's streams apart from the iterations' and the generation streams of the same seed. */
    private static final long ANCHOR_SALT = 0x416E63686F72L; // "Anchor"

    static long mix(long seed, long counter) {
        return splitmix(seed ^ splitmix(counter + 0x9E3779B97F4A7C15L));
    }

    private static long splitmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
