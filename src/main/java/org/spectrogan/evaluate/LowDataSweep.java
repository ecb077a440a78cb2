package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.spectrogan.features.FeatureTable;

/**
 * The gain at 10%, 25%, 50% and 100% of the real training rows: for every fraction and repeat, a stratified
 * subset of the real training rows ({@link Subsampling#stratified}, by class and group), synthetic rows made
 * from that subset only by the caller's {@link SyntheticSource}, then one {@link GainEvaluation.Trial}.
 */
public final class LowDataSweep {
    public static final List<Double> DEFAULT_FRACTIONS = List.of(0.10, 0.25, 0.50, 1.00);

    private LowDataSweep() {
    }

    /**
     * One fraction: how many real and (mean) synthetic training rows, and the gain per classifier.
     * {@code ceiling} (empty when not measured, and always at 100%) is the gain of the same trials when the extra
     * rows are not synthetic but real train rows held back from the subset, as many per class as the synthesis
     * plan asks for ({@code meanCeilingRows} on average): what a perfect generator could add at this fraction.
     * {@code meanCeilingRowsAsked} is how many were asked for on average; {@code ceilingCappedTrials} counts the
     * trials where fewer real rows were left outside the subset than asked for (all of them were used).
     */
    public record Point(double fraction, int realTrainRows, double meanSyntheticRows,
                        List<GainEvaluation.ClassifierGain> classifiers, double meanCeilingRows,
                        List<GainEvaluation.ClassifierGain> ceiling, double meanCeilingRowsAsked, int ceilingCappedTrials) {
        public Point {
            classifiers = List.copyOf(classifiers);
            ceiling = ceiling == null ? List.of() : List.copyOf(ceiling);
        }

        public Point(double fraction, int realTrainRows, double meanSyntheticRows, List<GainEvaluation.ClassifierGain> classifiers,
                     double meanCeilingRows, List<GainEvaluation.ClassifierGain> ceiling) {
            this(fraction, realTrainRows, meanSyntheticRows, classifiers, meanCeilingRows, ceiling, meanCeilingRows, 0);
        }

        public Point(double fraction, int realTrainRows, double meanSyntheticRows, List<GainEvaluation.ClassifierGain> classifiers) {
            this(fraction, realTrainRows, meanSyntheticRows, classifiers, 0, List.of());
        }

        /** The summary line of one classifier's ceiling at this fraction. */
        public String ceilingLine(GainEvaluation.ClassifierGain g) {
            Summary gain = g.gain().get(Metric.BALANCED_ACCURACY);
            return String.format(java.util.Locale.ROOT, "%s at %d%%, ceiling (%.0f held-back real rows instead of synthetic ones%s): gain %+.1f points (%s)",
                    g.classifier(), Math.round(100 * fraction), meanCeilingRows,
                    ceilingCappedTrials == 0 ? "" : String.format(java.util.Locale.ROOT, ", %.0f asked for: capped", meanCeilingRowsAsked),
                    100 * gain.mean(), gain.pointsIntervalSentence());
        }
    }

    /**
     * Runs the sweep. Repeat r of every fraction uses the same seed, so the fractions' subsets differ only in
     * size; at 100% every repeat has the whole training set and only the synthetic rows and the classifiers'
     * seeds vary. {@code progress} hears about each step.
     */
    public static List<Point> run(FeatureTable realTrain, FeatureTable realTest, SyntheticSource source,
                                  List<Classifier> classifiers, List<Double> fractions, int repeats, long seed,
                                  Consumer<String> progress) {
        return run(realTrain, realTest, source, classifiers, fractions, repeats, seed, null, progress);
    }

    /**
     * As {@link #run(FeatureTable, FeatureTable, SyntheticSource, List, List, int, long, Consumer)}; with
     * {@code ceilingCounts} (subset -> rows per class; null: no ceiling) every fraction below 1 also measures the
     * ceiling: each trial's subset plus {@link #heldBack} real train rows outside it instead of synthetic rows.
     * The ceiling uses the same subsets, seeds and test rows, so it is directly comparable with the gain.
     */
    public static List<Point> run(FeatureTable realTrain, FeatureTable realTest, SyntheticSource source,
                                  List<Classifier> classifiers, List<Double> fractions, int repeats, long seed,
                                  Function<FeatureTable, Map<String, Integer>> ceilingCounts, Consumer<String> progress) {
        return run(List.of(new Split(realTrain, realTest)), source, classifiers, fractions, repeats, seed,
                ceilingCounts == null ? null : (subset, synthetic) -> ceilingCounts.apply(subset), progress);
    }

