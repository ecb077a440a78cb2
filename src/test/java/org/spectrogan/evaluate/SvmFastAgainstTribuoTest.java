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
 * The dense {@link SvmClassifier} against Tribuo's own LibLinear linear SVM ({@link Classifiers#tribuoSvm}, the
 * library the shipped svm used): the same labels and the same scores bit for bit (so the same weights and the same
 * random coordinate order), on Sleep-EDF's features and on random tables of 1-21 features, 2-7 classes in differing
 * first-appearance orders, constant columns, exact zeros, duplicated rows and separable classes.
 */
class SvmFastAgainstTribuoTest {
    /** Fits the dense solver made itself (not handed to Tribuo). */
    private static int denseFits;

    /** The most dual iterations any class's problem of {@code train} takes (300 = liblinear's switch to the primal solver). */
    private static int mostDualIterations(FeatureTable train) {
        LibLinearProblem p = LibLinearProblem.of(train);
        Random random = new Random(1);
        int most = 0;
        for (int c = 0; c < p.weightVectors(); c++) {
            most = Math.max(most, SvmClassifier.solve(p.x(), p.signs(c), new double[p.variables()], random));
        }
        return most;
    }

    /** Asserts the labels and raw bits of the scores agree; returns how many rows have a score in (0.01, 0.99). */
    private static int assertSamePredictions(FeatureTable train, double[][] test, String what) {
        Classifier.Fitted tribuo = Classifiers.tribuoSvm().fit(train, 1);
        Classifier.Fitted fast = Classifiers.byName("svm").fit(train, 1);
        assertEquals(tribuo.classes(), fast.classes(), what + ": classes");
        if (fast instanceof LibLinearFitted) {
            denseFits++;
        }
        assertArrayEquals(tribuo.predict(test), fast.predict(test), what + ": labels");
        double[][] pt = tribuo.predictProba(test);
        double[][] pf = fast.predictProba(test);
        int soft = 0;
        for (int i = 0; i < pt.length; i++) {
            for (int c = 0; c < pt[i].length; c++) {
                if (Double.doubleToRawLongBits(pt[i][c]) != Double.doubleToRawLongBits(pf[i][c])) {
                    throw new AssertionError(what + ": row " + i + " class " + c + " score " + pf[i][c]
                            + ", Tribuo gives " + pt[i][c]);
                }
            }
            soft += Arrays.stream(pt[i]).anyMatch(v -> v > 0.01 && v < 0.99) ? 1 : 0;
        }
        return soft;
    }

    @Test
    void randomTablesGiveTribuosLabelsAndScores() {
        denseFits = 0;
        Random r = new Random(28);
        String[][] labelSets = {{"a", "b"}, {"W", "N1", "N2", "N3", "REM"}, {"p", "q", "r"},
            {"class10", "class2", "Z", "y", "m", "m2", "0"}};
        int[] sizes = {2, 3, 9, 40, 300, 1500};
        double[] separations = {0.0, 0.3, 1.0, 8.0};
        int soft = 0;
        int trials = 0;
        int converged = 0;
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
            converged += mostDualIterations(train) < SvmClassifier.DUAL_MAX_ITERATIONS ? 1 : 0;
        }
        assertEquals(21, trials);
        assertEquals(21, denseFits, "fits made by the dense solver");
        // the dual converging here (Sleep-EDF's problems take the switch to the primal solver)
        assertEquals(21, converged, "tables whose dual converged");
        // scores strictly between 0 and 1 on many rows: the comparison is not only of saturated scores
        assertTrue(soft > 1000, "rows with a score in (0.01, 0.99): " + soft);
    }

    @Test
    void separableAndTinyTablesGiveTribuosPredictions() {
        ReferenceTables.assertSeparableAndTinyTables(SvmFastAgainstTribuoTest::assertSamePredictions);
    }

    @Test
    void nonFiniteValuesAndNoFeaturesBehaveAsTribuo() {
        ReferenceTables.assertNonFiniteValuesBehaveAs(Classifiers::tribuoSvm, "svm");
    }

    @Test
    void theShippedSvmOnSleepEdfFeaturesGivesTribuosLabelsAndScores() {
        // train: every second epoch of all subjects but one; test: that subject's epochs
        SleepEdfSplit split = SleepEdfSplit.leaveFirstSubjectOut(2, 8000);
        FeatureTable trainTable = split.train();
        FeatureTable testTable = split.test();
        denseFits = 0;
        int soft = assertSamePredictions(trainTable, testTable.matrix(), "sleep-edf, " + trainTable.size() + " train rows");
        assertEquals(1, denseFits, "the dense solver fitted Sleep-EDF");
        assertEquals(SvmClassifier.DUAL_MAX_ITERATIONS, mostDualIterations(trainTable), "Sleep-EDF takes the primal path");
        assertTrue(soft > testTable.size() / 4, "rows with a score in (0.01, 0.99): " + soft);
        // two classes of the same rows: the binary path (one weight vector, the negated second score)
        assertSamePredictions(SleepEdfSplit.wakeAgainstSleep(trainTable), testTable.matrix(), "sleep-edf, W against sleep");
    }
}
