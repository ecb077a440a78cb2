package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spectrogan.common.ZScore;
import org.spectrogan.features.FeatureTable;

/**
 * The problem Tribuo 4.3.2's {@code LibLinearClassificationTrainer} hands liblinear-java 2.44, as dense rows: the
 * z-scored features in column order (the zero-padded names of {@link Classifiers#featureNames} keep Tribuo's sorted
 * feature ids in column order) plus a bias feature of value 1 after them; the classes in their order of first
 * appearance among the training rows (liblinear's {@code groupClasses}; Tribuo's label ids only name them) and the
 * rows grouped by class, keeping their order within a class. A zero value adds ±0 to a sum that started at +0, which
 * changes no bit, so dense rows give the library's sums without its sparsity.
 *
 * @param x      rows grouped by class, each with the bias value 1 last ({@code variables()} values)
 * @param order  the classes in liblinear's order
 * @param start  the first row of each class in {@code x}
 * @param count  the rows of each class
 */
record LibLinearProblem(ZScore z, double[][] x, String[] order, int[] start, int[] count) {
    /** The problem of {@code train} (finite values, at least one feature). */
    static LibLinearProblem of(FeatureTable train) {
        ZScore z = ZScore.fit(train.matrix(), ZScore.ConstantColumns.CENTRE);
        Map<String, List<double[]>> byClass = new LinkedHashMap<>();
        for (FeatureTable.Row r : train.rows()) {
            byClass.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(withBias(z.apply(r.values())));
        }
        String[] order = byClass.keySet().toArray(new String[0]);
        double[][] x = new double[train.size()][];
        int[] start = new int[order.length];
        int[] count = new int[order.length];
        int i = 0;
        for (int c = 0; c < order.length; c++) {
            start[c] = i;
            for (double[] row : byClass.get(order[c])) {
                x[i++] = row;
            }
            count[c] = i - start[c];
        }
        return new LibLinearProblem(z, x, order, start, count);
    }

    /** Features plus the bias. */
    int variables() {
        return x[0].length;
    }

    /** Weight vectors liblinear trains: one for two classes, else one per class against the rest. */
    int weightVectors() {
        return order.length == 2 ? 1 : order.length;
    }

    /** liblinear's labels of vector {@code c}: +1 for the rows of class c, -1 for the others. */
    double[] signs(int c) {
        double[] y = new double[x.length];
        for (int k = 0; k < y.length; k++) {
            y[k] = k >= start[c] && k < start[c] + count[c] ? +1 : -1;
        }
        return y;
    }

    private static double[] withBias(double[] zRow) {
        double[] row = new double[zRow.length + 1];
        System.arraycopy(zRow, 0, row, 0, zRow.length);
        row[zRow.length] = 1.0;
        return row;
    }

    /**
     * liblinear's {@code predictValues} of one raw row: per weight vector, the sum over the z-scored features in
     * column order and then the bias of {@code w[feature * nrW + vector] * value}; {@code out} has one slot per class
     * (the second stays 0 for two classes).
     */
    static void decisionValues(ZScore z, double[] w, int nrW, double[] raw, double[] out) {
        int d = w.length / nrW - 1;
        if (raw.length != d) {
            throw new IllegalArgumentException("row has " + raw.length + " features, model has " + d);
        }
        double[] x = z.apply(raw);
        java.util.Arrays.fill(out, 0);
        for (int j = 0; j < d; j++) {
            int o = j * nrW;
            double v = x[j];
            for (int c = 0; c < nrW; c++) {
                out[c] += w[o + c] * v;
            }
        }
        int o = d * nrW;
        for (int c = 0; c < nrW; c++) {
            out[c] += w[o + c] * 1.0;
        }
    }

    /** Tribuo's label: the first strictly highest score in liblinear's class order. */
    static int firstHighest(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        int best = -1;
        for (int c = 0; c < scores.length; c++) {
            if (scores[c] > max) {
                max = scores[c];
                best = c;
            }
        }
        return best;
    }
}
