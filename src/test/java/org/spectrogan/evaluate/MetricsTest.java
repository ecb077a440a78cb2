package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Confusion-matrix metrics, t quantiles and intervals against values computed by hand. */
class MetricsTest {
    // truth a a a a b b c c c c ; predicted a a a b b c c c a b
    private static final String[] TRUTH = {"a", "a", "a", "a", "b", "b", "c", "c", "c", "c"};
    private static final String[] PRED = {"a", "a", "a", "b", "b", "c", "c", "c", "a", "b"};

    @Test
    void confusionMatrixCountsAndMetricsMatchHandComputation() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUTH, PRED);
        assertEquals(List.of("a", "b", "c"), cm.classes());
        assertEquals(3, cm.count("a", "a"));
        assertEquals(1, cm.count("a", "b"));
        assertEquals(1, cm.count("b", "c"));
        assertEquals(1, cm.count("c", "a"));
        assertEquals(10, cm.total());
        // correct: 3 + 1 + 2 = 6
        assertEquals(0.6, cm.accuracy(), 1e-12);
        // recalls 3/4, 1/2, 2/4
        assertArrayEquals(new double[] {0.75, 0.5, 0.5}, cm.recalls(), 1e-12);
        assertEquals((0.75 + 0.5 + 0.5) / 3, cm.balancedAccuracy(), 1e-12);
        // precision a = 3/4, b = 1/3, c = 2/3; F1 = 2tp/(support+predicted): a 6/8, b 2/5, c 4/7
        assertArrayEquals(new double[] {0.75, 0.4, 4.0 / 7}, cm.f1s(), 1e-12);
        assertEquals((0.75 + 0.4 + 4.0 / 7) / 3, cm.macroF1(), 1e-12);
        assertEquals(cm.macroF1(), Metric.MACRO_F1.of(cm), 0);
    }

    @Test
    void predictedClassAbsentFromTruthCountsInMacroF1ButNotInBalancedAccuracy() {
        ConfusionMatrix cm = ConfusionMatrix.of(new String[] {"a", "a", "b", "b"}, new String[] {"a", "x", "b", "b"});
        assertEquals(List.of("a", "b", "x"), cm.classes());
        assertEquals((0.5 + 1.0) / 2, cm.balancedAccuracy(), 1e-12);
        // F1: a = 2/(2+1) , b = 4/4 = 1, x = 0 (like scikit-learn with zero_division=0)
        assertEquals((2.0 / 3 + 1 + 0) / 3, cm.macroF1(), 1e-12);
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new String[] {"a"}, new String[] {}));
    }

    @Test
    void studentTQuantilesMatchTables() {
        // two-sided 95% critical values from standard t tables
        assertEquals(12.706205, StudentT.quantile(0.975, 1), 1e-5);
        assertEquals(4.302653, StudentT.quantile(0.975, 2), 1e-6);
        assertEquals(2.776445, StudentT.quantile(0.975, 4), 1e-6);
        assertEquals(2.228139, StudentT.quantile(0.975, 10), 1e-6);
        assertEquals(2.042272, StudentT.quantile(0.975, 30), 1e-6);
        assertEquals(1.959964, StudentT.quantile(0.975, 1e7), 1e-5);
        assertEquals(-2.776445, StudentT.quantile(0.025, 4), 1e-6);
        // df = 1 is the Cauchy distribution: P(T <= 1) = 3/4
        assertEquals(0.75, StudentT.cdf(1.0, 1), 1e-12);
        assertEquals(0.5, StudentT.cdf(0.0, 7), 1e-15);
    }

    @Test
    void summaryIsMeanPlusMinusTTimesStandardError() {
        Summary s = Summary.of(new double[] {1, 2, 3, 4, 5});
        assertEquals(3.0, s.mean(), 1e-12);
        double sd = Math.sqrt(2.5);
        assertEquals(sd, s.sd(), 1e-12);
        assertEquals(3 - 2.776445 * sd / Math.sqrt(5), s.lower(), 1e-6);
        assertEquals(3 + 2.776445 * sd / Math.sqrt(5), s.upper(), 1e-6);
        assertEquals(5, s.n());
        assertTrue(s.aboveZero());

        Summary one = Summary.of(new double[] {0.7});
        assertFalse(one.hasInterval());
        assertTrue(Double.isNaN(one.lower()) && Double.isNaN(one.upper()));
    }

    @Test
    void pairedDifferenceUsesTheDifferencesNotTheTwoIntervals() {
        // b is a plus 0.01 with small noise: the paired interval is narrow and above zero, although the two
        // samples overlap widely.
        double[] a = {0.50, 0.60, 0.70, 0.55, 0.65};
        double[] b = {0.515, 0.605, 0.71, 0.565, 0.655};
        Summary d = Summary.pairedDifference(a, b);
        double[] diffs = {0.015, 0.005, 0.01, 0.015, 0.005};
        double mean = 0.01;
        double ss = 0;
        for (double x : diffs) {
            ss += (x - mean) * (x - mean);
        }
        double half = 2.776445 * Math.sqrt(ss / 4) / Math.sqrt(5);
        assertEquals(mean, d.mean(), 1e-12);
        assertEquals(mean - half, d.lower(), 1e-6);
        assertTrue(d.aboveZero());
        assertFalse(Summary.of(a).upper() < Summary.of(b).lower(), "the unpaired intervals overlap");
    }
}
