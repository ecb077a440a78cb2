package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.spectrogan.features.FeatureTable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
    static String outcome(Supplier<Object> predict) {
        try {
            return Arrays.deepToString(new Object[] {predict.get()});
        } catch (RuntimeException e) {
            return e.getClass().getName();
        }
    }

    /** A check of one fit: the fast classifier against its reference on {@code train}, predicting {@code test}. */
    interface SamePredictions {
        void check(FeatureTable train, double[][] test, String what);
    }

    /** Far-apart classes (large weights, many Newton iterations) and two-row tables (the smallest problem). */
    static void assertSeparableAndTinyTables(SamePredictions same) {
        Random r = new Random(5);
        for (int trial = 0; trial < 6; trial++) {
            String[] labels = trial % 2 == 0 ? new String[] {"left", "right"} : new String[] {"a", "b", "c"};
            FeatureTable train = table(r, trial < 2 ? labels.length : 60, 1 + trial, labels, 25.0, false);
            FeatureTable test = table(r, 50, 1 + trial, labels, 25.0, false);
            same.check(train, test.matrix(), "separable trial " + trial);
        }
    }

    /**
     * NaN and infinite values to predict, and a NaN training value: the fast classifier named {@code name} answers
     * (or fails) exactly as {@code reference}.
     */
    static void assertNonFiniteValuesBehaveAs(Supplier<Classifier> reference, String name) {
        Random r = new Random(3);
        FeatureTable train = table(r, 300, 3, new String[] {"a", "b", "c"}, 1.0, false);
        double[][] odd = table(r, 20, 3, new String[] {"a", "b", "c"}, 1.0, false).matrix();
        odd[3][1] = Double.NaN;
        odd[7][0] = Double.POSITIVE_INFINITY;
        assertEquals(outcome(() -> reference.get().fit(train, 1).predict(odd)),
                outcome(() -> Classifiers.byName(name).fit(train, 1).predict(odd)), "NaN and infinite test values");
        assertEquals(outcome(() -> reference.get().fit(train, 1).predictProba(odd)),
                outcome(() -> Classifiers.byName(name).fit(train, 1).predictProba(odd)), "NaN and infinite test values, scores");

        List<FeatureTable.Row> rows = new ArrayList<>(train.rows());
        FeatureTable.Row first = rows.get(0);
        rows.set(0, new FeatureTable.Row(first.label(), first.group(), first.source(), first.t0(),
                new double[] {Double.NaN, 1, 2}));
        FeatureTable withNaN = new FeatureTable(train.featureNames(), rows);
        double[][] fine = table(r, 20, 3, new String[] {"a", "b", "c"}, 1.0, false).matrix();
        String expected = outcome(() -> reference.get().fit(withNaN, 1).predict(fine));
        assertEquals(expected, outcome(() -> Classifiers.byName(name).fit(withNaN, 1).predict(fine)), "a NaN training value");
        assertNotEquals("", expected);
    }
}
