package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts of (true class, predicted class) pairs, and the metrics computed from them.
 * {@code counts[i][j]} = rows of true class {@code classes.get(i)} predicted as {@code classes.get(j)}.
 * The classes are the union of true and predicted labels, sorted.
 */
public final class ConfusionMatrix {
    private final List<String> classes;
    private final long[][] counts;

    private ConfusionMatrix(List<String> classes, long[][] counts) {
        this.classes = classes;
        this.counts = counts;
    }

    /** Builds the matrix from true and predicted labels (same length, at least one row). */
    public static ConfusionMatrix of(String[] truth, String[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true labels but " + predicted.length + " predictions");
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("no rows to score");
        }
        TreeSet<String> set = new TreeSet<>(List.of(truth));
        set.addAll(List.of(predicted));
        List<String> classes = List.copyOf(set);
        Map<String, Integer> index = new TreeMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        long[][] counts = new long[classes.size()][classes.size()];
        for (int i = 0; i < truth.length; i++) {
            counts[index.get(truth[i])][index.get(predicted[i])]++;
        }
        return new ConfusionMatrix(classes, counts);
    }

    public List<String> classes() {
        return classes;
    }

    public long count(String trueClass, String predictedClass) {
        int i = classes.indexOf(trueClass);
        int j = classes.indexOf(predictedClass);
        return i < 0 || j < 0 ? 0 : counts[i][j];
    }

    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long c : row) {
                t += c;
            }
        }
        return t;
    }

    /** Share of rows predicted correctly. */
    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        return (double) correct / total();
    }

    /** Recall of each class that has at least one true row, in {@link #classes()} order (NaN when absent). */
    public double[] recalls() {
        double[] r = new double[classes.size()];
        for (int i = 0; i < r.length; i++) {
            long support = rowSum(i);
            r[i] = support == 0 ? Double.NaN : (double) counts[i][i] / support;
        }
        return r;
    }

    /** Rows whose true class is {@code c} (0 for a class not in the matrix). */
    public long support(String c) {
        int i = classes.indexOf(c);
        return i < 0 ? 0 : rowSum(i);
    }

    /** Recall of class {@code c}: its rows predicted as {@code c} over its rows (NaN when it has no true row). */
    public double recall(String c) {
        long support = support(c);
        return support == 0 ? Double.NaN : (double) count(c, c) / support;
    }

    /** Mean recall over the classes present in the truth (as scikit-learn's balanced_accuracy_score). */
    public double balancedAccuracy() {
        double s = 0;
        int n = 0;
        for (double r : recalls()) {
            if (!Double.isNaN(r)) {
                s += r;
                n++;
            }
        }
        return s / n;
    }

    /** F1 per class; 0 for a class with no correct prediction (scikit-learn's zero_division=0). */
    public double[] f1s() {
        double[] f = new double[classes.size()];
        for (int i = 0; i < f.length; i++) {
            long tp = counts[i][i];
            long support = rowSum(i);
            long predicted = columnSum(i);
            f[i] = tp == 0 ? 0.0 : 2.0 * tp / (support + predicted);
        }
        return f;
    }

    /**
     * Unweighted mean F1 over the union of true and predicted classes (scikit-learn's
     * f1_score(average="macro") with its default labels).
     */
    public double macroF1() {
        double s = 0;
        for (double v : f1s()) {
            s += v;
        }
        return s / classes.size();
    }

    /** The counts as nested lists (for JSON), rows = true class. */
    public List<List<Long>> countsAsLists() {
        List<List<Long>> out = new ArrayList<>();
        for (long[] row : counts) {
            List<Long> r = new ArrayList<>();
            for (long c : row) {
                r.add(c);
            }
            out.add(r);
        }
        return out;
    }

    private long rowSum(int i) {
        long s = 0;
        for (long c : counts[i]) {
            s += c;
        }
        return s;
    }

    private long columnSum(int j) {
        long s = 0;
        for (long[] row : counts) {
            s += row[j];
        }
        return s;
    }
}
