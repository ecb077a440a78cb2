package org.spectrogan.features;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.spectrogan.common.SpectroganException;

/**
 * What a features row holds. EEG kinds (Welch based): {@code de} (differential entropy per channel and band),
 * {@code bandpower}, {@code psd}. Audio kinds (STFT based, mixed to mono): {@code stft} (magnitude),
 * {@code logmel} (dB), {@code mfcc}.
 */
public enum FeatureKind {
    DE, PSD, BANDPOWER, STFT, LOGMEL, MFCC;

    /** True for the STFT-based kinds whose rows can be rendered back to audio. */
    public boolean isAudio() {
        return this == STFT || this == LOGMEL || this == MFCC;
    }

    /** True for the kinds that need frequency bands. */
    public boolean usesBands() {
        return this == DE || this == BANDPOWER;
    }

    /** The lower-case name used on the command line and in files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code de|psd|bandpower|stft|logmel|mfcc} (case-insensitive). */
    public static FeatureKind parse(String s) {
        for (FeatureKind k : values()) {
            if (k.id().equalsIgnoreCase(s.trim())) {
                return k;
            }
        }
        throw new SpectroganException("unknown feature kind '" + s + "' (choose one of "
                + Arrays.stream(values()).map(FeatureKind::id).collect(Collectors.joining(", ")) + ")");
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    static FeatureKind fromJson(String s) {
        return parse(s);
    }

    @com.fasterxml.jackson.annotation.JsonValue
    String toJson() {
        return id();
    }
}