    /** One train / test split of the real rows (a fold). */
    public record Split(FeatureTable realTrain, FeatureTable realTest) {
    }

    /**
     * The sweep over several splits (K group folds): at every fraction, {@code repeats} trials per split, pooled
     * into one set of trials per fraction (K x repeats), so the interval covers the folds too. Split 0 uses the
     * seeds of the single-split sweep; {@code realTrainRows} is the mean subset size over the splits.
     * {@code ceilingCounts} (null: no ceiling) gets each trial's subset and its synthetic rows and says how many
     * held-back real rows per class that trial's ceiling adds (the pipeline: the synthesis plan; the fixed tables
     * of {@code spectrogan evaluate}: as many as the trial's synthetic rows).
     */
    public static List<Point> run(List<Split> splits, SyntheticSource source, List<Classifier> classifiers,
                                  List<Double> fractions, int repeats, long seed,
                                  BiFunction<FeatureTable, FeatureTable, Map<String, Integer>> ceilingCounts,
                                  Consumer<String> progress) {
        return run(splits, source, classifiers, fractions, repeats, seed, ceilingCounts, new FitCache(), progress);
    }

    /**
     * As {@link #run(List, SyntheticSource, List, List, int, long, BiFunction, Consumer)}, every classifier fit's
     * score shared through {@code fits} (the ceiling's real-only fits are the sweep's own; a caller running the
     * same subsets again, with other extra rows, passes the same cache and fits only what is new). The figures are
     * those of fitting every time.
     */
    public static List<Point> run(List<Split> splits, SyntheticSource source, List<Classifier> classifiers,
                                  List<Double> fractions, int repeats, long seed,
                                  BiFunction<FeatureTable, FeatureTable, Map<String, Integer>> ceilingCounts,
                                  FitCache fits, Consumer<String> progress) {
        List<SyntheticSource.Request> requests = requests(splits, fractions, repeats, seed);
        // every subset first, so the source can schedule their GANs together
        source.prepare(requests);
        Consumer<String> told = GainEvaluation.synchronizedConsumer(progress);
        int perFraction = splits.size() * repeats;
        java.util.function.IntFunction<FeatureTable> make = i -> {
            SyntheticSource.Request request = requests.get(i);
            double f = fractions.get(i / perFraction);
            int k = i % perFraction / repeats;
            int r = i % repeats;
            String where = Math.round(f * 100) + "% " + (splits.size() > 1 ? "fold " + (k + 1) + "/" + splits.size() + " " : "")
                    + "repeat " + (r + 1) + "/" + repeats;
            told.accept(where + ": synthesizing from " + request.trainSubset().size() + " real rows");
            FeatureTable syn = source.synthesize(request.trainSubset(), request.seed());
            return syn == null ? new FeatureTable(splits.get(k).realTrain().featureNames(), List.of()) : syn;
        };
        List<FeatureTable> made = new ArrayList<>();
        if (source.concurrent()) {
            made.addAll(org.spectrogan.common.Workers.indexed(requests.size(), make));
        } else {
            for (int i = 0; i < requests.size(); i++) {
                made.add(make.apply(i));
            }
        }
        List<Point> points = new ArrayList<>();
        int next = 0;
        for (double f : fractions) {
            List<GainEvaluation.Trial> trials = new ArrayList<>();
            List<GainEvaluation.Trial> ceilingTrials = new ArrayList<>();
            long ceilingRows = 0;
            long ceilingAsked = 0;
            int ceilingCapped = 0;
            long synthRows = 0;
            long realRows = 0;
            for (int k = 0; k < splits.size(); k++) {
                Split sp = splits.get(k);
                for (int r = 0; r < repeats; r++) {
                    SyntheticSource.Request request = requests.get(next);
                    FeatureTable syn = made.get(next);
                    next++;
                    long s = request.seed();
                    FeatureTable subset = request.trainSubset();
                    realRows += subset.size();
                    synthRows += syn.size();
                    trials.add(new GainEvaluation.Trial(subset, syn, sp.realTest(), s));
                    if (ceilingCounts != null && f < 1) {
                        Map<String, Integer> asked = ceilingCounts.apply(subset, syn);
                        FeatureTable extra = heldBack(sp.realTrain(), subset, asked, s ^ 0x2545F4914F6CDD1DL);
                        long askedRows = asked.values().stream().mapToLong(v -> Math.max(0, v)).sum();
                        ceilingAsked += askedRows;
                        ceilingCapped += extra.size() < askedRows ? 1 : 0;
                        ceilingRows += extra.size();
                        ceilingTrials.add(new GainEvaluation.Trial(subset, extra, sp.realTest(), s));
                    }
                }
            }
            int n = trials.size();
            String at = Math.round(f * 100) + "%: ";
            List<GainEvaluation.ClassifierGain> gains = GainEvaluation.evaluate(trials, classifiers, s -> told.accept(at + s), fits);
            List<GainEvaluation.ClassifierGain> ceiling = ceilingTrials.isEmpty() ? List.of()
                    : GainEvaluation.evaluate(ceilingTrials, classifiers, s -> told.accept(at + "ceiling " + s), fits);
            points.add(new Point(f, (int) Math.round((double) realRows / n), (double) synthRows / n, gains,
                    ceilingTrials.isEmpty() ? 0 : (double) ceilingRows / n, ceiling,
                    ceilingTrials.isEmpty() ? 0 : (double) ceilingAsked / n, ceilingCapped));
        }
        return points;
    }

