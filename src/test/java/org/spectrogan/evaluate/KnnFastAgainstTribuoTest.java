package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spectrogan.evaluate.ReferenceTables.outcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/**
 * The fast {@link KnnClassifier} against Tribuo's own KNNModel ({@link Classifiers#tribuoKnn}, the library the
 * shipped knn used): the same labels and the same scores bit for bit, on Sleep-EDF's features and on random
 * tables built to have tied votes and tied distances (values on a coarse grid), across block boundaries.
 */
class KnnFastAgainstTribuoTest {
    private static void assertSamePredictions(FeatureTable train, double[][] test, String what) {
        Classifier.Fitted tribuo = Classifiers.tribuoKnn(Classifiers.KNN_K).fit(train, 1);
        Classifier.Fitted fast = Classifiers.byName("knn").fit(train, 1);
        assertEquals(tribuo.classes(), fast.classes(), what + ": classes");
        assertArrayEquals(tribuo.predict(test), fast.predict(test), what + ": labels");
        double[][] pt = tribuo.predictProba(test);
        double[][] pf = fast.predictProba(test);
        for (int i = 0; i < pt.length; i++) {
            for (int c = 0; c < pt[i].length; c++) {
                if (Double.doubleToRawLongBits(pt[i][c]) != Double.doubleToRawLongBits(pf[i][c])) {
                    throw new AssertionError(what + ": row " + i + " class " + c + " score " + pf[i][c]
                            + ", Tribuo gives " + pt[i][c]);
                }
            }
        }
    }

    /** Rows of Tribuo's scores with two or more classes sharing the highest vote (the label-order tie-break). */
    private static int tiedVotes(FeatureTable train, double[][] test) {
        int tied = 0;
        for (double[] p : Classifiers.tribuoKnn(Classifiers.KNN_K).fit(train, 1).predictProba(test)) {
            double max = Arrays.stream(p).max().orElseThrow();
            tied += Arrays.stream(p).filter(v -> v == max).count() > 1 ? 1 : 0;
        }
        return tied;
    }

    /** Queries whose k-th and (k+1)-th nearest training rows are at the same squared distance (the heap's tie-break). */
    private static int tiedDistances(double[][] trainRows, double[][] test) {
        int tied = 0;
        for (double[] q : test) {
            double[] s = new double[trainRows.length];
            for (int i = 0; i < trainRows.length; i++) {
                for (int j = 0; j < q.length; j++) {
                    s[i] += (q[j] - trainRows[i][j]) * (q[j] - trainRows[i][j]);
                }
            }
            Arrays.sort(s);
            tied += s[Classifiers.KNN_K - 1] == s[Classifiers.KNN_K] ? 1 : 0;
        }
        return tied;
    }

    private static FeatureTable gridTable(Random r, int n, int d, String[] labels, int grid, boolean constantColumn) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i < labels.length ? i : r.nextInt(labels.length);
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = constantColumn && j == 0 ? 3.25 : r.nextInt(grid) + 0.5 * c * (j % 2);
            }
            rows.add(new FeatureTable.Row(labels[c], "g" + (i % 3), "real", i, v));
        }
        return new FeatureTable(names, rows);
    }

    @Test
    void randomGridTablesGiveTribuosLabelsAndScores() {
        Random r = new Random(16);
        String[][] labelSets = {{"a", "b"}, {"W", "N1", "N2", "N3", "REM"}, {"class10", "class2", "Z", "y", "m", "m2", "0"}};
        int[] sizes = {5, 6, 511, 512, 513, 1100, 2049};
        int tiedVotes = 0;
        int tiedDistances = 0;
        for (int trial = 0; trial < sizes.length * 2; trial++) {
            int n = sizes[trial % sizes.length];
            int d = 1 + r.nextInt(20);
            String[] labels = labelSets[trial % labelSets.length];
            int grid = 2 + r.nextInt(4);
            FeatureTable train = gridTable(r, n, d, labels, grid, trial % 3 == 0);
            FeatureTable test = gridTable(r, 150, d, labels, grid, trial % 3 == 0);
            String what = "trial " + trial + ": " + n + " rows x " + d + ", " + labels.length + " classes, grid " + grid;
            assertSamePredictions(train, test.matrix(), what);
            tiedVotes += tiedVotes(train, test.matrix());
            tiedDistances += n > Classifiers.KNN_K ? tiedDistances(train.matrix(), test.matrix()) : 0;
        }
        // the tie-breaks are exercised: with no ties any order of equal neighbours would pass
        assertTrue(tiedVotes > 100, "tied votes: " + tiedVotes);
        assertTrue(tiedDistances > 100, "tied k-th distances: " + tiedDistances);
    }

    @Test
    void fewerRowsThanNeighboursAndNonFiniteRowsBehaveAsTribuo() {
        Random r = new Random(3);
        FeatureTable small = gridTable(r, 4, 3, new String[] {"a", "b"}, 5, false);
        double[][] test = gridTable(r, 10, 3, new String[] {"a", "b"}, 5, false).matrix();
        String tribuo = outcome(() -> Classifiers.tribuoKnn(Classifiers.KNN_K).fit(small, 1).predict(test));
        String fast = outcome(() -> Classifiers.byName("knn").fit(small, 1).predict(test));
        assertEquals(tribuo, fast, "4 training rows, k = 5");

        FeatureTable train = gridTable(r, 300, 3, new String[] {"a", "b", "c"}, 4, false);
        double[][] odd = gridTable(r, 20, 3, new String[] {"a", "b", "c"}, 4, false).matrix();
        odd[3][1] = Double.NaN;
        odd[7][0] = Double.POSITIVE_INFINITY;
        assertEquals(outcome(() -> Classifiers.tribuoKnn(Classifiers.KNN_K).fit(train, 1).predict(odd)),
                outcome(() -> Classifiers.byName("knn").fit(train, 1).predict(odd)), "NaN and infinite test values");
        assertEquals(outcome(() -> Classifiers.tribuoKnn(Classifiers.KNN_K).fit(train, 1).predictProba(odd)),
                outcome(() -> Classifiers.byName("knn").fit(train, 1).predictProba(odd)), "NaN and infinite test values, scores");
        assertTrue(outcome(() -> Classifiers.byName("knn").fit(train, 1).predict(odd)).contains("IllegalArgument"),
                "Tribuo refuses a NaN feature");
    }

    @Test
    void theShippedKnnOnSleepEdfFeaturesGivesTribuosLabelsAndScores() {
        // train: every second epoch of all subjects but one; test: that subject's epochs
        SleepEdfSplit split = SleepEdfSplit.leaveFirstSubjectOut(2, 8000);
        FeatureTable trainTable = split.train();
        FeatureTable testTable = split.test();
        assertSamePredictions(trainTable, testTable.matrix(), "sleep-edf, " + trainTable.size() + " train rows");
        assertTrue(tiedVotes(trainTable, testTable.matrix()) > 10, "some tied votes on real data");
    }
}
