package org.spectrogan.evaluate;

/** One {@link Summary} per {@link Metric}. */
public record MetricSummaries(Summary accuracy, Summary balancedAccuracy, Summary macroF1) {
    public Summary get(Metric m) {
        return switch (m) {
            case ACCURACY -> accuracy;
            case BALANCED_ACCURACY -> balancedAccuracy;
            case MACRO_F1 -> macroF1;
        };
    }

    /** Summaries of per-trial metric values ({@code values[metric.ordinal()][trial]}, shares in [0, 1]). */
    static MetricSummaries of(double[][] values) {
        return new MetricSummaries(Summary.of(values[0], 0, 1), Summary.of(values[1], 0, 1), Summary.of(values[2], 0, 1));
    }

    /** Paired differences {@code b - a} per metric (in [-1, 1]: -100 to +100 points). */
    static MetricSummaries pairedDifference(double[][] a, double[][] b) {
        return new MetricSummaries(Summary.pairedDifference(a[0], b[0], -1, 1), Summary.pairedDifference(a[1], b[1], -1, 1),
                Summary.pairedDifference(a[2], b[2], -1, 1));
    }
}
