package org.spectrogan.features;

import java.util.Locale;

/** Why a recording or a window gave no features row; see {@link Extraction.Drop}. */
public enum DropReason {
    /** The recording (each of its contiguous pieces) is shorter than one window, and padShort is off. */
    TOO_SHORT("recordings shorter than one window"),
    /**
     * The window lies outside the labels under the label policy: not wholly inside one labelled segment
     * ({@code inside}), or no label covers more than half of it ({@code majority}).
     */
    OUTSIDE_LABELS("windows outside the labelled segments"),
    /** Two different labels each wholly cover the window (overlapping segments, policy {@code inside}). */
    AMBIGUOUS_LABEL("windows covered by two different labels");

    private final String description;

    DropReason(String description) {
        this.description = description;
    }

    /** What was dropped, in words, e.g. "recordings shorter than one window". */
    public String description() {
        return description;
    }

    /** The lower-case, dashed name used in files, e.g. {@code too-short}. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
