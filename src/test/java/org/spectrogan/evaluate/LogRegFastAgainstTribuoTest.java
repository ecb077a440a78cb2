package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spectrogan.evaluate.ReferenceTables.outcome;
import static org.spectrogan.evaluate.ReferenceTables.table;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/**
 * The dense {@link LogRegClassifier} against Tribuo's own LibLinear logistic regression
 * ({@link Classifiers#tribuoLogreg}, the library the shipped logreg used): the same labels and the same
 * probabilities bit for bit (so the same weights), on Sleep-EDF's features and on random tables of 1-21 features
 * (the BLAS dot's groups of five with every remainder), 2-7 classes in differing first-appearance orders,
 * constant columns, exact zeros, duplicated rows and separable classes.
 */
class LogRegFastAgainstTribuoTest {
    /** Asserts the labels and raw bits of the probabilities agree; returns how many rows have a probability in (0.01, 0.99). */
    private static int assertSamePredictions(FeatureTable train, double[][] test, String what) {
        Classifier.Fitted tribuo = Classifiers.tribuoLogreg().fit(train, 1);
        Classifier.Fitted fast = Classifiers.byName("logreg").fit(train, 1);
        assertEquals(tribuo.classes(), fast.classes(), what + ": classes");
        assertArrayEquals(tribuo.predict(test), fast.predict(test), what + ": labels");
        double[][] pt = tribuo.predictProba(test);
        double[][] pf = fast.predictProba(test);
        int soft = 0;
        for (int i = 0; i < pt.length; i++) {
            for (int c = 0; c < pt[i].length; c++) {
                if (Double.doubleToRawLongBits(pt[i][c]) != Double.doubleToRawLongBits(pf[i][c])) {
                    throw new AssertionError(what + ": row " + i + " class " + c + " probability " + pf[i][c]
                            + ", Tribuo gives " + pt[i][c]);
                }
            }
            soft += Arrays.stream(pt[i]).anyMatch(v -> v > 0.01 && v < 0.99) ? 1 : 0;
        }
        return soft;
    }

    @Test
    void randomTablesGiveTribuosLabelsAndProbabilities() {
        Random r = new Random(28);
        String[][] labelSets = {{"a", "b"}, {"W", "N1", "N2", "N3", "REM"}, {"p", "q", "r"},
            {"class10", "class2", "Z", "y", "m", "m2", "0"}};
        int[] sizes = {2, 3, 9, 40, 300, 1500};
        double[] separations = {0.0, 0.3, 1.0, 8.0};
        int soft = 0;
        int trials = 0;
        for (int d = 1; d <= 21; d++) {
            int n = sizes[d % sizes.length];
            String[] labels = labelSets[d % labelSets.length];
            if (n < labels.length) {
                n = labels.length;
            }
            double separation = separations[d % separations.length];
            boolean constant = d % 3 == 0;
            FeatureTable train = table(r, n, d, labels, separation, constant);
            FeatureTable test = table(r, 200, d, labels, separation, constant);
            String what = "d " + d + ": " + n + " rows, " + labels.length + " classes, separation " + separation
                    + (constant ? ", constant column" : "");
            soft += assertSamePredictions(train, test.matrix(), what);
            trials++;
        }
        assertEquals(21, trials);
        // probabilities strictly between 0 and 1 on many rows: the comparison is not only of saturated scores
        assertTrue(soft > 1000, "rows with a probability in (0.01, 0.99): " + soft);
    }

    @Test
    void separableAndTinyTablesGiveTribuosPredictions() {
        ReferenceTables.assertSeparableAndTinyTables(LogRegFastAgainstTribuoTest::assertSamePredictions);
    }

    @Test
    void nonFiniteValuesAndNoFeaturesBehaveAsTribuo() {
        ReferenceTables.assertNonFiniteValuesBehaveAs(Classifiers::tribuoLogreg, "logreg");
    }

    @Test
    void theShippedLogregOnSleepEdfFeaturesGivesTribuosLabelsAndProbabilities() {
        // train: every second epoch of all subjects but one; test: that subject's epochs
        SleepEdfSplit split = SleepEdfSplit.leaveFirstSubjectOut(2, 8000);
        FeatureTable trainTable = split.train();
        FeatureTable testTable = split.test();
        int soft = assertSamePredictions(trainTable, testTable.matrix(), "sleep-edf, " + trainTable.size() + " train rows");
        assertTrue(soft > testTable.size() / 4, "rows with a probability in (0.01, 0.99): " + soft);
        // two classes of the same rows: the binary path (one weight vector, the complement probability)
        assertSamePredictions(SleepEdfSplit.wakeAgainstSleep(trainTable), testTable.matrix(), "sleep-edf, W against sleep");
    }
}
