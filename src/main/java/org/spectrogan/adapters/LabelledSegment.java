package org.spectrogan.adapters;

/**
 * A labelled stretch of a recording: from {@code onsetSeconds} for {@code durationSeconds}, with a label
 * such as "T1" or "ictal".
 */
public record LabelledSegment(double onsetSeconds, double durationSeconds, String label) {
    public LabelledSegment {
        if (!(onsetSeconds >= 0) || !Double.isFinite(onsetSeconds)) {
            throw new IllegalArgumentException("segment onset must be a finite number of seconds >= 0, got " + onsetSeconds);
        }
        if (!(durationSeconds >= 0) || !Double.isFinite(durationSeconds)) {
            throw new IllegalArgumentException("segment duration must be a finite number of seconds >= 0, got " + durationSeconds);
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("segment label must not be blank");
        }
    }

    public double endSeconds() {
        return onsetSeconds + durationSeconds;
    }
}
