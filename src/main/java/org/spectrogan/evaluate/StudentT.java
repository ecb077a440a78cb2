package org.spectrogan.evaluate;

import org.apache.commons.math3.distribution.TDistribution;

/** Student's t distribution (Commons Math 3): the CDF and its quantile, for the intervals and tests of reports. */
public final class StudentT {
    private StudentT() {
    }

    /** P(T <= t) for {@code df} degrees of freedom (df > 0). */
    public static double cdf(double t, double df) {
        return distribution(df).cumulativeProbability(t);
    }

    /** The t with P(T <= t) = p, for 0 < p < 1. */
    public static double quantile(double p, double df) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1): " + p);
        }
        return distribution(df).inverseCumulativeProbability(p);
    }

    private static TDistribution distribution(double df) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be positive: " + df);
        }
        // no random generator: only the distribution functions are used
        return new TDistribution(null, df, 1e-14);
    }
}
