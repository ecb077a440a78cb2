package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Intervals and verdicts against independent references: t quantiles and a t-test p-value computed with
 * scipy 1.17.1 (scipy.stats.t.ppf, scipy.stats.ttest_1samp), Holm's procedure on the textbook example.
 */
class IntervalsTest {
    @Test
    void tQuantilesMatchScipy() {
        // python3 -c "from scipy import stats; print(stats.t.ppf(0.975, df))"
        double[][] ref = {{2, 4.302652729749462}, {3, 3.1824463052837078}, {4, 2.7764451051977934},
            {5, 2.5705818356363146}, {9, 2.262157162798205}, {19, 2.0930240544083087}, {29, 2.045229642132703},
            {99, 1.9842169515864174}};
        for (double[] r : ref) {
            assertEquals(r[1], StudentT.quantile(0.975, r[0]), 1e-9, "df " + r[0]);
            assertEquals(-r[1], StudentT.quantile(0.025, r[0]), 1e-9, "df " + r[0]);
        }
    }

    @Test
    void pValueMatchesScipyOneSampleTTest() {
        // scipy.stats.ttest_1samp([0.02,0.05,-0.01,0.04,0.03,0.06], 0): t = 3.1235807588017885, p = 0.02614624251160817
        Summary s = Summary.of(new double[] {0.02, 0.05, -0.01, 0.04, 0.03, 0.06});
        assertEquals(0.02614624251160817, s.pValueAgainstZero(), 1e-9);
        assertTrue(s.aboveZero(), "p < 0.05 and the 95% interval above zero go together: " + s);
    }

    @Test
    void holmOnTheTextbookExample() {
        // p = 0.01, 0.04, 0.03, 0.005 at alpha 0.05: sorted 0.005 <= 0.05/4 and 0.01 <= 0.05/3 are rejected,
        // 0.03 > 0.05/2 stops the procedure. Adjusted: 4*0.005 = 0.02, 3*0.01 = 0.03, max(0.03, 2*0.03) = 0.06,
        // max(0.06, 1*0.04) = 0.06.
        double[] adj = Verdict.holm(new double[] {0.01, 0.04, 0.03, 0.005});
        assertEquals(0.03, adj[0], 1e-15);
        assertEquals(0.06, adj[1], 1e-15);
        assertEquals(0.06, adj[2], 1e-15);
        assertEquals(0.02, adj[3], 1e-15);
        // cases without a test stay out of the family (m = 2 here) and keep NaN
        double[] withGap = Verdict.holm(new double[] {0.02, Double.NaN, 0.04});
        assertEquals(0.04, withGap[0], 1e-15);
        assertTrue(Double.isNaN(withGap[1]));
        assertEquals(0.04, withGap[2], 1e-15);
        assertEquals(1.0, Verdict.holm(new double[] {0.9, 0.8})[0], 0, "adjusted p-values are capped at 1");
    }

    @Test
    void fewerThanFiveTrialsGiveNoIntervalAndNoVerdict() {
        // the --quick case: two trials, t(0.975, 1) = 12.7 would make the interval span more than the metric
        Summary s = Summary.of(new double[] {-0.05, -0.15}, -1, 1);
        assertFalse(s.hasInterval());
        assertTrue(s.noInterval().startsWith("too few trials for an interval (2; 5 needed)"), s.noInterval());
        assertTrue(s.pointsText().contains("too few trials for an interval"), s.pointsText());
        Verdict v = Verdict.of(List.of(gain("logreg", new double[] {0.5, 0.6, 0.55, 0.52}, new double[] {0.7, 0.8, 0.76, 0.74})),
                List.of(), Metric.ACCURACY);
        assertEquals(1, v.unclear());
        assertTrue(v.cases().get(0).sentence().contains("too few trials for an interval (4; 5 needed)"), v.cases().get(0).sentence());
    }

