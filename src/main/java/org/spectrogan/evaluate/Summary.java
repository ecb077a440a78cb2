package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Mean of n values with a 95% t-interval on the mean: mean +- t(0.975, n-1) * sd / sqrt(n), sd with n-1.
 *
 * <p>An interval is given only with at least {@link #MIN_TRIALS_FOR_INTERVAL} values whose spread is not zero
 * (and, for a paired gain, whose baseline arm varied); otherwise {@code lower} and {@code upper} are NaN and
 * {@code noInterval} says why (e.g. "too few trials for an interval (2; 5 needed)"). The interval never leaves
 * the metric's range {@code [min, max]}: where it would, it is clipped and {@code clipped} is true.
 */
public record Summary(double mean, double lower, double upper, double sd, int n, List<Double> values,
                      boolean clipped, String noInterval) {
    /** Fewer trials than this give no interval: with 2 to 4 the t quantile (12.7 to 2.8) makes it meaningless. */
    public static final int MIN_TRIALS_FOR_INTERVAL = 5;

    public Summary {
        values = List.copyOf(values);
    }

    /** The summary of values without a natural range (the interval is never clipped). */
    public static Summary of(double[] values) {
        return of(values, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** The summary of values that can only lie in {@code [min, max]} (e.g. accuracy in [0, 1]). */
    public static Summary of(double[] values, double min, double max) {
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        List<Double> list = new ArrayList<>(n);
        for (double v : values) {
            list.add(v);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = n < 2 ? 0.0 : Math.sqrt(ss / (n - 1));
        String why = null;
        if (n < 2) {
            why = "only one trial, so there is no interval";
        } else if (sd == 0) {
            why = "every trial gave the same value, so there is no interval";
        } else if (n < MIN_TRIALS_FOR_INTERVAL) {
            why = "too few trials for an interval (" + n + "; " + MIN_TRIALS_FOR_INTERVAL + " needed)";
        }
        if (why != null) {
            return new Summary(mean, Double.NaN, Double.NaN, sd, n, list, false, why);
        }
        double half = StudentT.quantile(0.975, n - 1) * sd / Math.sqrt(n);
        double lo = mean - half;
        double hi = mean + half;
        boolean clipped = lo < min || hi > max;
        return new Summary(mean, Math.max(lo, min), Math.min(hi, max), sd, n, list, clipped, null);
    }

    /** The paired differences {@code b[i] - a[i]} summarised (e.g. augmented minus real, same repeat). */
    public static Summary pairedDifference(double[] a, double[] b) {
        return pairedDifference(a, b, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #pairedDifference(double[], double[])}, the differences in {@code [min, max]}. When every
     * {@code a[i]} is the same (the baseline did not vary: e.g. all real rows in every trial and a deterministic
     * classifier), the differences vary only through {@code b}, so their interval would say nothing about the
     * baseline's own uncertainty: no interval is given, and {@code noInterval} says so.
     */
    public static Summary pairedDifference(double[] a, double[] b, double min, double max) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired values differ in count: " + a.length + " vs " + b.length);
        }
        double[] d = new double[a.length];
        boolean baselineConstant = a.length >= 2;
        for (int i = 0; i < d.length; i++) {
            d[i] = b[i] - a[i];
            baselineConstant &= a[i] == a[0];
        }
        Summary s = of(d, min, max);
        if (baselineConstant && s.hasInterval()) {
            return new Summary(s.mean, Double.NaN, Double.NaN, s.sd, s.n, s.values, false,
                    "the baseline was the same in every trial (the trials did not redraw its training rows), "
                            + "so the spread covers only the other arm and there is no interval");
        }
        return s;
    }

    /** True when there is an interval (enough trials, some spread). */
    public boolean hasInterval() {
        return noInterval == null;
    }

    /** True when there is an interval and all of it lies above zero. */
    public boolean aboveZero() {
        return hasInterval() && lower > 0;
    }

    /** True when there is an interval and all of it lies below zero. */
    public boolean belowZero() {
        return hasInterval() && upper < 0;
    }

    /**
     * Two-sided p-value of the one-sample t-test of mean 0 (NaN without an interval): the evidence the
     * {@link Verdict} corrects for multiple cases.
     */
    public double pValueAgainstZero() {
        if (!hasInterval()) {
            return Double.NaN;
        }
        double t = mean / (sd / Math.sqrt(n));
        return 2 * StudentT.cdf(-Math.abs(t), n - 1);
    }

    /** Table text of a share as percent: "63.0% [61.2, 64.8]", "63.0% (too few trials for an interval (2; 5 needed))". */
    public String percentText() {
        return text(String.format(Locale.ROOT, "%.1f%%", 100 * mean), "%.1f");
    }

    /** Table text of a difference of shares in points: "+5.6 [+3.6, +7.6]". */
    public String pointsText() {
        return text(String.format(Locale.ROOT, "%+.1f", 100 * mean), "%+.1f");
    }

    /** Prose for a difference of shares: "95% interval +3.6 to +7.6 points" or the reason there is none. */
    public String pointsIntervalSentence() {
        if (!hasInterval()) {
            return noInterval;
        }
        return String.format(Locale.ROOT, "95%% interval %+.1f to %+.1f points%s", 100 * lower, 100 * upper,
                clipped ? ", clipped to the metric's range" : "");
    }

    private String text(String head, String fmt) {
        if (n < 2) {
            return head;
        }
        if (!hasInterval()) {
            return head + " (" + shortReason() + ")";
        }
        return head + " [" + String.format(Locale.ROOT, fmt, 100 * lower) + ", " + String.format(Locale.ROOT, fmt, 100 * upper)
                + "]" + (clipped ? " (clipped)" : "");
    }

    private String shortReason() {
        if (sd == 0) {
            return "same in every trial, no interval";
        }
        if (n < MIN_TRIALS_FOR_INTERVAL) {
            return "too few trials for an interval";
        }
        return "baseline same in every trial, no interval";
    }
}
