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
        return accuracy(soft(), classes.size());
    }

    /** Recall of each class that has at least one true row, in {@link #classes()} order (NaN when absent). */
    public double[] recalls() {
        double[][] soft = soft();
        double[] r = new double[classes.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = recall(soft, i);
        }
        return r;
    }

    /** Rows whose true class is {@code c} (0 for a class not in the matrix). */
    public long support(String c) {
        int i = classes.indexOf(c);
        long s = 0;
        for (int j = 0; i >= 0 && j < counts[i].length; j++) {
            s += counts[i][j];
        }
        return s;
    }

    /** Recall of class {@code c}: its rows predicted as {@code c} over its rows (NaN when it has no true row). */
    public double recall(String c) {
        int i = classes.indexOf(c);
        return i < 0 ? Double.NaN : recall(soft(), i);
    }

    /** Mean recall over the classes present in the truth (as scikit-learn's balanced_accuracy_score). */
    public double balancedAccuracy() {
        return balancedAccuracy(soft(), classes.size());
    }

    /** F1 per class; 0 for a class with no correct prediction (scikit-learn's zero_division=0). */
    public double[] f1s() {
        double[][] soft = soft();
        double[] f = new double[classes.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = f1(soft, i, classes.size());
        }
        return f;
    }

    /**
     * Unweighted mean F1 over the union of true and predicted classes (scikit-learn's
     * f1_score(average="macro") with its default labels).
     */
    public double macroF1() {
        return macroF1(soft(), classes.size());
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

    private double[][] soft() {
        double[][] soft = new double[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            soft[i] = new double[counts[i].length];
            for (int j = 0; j < counts[i].length; j++) {
                soft[i][j] = counts[i][j];
            }
        }
        return soft;
    }

    // The metrics of a count matrix, the one place they are computed: counts[c][j] the (possibly fractional,
    // as a group bootstrap's) rows of true class c predicted as class j, for the first k classes; a column j >= k
    // is "predicted as a class not named". Whole counts give exactly the values of integer arithmetic.

    /** Share of rows on the diagonal; NaN without rows. */
    static double accuracy(double[][] counts, int k) {
        double total = 0;
        double correct = 0;
        for (int c = 0; c < k; c++) {
            total += rowSum(counts, c);
            correct += counts[c][c];
        }
        return total > 0 ? correct / total : Double.NaN;
    }

    /** Recall of class c; NaN when it has no rows. */
    static double recall(double[][] counts, int c) {
        double support = rowSum(counts, c);
        return support > 0 ? counts[c][c] / support : Double.NaN;
    }

    /** Mean recall over the classes with rows; NaN when none has. */
    static double balancedAccuracy(double[][] counts, int k) {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < k; c++) {
            double r = recall(counts, c);
            if (!Double.isNaN(r)) {
                sum += r;
                present++;
            }
        }
        return present > 0 ? sum / present : Double.NaN;
    }

    /** F1 of class c, 0 when it has no correct prediction. */
    static double f1(double[][] counts, int c, int k) {
        return counts[c][c] <= 0 ? 0.0 : 2 * counts[c][c] / (rowSum(counts, c) + columnSum(counts, c, k));
    }

    /** Mean F1 over the classes with rows or predictions; NaN when none has. */
    static double macroF1(double[][] counts, int k) {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < k; c++) {
            if (rowSum(counts, c) > 0 || columnSum(counts, c, k) > 0) {
                sum += f1(counts, c, k);
                present++;
            }
        }
        return present > 0 ? sum / present : Double.NaN;
    }

    private static double rowSum(double[][] counts, int c) {
        double s = 0;
        for (double v : counts[c]) {
            s += v;
        }
        return s;
    }

    private static double columnSum(double[][] counts, int j, int k) {
        double s = 0;
        for (int c = 0; c < k; c++) {
            s += counts[c][j];
        }
        return s;
    }
}
