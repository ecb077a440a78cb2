package org.spectrogan.common;

/**
 * The project's one per-column z-score: mean and population standard deviation fitted on some rows (usually the
 * real training rows) and applied to any rows. A column is constant when its standard deviation is at most
 * {@code 1e-12 * max(1, |mean|)}; what happens to it is the {@link ConstantColumns} rule of the caller.
 */
public final class ZScore {
    /** What a constant column becomes. */
    public enum ConstantColumns {
        /**
         * Centred and divided by 1: a row's value minus the training constant (the classifiers' and plots' rule; a
         * value that differs from the constant stays visible).
         */
        CENTRE,
        /**
         * Pinned: every value maps to 0 and the inverse gives the training constant (the GAN's rule: a constant
         * column is generated constant); {@link #std()} reports 0 for it.
         */
        PIN
    }

    private final double[] mean;
    private final double[] std;
    private final ConstantColumns rule;

    private ZScore(double[] mean, double[] std, ConstantColumns rule) {
        this.mean = mean;
        this.std = std;
        this.rule = rule;
    }

    /** Fits mean and population standard deviation per column of {@code rows} (at least one row). */
    public static ZScore fit(double[][] rows, ConstantColumns rule) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot standardise on zero rows");
        }
        int d = rows[0].length;
        double[] mean = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        double[] var = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                double e = r[j] - mean[j];
                var[j] += e * e;
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(var[j] / rows.length);
            std[j] = sd > 1e-12 * Math.max(1.0, Math.abs(mean[j])) ? sd : 0.0;
        }
        return new ZScore(mean, std, rule);
    }

    /** A z-score from stored statistics (a standard deviation of 0 marks a constant column). */
    public static ZScore of(double[] mean, double[] std, ConstantColumns rule) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " columns, std " + std.length);
        }
        return new ZScore(mean.clone(), std.clone(), rule);
    }

    public boolean isConstant(int j) {
        return std[j] == 0;
    }

    /** Column {@code j}'s z-score of {@code value}. */
    public double apply(int j, double value) {
        if (isConstant(j)) {
            return rule == ConstantColumns.PIN ? 0.0 : value - mean[j];
        }
        return (value - mean[j]) / std[j];
    }

    public double[] apply(double[] row) {
        double[] z = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            z[j] = apply(j, row[j]);
        }
        return z;
    }

    public double[][] apply(double[][] rows) {
        double[][] z = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            z[i] = apply(rows[i]);
        }
        return z;
    }

    /** The value whose z-score in column {@code j} is {@code z} (a pinned constant column gives its constant). */
    public double invert(int j, double z) {
        if (isConstant(j)) {
            return rule == ConstantColumns.PIN ? mean[j] : mean[j] + z;
        }
        return mean[j] + z * std[j];
    }

    public double[] mean() {
        return mean.clone();
    }

    /** Population standard deviations; 0 for a constant column. */
    public double[] std() {
        return std.clone();
    }

    public int dimension() {
        return mean.length;
    }
}
