package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/**
 * The written rows' effect on test with the TEST GROUPS resampled (paired, crossed with the trials), against an
 * exhaustive enumeration of the bootstrap's outcomes, a known constant shift, and a gain carried by one group.
 */
class TestGroupEffectTest {

    /** Balanced accuracy (0..1) over rows with multiplicities, computed naively: per class, sum / count. */
    private static double naiveBalancedAccuracy(List<String> truth, double[] value, int[] times) {
        java.util.Map<String, double[]> by = new java.util.TreeMap<>();
        for (int i = 0; i < value.length; i++) {
            if (times[i] > 0) {
                double[] s = by.computeIfAbsent(truth.get(i), k -> new double[2]);
                s[0] += times[i] * value[i];
                s[1] += times[i];
            }
        }
        double sum = 0;
        for (double[] s : by.values()) {
            sum += s[0] / s[1];
        }
        return sum / by.size();
    }

    @Test
    void theBootstrapIsTheExactDistributionOfPairedDrawsOfGroupsAndTrials() {
        // 4 test groups x 4 rows (2 per class), 2 trials; per-row correctness chosen so that groups and trials differ
        int groupsN = 4;
        List<String> truth = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < groupsN; g++) {
            for (int r = 0; r < 4; r++) {
                truth.add(r < 2 ? "a" : "b");
                groups.add("g" + g);
            }
        }
        int n = truth.size();
        Random rng = new Random(3);
        double[][] base = new double[2][n];
        double[][] with = new double[2][n];
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < n; i++) {
                base[t][i] = rng.nextInt(2);
                // the arm helps in groups 0 and 1, hurts a little in group 3
                int g = i / 4;
                double p = g <= 1 ? 0.8 : g == 3 ? 0.3 : 0.5;
                with[t][i] = rng.nextDouble() < p ? 1 : 0;
            }
        }
        // every outcome: an ordered draw of 4 groups (4^4) and of 2 trials (2^2), all equally likely
        List<Double> exact = new ArrayList<>();
        for (int code = 0; code < 256; code++) {
            int[] times = new int[n];
            int c = code;
            for (int d = 0; d < groupsN; d++) {
                int g = c % groupsN;
                c /= groupsN;
                for (int r = 0; r < 4; r++) {
                    times[4 * g + r]++;
                }
            }
            for (int t1 = 0; t1 < 2; t1++) {
                for (int t2 = 0; t2 < 2; t2++) {
                    double[] b = new double[n];
                    double[] w = new double[n];
                    for (int i = 0; i < n; i++) {
                        b[i] = (base[t1][i] + base[t2][i]) / 2;
                        w[i] = (with[t1][i] + with[t2][i]) / 2;
                    }
                    exact.add(100 * (naiveBalancedAccuracy(truth, w, times) - naiveBalancedAccuracy(truth, b, times)));
                }
            }
        }
        double[] sorted = exact.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double exactMean = Arrays.stream(sorted).average().orElseThrow();
        double exactSd = Math.sqrt(Arrays.stream(sorted).map(v -> (v - exactMean) * (v - exactMean)).sum() / sorted.length);

        int draws = 20000;
        TestGroupEffect e = TestGroupEffect.of("judge", truth, groups, base, with, 11, draws);
        // the point estimate: the mean over the trials of the gain on all rows
        int[] all = new int[n];
        Arrays.fill(all, 1);
        double point = 0;
        for (int t = 0; t < 2; t++) {
            point += 100 * (naiveBalancedAccuracy(truth, with[t], all) - naiveBalancedAccuracy(truth, base[t], all)) / 2;
        }
        assertEquals(point, e.meanPoints(), 1e-12);
        assertEquals(4, e.testGroups());
        assertEquals(2, e.trials());
        assertEquals(draws, e.draws());
        // the resamples' mean within 4 standard errors of the exact bootstrap mean
        double[][] g = GroupBootstrap.gains(truth, groups, null, base, new double[][][] {with}, 11, draws);
        double mcMean = Arrays.stream(g).mapToDouble(r -> r[0]).average().orElseThrow();
        assertEquals(exactMean, mcMean, 4 * exactSd / Math.sqrt(draws));
        // the percentiles between the exact 2% and 3% (97% and 98%) quantiles: 4.5 standard errors either side
        assertTrue(e.lowPoints() >= quantile(sorted, 0.02) && e.lowPoints() <= quantile(sorted, 0.03),
                e.lowPoints() + " not in [" + quantile(sorted, 0.02) + ", " + quantile(sorted, 0.03) + "]");
        assertTrue(e.highPoints() >= quantile(sorted, 0.97) && e.highPoints() <= quantile(sorted, 0.98),
                e.highPoints() + " not in [" + quantile(sorted, 0.97) + ", " + quantile(sorted, 0.98) + "]");
        // the interval is not degenerate here: groups differ, so it must be wide
        assertTrue(e.highPoints() - e.lowPoints() > 10, e.text());
    }

    /** The exact p-quantile of equally likely outcomes: the smallest value whose share at or below it reaches p. */
    private static double quantile(double[] sorted, double p) {
        return sorted[(int) Math.ceil(p * sorted.length) - 1];
    }

    @Test
    void aShiftOfEveryRowIsPairedAwayToAZeroWidthInterval() {
        // base accuracy differs a lot between groups, the arm adds 0.25 to every row: paired, every resample gains 25
        List<String> truth = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        double[][] base = new double[3][];
        double[][] with = new double[3][];
        Random rng = new Random(5);
        for (int g = 0; g < 12; g++) {
            for (int r = 0; r < 6; r++) {
                truth.add("c" + (r % 3));
                groups.add("s" + g);
            }
        }
        for (int t = 0; t < 3; t++) {
            base[t] = new double[truth.size()];
            with[t] = new double[truth.size()];
            for (int i = 0; i < truth.size(); i++) {
                base[t][i] = 0.05 * (i / 6) * rng.nextDouble();
                with[t][i] = base[t][i] + 0.25;
            }
        }
        TestGroupEffect e = TestGroupEffect.of("judge", truth, groups, base, with, 1, 500);
        assertEquals(25, e.meanPoints(), 1e-9);
        assertEquals(25, e.lowPoints(), 1e-9);
        assertEquals(25, e.highPoints(), 1e-9);
    }

    @Test
    void aGainCarriedByOneTestGroupOutOfManyCoversZeroWhereTheFixedGroupsIntervalDoesNot() {
        // 30 speakers x 10 rows (5 per class), 10 trials; the synthetic rows fix 1..3 errors per class in speaker 0
        // only; elsewhere one row per class gets worse and another (another speaker) better: no net change on all rows
        int groupsN = 30;
        List<String> truth = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < groupsN; g++) {
            for (int r = 0; r < 10; r++) {
                truth.add(r % 2 == 0 ? "yes" : "no");
                groups.add(String.format("spk%02d", g));
            }
        }
        int n = truth.size();
        int trials = 10;
        double[][] base = new double[trials][n];
        double[][] with = new double[trials][n];
        Random rng = new Random(8);
        double[] fixedBase = new double[trials];
        double[] fixedWith = new double[trials];
        for (int t = 0; t < trials; t++) {
            for (int i = 0; i < n; i++) {
                base[t][i] = i < 10 ? 1 : rng.nextDouble() < 0.7 ? 1 : 0;
            }
            int wrong = 1 + t % 3;
            for (int k = 0; k < wrong; k++) {
                base[t][2 * k] = 0; // class "yes" rows of speaker 0
                base[t][2 * k + 1] = 0; // class "no"
            }
            with[t] = base[t].clone();
            for (int i = 0; i < 10; i++) {
                with[t][i] = 1;
            }
            for (int c = 0; c < 2; c++) {
                // one right row of this class worse, one wrong row (in a different speaker) better
                int down = firstRow(base[t], c, 1, 10, -1);
                int up = firstRow(base[t], c, 0, 10, down / 10);
                with[t][down] = 0;
                with[t][up] = 1;
            }
            fixedBase[t] = GroupBootstrap.balancedAccuracy(truth, base[t]);
            fixedWith[t] = GroupBootstrap.balancedAccuracy(truth, with[t]);
        }
        // the fixed-groups interval: the paired t-interval over the trials, as GainEvaluation reports it
        Summary fixed = Summary.pairedDifference(fixedBase, fixedWith, -1, 1);
        assertTrue(fixed.aboveZero(), "fixed test groups: " + fixed.pointsText());
        TestGroupEffect e = TestGroupEffect.of("judge", truth, groups, base, with, 4, GroupBootstrap.DRAWS);
        assertEquals(100 * fixed.mean(), e.meanPoints(), 1e-9);
        assertTrue(e.lowPoints() < 0 && e.highPoints() > 0, "resampled test groups: " + e.text());
        assertTrue(!e.harms());
    }

    /** The first row from {@code from} of class parity {@code c} whose correctness is {@code value}, outside speaker {@code notGroup}. */
    private static int firstRow(double[] correct, int c, double value, int from, int notGroup) {
        for (int i = from; i < correct.length; i++) {
            if (i % 2 == c && correct[i] == value && i / 10 != notGroup) {
                return i;
            }
        }
        throw new IllegalStateException("no such row");
    }

    @Test
    void fromTrialsItIsTheGainEvaluationsMeanWithTheSameFits() {
        FeatureTable train = Blobs.make(3, 60, 4, 1.5, FeatureTable.REAL, 12, 1);
        FeatureTable synthetic = Blobs.make(3, 30, 4, 1.5, FeatureTable.SYNTHETIC, 5, 2);
        FeatureTable test = Blobs.make(3, 40, 4, 1.5, FeatureTable.REAL, 8, 3);
        List<GainEvaluation.Trial> trials = GainEvaluation.repeatedTrials(train, synthetic, test, 5, 0.8, 9);
        Classifier c = Classifiers.byName("logreg");
        FitCache fits = new FitCache();
        var gain = GainEvaluation.evaluate(trials, List.of(c), s -> { }, fits).get(0).gain().get(Metric.BALANCED_ACCURACY);
        int before = fits.counts().fits();
        TestGroupEffect e = TestGroupEffect.of(trials, c, fits, 21);
        assertEquals(before, fits.counts().fits(), "the effect reuses the gain evaluation's fits");
        assertEquals(100 * gain.mean(), e.meanPoints(), 1e-9);
        assertEquals(8, e.testGroups());
        assertEquals(5, e.trials());
        assertEquals(21, e.seed());
        assertEquals(e, TestGroupEffect.of(trials, c, new FitCache(), 21), "fitting again gives the same figures");
        assertTrue(e.lowPoints() <= e.meanPoints() + 1e-9 && e.meanPoints() <= e.highPoints() + 1e-9, e.text());
    }
}
