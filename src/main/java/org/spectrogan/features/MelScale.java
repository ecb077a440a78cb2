package org.spectrogan.features;

import java.util.Locale;
import org.spectrogan.common.SpectroganException;

/** The mel scale: Slaney's (librosa's default, linear below 1 kHz, logarithmic above) or HTK's. */
public enum MelScale {
    SLANEY, HTK;

    private static final double F_SP = 200.0 / 3.0;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    /** Hz to mel, as librosa.hz_to_mel. */
    public double hzToMel(double hz) {
        if (this == HTK) {
            return 2595.0 * Math.log10(1.0 + hz / 700.0);
        }
        if (hz >= MIN_LOG_HZ) {
            return MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
        }
        return hz / F_SP;
    }

    /** Mel to Hz, as librosa.mel_to_hz. */
    public double melToHz(double mel) {
        if (this == HTK) {
            return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
        }
        if (mel >= MIN_LOG_MEL) {
            return MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
        }
        return F_SP * mel;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MelScale parse(String s) {
        for (MelScale m : values()) {
            if (m.id().equalsIgnoreCase(s.trim())) {
                return m;
            }
        }
        throw new SpectroganException("unknown mel scale '" + s + "' (choose slaney or htk)");
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    static MelScale fromJson(String s) {
        return parse(s);
    }

    @com.fasterxml.jackson.annotation.JsonValue
    String toJson() {
        return id();
    }
}
