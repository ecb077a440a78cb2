package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spectrogan.features.FeatureTable;

/**
 * What some synthetic rows do to one classifier's balanced accuracy on the test groups, with an interval that
 * resamples the TEST GROUPS (subjects, recordings, speakers), so that it speaks for new groups, not only for the
 * ones that happen to be in the test part. The paired trials ({@link GainEvaluation#repeatedTrials}: each fits
 * "real only" and "real + synthetic" on one subsample of the train rows, both scored on the same test rows) are
 * resampled too: each of {@code draws} resamples draws as many trials as there are and as many test groups as
 * there are, with replacement, and the gain is augmented minus real only on that ONE draw of groups and trials
 * for both arms ({@link GroupBootstrap}, replicates crossed with groups). The interval is the 2.5th and 97.5th
 * percentiles of those gains; the point estimate is the mean over the trials of the gain on all test rows (the
 * same figure as the fixed-groups t-interval's mean, {@link GainEvaluation}).
 *
 * <p>Points of balanced accuracy (0..100 scale); {@code testGroups} the distinct groups of the test rows.
 */
public record TestGroupEffect(String classifier, double meanPoints, double lowPoints, double highPoints, int testGroups,
                              int trials, int draws, long seed) {
    /** The percentile below the interval (and, mirrored, above it): a 95% interval. */
    public static final double TAIL_PERCENTILE = 2.5;

    /**
     * The effect of {@code trials}' synthetic rows with {@code classifier} (every trial on the same test rows),
     * its fits taken from {@code fits} where an earlier evaluation made them (the same figures as fitting again).
     */
    public static TestGroupEffect of(List<GainEvaluation.Trial> trials, Classifier classifier, FitCache fits, long seed) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("no trials for the test-group effect");
        }
        FeatureTable test = trials.get(0).realTest();
        for (GainEvaluation.Trial t : trials) {
            if (!t.realTest().sameContent(test)) {
                throw new IllegalArgumentException("the test-group effect needs every trial on the same test rows");
            }
        }
        int n = trials.size();
        List<boolean[][]> scored = org.spectrogan.common.Workers.indexed(n, i -> {
            GainEvaluation.Trial t = trials.get(i);
            boolean[] real = fits.correct(classifier, t.realTrain(), t.seed(), test, () -> { });
            boolean[] aug = t.synthetic().size() == 0 ? real
                    : fits.correct(classifier, t.realTrain().concat(t.synthetic()), t.seed(), test, () -> { });
            return new boolean[][] {real, aug};
        });
        double[][] base = new double[n][];
        double[][] with = new double[n][];
        for (int i = 0; i < n; i++) {
            base[i] = GroupBootstrap.shares(scored.get(i)[0]);
            with[i] = GroupBootstrap.shares(scored.get(i)[1]);
        }
        List<String> truth = new ArrayList<>(test.size());
        List<String> groups = new ArrayList<>(test.size());
        for (FeatureTable.Row r : test.rows()) {
            truth.add(r.label());
            groups.add(r.group());
        }
        return of(classifier.name(), truth, groups, base, with, seed, GroupBootstrap.DRAWS);
    }

    /**
     * The effect from per-trial, per-test-row correctness: {@code base[t][i]} and {@code with[t][i]} (0..1) of trial
     * t on test row i (label {@code truth[i]}, group {@code groups[i]}).
     */
    public static TestGroupEffect of(String classifier, List<String> truth, List<String> groups, double[][] base,
                                     double[][] with, long seed, int draws) {
        if (base.length != with.length) {
            throw new IllegalArgumentException("paired trials differ in count: " + base.length + " vs " + with.length);
        }
        double mean = 0;
        for (int t = 0; t < base.length; t++) {
            mean += GroupBootstrap.balancedAccuracy(truth, with[t]) - GroupBootstrap.balancedAccuracy(truth, base[t]);
        }
        mean = 100 * mean / base.length;
        double[][] gains = GroupBootstrap.gains(truth, groups, null, base, new double[][][] {with}, seed, draws);
        double[] g = new double[draws];
        for (int r = 0; r < draws; r++) {
            g[r] = gains[r][0];
        }
        Arrays.sort(g);
        int lo = GroupBootstrap.lowerIndex(draws, TAIL_PERCENTILE);
        return new TestGroupEffect(classifier, mean, g[lo], g[draws - 1 - lo], new java.util.TreeSet<>(groups).size(),
                base.length, draws, seed);
    }

    /**
     * "+1.2 points [-0.8, +3.1] (test-group bootstrap: 45 test groups, 5 trials, 1000 draws, seed 24)"; with one test
     * group the bootstrap resamples its rows ({@link GroupBootstrap}), and the text says that the spread between
     * groups is not in the interval.
     */
    public String text() {
        return String.format(java.util.Locale.ROOT, "%+.1f points [%+.1f, %+.1f] (test-group bootstrap: %d test group%s, %d trials, %d draws, seed %d%s)",
                meanPoints, lowPoints, highPoints, testGroups, testGroups == 1 ? "" : "s", trials, draws, seed,
                testGroups == 1 ? "; one test group, so its rows were resampled and the spread between groups is not in the interval" : "");
    }

    /** True when the whole interval is below zero: the rows lower balanced accuracy on new test groups. */
    public boolean harms() {
        return highPoints < 0;
    }
}
