package org.spectrogan.evaluate;

import org.spectrogan.common.ZScore;
import org.spectrogan.features.FeatureTable;

/**
 * The classifiers' and plots' view of {@link ZScore} with the {@link ZScore.ConstantColumns#CENTRE} rule: a
 * constant column keeps its offset and is divided by 1, so it maps to zero on the training rows instead of
 * dividing by zero.
 */
public final class Standardizer {
    private final ZScore z;

    private Standardizer(ZScore z) {
        this.z = z;
    }

    /** Fits mean and (population) standard deviation per column of {@code rows}. */
    public static Standardizer fit(double[][] rows) {
        return new Standardizer(ZScore.fit(rows, ZScore.ConstantColumns.CENTRE));
    }

    public static Standardizer fit(FeatureTable table) {
        return fit(table.matrix());
    }

    public double[] apply(double[] row) {
        return z.apply(row);
    }

    public double[][] apply(double[][] rows) {
        return z.apply(rows);
    }

    public double[][] apply(FeatureTable table) {
        return apply(table.matrix());
    }

    public int dimension() {
        return z.dimension();
    }
}
