package org.spectrogan.adapters;

import java.nio.file.Path;
import org.spectrogan.common.SpectroganException;

/**
 * What is left of the {@link ReadLimits} during one {@link Recordings#read} call: readers reserve samples before
 * they allocate, and zip / inflate streams charge the bytes they produce. Used by one thread at a time.
 */
final class ReadBudget {
    private final ReadLimits limits;
    private long samples;
    private long decompressedBytes;

    ReadBudget(ReadLimits limits) {
        this.limits = limits;
    }

    ReadLimits limits() {
        return limits;
    }

    /** A budget for code paths that read one file outside a {@link Recordings#read} call. */
    static ReadBudget fresh() {
        return new ReadBudget(ReadLimits.fromSystemProperties());
    }

    /** Reserves {@code n} more float samples (all channels) or fails naming the file and the limit. */
    void reserveSamples(Path file, long n) {
        if (n < 0 || n > limits.maxSamples() - samples) {
            throw SpectroganException.inFile(file, "too many samples: this file needs " + ReadLimits.describe(Math.max(n, 0))
                    + (samples > 0 ? " on top of " + ReadLimits.describe(samples) + " already reserved" : "")
                    + ", above the limit of " + ReadLimits.describe(limits.maxSamples()) + " float samples per read"
                    + " (raise it with -D" + ReadLimits.MAX_SAMPLES_PROPERTY + "=N)");
        }
        samples += n;
    }

    /** Gives back samples reserved but not used (a growable buffer trimmed to its size). */
    void release(long n) {
        samples = Math.max(0, samples - n);
    }

    /** Charges {@code n} decompressed bytes or fails naming the file and the limit. */
    void chargeBytes(Path file, long n) {
        decompressedBytes += n;
        if (decompressedBytes > limits.maxDecompressedBytes()) {
            throw SpectroganException.inFile(file, "decompresses to more than the limit of "
                    + ReadLimits.describe(limits.maxDecompressedBytes()) + " bytes per read (raise it with -D"
                    + ReadLimits.MAX_DECOMPRESSED_BYTES_PROPERTY + "=N)");
        }
    }
}