    /**
     * Every subset {@link #run} asks its source for, in its order (fraction, then split, then repeat), each with
     * its seed: lets a caller schedule the work of all of them (the GANs) before the sweep runs.
     */
    public static List<SyntheticSource.Request> requests(List<Split> splits, List<Double> fractions, int repeats, long seed) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1: " + repeats);
        }
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("no split to sweep");
        }
        long[] seeds = new long[repeats];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int r = 0; r < repeats; r++) {
            seeds[r] = rng.nextLong();
        }
        for (double f : fractions) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("fraction must be in (0, 1]: " + f);
            }
        }
        List<SyntheticSource.Request> requests = new ArrayList<>();
        for (double f : fractions) {
            for (int k = 0; k < splits.size(); k++) {
                for (int r = 0; r < repeats; r++) {
                    long s = k == 0 ? seeds[r] : seeds[r] ^ (0x632BE59BD9B4E019L * k);
                    requests.add(new SyntheticSource.Request(Subsampling.stratified(splits.get(k).realTrain(), f, s), s));
                }
            }
        }
        return requests;
    }

    /**
     * Real rows of {@code realTrain} that are not in {@code subset}: per class, {@code counts} of them (all there
     * are when fewer), drawn at random with {@code seed}; row order is kept. Classes missing from {@code counts}
     * get none.
     */
    public static FeatureTable heldBack(FeatureTable realTrain, FeatureTable subset, Map<String, Integer> counts, long seed) {
        Set<FeatureTable.Row> in = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        in.addAll(subset.rows());
        Map<String, List<Integer>> byClass = new TreeMap<>();
        List<FeatureTable.Row> rows = realTrain.rows();
        for (int i = 0; i < rows.size(); i++) {
            if (!in.contains(rows.get(i))) {
                byClass.computeIfAbsent(rows.get(i).label(), k -> new ArrayList<>()).add(i);
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Set<Integer> keep = new HashSet<>();
        for (Map.Entry<String, List<Integer>> e : byClass.entrySet()) {
            List<Integer> idx = e.getValue();
            Subsampling.shuffle(idx, rng);
            int n = Math.min(Math.max(0, counts.getOrDefault(e.getKey(), 0)), idx.size());
            keep.addAll(idx.subList(0, n));
        }
        List<FeatureTable.Row> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (keep.contains(i)) {
                out.add(rows.get(i));
            }
        }
        return new FeatureTable(realTrain.featureNames(), out);
    }
}
