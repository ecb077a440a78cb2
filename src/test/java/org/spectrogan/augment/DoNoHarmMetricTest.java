package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spectrogan.augment.augmenters.Augmenter;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.evaluate.ConfusionMatrix;
import org.spectrogan.evaluate.GroupBootstrap;
import org.spectrogan.evaluate.ReportedMetric;
import org.spectrogan.evaluate.ScriptedClassifier;
import org.spectrogan.features.FeatureTable;

/**
 * h13i: the do-no-harm check judged on a configured metric. Six speakers, each with 2 rows of the rare class A and
 * 10 each of B and C; a scripted judge whose predictions depend only on the row and on whether it was trained with
 * synthetic rows, so every confusion matrix, and so every balanced accuracy and macro-F1, is known by hand. Every
 * speaker is alike, so every bootstrap resample has the pooled gain and the bound equals it.
 */
class DoNoHarmMetricTest {
    static final int SPEAKERS = 6;
    static final List<String> CLASSES = List.of("A", "B", "C");

    /** f0 = class index (0 A, 1 B, 2 C), f1 = row number within speaker and class. */
    static FeatureTable layout() {
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int s = 0; s < SPEAKERS; s++) {
            for (int c = 0; c < 3; c++) {
                int per = c == 0 ? 2 : 10;
                for (int i = 0; i < per; i++) {
                    rows.add(new FeatureTable.Row(CLASSES.get(c), "speaker" + s, FeatureTable.REAL, i, new double[] {c, i}));
                }
            }
        }
        return new FeatureTable(List.of("f0", "f1"), rows);
    }

    /** Copies of the class's first training row, marked synthetic. */
    record Copies() implements Augmenter {
        @Override
        public String name() {
            return "copies";
        }

        @Override
        public String description() {
            return "copies of a training row";
        }

        @Override
        public FeatureTable synthesize(FeatureTable train, Map<String, Integer> rowsPerClass, long seed) {
            List<FeatureTable.Row> out = new ArrayList<>();
            for (var e : rowsPerClass.entrySet()) {
                FeatureTable.Row first = train.rows().stream().filter(r -> r.label().equals(e.getKey())).findFirst().orElseThrow();
                for (int i = 0; i < e.getValue(); i++) {
                    out.add(new FeatureTable.Row(e.getKey(), "synthetic", FeatureTable.SYNTHETIC, 0, first.values().clone()));
                }
            }
            return new FeatureTable(train.featureNames(), out);
        }
    }

    /** The predicted class index of row (class c, row number i), without and with synthetic rows in training. */
    interface Script {
        int predict(int c, int i, boolean synthetic);
    }

    static Classifier scripted(Script script) {
        return new ScriptedClassifier("scripted", null, (train, seed) -> {
            boolean synthetic = ScriptedClassifier.hasSynthetic(train);
            return row -> CLASSES.get(script.predict((int) row[0], (int) row[1], synthetic));
        });
    }

    /**
     * Case 1 (the rows buy rare-class recall with the common class's): real only calls A rows B; with the rows, A
     * rows are A and 8 of every 10 B rows are A too. Per speaker, real only: A [0, 2, 0], B [0, 10, 0], C [0, 0,
     * 10]; with: A [2, 0, 0], B [8, 2, 0], C [0, 0, 10].
     */
    static int rareRecallForCommon(int c, int i, boolean synthetic) {
        if (!synthetic) {
            return c == 0 ? 1 : c;
        }
        return c == 1 && i < 8 ? 0 : c;
    }

    /**
     * Case 2 (the rows make precision, not recall): real only calls A rows A and 5 of 10 B rows A; with the rows, one
     * of the 2 A rows is called B and every B row is B. Real only: A [2, 0, 0], B [5, 5, 0]; with: A [1, 1, 0], B
     * [0, 10, 0]; C right in both.
     */
    static int precisionNotRecall(int c, int i, boolean synthetic) {
        if (!synthetic) {
            return c == 1 && i < 5 ? 0 : c;
        }
        return c == 0 && i == 1 ? 1 : c;
    }

    static DoNoHarm.GroupDecision check(Script script, String metric) {
        return DoNoHarm.groupCheck()
                .setJudge(scripted(script))
                .setPlan(counts -> Map.of("A", 4))
                .optFolds(3)
                .optRepeats(1)
                .optSeed(3)
                .optMetric(ReportedMetric.parse(metric))
                .build()
                .run(layout(), List.of(new DoNoHarm.Setting(new Copies(), 1.0)));
    }

    @Test
    void balancedAccuracyAdmitsRowsThatMacroF1Refuses() {
        // by hand: balanced accuracy (0 + 1 + 1) / 3 -> (1 + 0.2 + 1) / 3; macro-F1 (0 + 20/22 + 1) / 3 ->
        // (4/12 + 4/12 + 1) / 3 (F1 = 2 tp / (support + predicted))
        double balBase = 2.0 / 3;
        double balWith = 2.2 / 3;
        double f1Base = (20.0 / 22 + 1) / 3;
        double f1With = (4.0 / 12 + 4.0 / 12 + 1) / 3;
        DoNoHarm.GroupDecision bal = check(DoNoHarmMetricTest::rareRecallForCommon, "balancedAccuracy");
        assertEquals("balancedAccuracy", bal.metric());
        assertEquals(balBase, bal.baselineScore(), 1e-12);
        assertEquals(balWith, bal.trials().get(0).score(), 1e-12);
        assertEquals(100 * (balWith - balBase), bal.trials().get(0).gainPoints(), 1e-9);
        assertEquals(100 * (balWith - balBase), bal.trials().get(0).gainLowerPoints(), 1e-9, "every speaker alike");
        assertTrue(bal.admitted(), bal.summary());

        DoNoHarm.GroupDecision f1 = check(DoNoHarmMetricTest::rareRecallForCommon, "macroF1");
        assertEquals("macroF1", f1.metric());
        assertEquals(f1Base, f1.baselineScore(), 1e-12);
        assertEquals(f1With, f1.trials().get(0).score(), 1e-12);
        assertEquals(100 * (f1With - f1Base), f1.trials().get(0).gainPoints(), 1e-9);
        assertTrue(f1.trials().get(0).gainPoints() < -8, "macro-F1 falls by 8.1 points");
        for (double g : f1.trials().get(0).gainPointsByGroup().values()) {
            assertEquals(100 * (f1With - f1Base), g, 1e-9, "each speaker alike");
        }
        for (DoNoHarm.FoldTrial t : f1.trials().get(0).foldTrials()) {
            assertEquals(100 * (f1With - f1Base), t.gainPoints(), 1e-9, "each fold alike");
        }
        assertFalse(f1.admitted(), f1.summary());
        assertTrue(f1.summary().contains("pooled macro-F1"), f1.summary());

        // the recall of A alone: 0 -> 1
        DoNoHarm.GroupDecision a = check(DoNoHarmMetricTest::rareRecallForCommon, "recall:A");
        assertEquals(100.0, a.trials().get(0).gainPoints(), 1e-9);
        assertTrue(a.admitted(), a.summary());
    }

    @Test
    void macroF1AdmitsRowsWhoseBalancedAccuracyGainIsZero() {
        // by hand: balanced accuracy (1 + 0.5 + 1) / 3 both ways; macro-F1 (4/9 + 10/15 + 1) / 3 -> (2/3 + 20/21 + 1) / 3
        DoNoHarm.GroupDecision bal = check(DoNoHarmMetricTest::precisionNotRecall, "balancedAccuracy");
        assertEquals(2.5 / 3, bal.baselineScore(), 1e-12);
        assertEquals(0.0, bal.trials().get(0).gainPoints(), 1e-9);
        assertFalse(bal.admitted(), bal.summary());

        DoNoHarm.GroupDecision f1 = check(DoNoHarmMetricTest::precisionNotRecall, "macroF1");
        double base = (4.0 / 9 + 10.0 / 15 + 1) / 3;
        double with = (2.0 / 3 + 20.0 / 21 + 1) / 3;
        assertEquals(base, f1.baselineScore(), 1e-12);
        assertEquals(100 * (with - base), f1.trials().get(0).gainPoints(), 1e-9);
        assertEquals(100 * (with - base), f1.trials().get(0).gainLowerPoints(), 1e-9);
        assertTrue(f1.admitted(), f1.summary());
    }

    @Test
    void softCountsScoreAsTheConfusionMatrixDoesOnWholeCounts() {
        // a fixed table of predictions (three classes, one predicted but never true): every metric from the soft
        // counts equals ConfusionMatrix's on the same labels
        String[] truth = {"a", "a", "a", "b", "b", "c", "c", "c", "c", "a"};
        String[] pred = {"a", "b", "d", "b", "a", "c", "c", "b", "d", "a"};
        List<String> classes = List.of("a", "b", "c", "d");
        double[][] shares = GroupBootstrap.sharesOf(classes, List.<String[]>of(pred))[0];
        ConfusionMatrix cm = ConfusionMatrix.of(truth, pred);
        List<String> t = List.of(truth);
        assertEquals(cm.balancedAccuracy(), GroupBootstrap.score(ReportedMetric.parse("balancedAccuracy"), classes, t, shares, null), 1e-12);
        assertEquals(cm.macroF1(), GroupBootstrap.score(ReportedMetric.parse("macroF1"), classes, t, shares, null), 1e-12);
        assertEquals(cm.accuracy(), GroupBootstrap.score(ReportedMetric.parse("accuracy"), classes, t, shares, null), 1e-12);
        assertEquals(cm.recall("c"), GroupBootstrap.score(ReportedMetric.parse("recall:c"), classes, t, shares, null), 1e-12);
        // correctness alone cannot give macro-F1
        double[][][] correct = GroupBootstrap.fromCorrectness(t, List.of("a", "b", "c"), new double[][] {new double[10]});
        assertThrows(IllegalArgumentException.class, () -> GroupBootstrap.metricGains(List.of(ReportedMetric.parse("macroF1")),
                List.of("a", "b", "c"), t, java.util.Collections.nCopies(10, "g"), null, correct, new double[][][][] {correct},
                true, 1, 10));
    }

    @Test
    void anUnknownCheckMetricIsAnErrorNamingTheKey() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.Validation.builder().optMetric("f1").build());
        assertTrue(e.getMessage().startsWith("validation.metric: unknown metric 'f1'"), e.getMessage());
    }
}
