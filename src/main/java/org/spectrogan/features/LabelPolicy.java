package org.spectrogan.features;

import java.util.Locale;
import org.spectrogan.common.SpectroganException;

/**
 * How a window gets its label. {@code inside}: only windows wholly inside one labelled segment are kept.
 * {@code majority}: the label covering more than half of the window; windows without one are dropped.
 * A recording without any segment labels all its windows {@value Features#UNLABELLED}.
 */
public enum LabelPolicy {
    INSIDE, MAJORITY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LabelPolicy parse(String s) {
        for (LabelPolicy p : values()) {
            if (p.id().equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new SpectroganException("unknown label policy '" + s + "' (choose inside or majority)");
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    static LabelPolicy fromJson(String s) {
        return parse(s);
    }

    @com.fasterxml.jackson.annotation.JsonValue
    String toJson() {
        return id();
    }
}