    @Test
    void intervalsAreClippedToTheMetricsRange() {
        // accuracies near 100% with spread: the raw t-interval would pass 1.0
        double[] acc = {1.0, 1.0, 1.0, 0.9, 1.0};
        double mean = 0.98;
        double sd = Math.sqrt((4 * 0.02 * 0.02 + 0.08 * 0.08) / 4);
        double half = 2.7764451051977934 * sd / Math.sqrt(5);
        Summary s = Summary.of(acc, 0, 1);
        assertTrue(mean + half > 1, "the raw interval leaves the range");
        assertEquals(1.0, s.upper(), 0);
        assertEquals(mean - half, s.lower(), 1e-12);
        assertTrue(s.clipped());
        assertTrue(s.percentText().endsWith("(clipped)"), s.percentText());
        assertTrue(s.pointsIntervalSentence().contains("clipped to the metric's range"));
        // gains within [-1, 1]
        Summary g = Summary.of(new double[] {-1, -1, -1, -1, 0.6}, -1, 1);
        assertEquals(-1, g.lower(), 0);
        assertTrue(g.clipped());
        assertFalse(Summary.of(new double[] {0.5, 0.6, 0.55, 0.52, 0.58}, 0, 1).clipped());
    }

    @Test
    void aConstantBaselineGivesNoGainIntervalAndNoHelpedVerdict() {
        // the svm-at-100% case: all real rows in every trial, a deterministic classifier: real only is 63.0% in
        // every trial and the gain varies only through the synthetic draw
        double[] real = {0.63, 0.63, 0.63, 0.63, 0.63};
        double[] aug = {0.68, 0.69, 0.70, 0.67, 0.70};
        GainEvaluation.ClassifierGain g = gain("svm", real, aug);
        Summary s = g.gain().get(Metric.ACCURACY);
        assertFalse(s.hasInterval(), s.toString());
        assertTrue(s.noInterval().startsWith("the baseline was the same in every trial"), s.noInterval());
        LowDataSweep.Point at100 = new LowDataSweep.Point(1.0, 100, 50, List.of(g));
        Verdict sweepOnly = Verdict.of(List.of(), List.of(at100), Metric.ACCURACY);
        assertEquals(0, sweepOnly.helped());
        assertEquals(1, sweepOnly.unclear());
        // with a full-data evaluation too, the sweep's 100% point is not judged a second time: one case, the
        // full-data one (whose trials redraw the real rows)
        GainEvaluation.ClassifierGain full = gain("svm", new double[] {0.60, 0.66, 0.62, 0.64, 0.61},
                new double[] {0.59, 0.68, 0.60, 0.63, 0.62});
        Verdict both = Verdict.of(List.of(full), List.of(at100), Metric.ACCURACY);
        assertEquals(1, both.cases().size());
        assertEquals(full.gain().get(Metric.ACCURACY).mean() * 100, both.cases().get(0).gainPoints(), 1e-12);
    }

    @Test
    void holmTurnsAMarginalCaseUnclearAndSaysSo() {
        // one case with p ~ 0.026 is "helped" alone; among three cases (the others null) Holm needs p <= 0.05/3
        double[] real = {0.50, 0.50, 0.51, 0.49, 0.50, 0.52};
        double[] aug = {0.52, 0.55, 0.50, 0.53, 0.53, 0.58};
        GainEvaluation.ClassifierGain marginal = gain("logreg", real, aug);
        double p = marginal.gain().get(Metric.ACCURACY).pValueAgainstZero();
        assertEquals(0.02614624251160817, p, 1e-9, "the same differences as the scipy example");
        assertEquals(1, Verdict.of(List.of(marginal), List.of(), Metric.ACCURACY).helped());
        GainEvaluation.ClassifierGain nullA = gain("svm", real, new double[] {0.51, 0.49, 0.52, 0.48, 0.51, 0.51});
        GainEvaluation.ClassifierGain nullB = gain("tree", real, new double[] {0.49, 0.51, 0.50, 0.50, 0.49, 0.53});
        Verdict v = Verdict.of(List.of(marginal, nullA, nullB), List.of(), Metric.ACCURACY);
        assertEquals(0, v.helped());
        Verdict.Case c = v.cases().get(0);
        assertEquals(Verdict.UNCLEAR, c.outcome());
        assertTrue(c.sentence().contains("not after Holm's correction"), c.sentence());
        assertTrue(v.correction().contains("3 cases were tested at once: Holm's correction"), v.correction());
        assertTrue(v.headline().contains("Holm-corrected over 3 cases"), v.headline());
    }

    /** A classifier gain from per-trial scores of one metric (the same values for all three metrics). */
    static GainEvaluation.ClassifierGain gain(String name, double[] real, double[] aug) {
        double[][] r = {real, real, real};
        double[][] a = {aug, aug, aug};
        return new GainEvaluation.ClassifierGain(name, name, real.length, MetricSummaries.of(r), MetricSummaries.of(a),
                null, MetricSummaries.pairedDifference(r, a), null);
    }
}
