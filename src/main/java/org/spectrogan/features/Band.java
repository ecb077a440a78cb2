package org.spectrogan.features;

import java.util.ArrayList;
import java.util.List;
import org.spectrogan.common.SpectroganException;

/** A frequency band {@code [loHz, hiHz)} with a name used in column names ({@code Fc5_alpha_de}). */
public record Band(String name, double loHz, double hiHz) {
    /** delta 1-4, theta 4-8, alpha 8-14, beta 14-31, gamma 31-50 Hz. */
    public static final List<Band> DEFAULTS = List.of(
            new Band("delta", 1, 4), new Band("theta", 4, 8), new Band("alpha", 8, 14),
            new Band("beta", 14, 31), new Band("gamma", 31, 50));

    public Band {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new SpectroganException("band name '" + name + "' must be letters, digits, '_' or '-'");
        }
        if (!(loHz >= 0) || !Double.isFinite(hiHz) || !(hiHz > loHz)) {
            throw new SpectroganException("band " + name + ": " + loHz + "-" + hiHz
                    + " Hz is not a frequency range (need 0 <= lo < hi)");
        }
    }

    /** Parses {@code NAME:LO-HI,NAME:LO-HI,...} (Hz), e.g. {@code alpha:8-14,beta:14-31}. */
    public static List<Band> parseList(String text) {
        List<Band> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.indexOf(':');
            int dash = p.indexOf('-', colon + 2);
            if (colon <= 0 || dash < 0) {
                throw new SpectroganException("band '" + p + "' is not NAME:LO-HI (e.g. alpha:8-14, in Hz)");
            }
            try {
                out.add(new Band(p.substring(0, colon).trim(), Double.parseDouble(p.substring(colon + 1, dash).trim()),
                        Double.parseDouble(p.substring(dash + 1).trim())));
            } catch (NumberFormatException e) {
                throw new SpectroganException("band '" + p + "': frequencies must be numbers in Hz (NAME:LO-HI)");
            }
        }
        if (out.isEmpty()) {
            throw new SpectroganException("no bands in '" + text + "' (expected NAME:LO-HI,...)");
        }
        return out;
    }

    @Override
    public String toString() {
        return name + ":" + fmt(loHz) + "-" + fmt(hiHz);
    }

    static String fmt(double hz) {
        return hz == Math.rint(hz) && Math.abs(hz) < 1e15 ? Long.toString((long) hz) : Double.toString(hz);
    }
}
