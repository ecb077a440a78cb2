package org.spectrogan.evaluate;

import java.util.List;

/**
 * Mean of n values with a 95% t-interval on the mean: mean +- t(0.975, n-1) * sd / sqrt(n), sd with n-1.
 * With one value the interval is that value (sd 0, n 1): reports say so. Values are kept for reports.
 */
public record Summary(double mean, double lower, double upper, double sd, int n, List<Double> values) {
    public Summary {
        values = List.copyOf(values);
    }

    public static Summary of(double[] values) {
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        List<Double> list = new java.util.ArrayList<>(n);
        for (double v : values) {
            list.add(v);
        }
        if (n == 1) {
            return new Summary(mean, mean, mean, 0.0, 1, list);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double half = StudentT.quantile(0.975, n - 1) * sd / Math.sqrt(n);
        return new Summary(mean, mean - half, mean + half, sd, n, list);
    }

    /** The paired differences {@code b[i] - a[i]} summarised (e.g. augmented minus real, same repeat). */
    public static Summary pairedDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired values differ in count: " + a.length + " vs " + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = b[i] - a[i];
        }
        return of(d);
    }

    /** True when the whole interval lies above zero. */
    public boolean aboveZero() {
        return lower > 0;
    }

    /** True when the whole interval lies below zero. */
    public boolean belowZero() {
        return upper < 0;
    }
}
