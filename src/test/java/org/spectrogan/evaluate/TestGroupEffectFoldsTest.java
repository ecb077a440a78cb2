package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/**
 * h13i: with K group folds the test-group effect pools every fold's test groups (each group a test group once),
 * in any reported metric. Two folds of two test groups each, two trials per fold, a scripted classifier whose
 * prediction of a row is a fixed function of the row, the trial's seed and whether synthetic rows were in
 * training; the pooled effect is recomputed naively from the classifier's own predictions, and its bootstrap is
 * checked against an exhaustive enumeration of the outcomes (4^4 group draws x 2^2 trial draws).
 */
class TestGroupEffectFoldsTest {
    static final List<String> CLASSES = List.of("a", "b", "c");

    /** Predicts from the row's (class index, row number), the seed and the synthetic flag: right about 60% / 75% of the time. */
    static Classifier scripted() {
        return new ScriptedClassifier("scripted", CLASSES, (train, seed) -> {
            boolean synthetic = ScriptedClassifier.hasSynthetic(train);
            return row -> {
                int c = (int) row[0];
                long h = new java.util.SplittableRandom(31L * seed + 7919L * (long) row[1] + (synthetic ? 1 : 0)).nextLong();
                int u = (int) Math.floorMod(h, 100L);
                // the synthetic rows help class a's rows and cost some of c's
                int right = synthetic ? (c == 0 ? 85 : c == 2 ? 50 : 70) : 60;
                return u < right ? CLASSES.get(c) : CLASSES.get((c + 1 + (u % 2)) % 3);
            };
        });
    }

