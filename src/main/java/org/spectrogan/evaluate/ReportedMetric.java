package org.spectrogan.evaluate;

import java.util.List;
import java.util.Objects;

/**
 * A metric a report shows, by its configuration name: {@code accuracy}, {@code balancedAccuracy}, {@code macroF1}
 * (the {@link Metric}s) or {@code recall:CLASS} (the recall of one class, e.g. {@code recall:N1}: the share of that
 * class's test rows predicted as that class). {@code recallClass} is null for the {@link Metric}s.
 */
public record ReportedMetric(String name, Metric metric, String recallClass) {
    /** The metrics every report shows unless told otherwise. */
    public static final List<String> DEFAULT_NAMES = List.of("accuracy", "balancedAccuracy", "macroF1");

    private static final String RECALL = "recall:";

    public ReportedMetric {
        Objects.requireNonNull(name, "name");
        if ((metric == null) == (recallClass == null)) {
            throw new IllegalArgumentException("a reported metric is either a Metric or a class recall");
        }
    }

    /** Parses a configuration name; an unknown name is an error that lists the valid ones. */
    public static ReportedMetric parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("metric name is null");
        }
        switch (name) {
            case "accuracy":
                return new ReportedMetric(name, Metric.ACCURACY, null);
            case "balancedAccuracy":
                return new ReportedMetric(name, Metric.BALANCED_ACCURACY, null);
            case "macroF1":
                return new ReportedMetric(name, Metric.MACRO_F1, null);
            default:
                if (name.startsWith(RECALL) && name.length() > RECALL.length()) {
                    return new ReportedMetric(name, null, name.substring(RECALL.length()));
                }
                throw new IllegalArgumentException("unknown metric '" + name
                        + "'; use accuracy, balancedAccuracy, macroF1 or recall:CLASS (e.g. recall:N1)");
        }
    }

    /** Parses every name (null: the defaults). */
    public static List<ReportedMetric> parseAll(List<String> names) {
        return (names == null ? DEFAULT_NAMES : names).stream().map(ReportedMetric::parse).toList();
    }

    /** Plain-words name for reports ("macro-F1", "recall of N1"). */
    public String title() {
        return metric != null ? metric.title() : "recall of " + recallClass;
    }

    /** This metric's summary in {@code s}; null when it is a recall of a class the trials did not all test. */
    public Summary of(MetricSummaries s) {
        return metric != null ? s.get(metric) : s.recall().get(recallClass);
    }

    /**
     * This metric (0..1) of a soft confusion matrix: {@code counts[c][k]} the (possibly fractional) rows of true
     * class {@code classes[c]} predicted as {@code classes[k]}, with one last column for "some other class, not
     * named". As {@link ConfusionMatrix} on whole counts: accuracy; balanced accuracy, the mean recall over the
     * classes with rows; macro-F1, the mean F1 over the classes with rows or predictions (0 for a class with no
     * correct prediction); a recall, NaN when its class has no rows here.
     */
    public double ofCounts(double[][] counts, List<String> classes) {
        int k = classes.size();
        if (recallClass != null) {
            int c = classes.indexOf(recallClass);
            return c < 0 ? Double.NaN : ConfusionMatrix.recall(counts, c);
        }
        switch (metric) {
            case ACCURACY:
                return ConfusionMatrix.accuracy(counts, k);
            case BALANCED_ACCURACY:
                return ConfusionMatrix.balancedAccuracy(counts, k);
            case MACRO_F1:
                return ConfusionMatrix.macroF1(counts, k);
            default:
                throw new IllegalStateException(metric.name());
        }
    }
}
