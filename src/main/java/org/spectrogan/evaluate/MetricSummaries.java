package org.spectrogan.evaluate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@link Summary} per {@link Metric}, and {@code recall}: per class, the summary of that class's recall
 * (a paired difference for a gain), for every class that has test rows in every trial (sorted by class; empty
 * when the summaries were made from bare metric values).
 */
public record MetricSummaries(Summary accuracy, Summary balancedAccuracy, Summary macroF1, Map<String, Summary> recall) {
    public MetricSummaries {
        recall = recall == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(recall));
    }

    /** Without per-class recall. */
    public MetricSummaries(Summary accuracy, Summary balancedAccuracy, Summary macroF1) {
        this(accuracy, balancedAccuracy, macroF1, Map.of());
    }

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

    /** The summaries of one confusion matrix per trial, with the recall of every class tested in all trials. */
    public static MetricSummaries of(List<ConfusionMatrix> trials) {
        Map<String, Summary> recall = new TreeMap<>();
        for (String c : testedInEvery(trials, trials)) {
            recall.put(c, Summary.of(recalls(trials, c), 0, 1));
        }
        MetricSummaries m = of(values(trials));
        return new MetricSummaries(m.accuracy, m.balancedAccuracy, m.macroF1, recall);
    }

    /**
     * Paired differences {@code b - a} (same trial) per metric and per class recall (classes tested in every
     * trial of both lists).
     */
    public static MetricSummaries pairedDifference(List<ConfusionMatrix> a, List<ConfusionMatrix> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("paired trials differ in count: " + a.size() + " vs " + b.size());
        }
        Map<String, Summary> recall = new TreeMap<>();
        for (String c : testedInEvery(a, b)) {
            recall.put(c, Summary.pairedDifference(recalls(a, c), recalls(b, c), -1, 1));
        }
        MetricSummaries m = pairedDifference(values(a), values(b));
        return new MetricSummaries(m.accuracy, m.balancedAccuracy, m.macroF1, recall);
    }

    private static double[][] values(List<ConfusionMatrix> trials) {
        double[][] v = new double[Metric.values().length][trials.size()];
        for (int i = 0; i < trials.size(); i++) {
            for (Metric m : Metric.values()) {
                v[m.ordinal()][i] = m.of(trials.get(i));
            }
        }
        return v;
    }

    private static double[] recalls(List<ConfusionMatrix> trials, String c) {
        double[] r = new double[trials.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = trials.get(i).recall(c);
        }
        return r;
    }

    /** Classes with at least one true row in every matrix of both lists. */
    private static List<String> testedInEvery(List<ConfusionMatrix> a, List<ConfusionMatrix> b) {
        if (a.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> classes = new java.util.TreeSet<>(a.get(0).classes());
        for (List<ConfusionMatrix> list : List.of(a, b)) {
            for (ConfusionMatrix cm : list) {
                classes.removeIf(c -> cm.support(c) == 0);
            }
        }
        return List.copyOf(classes);
    }
}
