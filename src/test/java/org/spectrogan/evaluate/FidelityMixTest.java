package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/**
 * Label fidelity against real held-out rows at the same class mix, on a sleep-edf-like case computed by hand: the
 * held-out rows are mostly wake (recognised every time), the GAN's rows only of the rare stages. A stand-in
 * classifier predicts the class whose index the row's first feature holds, so every prediction is set by the test.
 */
class FidelityMixTest {
    static final List<String> CLASSES = List.of("N1", "N2", "N3", "REM", "W");

    /** Predicts {@code CLASSES.get((int) row[0])}. */
    static final Classifier BY_FIRST_FEATURE = new Classifier() {
        @Override
        public String name() {
            return "by-first-feature";
        }

        @Override
        public String description() {
            return "the class whose index is the first feature";
        }

        @Override
        public Fitted fit(FeatureTable train, long seed) {
            return new Fitted() {
                @Override
                public List<String> classes() {
                    return CLASSES;
                }

                @Override
                public String[] predict(double[][] rows) {
                    String[] out = new String[rows.length];
                    for (int i = 0; i < rows.length; i++) {
                        out[i] = CLASSES.get((int) rows[i][0]);
                    }
                    return out;
                }

                @Override
                public double[][] predictProba(double[][] rows) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    };

    /** {@code right} rows of {@code label} predicted right, {@code rows - right} predicted as {@code wrongAs}. */
    static void add(List<FeatureTable.Row> out, String label, int rows, int right, String wrongAs, SplittableRandom rnd) {
        for (int i = 0; i < rows; i++) {
            double predicted = CLASSES.indexOf(i < right ? label : wrongAs);
            out.add(new FeatureTable.Row(label, "g" + (i % 5), FeatureTable.REAL, 0, new double[] {predicted, rnd.nextGaussian()}));
        }
    }

    static FeatureTable table(List<FeatureTable.Row> rows) {
        return new FeatureTable(List.of("f0", "f1"), rows);
    }

    @Test
    void theRealReferenceIsTheHeldOutRecallWeightedByTheSyntheticClassCounts() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<FeatureTable.Row> train = new ArrayList<>();
        for (String c : CLASSES) {
            add(train, c, 20, 20, c, rnd);
        }
        // held out: W 68 of 68 right, N1 3 of 10, N3 9 of 12, REM 6 of 10 (no N2): accuracy 86 / 100
        List<FeatureTable.Row> held = new ArrayList<>();
        add(held, "W", 68, 68, "N1", rnd);
        add(held, "N1", 10, 3, "W", rnd);
        add(held, "N3", 12, 9, "W", rnd);
        add(held, "REM", 10, 6, "W", rnd);
        // synthetic: N1 20 of 40 right, N3 24 of 30, REM 21 of 30, and N2 10 of 10 (a class without held-out rows)
        List<FeatureTable.Row> syn = new ArrayList<>();
        add(syn, "N1", 40, 20, "W", rnd);
        add(syn, "N3", 30, 24, "W", rnd);
        add(syn, "REM", 30, 21, "W", rnd);
        add(syn, "N2", 10, 10, "W", rnd);
        Fidelity.Comparison c = Fidelity.compare(table(train), table(held), table(syn), BY_FIRST_FEATURE, 1);

        assertEquals(86.0 / 100, c.heldOutAccuracy(), 1e-12);
        assertEquals(75.0 / 110, c.labelFidelity(), 1e-12);
        // at the synthetic mix over the classes with held-out rows (N1 40, N3 30, REM 30):
        // (40 * 3/10 + 30 * 9/12 + 30 * 6/10) / 100 = (12 + 22.5 + 18) / 100
        assertEquals(0.525, c.heldOutAccuracyAtSyntheticMix(), 1e-12);
        assertEquals(65.0 / 100, Fidelity.labelFidelityAtMix(c.recognition()), 1e-12);

        Fidelity.ClassRecognition n1 = c.recognition().stream().filter(r -> r.label().equals("N1")).findFirst().orElseThrow();
        assertEquals(40, n1.syntheticRows());
        assertEquals(10, n1.heldOutRows());
        assertEquals(0.5, n1.labelFidelity(), 1e-12);
        assertEquals(0.3, n1.heldOutRecall(), 1e-12);
        Fidelity.ClassRecognition w = c.recognition().stream().filter(r -> r.label().equals("W")).findFirst().orElseThrow();
        assertEquals(0, w.syntheticRows());
        assertEquals(1.0, w.heldOutRecall(), 1e-12);
        assertTrue(Double.isNaN(w.labelFidelity()));

        // the table: 65% of the GAN's rows recognised against 52.5% of real rows at that mix is met (against the
        // overall 86% it would not be), and the per-class figures are listed
        QualityTable.Input in = new QualityTable.Input("sleep-like", "by-first-feature", "hand", "real test rows", c,
                List.of(), List.of(), "none", 0, List.of());
        QualityTable.Row row = QualityTable.row(in);
        assertEquals(0.65, row.labelFidelity(), 1e-12);
        assertEquals(0.525, row.heldOutAccuracy(), 1e-12);
        assertEquals(QualityTable.Mark.MET, row.fidelity());
        String md = QualityTable.markdown(List.of(row), "t");
        assertTrue(md.contains("| 65.0% / 52.5% (real test rows): met |"), md);
        assertTrue(md.contains("- sleep-like: N1 50.0% of 40 / 30.0% of 10; N2 100.0% of 10 / no rows; N3 80.0% of 30 / 75.0% of 12; "
                + "REM 70.0% of 30 / 60.0% of 10\n"), md);
        assertTrue(md.contains("class mix"), md);
    }

    @Test
    void atTheSameMixTheReferenceIsTheHeldOutAccuracy() {
        // synthetic rows in the held-out rows' proportions: the weighted recall is the plain accuracy
        List<Fidelity.ClassRecognition> r = List.of(new Fidelity.ClassRecognition("a", 30, 60, 0.5, 0.9),
                new Fidelity.ClassRecognition("b", 10, 20, 0.2, 0.4));
        assertEquals((60 * 0.9 + 20 * 0.4) / 80, Fidelity.accuracyAtMix(r), 1e-12);
        assertEquals((30 * 0.5 + 10 * 0.2) / 40, Fidelity.labelFidelityAtMix(r), 1e-12);
        assertTrue(Double.isNaN(Fidelity.accuracyAtMix(List.of(new Fidelity.ClassRecognition("a", 0, 5, Double.NaN, 1)))));
    }
}
