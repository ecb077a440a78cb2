package org.spectrogan.adapters;

/** Parsing of numeric cells. */
final class Numbers {
    private Numbers() {
    }

    /** The cell as a double, or NaN-sentinel handling left to the caller; null when it is not a number. */
    static Double parseOrNull(String cell) {
        String s = cell.trim();
        if (s.isEmpty()) {
            return null;
        }
        char c0 = s.charAt(0);
        if (!(Character.isDigit(c0) || c0 == '-' || c0 == '+' || c0 == '.' || c0 == 'N' || c0 == 'n' || c0 == 'I' || c0 == 'i')) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            if (s.equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            if (s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("+inf")) {
                return Double.POSITIVE_INFINITY;
            }
            if (s.equalsIgnoreCase("-inf")) {
                return Double.NEGATIVE_INFINITY;
            }
            return null;
        }
    }

    /** A cell or name for a message: at most 40 characters, other characters than printable ones as \\uNNNN. */
    static String shown(String text) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(text.length(), 40);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            b.append(c >= 0x20 && c != 0x7f && c != '\uFFFD' ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return text.length() > n ? b + "..." : b.toString();
    }

    static boolean isNumber(String cell) {
        return parseOrNull(cell) != null;
    }
}
