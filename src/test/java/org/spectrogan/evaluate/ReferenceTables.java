package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.spectrogan.features.FeatureTable;

/** Tables and outcome strings shared by the fast-against-Tribuo classifier tests. */
final class ReferenceTables {
    private ReferenceTables() {
    }

    /**
     * Rows around class-dependent centres ({@code separation} apart), a few exact zeros, a constant column when
     * asked, every {@code duplicateEvery}-th row a copy of the one before; classes in a shuffled first-appearance order.
     */
    static FeatureTable table(Random r, int n, int d, String[] labels, double separation, boolean constantColumn) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        List<String> firstOrder = new ArrayList<>(Arrays.asList(labels));
        Collections.shuffle(firstOrder, r);
        List<FeatureTable.Row> rows = new ArrayList<>();
        double[] previous = null;
        for (int i = 0; i < n; i++) {
            int c = i < labels.length ? Arrays.asList(labels).indexOf(firstOrder.get(i)) : r.nextInt(labels.length);
            double[] v = new double[d];
            if (previous != null && i % 7 == 0) {
                v = previous.clone();
            } else {
                for (int j = 0; j < d; j++) {
                    v[j] = constantColumn && j == 0 ? 3.25
                            : r.nextInt(10) == 0 ? 0.0 : r.nextGaussian() + separation * ((c + j) % labels.length);
                }
            }
            previous = v;
            rows.add(new FeatureTable.Row(labels[c], "g" + (i % 3), "real", i, v));
        }
        return new FeatureTable(names, rows);
    }

    /** The predictions as text, or the class of the exception thrown. */
    static String outcome(java.util.function.Supplier<Object> predict) {
        try {
            return Arrays.deepToString(new Object[] {predict.get()});
        } catch (RuntimeException e) {
            return e.getClass().getName();
        }
    }
}
