package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.spectrogan.features.FeatureTable;

/**
 * What some synthetic rows do to one classifier's score in one metric on the test groups, with an interval that
 * resamples the TEST GROUPS (subjects, recordings, speakers), so that it speaks for new groups, not only for the
 * ones that happen to be in the test part. The paired trials ({@link GainEvaluation#repeatedTrials}: each fits
 * "real only" and "real + synthetic" on one subsample of the train rows, both scored on the same test rows) are
 * resampled too: each of {@code draws} resamples draws as many trials as there are and as many test groups as
 * there are, with replacement, and the gain is augmented minus real only on that ONE draw of groups and trials
 * for both arms ({@link GroupBootstrap}, replicates crossed with groups). The interval is the 2.5th and 97.5th
 * percentiles of those gains.
 *
 * <p>With K group folds ({@code folds} > 1) every fold's trials are scored on that fold's test groups, and the
 * test rows of all folds are pooled (each group is a test group of exactly one fold): trial r of the pooled set is
 * every fold's r-th trial, each on its own test rows, so the interval is over all the test groups of all folds. The
 * point estimate is the mean over the (pooled) trials of the gain on all their test rows; with one fold it is the
 * same figure as the fixed-groups t-interval's mean ({@link GainEvaluation}).
 *
 * <p>Points of {@code metric} (a {@link ReportedMetric} name; 0..100 scale); {@code testGroups} the distinct groups of
 * the (pooled) test rows; {@code trials} per fold; {@code gainPointsByGroup} each test group's own gain (the mean
 * over the trials of the metric on that group's rows with minus without the synthetic rows; NaN for a recall of a
 * class the group has no rows of), so that the spread between groups can be seen.
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(value = {"groupTInterval"}, allowGetters = true)
public record TestGroupEffect(String classifier, String metric, double meanPoints, double lowPoints, double highPoints,
                              int testGroups, int folds, int trials, int draws, long seed,
                              java.util.Map<String, Double> gainPointsByGroup) {
    public TestGroupEffect {
        gainPointsByGroup = gainPointsByGroup == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(gainPointsByGroup));
    }

    /**
     * Below this many test groups a bootstrap over the groups is rough (its percentiles come from few distinct
     * values), so reports show the small-sample t-interval over the groups' gains beside it ({@link #groupTInterval}).
     */
    public static final int FEW_TEST_GROUPS = 10;

    /**
     * The small-sample 95% t-interval over the test groups' own gains ({@code gainPointsByGroup}, NaN left out):
     * mean of the n groups' gains +- t(0.975, n - 1) x SD / sqrt(n), points. {@code groups} = n.
     */
    public record GroupTInterval(double meanPoints, double lowPoints, double highPoints, int groups) {
        /** "t-interval over the 5 groups' gains: +1.0 [-2.1, +4.1]". */
        public String text() {
            return String.format(java.util.Locale.ROOT, "t-interval over the %d groups' gains: %+.1f [%+.1f, %+.1f]", groups,
                    meanPoints, lowPoints, highPoints);
        }
    }

    /**
     * The {@link GroupTInterval} when the interval rests on fewer than {@link #FEW_TEST_GROUPS} test groups and at
     * least 2 of them have a finite gain; null otherwise (report.json leaves it out then).
     */
    @com.fasterxml.jackson.annotation.JsonProperty("groupTInterval")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public GroupTInterval groupTInterval() {
        if (testGroups >= FEW_TEST_GROUPS) {
            return null;
        }
        double[] g = gainPointsByGroup.values().stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
        int n = g.length;
        if (n < 2) {
            return null;
        }
        // Summary's mean and SD; its interval is withheld below 5 values, this one is asked for from 2
        Summary s = Summary.of(g);
        double half = StudentT.quantile(0.975, n - 1) * s.sd() / Math.sqrt(n);
        return new GroupTInterval(s.mean(), s.mean() - half, s.mean() + half, n);
    }

    /** The percentile below the interval (and, mirrored, above it): a 95% interval. */
    public static final double TAIL_PERCENTILE = 2.5;

    /** The metric of the headline's effect. */
    public static final ReportedMetric BALANCED_ACCURACY = ReportedMetric.parse("balancedAccuracy");

    /** A balanced-accuracy effect on the test groups of one fold. */
    public TestGroupEffect(String classifier, double meanPoints, double lowPoints, double highPoints, int testGroups,
                           int trials, int draws, long seed) {
        this(classifier, BALANCED_ACCURACY.name(), meanPoints, lowPoints, highPoints, testGroups, 1, trials, draws, seed, null);
    }

    /**
     * The balanced-accuracy effect of {@code trials}' synthetic rows with {@code classifier} ({@link #of(List, List,
     * Classifier, FitCache, long)}).
     */
    public static TestGroupEffect of(List<GainEvaluation.Trial> trials, Classifier classifier, FitCache fits, long seed) {
        return of(List.of(BALANCED_ACCURACY), trials, classifier, fits, seed).get(0);
    }

    /**
     * The effect in each of {@code metrics} (the same resamples for all) of {@code trials}' synthetic rows with
     * {@code classifier}, its fits taken from {@code fits} where an earlier evaluation made them (the same figures as
     * fitting again). {@code trials} come fold by fold: consecutive trials on the same test rows are one fold, and
     * every fold has as many trials.
     */
    public static List<TestGroupEffect> of(List<ReportedMetric> metrics, List<GainEvaluation.Trial> trials, Classifier classifier,
                                           FitCache fits, long seed) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("no trials for the test-group effect");
        }
        List<List<GainEvaluation.Trial>> byFold = new ArrayList<>();
        for (GainEvaluation.Trial t : trials) {
            if (byFold.isEmpty() || !t.realTest().sameContent(byFold.get(byFold.size() - 1).get(0).realTest())) {
                byFold.add(new ArrayList<>());
            }
            byFold.get(byFold.size() - 1).add(t);
        }
        int perFold = byFold.get(0).size();
        for (List<GainEvaluation.Trial> f : byFold) {
            if (f.size() != perFold) {
                throw new IllegalArgumentException("the test-group effect needs as many trials in every fold: " + f.size() + " vs " + perFold);
            }
        }
        int n = trials.size();
        List<String[][]> scored = org.spectrogan.common.Workers.indexed(n, i -> {
            GainEvaluation.Trial t = trials.get(i);
            String[] real = fits.predicted(classifier, t.realTrain(), t.seed(), t.realTest(), () -> { });
            String[] aug = t.synthetic().size() == 0 ? real
                    : fits.predicted(classifier, t.realTrain().concat(t.synthetic()), t.seed(), t.realTest(), () -> { });
            return new String[][] {real, aug};
        });
        List<String> truth = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (List<GainEvaluation.Trial> f : byFold) {
            for (FeatureTable.Row r : f.get(0).realTest().rows()) {
                truth.add(r.label());
                groups.add(r.group());
            }
        }
        TreeSet<String> classSet = new TreeSet<>(truth);
        for (String[][] s : scored) {
            classSet.addAll(Arrays.asList(s[0]));
            classSet.addAll(Arrays.asList(s[1]));
        }
        // trial r of the pooled rows: each fold's r-th trial's predictions on that fold's test rows, one after another
        List<String[]> base = new ArrayList<>();
        List<String[]> with = new ArrayList<>();
        for (int r = 0; r < perFold; r++) {
            String[] b = new String[truth.size()];
            String[] w = new String[truth.size()];
            int at = 0;
            for (int f = 0; f < byFold.size(); f++) {
                String[][] s = scored.get(f * perFold + r);
                System.arraycopy(s[0], 0, b, at, s[0].length);
                System.arraycopy(s[1], 0, w, at, s[1].length);
                at += s[0].length;
            }
            base.add(b);
            with.add(w);
        }
        List<String> classes = List.copyOf(classSet);
        return of(metrics, classifier.name(), classes, truth, groups, GroupBootstrap.sharesOf(classes, base),
                GroupBootstrap.sharesOf(classes, with), byFold.size(), seed, GroupBootstrap.DRAWS);
    }

    /**
     * The balanced-accuracy effect from per-trial, per-test-row correctness: {@code base[t][i]} and {@code with[t][i]}
     * (0..1) of trial t on test row i (label {@code truth[i]}, group {@code groups[i]}); one fold.
     */
    public static TestGroupEffect of(String classifier, List<String> truth, List<String> groups, double[][] base,
                                     double[][] with, long seed, int draws) {
        if (base.length != with.length) {
            throw new IllegalArgumentException("paired trials differ in count: " + base.length + " vs " + with.length);
        }
        List<String> classes = new ArrayList<>(new TreeSet<>(truth));
        return of(List.of(BALANCED_ACCURACY), classifier, classes, truth, groups, GroupBootstrap.fromCorrectness(truth, classes, base),
                GroupBootstrap.fromCorrectness(truth, classes, with), 1, seed, draws).get(0);
    }

    /**
     * The effect in each metric from prediction shares [trial][row][class] ({@link GroupBootstrap#metricGains}' form)
     * of real only and of real + synthetic on the same (pooled) test rows.
     */
    static List<TestGroupEffect> of(List<ReportedMetric> metrics, String classifier, List<String> classes, List<String> truth,
                                    List<String> groups, double[][][] base, double[][][] with, int folds, long seed, int draws) {
        if (base.length != with.length) {
            throw new IllegalArgumentException("paired trials differ in count: " + base.length + " vs " + with.length);
        }
        double[][][] gains = GroupBootstrap.metricGains(metrics, classes, truth, groups, null, base, new double[][][][] {with},
                true, seed, draws);
        int lo = GroupBootstrap.lowerIndex(draws, TAIL_PERCENTILE);
        int testGroups = new TreeSet<>(groups).size();
        java.util.Map<String, List<Integer>> rowsOf = new java.util.TreeMap<>();
        for (int i = 0; i < groups.size(); i++) {
            rowsOf.computeIfAbsent(groups.get(i), k -> new ArrayList<>()).add(i);
        }
        List<TestGroupEffect> out = new ArrayList<>();
        for (int m = 0; m < metrics.size(); m++) {
            ReportedMetric metric = metrics.get(m);
            double mean = 0;
            for (int t = 0; t < base.length; t++) {
                mean += GroupBootstrap.score(metric, classes, truth, with[t], null) - GroupBootstrap.score(metric, classes, truth, base[t], null);
            }
            mean = 100 * mean / base.length;
            double[] g = new double[draws];
            for (int r = 0; r < draws; r++) {
                g[r] = gains[m][r][0];
            }
            Arrays.sort(g);
            java.util.Map<String, Double> byGroup = new java.util.TreeMap<>();
            for (var e : rowsOf.entrySet()) {
                int[] rows = e.getValue().stream().mapToInt(Integer::intValue).toArray();
                double sum = 0;
                for (int t = 0; t < base.length; t++) {
                    sum += GroupBootstrap.score(metric, classes, truth, with[t], rows) - GroupBootstrap.score(metric, classes, truth, base[t], rows);
                }
                byGroup.put(e.getKey(), 100 * sum / base.length);
            }
            out.add(new TestGroupEffect(classifier, metric.name(), mean, g[lo], g[draws - 1 - lo], testGroups, folds, base.length,
                    draws, seed, byGroup));
        }
        return out;
    }

    /**
     * "+1.2 points [-0.8, +3.1] (test-group bootstrap: 45 test groups, 5 trials, 1000 draws, seed 24)"; with K folds
     * "5 test groups of 5 folds, 3 trials per fold"; with one test group the bootstrap resamples its rows
     * ({@link GroupBootstrap}), and the text says that the spread between groups is not in the interval.
     */
    public String text() {
        GroupTInterval t = groupTInterval();
        return String.format(java.util.Locale.ROOT, "%+.1f points [%+.1f, %+.1f] (test-group bootstrap: %d test group%s%s, %d trials%s, %d draws, seed %d%s%s)",
                meanPoints, lowPoints, highPoints, testGroups, testGroups == 1 ? "" : "s",
                folds > 1 ? " of " + folds + " folds" : "", trials, folds > 1 ? " per fold" : "", draws, seed,
                testGroups == 1 ? "; one test group, so its rows were resampled and the spread between groups is not in the interval" : "",
                t == null ? "" : "; few test groups, so beside it the small-sample " + t.text());
    }

    /** "+1.2 [-0.8, +3.1]": the figures alone, for a table cell; with few test groups "+1.2 [-0.8, +3.1]; t [-2.1, +4.1]". */
    public String cell() {
        GroupTInterval t = groupTInterval();
        return String.format(java.util.Locale.ROOT, "%+.1f [%+.1f, %+.1f]", meanPoints, lowPoints, highPoints)
                + (t == null ? "" : String.format(java.util.Locale.ROOT, "; t [%+.1f, %+.1f]", t.lowPoints(), t.highPoints()));
    }

    /** True when the whole interval is below zero: the rows lower the metric on new test groups. */
    public boolean harms() {
        return highPoints < 0;
    }

    /** True when the whole interval is above zero. */
    public boolean helps() {
        return lowPoints > 0;
    }
}
