package org.spectrogan.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.evaluate.GroupBootstrap;
import org.spectrogan.evaluate.ReportedMetric;
import org.spectrogan.features.FeatureTable;

/**
 * The do-no-harm check, {@link #groupCheck()}: inner group cross-validation over all TRAIN groups (never the test
 * groups) for a list of {@link Setting}s (augmenter, amount), comparing a classifier trained on the other folds
 * alone with the same classifier trained on them plus synthetic rows, decided on the pooled out-of-fold estimate
 * with a group bootstrap, so that one group cannot fool it; see {@link GroupCheck}. Rows of some class in fewer
 * than {@link #MIN_GROUPS_PER_CLASS} distinct groups admit nothing (one speaker or recording must not decide), and
 * the summary says so in one sentence.
 */
public final class DoNoHarm {
    /** Fewer distinct groups than this per class to validate on: no synthetic rows are admitted. */
    public static final int MIN_GROUPS_PER_CLASS = 3;

    private DoNoHarm() {
    }

    /**
     * The one-sentence refusal when some class of {@code t} has rows in fewer than {@code min} distinct groups,
     * else null. {@code part} names the rows in the sentence ("validation", "training").
     */
    static String tooFewGroups(FeatureTable t, int min, String part) {
        Map<String, java.util.Set<String>> groups = new TreeMap<>();
        for (FeatureTable.Row r : t.rows()) {
            groups.computeIfAbsent(r.label(), k -> new java.util.TreeSet<>()).add(r.group());
        }
        for (var e : groups.entrySet()) {
            if (e.getValue().size() < min) {
                return String.format("synthetic rows were not admitted: class '%s' has %s rows in only %d distinct group%s (%s), "
                                + "and the do-no-harm check needs at least %d per class so that no single group decides",
                        e.getKey(), part, e.getValue().size(), e.getValue().size() == 1 ? "" : "s",
                        abbreviate(String.join(", ", e.getValue())), min);
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** The first round(scale x planned) rows of each class (rows are i.i.d. draws, so the prefix is a random subset). */
    static FeatureTable takePerClass(FeatureTable t, Map<String, Integer> planned, double scale) {
        Map<String, Integer> left = new TreeMap<>();
        for (var e : planned.entrySet()) {
            left.put(e.getKey(), (int) Math.round(e.getValue() * scale));
        }
        List<FeatureTable.Row> out = new ArrayList<>();
        for (FeatureTable.Row r : t.rows()) {
            int n = left.getOrDefault(r.label(), 0);
            if (n > 0) {
                out.add(r);
                left.put(r.label(), n - 1);
            }
        }
        return new FeatureTable(t.featureNames(), out);
    }

    /**
     * The {@code percentile}-th percentile (0..100) of the balanced-accuracy gain (points) over bootstrap resamples
     * of the validation <em>groups</em> (recordings, subjects, time blocks: each resample draws as many groups as there are, with
     * replacement, and takes all their rows), from per-row correctness (averaged over repeats) with and without
     * synthetic rows. Rows of one group are not independent (neighbouring windows of one recording), so
     * resampling rows would make a gain on one group look like a gain on many. With one group only, the rows are
     * resampled.
     */
    static double bootstrapGainPercentile(List<String> truth, List<String> groups, double[] base, double[] with, long seed,
                                          double percentile) {
        double[][] gains = bootstrapGains(truth, groups, null, base, new double[][] {with}, seed);
        double[] g = new double[gains.length];
        for (int r = 0; r < g.length; r++) {
            g[r] = gains[r][0];
        }
        java.util.Arrays.sort(g);
        return g[lowerIndex(g.length, percentile)];
    }

    /**
     * Lower bounds (points) for the gains of several settings that hold for ALL of them at once with probability
     * about 1 - percentile/100, so that the best of several noisy settings is not admitted on its own luck (the
     * setting with the largest gain is chosen on the same rows its bound is computed on). The bootstrap of the
     * groups as in {@link #bootstrapGainPercentile}, every setting on the same resamples; with {@code g_s} a
     * setting's gain on all rows and {@code g_s*} on a resample, every bound is {@code g_s - c}, c the
     * (1 - percentile/100) quantile of {@code max_s (g_s - g_s*)} over the resamples (a max-statistic bound,
     * which knows how alike the settings are, unlike a Bonferroni correction). With one setting this is exactly
     * {@link #bootstrapGainPercentile}'s percentile (same resamples). {@code with[s]} is setting s's per-row
     * correctness.
     *
     * <p>{@code folds} (null: none) gives each row's fold of the cross-validation. Rows of one fold share more
     * than their groups: one GAN (or other augmenter) trained on the other folds and one classifier fit, a draw
     * the written rows will not repeat (they come from another GAN). Then the resampling has two stages (a nested,
     * or two-stage, bootstrap): as many folds as there are, drawn with replacement, and within each drawn fold as
     * many of its groups as it has, with replacement. So folds that disagree widen the bound even when each
     * fold's groups agree among themselves, which a bootstrap of the groups alone cannot see (it treats 3 x 35
     * groups as 105 independent replications of the augmenter when there are 3). Resampling both stages slightly
     * overstates the spread (the fold means already carry the groups' variation): on the side of doing no harm.
     */
    static double[] simultaneousLowerBounds(List<String> truth, List<String> groups, List<Integer> folds, double[] base,
                                            double[][] with, long seed, double percentile) {
        List<String> classes = new ArrayList<>(new java.util.TreeSet<>(truth));
        double[][] b = GroupBootstrap.fromCorrectness(truth, classes, new double[][] {base})[0];
        double[][][] w = new double[with.length][][];
        for (int s = 0; s < with.length; s++) {
            w[s] = GroupBootstrap.fromCorrectness(truth, classes, new double[][] {with[s]})[0];
        }
        return simultaneousLowerBounds(BALANCED_ACCURACY, classes, truth, groups, folds, b, w, seed, percentile);
    }

    /**
     * {@link #simultaneousLowerBounds(List, List, List, double[], double[][], long, double)} in any reported metric,
     * from per-row prediction shares [row][class] over {@code classes} and a last "other class" column (the form of
     * {@link GroupBootstrap#metricGains}; repeats already averaged into the shares).
     */
    static double[] simultaneousLowerBounds(ReportedMetric metric, List<String> classes, List<String> truth,
                                            List<String> groups, List<Integer> folds, double[][] base, double[][][] with,
                                            long seed, double percentile) {
        double[][][][] arms = new double[with.length][][][];
        for (int s = 0; s < with.length; s++) {
            arms[s] = new double[][][] {with[s]};
        }
        double[][] gains = GroupBootstrap.metricGains(List.of(metric), classes, truth, groups, folds, new double[][][] {base},
                arms, false, seed, GroupBootstrap.DRAWS)[0];
        double b = GroupBootstrap.score(metric, classes, truth, base, null);
        double[] point = new double[with.length];
        for (int s = 0; s < with.length; s++) {
            point[s] = 100 * (GroupBootstrap.score(metric, classes, truth, with[s], null) - b);
        }
        double[] worst = new double[gains.length];
        for (int r = 0; r < gains.length; r++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < with.length; s++) {
                m = Math.max(m, point[s] - gains[r][s]);
            }
            worst[r] = m;
        }
        java.util.Arrays.sort(worst);
        // the mirror image of the single setting's percentile index, so that one setting gives exactly that value
        double c = worst[worst.length - 1 - lowerIndex(worst.length, percentile)];
        double[] out = new double[with.length];
        for (int s = 0; s < with.length; s++) {
            out[s] = point[s] - c;
        }
        return out;
    }

    /** The check's default metric: balanced accuracy. */
    public static final ReportedMetric BALANCED_ACCURACY = ReportedMetric.parse("balancedAccuracy");

    private static int lowerIndex(int b, double percentile) {
        return org.spectrogan.evaluate.GroupBootstrap.lowerIndex(b, percentile);
    }

    /**
     * Gains (points) of every setting on each of {@link org.spectrogan.evaluate.GroupBootstrap#DRAWS} bootstrap
     * resamples, [resample][setting]: of the groups, or with {@code folds} (each row's fold; null: none) of the folds
     * and then of the groups within each drawn fold ({@link org.spectrogan.evaluate.GroupBootstrap}, one replicate).
     */
    private static double[][] bootstrapGains(List<String> truth, List<String> groups, List<Integer> folds, double[] base,
                                             double[][] with, long seed) {
        double[][][] arms = new double[with.length][][];
        for (int s = 0; s < with.length; s++) {
            arms[s] = new double[][] {with[s]};
        }
        return org.spectrogan.evaluate.GroupBootstrap.gains(truth, groups, folds, new double[][] {base}, arms, seed,
                org.spectrogan.evaluate.GroupBootstrap.DRAWS);
    }

    static List<String> labels(FeatureTable t) {
        List<String> y = new ArrayList<>(t.size());
        for (FeatureTable.Row r : t.rows()) {
            y.add(r.label());
        }
        return y;
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The check one group cannot fool: inner group cross-validation over all training groups.

    /** A setting the cross-validated check tries: an augmenter at a share of the planned amount. */
    public record Setting(org.spectrogan.augment.augmenters.Augmenter augmenter, double amountScale) {
        public Setting {
            java.util.Objects.requireNonNull(augmenter, "augmenter");
            if (!(amountScale >= 0) || Double.isInfinite(amountScale)) {
                throw new IllegalArgumentException("amount scale must be a finite number >= 0: " + amountScale);
            }
        }

        public String describe() {
            return augmenter.name() + ", amount x" + fmt(amountScale);
        }
    }

    /**
     * One setting's cross-validated result: the pooled (out-of-fold, every train row validated once) score in the
     * check's metric (0..1), its gain over real only in points, the {@code lowerPercentile}-th percentile of the gain over
     * bootstrap resamples of the groups, the gain on each group's own rows, the mean synthetic rows per fold, and
     * each (fold, repeat)'s own figures.
     */
    public record GroupTrial(Setting setting, double score, double gainPoints, double gainLowerPoints,
                             Map<String, Double> gainPointsByGroup, double meanSyntheticRows, List<FoldTrial> foldTrials) {
        public GroupTrial {
            gainPointsByGroup = java.util.Collections.unmodifiableMap(new TreeMap<>(gainPointsByGroup));
            foldTrials = List.copyOf(foldTrials);
        }
    }

    /**
     * One (fold, repeat) of a setting: fold (0-based) and repeat, the gain in the check's metric in points on that
     * fold's validation rows alone, and the synthetic rows the augmenter made for it.
     */
    public record FoldTrial(int fold, int repeat, double gainPoints, int syntheticRows) {
    }

    /**
     * The cross-validated decision. {@code admitted} is false when nothing helped or when the check refused
     * (too few groups); then {@code chosen} is null and {@code summary} says why in one sentence.
     * {@code folds} lists each fold's validation groups; {@code metric} the metric judged on (its configuration name)
     * and {@code baselineScore} real only's pooled score in it (0..1; NaN when the check refused).
     */
    public record GroupDecision(boolean admitted, GroupTrial chosen, String metric, double baselineScore,
                                List<GroupTrial> trials, List<List<String>> folds, int trainRows, String summary) {
        public GroupDecision {
            trials = List.copyOf(trials);
            folds = folds.stream().map(List::copyOf).toList();
        }
    }

    /** A builder for the cross-validated check; {@code setJudge} and {@code setPlan} are required. */
    public static GroupCheck.Builder groupCheck() {
        return new GroupCheck.Builder();
    }

    /**
     * The do-no-harm check by inner group cross-validation over the training groups: the groups are dealt into
     * folds stratified by class (every group is a validation group exactly once); on each fold the augmenter
     * sees only the other folds' rows, and a classifier trained on those rows alone is compared with the same
     * classifier (same seed) trained on them plus the synthetic rows. The decision uses the pooled out-of-fold
     * score in the configured metric ({@code optMetric}, default balanced accuracy) and a bootstrap over groups: the best setting is admitted only when its pooled gain
     * exceeds {@code minGainPoints} and its lower bootstrap bound is above zero, a bound that holds for all the
     * settings tried at once ({@link #simultaneousLowerBounds}), since the best is picked on the same rows. A
     * setting's rows are made as the written rows are: the augmenter's rows at the full plan, then the first
     * round(scale x planned) rows of each class ({@link #takePerClass}). A class with rows in fewer than
     * {@link #MIN_GROUPS_PER_CLASS} groups makes the check refuse.
     */
    public static final class GroupCheck {
        private final Classifier judge;
        private final java.util.function.Function<Map<String, Integer>, Map<String, Integer>> plan;
        private final int folds;
        private final int repeats;
        private final double minGainPoints;
        private final double lowerPercentile;
        private final long seed;
        private final ReportedMetric metric;

        private GroupCheck(Builder b) {
            this.judge = b.judge;
            this.plan = b.plan;
            this.folds = b.folds;
            this.repeats = b.repeats;
            this.minGainPoints = b.minGainPoints;
            this.lowerPercentile = b.lowerPercentile;
            this.seed = b.seed;
            this.metric = b.metric;
        }

        public static final class Builder {
            private Classifier judge;
            private java.util.function.Function<Map<String, Integer>, Map<String, Integer>> plan;
            private int folds = 5;
            private int repeats = 2;
            private double minGainPoints = 0.0;
            private double lowerPercentile = 10.0;
            private long seed = 1;
            private ReportedMetric metric = BALANCED_ACCURACY;

            /** The classifier that judges (required). */
            public Builder setJudge(Classifier judge) {
                this.judge = judge;
                return this;
            }

            /** Synthetic rows per class at amount x1, from the real rows per class of a fold's fit part (required). */
            public Builder setPlan(java.util.function.Function<Map<String, Integer>, Map<String, Integer>> plan) {
                this.plan = plan;
                return this;
            }

            /** At most this many folds (fewer when there are fewer groups: then one group per fold). Default 5. */
            public Builder optFolds(int folds) {
                this.folds = folds;
                return this;
            }

            /** Classifier seeds and synthetic draws averaged per fold. Default 2. */
            public Builder optRepeats(int repeats) {
                this.repeats = repeats;
                return this;
            }

            /** The pooled gain must exceed this many points. Default 0. */
            public Builder optMinGainPoints(double minGainPoints) {
                this.minGainPoints = minGainPoints;
                return this;
            }

            /**
             * The bootstrap percentile (0..50) of the gain that must be above zero, simultaneous over the settings
             * tried ({@link #simultaneousLowerBounds}; with one setting the plain percentile). Default 10.
             */
            public Builder optLowerPercentile(double lowerPercentile) {
                this.lowerPercentile = lowerPercentile;
                return this;
            }

            public Builder optSeed(long seed) {
                this.seed = seed;
                return this;
            }

            /**
             * The metric the check judges on (the pooled out-of-fold score, its gain and the bound): balanced
             * accuracy (default), accuracy, macro-F1 or a class's recall ({@link ReportedMetric}).
             */
            public Builder optMetric(ReportedMetric metric) {
                this.metric = java.util.Objects.requireNonNull(metric, "metric");
                return this;
            }

            public GroupCheck build() {
                if (judge == null || plan == null) {
                    throw new IllegalStateException("the group check needs a judge and a plan (setJudge, setPlan)");
                }
                if (folds < 2) {
                    throw new IllegalArgumentException("the group check needs at least 2 folds: " + folds);
                }
                if (repeats < 1) {
                    throw new IllegalArgumentException("the group check needs at least 1 repeat: " + repeats);
                }
                if (!(lowerPercentile >= 0 && lowerPercentile <= 50)) {
                    throw new IllegalArgumentException("the lower bootstrap percentile must be in 0..50: " + lowerPercentile);
                }
                return new GroupCheck(this);
            }
        }

        /** Runs the check on the real training rows {@code train} for each of {@code settings}. */
        public GroupDecision run(FeatureTable train, List<Setting> settings) {
            if (settings.isEmpty()) {
                throw new IllegalArgumentException("no settings to try");
            }
            List<List<String>> foldGroups = stratifiedGroupFolds(train, folds, seed);
            String refusal = tooFewGroups(train, MIN_GROUPS_PER_CLASS, "training");
            if (refusal == null) {
                refusal = foldWithoutAClass(train, foldGroups);
            }
            if (refusal != null) {
                return new GroupDecision(false, null, metric.name(), Double.NaN, List.of(), foldGroups, train.size(), refusal);
            }
            int n = train.size();
            List<String> truth = labels(train);
            List<String> groups = train.rows().stream().map(FeatureTable.Row::group).toList();
            List<String> classes = new ArrayList<>(new java.util.TreeSet<>(truth));
            int cols = classes.size() + 1;
            // per row, the share of the repeats that predicted each class (the last column, "another class", stays 0)
            double[][] baseShares = new double[n][cols];
            double[][][] withShares = new double[settings.size()][n][cols];
            double[] synthRows = new double[settings.size()];
            List<FoldRows> foldRows = new ArrayList<>();
            for (List<String> fold : foldGroups) {
                java.util.Set<String> held = new java.util.HashSet<>(fold);
                List<Integer> valIdx = new ArrayList<>();
                List<FeatureTable.Row> fitRows = new ArrayList<>();
                List<FeatureTable.Row> valRows = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    FeatureTable.Row r = train.rows().get(i);
                    if (held.contains(r.group())) {
                        valIdx.add(i);
                        valRows.add(r);
                    } else {
                        fitRows.add(r);
                    }
                }
                FeatureTable fit = new FeatureTable(train.featureNames(), fitRows);
                foldRows.add(new FoldRows(fit, new FeatureTable(train.featureNames(), valRows).matrix(), valRows, valIdx,
                        plan.apply(fit.countsByLabel())));
            }
            // every (fold, repeat) on its own seeds and rows: independent, so on the cores; merged below in the
            // order of the loop one after another (the sums are counts, the row means added in the same order)
            List<FoldRepeat> done = org.spectrogan.common.Workers.indexed(foldGroups.size() * repeats, t -> {
                int f = t / repeats;
                int r = t % repeats;
                FoldRows fr = foldRows.get(f);
                long classifierSeed = seed + 1000L * r + 17L * f;
                int[] basePred = indices(judge.fit(fr.fit(), classifierSeed).predict(fr.val()), classes);
                int[][] withPred = new int[settings.size()][];
                int[] synthSizes = new int[settings.size()];
                // the rows of a setting are made as the written rows are (SyntheticRows): the augmenter's rows at
                // the full plan (after its own gate), then the first round(scale x planned) of each class, so that
                // the amount validated is the amount written (asking the augmenter for the scaled amount gives
                // fewer rows than that when a gate drops some) and the smaller amounts are subsets of the larger
                Map<org.spectrogan.augment.augmenters.Augmenter, FeatureTable> full = new java.util.IdentityHashMap<>();
                for (int s = 0; s < settings.size(); s++) {
                    Setting st = settings.get(s);
                    FeatureTable made = full.computeIfAbsent(st.augmenter(),
                            a -> a.synthesize(fr.fit(), fr.planned(), seed + 7919L * (r + 1) + 31L * f));
                    FeatureTable synth = takePerClass(made, fr.planned(), st.amountScale());
                    synthSizes[s] = synth.size();
                    FeatureTable with = synth.size() == 0 ? fr.fit() : fr.fit().concat(synth);
                    withPred[s] = indices(judge.fit(with, classifierSeed).predict(fr.val()), classes);
                }
                return new FoldRepeat(basePred, withPred, synthSizes);
            });
            for (int t = 0; t < done.size(); t++) {
                FoldRows fr = foldRows.get(t / repeats);
                FoldRepeat d = done.get(t);
                addShares(d.basePred(), fr.valIdx(), baseShares, 1.0 / repeats);
                for (int s = 0; s < settings.size(); s++) {
                    synthRows[s] += d.synthSizes()[s] / (double) (repeats * foldGroups.size());
                    addShares(d.withPred()[s], fr.valIdx(), withShares[s], 1.0 / repeats);
                }
            }
            double base = GroupBootstrap.score(metric, classes, truth, baseShares, null);
            List<List<FoldTrial>> foldTrials = new ArrayList<>();
            for (int s = 0; s < settings.size(); s++) {
                foldTrials.add(new ArrayList<>());
            }
            for (int t = 0; t < done.size(); t++) {
                FoldRows fr = foldRows.get(t / repeats);
                FoldRepeat d = done.get(t);
                List<String> valTruth = labels(new FeatureTable(train.featureNames(), fr.valRows()));
                double b = GroupBootstrap.score(metric, classes, valTruth, oneHot(d.basePred(), cols), null);
                for (int s = 0; s < settings.size(); s++) {
                    foldTrials.get(s).add(new FoldTrial(t / repeats, t % repeats,
                            100 * (GroupBootstrap.score(metric, classes, valTruth, oneHot(d.withPred()[s], cols), null) - b),
                            d.synthSizes()[s]));
                }
            }
            // the lower bounds hold for every setting that made rows at once (the best of them is chosen on
            // the same rows), resampling folds and then groups within them; a setting without rows has gain 0
            List<Integer> made = new ArrayList<>();
            for (int s = 0; s < settings.size(); s++) {
                if (synthRows[s] > 0) {
                    made.add(s);
                }
            }
            double[] lowers = new double[settings.size()];
            if (!made.isEmpty()) {
                double[][][] withMade = new double[made.size()][][];
                for (int j = 0; j < made.size(); j++) {
                    withMade[j] = withShares[made.get(j)];
                }
                Integer[] foldOf = new Integer[n];
                for (int f = 0; f < foldRows.size(); f++) {
                    for (int i : foldRows.get(f).valIdx()) {
                        foldOf[i] = f;
                    }
                }
                double[] l = simultaneousLowerBounds(metric, classes, truth, groups, java.util.Arrays.asList(foldOf),
                        baseShares, withMade, seed + 5, lowerPercentile);
                for (int j = 0; j < made.size(); j++) {
                    lowers[made.get(j)] = l[j];
                }
            }
            List<GroupTrial> trials = new ArrayList<>();
            for (int s = 0; s < settings.size(); s++) {
                double score = GroupBootstrap.score(metric, classes, truth, withShares[s], null);
                trials.add(new GroupTrial(settings.get(s), score, 100 * (score - base), lowers[s],
                        gainByGroup(metric, classes, truth, groups, baseShares, withShares[s]), synthRows[s], foldTrials.get(s)));
            }
            GroupTrial best = null;
            for (GroupTrial t : trials) {
                if (t.meanSyntheticRows() > 0 && (best == null || t.gainPoints() > best.gainPoints() + 1e-12)) {
                    best = t;
                }
            }
            boolean admitted = best != null && best.gainPoints() > minGainPoints && best.gainLowerPoints() > 0;
            String where = String.format("%d-fold group cross-validation over %d training groups", foldGroups.size(),
                    foldGroups.stream().mapToInt(List::size).sum());
            String what = "pooled " + metric.title();
            String summary;
            if (admitted) {
                summary = String.format("synthetic rows helped in %s: %s %.1f%% -> %.1f%% (%+.1f points, group bootstrap p%s %+.1f%s) with %s",
                        where, what, 100 * base, 100 * best.score(), best.gainPoints(), fmt(lowerPercentile),
                        best.gainLowerPoints(), over(made.size()), best.setting().describe());
            } else if (best == null) {
                summary = "synthetic rows were not admitted: no setting produced any rows (" + where + ")";
            } else {
                summary = String.format("synthetic rows were not admitted: in %s the best setting, %s, gave %s %.1f%% against %.1f%% real only (%+.1f points, group bootstrap p%s %+.1f%s: not clearly above zero)",
                        where, best.setting().describe(), what, 100 * best.score(), 100 * base, best.gainPoints(),
                        fmt(lowerPercentile), best.gainLowerPoints(), over(made.size()));
            }
            return new GroupDecision(admitted, admitted ? best : null, metric.name(), base, trials, foldGroups, n, summary);
        }

        /** The bound's scope in the summary: nothing for one setting, else over how many it holds at once. */
        private static String over(int settingsWithRows) {
            return settingsWithRows > 1 ? ", simultaneous over the " + settingsWithRows + " settings tried" : "";
        }

        /** One fold of the check: its fit rows, validation matrix, rows and their indices, planned rows per class. */
        private record FoldRows(FeatureTable fit, double[][] val, List<FeatureTable.Row> valRows, List<Integer> valIdx,
                                Map<String, Integer> planned) {
        }

        /** One (fold, repeat): the class (index) the real-only and each setting's classifier predicted per validation row. */
        private record FoldRepeat(int[] basePred, int[][] withPred, int[] synthSizes) {
        }

        private static int[] indices(String[] pred, List<String> classes) {
            int[] out = new int[pred.length];
            for (int k = 0; k < pred.length; k++) {
                out[k] = classes.indexOf(pred[k]);
                if (out[k] < 0) {
                    throw new IllegalStateException("the judge predicted class '" + pred[k] + "', not one of " + classes);
                }
            }
            return out;
        }

        private static void addShares(int[] pred, List<Integer> idx, double[][] shares, double weight) {
            for (int k = 0; k < pred.length; k++) {
                shares[idx.get(k)][pred[k]] += weight;
            }
        }

        private static double[][] oneHot(int[] pred, int cols) {
            double[][] out = new double[pred.length][cols];
            for (int k = 0; k < pred.length; k++) {
                out[k][pred[k]] = 1;
            }
            return out;
        }
    }

    /** Per group, the gain (points) in {@code metric} on that group's rows alone, from prediction shares [row][class]. */
    static Map<String, Double> gainByGroup(ReportedMetric metric, List<String> classes, List<String> truth, List<String> groups,
                                           double[][] base, double[][] with) {
        Map<String, List<Integer>> byGroup = new TreeMap<>();
        for (int i = 0; i < truth.size(); i++) {
            byGroup.computeIfAbsent(groups.get(i), k -> new ArrayList<>()).add(i);
        }
        Map<String, Double> out = new TreeMap<>();
        for (var e : byGroup.entrySet()) {
            int[] rows = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            out.put(e.getKey(), 100 * (GroupBootstrap.score(metric, classes, truth, with, rows)
                    - GroupBootstrap.score(metric, classes, truth, base, rows)));
        }
        return out;
    }

    /**
     * Deals the groups of {@code t} into at most {@code maxFolds} folds (one group per fold when there are no
     * more groups than folds), stratified by class: groups in a seeded random order, larger first, each into the
     * fold that keeps the per-class shares of the folds most even (sum over classes of the standard deviation of
     * the fold shares), ties to the fold with fewer rows. Every group is in exactly one fold.
     */
    static List<List<String>> stratifiedGroupFolds(FeatureTable t, int maxFolds, long seed) {
        List<String> classes = t.labels();
        Map<String, int[]> perGroup = new TreeMap<>();
        for (FeatureTable.Row r : t.rows()) {
            perGroup.computeIfAbsent(r.group(), k -> new int[classes.size()])[classes.indexOf(r.label())]++;
        }
        List<String> order = new ArrayList<>(perGroup.keySet());
        java.util.Collections.shuffle(order, new java.util.Random(seed));
        order.sort((a, b) -> Integer.compare(java.util.Arrays.stream(perGroup.get(b)).sum(), java.util.Arrays.stream(perGroup.get(a)).sum()));
        int k = Math.min(maxFolds, order.size());
        double[] total = new double[classes.size()];
        for (int[] c : perGroup.values()) {
            for (int j = 0; j < c.length; j++) {
                total[j] += c[j];
            }
        }
        double[][] fold = new double[k][classes.size()];
        int[] foldRows = new int[k];
        List<List<String>> out = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            out.add(new ArrayList<>());
        }
        for (String g : order) {
            int[] c = perGroup.get(g);
            int best = -1;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int f = 0; f < k; f++) {
                // an empty fold is filled first so that every fold gets a group
                double cost = out.get(f).isEmpty() ? -1 : 0;
                if (cost == 0) {
                    for (int j = 0; j < classes.size(); j++) {
                        double m = 0;
                        double m2 = 0;
                        for (int h = 0; h < k; h++) {
                            double share = (fold[h][j] + (h == f ? c[j] : 0)) / total[j];
                            m += share / k;
                            m2 += share * share / k;
                        }
                        cost += Math.sqrt(Math.max(0, m2 - m * m));
                    }
                }
                if (cost < bestCost - 1e-12 || (Math.abs(cost - bestCost) <= 1e-12 && foldRows[f] < foldRows[best])) {
                    best = f;
                    bestCost = cost;
                }
            }
            out.get(best).add(g);
            for (int j = 0; j < classes.size(); j++) {
                fold[best][j] += c[j];
            }
            foldRows[best] += java.util.Arrays.stream(c).sum();
        }
        for (List<String> f : out) {
            f.sort(null);
        }
        return out;
    }

    /** The refusal when some fold's fit part (the other folds) lacks a class or has only one, else null. */
    private static String foldWithoutAClass(FeatureTable t, List<List<String>> folds) {
        for (List<String> f : folds) {
            java.util.Set<String> held = new java.util.HashSet<>(f);
            java.util.Set<String> left = new java.util.TreeSet<>(t.labels());
            for (FeatureTable.Row r : t.rows()) {
                if (!held.contains(r.group())) {
                    left.remove(r.label());
                }
            }
            if (!left.isEmpty()) {
                return "synthetic rows were not admitted: holding out the groups " + abbreviate(String.join(", ", f))
                        + " leaves no training row of class " + abbreviate(String.join(", ", left))
                        + ", so the do-no-harm check cannot validate on them";
            }
        }
        return null;
    }
}