    /** Test rows of groups {@code from}..{@code from + 1}: 6 rows each (2 per class); f1 a number unique to the row. */
    static FeatureTable testRows(int from) {
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int g = from; g < from + 2; g++) {
            for (int k = 0; k < 6; k++) {
                int c = k % 3;
                rows.add(new FeatureTable.Row(CLASSES.get(c), "g" + g, FeatureTable.REAL, k, new double[] {c, 100 * g + k}));
            }
        }
        return new FeatureTable(List.of("f0", "f1"), rows);
    }

    static FeatureTable rows(String source) {
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            rows.add(new FeatureTable.Row(CLASSES.get(c), "train", source, 0, new double[] {c, -1}));
        }
        return new FeatureTable(List.of("f0", "f1"), rows);
    }

    /** Macro-F1 (0..1) of weighted rows, naively: per class tp, support and predicted, F1 0 without a true positive. */
    static double naiveMacroF1(List<String> truth, List<String[]> predicted, double[] weight, int[] times) {
        double[] tp = new double[3];
        double[] support = new double[3];
        double[] pred = new double[3];
        for (int t = 0; t < predicted.size(); t++) {
            for (int i = 0; i < truth.size(); i++) {
                double w = weight[t] * times[i];
                int c = CLASSES.indexOf(truth.get(i));
                int p = CLASSES.indexOf(predicted.get(t)[i]);
                support[c] += w;
                pred[p] += w;
                if (c == p) {
                    tp[c] += w;
                }
            }
        }
        double sum = 0;
        int present = 0;
        for (int c = 0; c < 3; c++) {
            if (support[c] > 0 || pred[c] > 0) {
                sum += tp[c] == 0 ? 0 : 2 * tp[c] / (support[c] + pred[c]);
                present++;
            }
        }
        return sum / present;
    }

    @Test
    void theFoldsTestGroupsArePooledAndTheBootstrapIsTheExactDistribution() {
        Classifier judge = scripted();
        FeatureTable train = rows(FeatureTable.REAL);
        FeatureTable synthetic = rows(FeatureTable.SYNTHETIC);
        FeatureTable test0 = testRows(0);
        FeatureTable test1 = testRows(2);
        long[] seeds = {5, 6};
        List<GainEvaluation.Trial> trials = new ArrayList<>();
        for (FeatureTable test : List.of(test0, test1)) {
            for (long s : seeds) {
                trials.add(new GainEvaluation.Trial(train, synthetic, test, s + (test == test1 ? 100 : 0)));
            }
        }
        ReportedMetric f1 = ReportedMetric.parse("macroF1");
        ReportedMetric bal = ReportedMetric.parse("balancedAccuracy");
        List<TestGroupEffect> pooled = TestGroupEffect.of(List.of(f1, bal), trials, judge, new FitCache(), 13);
        TestGroupEffect e = pooled.get(0);
        assertEquals("macroF1", e.metric());
        assertEquals(4, e.testGroups(), "every fold's test groups");
        assertEquals(2, e.folds());
        assertEquals(2, e.trials());
        assertEquals(2, TestGroupEffect.of(List.of(f1), trials.subList(0, 2), judge, new FitCache(), 13).get(0).testGroups(),
                "fold 0 alone has its own 2");

        // naive: pooled trial r = fold 0's r-th trial on test0's rows, then fold 1's on test1's, predicted afresh
        List<String> truth = new ArrayList<>();
        for (FeatureTable t : List.of(test0, test1)) {
            t.rows().forEach(r -> truth.add(r.label()));
        }
        int n = truth.size();
        List<String[]> base = new ArrayList<>();
        List<String[]> with = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            List<String> b = new ArrayList<>();
            List<String> w = new ArrayList<>();
            for (int f = 0; f < 2; f++) {
                GainEvaluation.Trial t = trials.get(2 * f + r);
                b.addAll(Arrays.asList(judge.fit(t.realTrain(), t.seed()).predict(t.realTest())));
                w.addAll(Arrays.asList(judge.fit(t.realTrain().concat(t.synthetic()), t.seed()).predict(t.realTest())));
            }
            base.add(b.toArray(String[]::new));
            with.add(w.toArray(String[]::new));
        }
        int[] all = new int[n];
        Arrays.fill(all, 1);
        double point = 0;
        for (int r = 0; r < 2; r++) {
            point += 100 * (naiveMacroF1(truth, List.<String[]>of(with.get(r)), new double[] {1}, all)
                    - naiveMacroF1(truth, List.<String[]>of(base.get(r)), new double[] {1}, all)) / 2;
        }
        assertEquals(point, e.meanPoints(), 1e-9);
        // each test group's own gain: the mean over the trials of macro-F1 on its 6 rows, naively
        for (int g = 0; g < 4; g++) {
            int[] only = new int[n];
            for (int k = 0; k < 6; k++) {
                only[6 * g + k] = 1;
            }
            double own = 0;
            for (int r = 0; r < 2; r++) {
                own += 100 * (naiveMacroF1(truth, List.<String[]>of(with.get(r)), new double[] {1}, only)
                        - naiveMacroF1(truth, List.<String[]>of(base.get(r)), new double[] {1}, only)) / 2;
            }
            assertEquals(own, e.gainPointsByGroup().get("g" + g), 1e-9, "group g" + g);
        }

        // every outcome: an ordered draw of 4 groups from the pooled 4 and of 2 trials from 2, all equally likely
        List<Double> exact = new ArrayList<>();
        for (int code = 0; code < 256; code++) {
            int[] times = new int[n];
            int c = code;
            for (int d = 0; d < 4; d++) {
                int g = c % 4;
                c /= 4;
                for (int k = 0; k < 6; k++) {
                    times[6 * g + k]++;
                }
            }
            for (int t1 = 0; t1 < 2; t1++) {
                for (int t2 = 0; t2 < 2; t2++) {
                    double[] wt = new double[2];
                    wt[t1] += 0.5;
                    wt[t2] += 0.5;
                    exact.add(100 * (naiveMacroF1(truth, with, wt, times) - naiveMacroF1(truth, base, wt, times)));
                }
            }
        }
        double[] sorted = exact.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double exactMean = Arrays.stream(sorted).average().orElseThrow();
        double exactSd = Math.sqrt(Arrays.stream(sorted).map(v -> (v - exactMean) * (v - exactMean)).sum() / sorted.length);
        List<String> groups = new ArrayList<>();
        for (FeatureTable t : List.of(test0, test1)) {
            t.rows().forEach(r -> groups.add(r.group()));
        }
        // the same bootstrap with many draws on the naively built pooled predictions
        int draws = 20000;
        TestGroupEffect many = TestGroupEffect.of(List.of(f1), "scripted", CLASSES, truth, groups,
                GroupBootstrap.sharesOf(CLASSES, base), GroupBootstrap.sharesOf(CLASSES, with), 2, 13, draws).get(0);
        assertEquals(point, many.meanPoints(), 1e-9);
        // and with the pooled run's 1000 draws it is the pooled run's effect exactly
        assertEquals(e, TestGroupEffect.of(List.of(f1), "scripted", CLASSES, truth, groups,
                GroupBootstrap.sharesOf(CLASSES, base), GroupBootstrap.sharesOf(CLASSES, with), 2, 13, GroupBootstrap.DRAWS).get(0));
        double[][][] g = GroupBootstrap.metricGains(List.of(f1), CLASSES, truth, groups, null,
                GroupBootstrap.sharesOf(CLASSES, base), new double[][][][] {GroupBootstrap.sharesOf(CLASSES, with)}, true, 13, draws);
        double mcMean = Arrays.stream(g[0]).mapToDouble(r -> r[0]).average().orElseThrow();
        assertEquals(exactMean, mcMean, 4 * exactSd / Math.sqrt(draws));
        assertTrue(many.lowPoints() >= quantile(sorted, 0.02) && many.lowPoints() <= quantile(sorted, 0.03),
                many.lowPoints() + " not in [" + quantile(sorted, 0.02) + ", " + quantile(sorted, 0.03) + "]");
        assertTrue(many.highPoints() >= quantile(sorted, 0.97) && many.highPoints() <= quantile(sorted, 0.98),
                many.highPoints() + " not in [" + quantile(sorted, 0.97) + ", " + quantile(sorted, 0.98) + "]");
        assertTrue(many.highPoints() - many.lowPoints() > 5, many.text());
        assertTrue(e.text().contains("4 test groups of 2 folds, 2 trials per fold"), e.text());
    }

    @Test
    void foldsWithDifferentTrialCountsAreRefused() {
        FeatureTable train = rows(FeatureTable.REAL);
        FeatureTable synthetic = rows(FeatureTable.SYNTHETIC);
        List<GainEvaluation.Trial> trials = List.of(new GainEvaluation.Trial(train, synthetic, testRows(0), 1),
                new GainEvaluation.Trial(train, synthetic, testRows(0), 2), new GainEvaluation.Trial(train, synthetic, testRows(2), 3));
        assertThrows(IllegalArgumentException.class, () -> TestGroupEffect.of(List.of(ReportedMetric.parse("macroF1")), trials,
                scripted(), new FitCache(), 1));
    }

    private static double quantile(double[] sorted, double p) {
        return sorted[(int) Math.ceil(p * sorted.length) - 1];
    }
}
