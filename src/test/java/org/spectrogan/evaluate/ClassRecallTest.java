package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/**
 * Per-class recall and the {@code evaluation.metrics} names: recall, F1 and macro-F1 of a confusion matrix worked
 * by hand, against scikit-learn's formulas (precision = tp / predicted, recall = tp / support,
 * F1 = 2PR / (P + R)) computed here from the counts; per-trial summaries and paired gains through
 * {@link GainEvaluation} with a classifier whose predictions are known; report.md's columns.
 */
class ClassRecallTest {
    /** rows = true W, N1, N2; columns = predicted W, N1, N2. */
    private static final int[][] COUNTS = {{8, 1, 1}, {2, 1, 1}, {0, 1, 5}};
    private static final String[] CLASSES = {"N1", "N2", "W"};

    private static ConfusionMatrix fromCounts(int[][] counts, String[] names) {
        List<String> truth = new ArrayList<>();
        List<String> pred = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                for (int k = 0; k < counts[i][j]; k++) {
                    truth.add(names[i]);
                    pred.add(names[j]);
                }
            }
        }
        return ConfusionMatrix.of(truth.toArray(String[]::new), pred.toArray(String[]::new));
    }

    @Test
    void recallAndMacroF1MatchAHandWorkedMatrixAndSklearnFormulas() {
        String[] names = {"W", "N1", "N2"};
        ConfusionMatrix cm = fromCounts(COUNTS, names);
        // by hand: recall W 8/10, N1 1/4, N2 5/6
        assertEquals(0.8, cm.recall("W"), 1e-12);
        assertEquals(0.25, cm.recall("N1"), 1e-12);
        assertEquals(5.0 / 6, cm.recall("N2"), 1e-12);
        assertEquals(4, cm.support("N1"));
        assertTrue(Double.isNaN(cm.recall("REM")));
        // F1 by hand: W 2*8/(10+10) = 0.8, N1 2*1/(4+3) = 2/7, N2 2*5/(6+7) = 10/13
        assertEquals((0.8 + 2.0 / 7 + 10.0 / 13) / 3, cm.macroF1(), 1e-12);
        // scikit-learn's formulas from the counts
        double f1Sum = 0;
        for (int i = 0; i < 3; i++) {
            int tp = COUNTS[i][i];
            int support = COUNTS[i][0] + COUNTS[i][1] + COUNTS[i][2];
            int predicted = COUNTS[0][i] + COUNTS[1][i] + COUNTS[2][i];
            double p = (double) tp / predicted;
            double r = (double) tp / support;
            assertEquals(r, cm.recall(names[i]), 1e-12);
            f1Sum += 2 * p * r / (p + r);
        }
        assertEquals(f1Sum / 3, cm.macroF1(), 1e-12);
    }

    @Test
    void summariesCarryEachTestedClassRecallAndPairedGains() {
        ConfusionMatrix a = fromCounts(COUNTS, new String[] {"W", "N1", "N2"});
        // second trial: N1 recall 3/4, W 9/10, N2 4/6
        ConfusionMatrix b = fromCounts(new int[][] {{9, 1, 0}, {1, 3, 0}, {0, 2, 4}}, new String[] {"W", "N1", "N2"});
        // third trial: no N2 in the truth, so N2 recall is left out of the summaries
        ConfusionMatrix c = ConfusionMatrix.of(new String[] {"W", "W", "N1", "N1"}, new String[] {"W", "N1", "N1", "N1"});
        MetricSummaries two = MetricSummaries.of(List.of(a, b));
        assertEquals(List.of("N1", "N2", "W"), List.copyOf(two.recall().keySet()));
        assertEquals((0.25 + 0.75) / 2, two.recall().get("N1").mean(), 1e-12);
        assertEquals((5.0 / 6 + 4.0 / 6) / 2, two.recall().get("N2").mean(), 1e-12);
        assertEquals((a.macroF1() + b.macroF1()) / 2, two.macroF1().mean(), 1e-12);
        MetricSummaries three = MetricSummaries.of(List.of(a, b, c));
        assertEquals(List.of("N1", "W"), List.copyOf(three.recall().keySet()));
        assertEquals((0.25 + 0.75 + 1.0) / 3, three.recall().get("N1").mean(), 1e-12);
        MetricSummaries gain = MetricSummaries.pairedDifference(List.of(a, b), List.of(b, a));
        assertEquals(0.0, gain.recall().get("N1").mean(), 1e-12);
        assertEquals(List.of(0.5, -0.5), gain.recall().get("N1").values());
        assertEquals(ReportedMetric.parse("recall:N1").of(gain), gain.recall().get("N1"));
        assertNull(ReportedMetric.parse("recall:REM").of(gain));
    }

    /** Learns one threshold on feature 0: halfway between the mean of W rows and the mean of N1 rows; N1 above it. */
    private static final Classifier THRESHOLD = new Classifier() {
        public String name() {
            return "threshold";
        }

        public String description() {
            return "midpoint of the class means";
        }

        public Fitted fit(FeatureTable train, long seed) {
            double w = train.rows().stream().filter(r -> r.label().equals("W")).mapToDouble(r -> r.values()[0]).average().orElseThrow();
            double n1 = train.rows().stream().filter(r -> r.label().equals("N1")).mapToDouble(r -> r.values()[0]).average().orElseThrow();
            double cut = (w + n1) / 2;
            return new Fitted() {
                public List<String> classes() {
                    return List.of("N1", "W");
                }

                public String[] predict(double[][] rows) {
                    String[] out = new String[rows.length];
                    for (int i = 0; i < rows.length; i++) {
                        out[i] = rows[i][0] > cut ? "N1" : "W";
                    }
                    return out;
                }

                public double[][] predictProba(double[][] rows) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    };

    private static FeatureTable table(String source, Object... labelValue) {
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < labelValue.length; i += 2) {
            rows.add(new FeatureTable.Row((String) labelValue[i], "g", source, 0, new double[] {(Double) labelValue[i + 1]}));
        }
        return new FeatureTable(List.of("x"), rows);
    }

    @Test
    void gainEvaluationReportsTheRecallOfEveryClassAndItsGain() {
        // real: W at 0, N1 at 1 -> cut 0.5; + synthetic N1 at 0.2 -> N1 mean 0.6, cut 0.3
        FeatureTable train = table("real", "W", 0.0, "W", 0.0, "W", 0.0, "W", 0.0, "N1", 1.0, "N1", 1.0);
        FeatureTable syn = table(FeatureTable.SYNTHETIC, "N1", 0.2, "N1", 0.2);
        FeatureTable test = table("real", "W", 0.1, "W", 0.2, "W", 0.35, "W", 0.4, "N1", 0.32, "N1", 0.45, "N1", 0.7, "N1", 0.9);
        List<GainEvaluation.Trial> trials = List.of(new GainEvaluation.Trial(train, syn, test, 1), new GainEvaluation.Trial(train, syn, test, 2));
        GainEvaluation.ClassifierGain g = GainEvaluation.evaluate(trials, List.of(THRESHOLD)).get(0);
        // real only (cut 0.5): W 4/4, N1 2/4; augmented (cut 0.3): W 2/4, N1 4/4
        assertEquals(1.0, g.real().recall().get("W").mean(), 1e-12);
        assertEquals(0.5, g.real().recall().get("N1").mean(), 1e-12);
        assertEquals(0.5, g.augmented().recall().get("W").mean(), 1e-12);
        assertEquals(1.0, g.augmented().recall().get("N1").mean(), 1e-12);
        assertEquals(0.5, g.gain().recall().get("N1").mean(), 1e-12);
        assertEquals(-0.5, g.gain().recall().get("W").mean(), 1e-12);
        // macro-F1 real: N1 tp 2, support 4, predicted 2 -> 2/3; W tp 4, support 4, predicted 6 -> 0.8
        assertEquals((2.0 / 3 + 0.8) / 2, g.real().macroF1().mean(), 1e-12);
        assertNull(g.syntheticOnly(), "synthetic rows of one class: nothing to train on");

        Report r = Report.builder().setTitle("t")
                .setSettings(new Report.Settings(List.of("threshold"), 2, 1, 1, List.of(), "all rows",
                        List.of("macroF1", "recall:N1", "recall:W")))
                .optGain(List.of(g)).build();
        String md = ReportWriter.toMarkdown(r);
        assertTrue(md.contains("| classifier | trained on | macro-F1 | recall of N1 | recall of W |"), md);
        assertTrue(md.contains("| threshold | real only | " + ReportWriter.pct(g.real().macroF1()) + " | "
                + ReportWriter.pct(g.real().recall().get("N1")) + " | "), md);
        assertTrue(md.contains(" | " + ReportWriter.pts(g.gain().recall().get("N1")) + " | " + ReportWriter.pts(g.gain().recall().get("W")) + " |"), md);
        assertFalse(md.contains("balanced accuracy |"), "only the chosen metrics are columns");
        // report.json keeps every class's recall and reads back
        Report back = ReportWriter.fromJson(ReportWriter.toJson(r));
        assertEquals(0.5, back.gain().get(0).gain().recall().get("N1").mean(), 1e-12);
        assertEquals(List.of("macroF1", "recall:N1", "recall:W"), back.settings().metrics());
    }

    @Test
    void metricNamesAreParsedAndBadOnesRefused() {
        assertEquals(Metric.MACRO_F1, ReportedMetric.parse("macroF1").metric());
        assertEquals("N1", ReportedMetric.parse("recall:N1").recallClass());
        assertEquals("recall of N1", ReportedMetric.parse("recall:N1").title());
        var e = assertThrows(IllegalArgumentException.class, () -> ReportedMetric.parse("f1"));
        assertTrue(e.getMessage().contains("unknown metric 'f1'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReportedMetric.parse("recall:"));
        var cfg = assertThrows(IllegalArgumentException.class,
                () -> org.spectrogan.augment.PipelineConfig.Evaluation.builder().optMetrics(List.of("macroF1", "kappa")).build());
        assertTrue(cfg.getMessage().contains("evaluation.metrics: unknown metric 'kappa'"), cfg.getMessage());
        assertEquals(ReportedMetric.DEFAULT_NAMES, org.spectrogan.augment.PipelineConfig.Evaluation.builder().build().metrics());
        assertEquals(Map.of(), new MetricSummaries(null, null, null).recall());
    }
}
