package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectrogan.evaluate.QualityTable.Cell;
import org.spectrogan.evaluate.QualityTable.Mark;

/**
 * The table's figures and marks on a fake pipeline whose per-trial gains are given: every figure is recomputed
 * here from the raw trial values (means, t-intervals via the t quantile, ratios), not read back from the table.
 */
class QualityTableTest {
    /** Per-trial gains (shares) of five repeats. */
    static Summary gains(double... v) {
        return Summary.of(v, -1, 1);
    }

    static double mean(double... v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** The lower end of the 95% t-interval of the mean, computed here. */
    static double lower(double... v) {
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        double sd = Math.sqrt(ss / (v.length - 1));
        // t(0.975, 4) = 2.7764451051977987
        return m - 2.7764451051977987 * sd / Math.sqrt(v.length);
    }

    static Fidelity.Comparison fidelity(double labelFidelity, double heldOut, double tstr, double trtr) {
        // one class, so the figures at the GAN rows' class mix are the plain ones
        return new Fidelity.Comparison("logreg", labelFidelity, labelFidelity, heldOut, heldOut, tstr, trtr, tstr / trtr,
                List.of(), new Fidelity.Memorisation(1, 1, 1, 0), heldOut,
                List.of(new Fidelity.ClassRecognition("a", 100, 50, labelFidelity, heldOut)));
    }

    // a ceiling of +5.5 points, clearly above zero at 25%; +2 points at 50% (not eligible)
    static final double[] CEIL25 = {0.045, 0.055, 0.065, 0.05, 0.06};
    static final double[] CEIL50 = {0.01, 0.03, 0.02, 0.015, 0.025};
    static final double[] GAN25 = {0.02, 0.04, 0.03, 0.035, 0.025};
    static final double[] GAN50 = {0.0, 0.01, -0.01, 0.005, 0.0};
    static final double[] GAUSS25 = {0.01, 0.02, 0.0, 0.015, 0.005};
    static final double[] MIXUP25 = {0.04, 0.05, 0.03, 0.045, 0.035};

    static QualityTable.Input input(Fidelity.Comparison f, List<QualityTable.WrittenEffect> written, int writtenRows,
                                    double[] mixup25) {
        List<Cell> g = new ArrayList<>();
        g.add(new Cell("cwgan", "25%", 0.25, gains(GAN25)));
        g.add(new Cell("gaussian", "25%", 0.25, gains(GAUSS25)));
        g.add(new Cell("mixup", "25%", 0.25, gains(mixup25)));
        g.add(new Cell("cwgan", "50%", 0.5, gains(GAN50)));
        g.add(new Cell("gaussian", "50%", 0.5, gains(0.3, 0.3, 0.31, 0.3, 0.3)));
        List<Cell> c = List.of(new Cell("ceiling", "25%", 0.25, gains(CEIL25)), new Cell("ceiling", "50%", 0.5, gains(CEIL50)));
        return new QualityTable.Input("fake", "logreg", "5 repeats", "real test rows", f, g, c, null, writtenRows, written);
    }

    @Test
    void figuresAndMarksFollowFromTheTrialValues() {
        double tstr = 0.60;
        double trtr = 0.80;
        QualityTable.Row r = QualityTable.row(input(fidelity(0.71, 0.74, tstr, trtr), List.of(), 0, MIXUP25));
        // label fidelity 71% below the real held-out 74%: not met
        assertEquals(0.71, r.labelFidelity(), 0);
        assertEquals(Mark.NOT_MET, r.fidelity());
        // 0.60 / 0.80 = 0.75 < 0.8
        assertEquals(0.75, r.tstrOverTrtr(), 1e-12);
        assertEquals(Mark.NOT_MET, r.tstr());
        // the best simple augmenter at 25% is mixup (mean 4.0 points) above the GAN's 3.0: not met; 50%'s huge
        // gaussian gain is at another fraction and must not count
        assertEquals("25%", r.gainAt());
        assertEquals("mixup", r.bestSimple());
        assertEquals(mean(MIXUP25), r.bestSimpleGain().mean(), 1e-15);
        assertEquals(mean(GAN25), r.ganGain().mean(), 1e-15);
        assertEquals(Mark.NOT_MET, r.gain());
        // ceiling 25%: mean 5.5 points, interval above zero: eligible; capture = 3 / 5.5 = 55% -> met (>= 50%)
        QualityTable.Capture c25 = r.ceiling().get(0);
        assertTrue(lower(CEIL25) > 0);
        assertEquals(lower(CEIL25), c25.ceiling().lower(), 1e-12);
        assertTrue(c25.eligible());
        assertEquals(mean(GAN25) / mean(CEIL25), c25.capture(), 1e-12);
        assertEquals(0.03 / 0.055, c25.capture(), 1e-12);
        // ceiling 50%: 2 points, below the 3-point bar: not eligible, whatever the GAN does there
        QualityTable.Capture c50 = r.ceiling().get(1);
        assertFalse(c50.eligible());
        assertTrue(Double.isNaN(c50.capture()));
        assertEquals(Mark.MET, r.capture());
        // no synthetic rows written: exactly real only, met
        assertNull(r.worstWritten());
        assertEquals(Mark.MET, r.noHarm());

        String md = QualityTable.markdown(List.of(r), "t");
        assertTrue(md.contains("| fake (logreg) | 5 repeats | 71.0% / 74.0% (real test rows): NOT met | 0.75 (60.0% / 80.0%): NOT met"
                + " | at 25%: GAN +3.0 [+2.0, +4.0] vs mixup +4.0 [+3.0, +5.0]: NOT met"
                + " | 25% +5.5 [+4.5, +6.5], GAN +3.0 [+2.0, +4.0] = 55%; 50% +2.0 [+1.0, +3.0]: met | 0 (real only): met |"), md);
        assertTrue(md.contains("- GAN gain at 25% >= the best simple augmenter's: 0 of 1 (target: a majority; NOT met)"), md);
    }

    @Test
    void aCaptureBelowHalfAHarmfulWrittenDatasetAndAGanAheadOfTheSimpleOnes() {
        double[] weakMixup = {0.0, 0.01, -0.01, 0.005, -0.005};
        double[] harm = {-0.03, -0.02, -0.04, -0.025, -0.035};
        double[] fine = {-0.03, 0.02, -0.01, 0.0, 0.01};
        List<QualityTable.WrittenEffect> w = List.of(new QualityTable.WrittenEffect("logreg", gains(fine),
                        new TestGroupEffect("logreg", 100 * mean(fine), -2.5, +1.8, 20, 5, 1000, 1)),
                new QualityTable.WrittenEffect("svm", gains(harm), new TestGroupEffect("svm", 100 * mean(harm), -4.5, -1.5, 20, 5, 1000, 1)));
        QualityTable.Input in = input(fidelity(0.80, 0.74, 0.7, 0.8), w, 40, weakMixup);
        // the GAN's 25% gain replaced by one below half the ceiling: 2 points of 5.5
        List<Cell> g = new ArrayList<>(in.gains());
        double[] gan = {0.01, 0.03, 0.02, 0.025, 0.015};
        g.set(0, new Cell("cwgan", "25%", 0.25, gains(gan)));
        QualityTable.Input in2 = new QualityTable.Input(in.pipeline(), in.classifier(), in.budget(), in.heldOut(),
                in.ganFidelity(), g, in.ceiling(), null, in.writtenSyntheticRows(), in.written());
        QualityTable.Row r = QualityTable.row(in2);
        assertEquals(Mark.MET, r.fidelity());
        assertEquals(Mark.MET, r.tstr(), "0.7 / 0.8 = 0.875");
        // GAN 2.0 points against gaussian's 1.0 (weak mixup 0.0): met
        assertEquals("gaussian", r.bestSimple());
        assertEquals(Mark.MET, r.gain());
        assertEquals(mean(gan) / mean(CEIL25), r.ceiling().get(0).capture(), 1e-12);
        assertEquals(Mark.NOT_MET, r.capture());
        // svm's resampled-groups interval lies below zero: harmed, and it is the worst effect shown
        assertTrue(r.writtenHarmed());
        assertEquals("svm", r.worstWritten().classifier());
        assertEquals(mean(harm), r.worstWritten().gain().mean(), 1e-15);
        assertEquals(Mark.NOT_MET, r.noHarm());
        // a logreg-only effect whose interval crosses zero is not harm
        QualityTable.Input in3 = new QualityTable.Input("x", "logreg", "b", "h", in.ganFidelity(), g, in.ceiling(), null, 40,
                List.of(new QualityTable.WrittenEffect("logreg", gains(fine), new TestGroupEffect("logreg", 100 * mean(fine), -2.5, +1.8, 20, 5, 1000, 1))));
        assertEquals(Mark.MET, QualityTable.row(in3).noHarm());
        // the definition: below zero on the fixed test groups but not once they are resampled is not harm; the reverse is
        QualityTable.Input fixedOnly = new QualityTable.Input("x", "logreg", "b", "h", in.ganFidelity(), g, in.ceiling(), null, 40,
                List.of(new QualityTable.WrittenEffect("logreg", gains(harm), new TestGroupEffect("logreg", 100 * mean(harm), -6.0, +0.5, 20, 5, 1000, 1))));
        assertTrue(gains(harm).belowZero());
        assertEquals(Mark.MET, QualityTable.row(fixedOnly).noHarm());
        QualityTable.Input resampledOnly = new QualityTable.Input("x", "logreg", "b", "h", in.ganFidelity(), g, in.ceiling(), null, 40,
                List.of(new QualityTable.WrittenEffect("logreg", gains(fine), new TestGroupEffect("logreg", 100 * mean(fine), -1.0, -0.2, 20, 5, 1000, 1))));
        assertFalse(gains(fine).belowZero());
        assertEquals(Mark.NOT_MET, QualityTable.row(resampledOnly).noHarm());

        String md = QualityTable.markdown(List.of(r, QualityTable.row(in3)), "t");
        assertTrue(md.contains("40, svm -3.0 [-4.5, -1.5] over 20 resampled test groups (fixed test groups -3.0 [-4.0, -2.0])"
                + " (the lowest of 2 classifiers): NOT met |"), md);
        assertTrue(md.contains("- written dataset never lowers test balanced accuracy with the interval below zero (test groups resampled): 1 of 2"), md);
        assertTrue(md.contains("- GAN gain at 25% >= the best simple augmenter's: 2 of 2 (target: a majority; met)"), md);
    }

    @Test
    void withoutGanRowsOrCeilingTheTargetsAreNotMeasured() {
        List<Cell> g = List.of(new Cell("gaussian", "5 of 20 participants", 0.25, gains(GAUSS25)),
                new Cell("cwgan", "10 of 20 participants", 0.5, gains(GAN25)));
        QualityTable.Row r = QualityTable.row(new QualityTable.Input("erp", "logreg", "b", "h", null, g, List.of(),
                "the averaged protocol holds back no real participants", 0, List.of()));
        assertEquals(Mark.NOT_MEASURED, r.fidelity());
        assertEquals(Mark.NOT_MEASURED, r.tstr());
        assertEquals("5 of 20 participants", r.gainAt());
        assertEquals(Mark.NOT_MEASURED, r.gain(), "no GAN gain at the 25% point");
        assertEquals(Mark.NOT_MEASURED, r.capture());
        String md = QualityTable.markdown(List.of(r), "t");
        assertTrue(md.contains("the averaged protocol holds back no real participants (n/a)"), md);
        assertTrue(md.contains("- label fidelity of the GAN's rows >= real held-out accuracy at their class mix: 0 of 0"), md);
    }
}
