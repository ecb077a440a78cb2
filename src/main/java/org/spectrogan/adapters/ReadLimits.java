package org.spectrogan.adapters;

import java.util.Locale;
import org.spectrogan.common.SpectroganException;

/**
 * Caps on what one {@link Recordings#read} call may take in, so a hostile or corrupt file ends in a clear error
 * instead of an out-of-memory crash: {@code maxSamples} float32 samples over all recordings of the call (all
 * channels), and {@code maxDecompressedBytes} bytes inflated from zip entries (and compressed MAT variables),
 * counted while streaming (a zip directory's sizes are not trusted).
 *
 * <p>Defaults: 500,000,000 samples (2 GB of float32) and 8 GiB decompressed; override with the system properties
 * {@value #MAX_SAMPLES_PROPERTY} and {@value #MAX_DECOMPRESSED_BYTES_PROPERTY} (e.g.
 * {@code -Dspectrogan.read.maxSamples=2000000000}), or pass limits to {@link Recordings#read(java.nio.file.Path,
 * AdapterSpec, ReadLimits)}.
 */
public record ReadLimits(long maxSamples, long maxDecompressedBytes) {
    public static final String MAX_SAMPLES_PROPERTY = "spectrogan.read.maxSamples";
    public static final String MAX_DECOMPRESSED_BYTES_PROPERTY = "spectrogan.read.maxDecompressedBytes";
    public static final long DEFAULT_MAX_SAMPLES = 500_000_000L;
    public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 8L << 30;

    public ReadLimits {
        if (maxSamples <= 0 || maxDecompressedBytes <= 0) {
            throw new IllegalArgumentException("read limits must be positive, got " + maxSamples + " samples and "
                    + maxDecompressedBytes + " bytes");
        }
    }

    /** The defaults, overridden by the system properties named above when they are set. */
    public static ReadLimits fromSystemProperties() {
        return new ReadLimits(property(MAX_SAMPLES_PROPERTY, DEFAULT_MAX_SAMPLES),
                property(MAX_DECOMPRESSED_BYTES_PROPERTY, DEFAULT_MAX_DECOMPRESSED_BYTES));
    }

    private static long property(String name, long fallback) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim().replace("_", ""));
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new SpectroganException("system property " + name + " is '" + Numbers.shown(v)
                    + "', not a positive whole number");
        }
    }

    static String describe(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
