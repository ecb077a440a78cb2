package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one bootstrap of groups (recordings, subjects, speakers, time blocks) for a balanced-accuracy gain, from
 * per-row correctness (0..1) of a baseline and of one or more "with" arms on the same rows. Each resample draws as
 * many groups as there are, with replacement, and takes all their rows; the SAME draw serves the baseline and
 * every arm (paired). Rows of one group are not independent (neighbouring windows of one recording), so
 * resampling rows would make a gain on one group look like a gain on many.
 *
 * <p>Two further stages, both optional:
 * <ul>
 * <li>{@code folds} (each row's fold; null: none): first as many folds as there are, drawn with replacement, then
 * within each drawn fold as many of its groups as it has (a nested, two-stage bootstrap; the do-no-harm check's
 * folds each share one augmenter draw and one classifier fit);</li>
 * <li>replicates (the first index of {@code base[t][i]} and {@code with[s][t][i]}: e.g. paired trials that fit the
 * classifier on different subsamples of the train rows, all scored on the same rows): first as many replicates as
 * there are, drawn with replacement, whose correctness is averaged, then the groups (crossed: the one group draw
 * applies to every drawn replicate). With one replicate nothing is drawn for it.</li>
 * </ul>
 * With neither folds nor several groups (one group only), the rows are resampled.
 */
public final class GroupBootstrap {
    /** Resamples per bootstrap unless a caller asks for another count. */
    public static final int DRAWS = 1000;

    private GroupBootstrap() {
    }

    /**
     * Gains (points) of every arm on each of {@code draws} resamples, [resample][arm], in balanced accuracy, from
     * per-row correctness: {@code base} [replicate][row], {@code with} [arm][replicate][row] (0..1). The gain of a
     * resample is the balanced accuracy (mean over the classes present in it of the mean correctness of their drawn
     * rows) with the arm minus without. Correctness does not say which wrong class was predicted, so it serves the
     * metrics that need only that (balanced accuracy, recalls); {@link #metricGains} takes the predicted classes.
     */
    public static double[][] gains(List<String> truth, List<String> groups, List<Integer> folds, double[][] base,
                                   double[][][] with, long seed, int draws) {
        List<String> classes = new ArrayList<>(new TreeSet<>(truth));
        double[][][] b = fromCorrectness(truth, classes, base);
        double[][][][] w = new double[with.length][][][];
        for (int s = 0; s < with.length; s++) {
            if (with[s].length != base.length) {
                throw new IllegalArgumentException("an arm's replicates differ in count or rows from the baseline's");
            }
            w[s] = fromCorrectness(truth, classes, with[s]);
        }
        return metricGains(List.of(ReportedMetric.parse("balancedAccuracy")), classes, truth, groups, folds, b, w, true,
                seed, draws)[0];
    }

    /**
     * Per-row correctness as prediction shares ({@link #metricGains}' form): share c on the row's own class, 1 - c
     * on the column after the classes ("some other class").
     */
    public static double[][][] fromCorrectness(List<String> truth, List<String> classes, double[][] correct) {
        double[][][] out = new double[correct.length][][];
        for (int t = 0; t < correct.length; t++) {
            if (correct[t].length != truth.size()) {
                throw new IllegalArgumentException("replicate " + t + " has " + correct[t].length + " rows, not " + truth.size());
            }
            out[t] = new double[truth.size()][classes.size() + 1];
            for (int i = 0; i < truth.size(); i++) {
                out[t][i][classes.indexOf(truth.get(i))] = correct[t][i];
                out[t][i][classes.size()] = 1 - correct[t][i];
            }
        }
        return out;
    }

    /**
     * Per-row prediction shares [replicate][row][class] from predicted labels [replicate][row]: 1 in the predicted
     * class's column of {@code classes}; a label not in {@code classes} is an error naming it.
     */
    public static double[][][] sharesOf(List<String> classes, List<String[]> predicted) {
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        double[][][] out = new double[predicted.size()][][];
        for (int t = 0; t < predicted.size(); t++) {
            String[] p = predicted.get(t);
            out[t] = new double[p.length][classes.size() + 1];
            for (int i = 0; i < p.length; i++) {
                Integer c = index.get(p[i]);
                if (c == null) {
                    throw new IllegalArgumentException("predicted class '" + p[i] + "' is not one of " + classes);
                }
                out[t][i][c] = 1;
            }
        }
        return out;
    }

    /**
     * Gains (points) of every arm in every metric on each of {@code draws} resamples, [metric][resample][arm].
     * {@code base} [replicate][row][class] and {@code with} [arm][replicate][row][class] are per-row prediction
     * shares (0..1, summing to 1 per row) over {@code classes} and one last column for "some other class, not
     * named" (only correctness known; macro-F1 needs the classes, so then it is an error); {@code truth} each row's
     * class, one of {@code classes}. Each resample sums, over the drawn groups' rows, the shares into a soft
     * confusion matrix (true class x predicted class) for the baseline and each arm (the same draw for all) and
     * scores it with each metric ({@link ReportedMetric#ofCounts}); a resample on which a metric is undefined (a
     * recall of a class none of whose rows were drawn) is drawn again. With {@code drawReplicates}, each resample
     * first draws as many replicates as there are, with replacement (their shares averaged with the multiplicity
     * drawn); without, every replicate counts once (replicates that are repeats of one estimate).
     */
    public static double[][][] metricGains(List<ReportedMetric> metrics, List<String> classes, List<String> truth,
                                           List<String> groups, List<Integer> folds, double[][][] base, double[][][][] with,
                                           boolean drawReplicates, long seed, int draws) {
        int n = truth.size();
        int reps = base.length;
        if (reps == 0 || groups.size() != n || (folds != null && folds.size() != n)) {
            throw new IllegalArgumentException("bootstrap inputs differ in size: " + n + " rows, " + groups.size() + " groups, "
                    + reps + " replicates");
        }
        int cols = classes.size() + 1;
        for (int t = 0; t < reps; t++) {
            checkShares(base[t], n, cols, "the baseline's replicate " + t);
            for (double[][][] arm : with) {
                if (arm.length != reps) {
                    throw new IllegalArgumentException("an arm's replicates differ in count or rows from the baseline's");
                }
                checkShares(arm[t], n, cols, "an arm's replicate " + t);
            }
        }
        for (ReportedMetric m : metrics) {
            if (m.metric() == Metric.MACRO_F1 && (hasOther(base, cols) || java.util.Arrays.stream(with).anyMatch(a -> hasOther(a, cols)))) {
                throw new IllegalArgumentException("macro-F1 needs the predicted classes, not only whether each row was right");
            }
        }
        int[] cls = new int[n];
        for (int i = 0; i < n; i++) {
            cls[i] = classes.indexOf(truth.get(i));
            if (cls[i] < 0) {
                throw new IllegalArgumentException("true class '" + truth.get(i) + "' is not one of " + classes);
            }
        }
        // the resampling units of each stratum: one stratum (no folds) or one per fold, each a list of groups
        Map<Integer, Map<String, List<Integer>>> byFold = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            byFold.computeIfAbsent(folds == null ? 0 : folds.get(i), k -> new TreeMap<>())
                    .computeIfAbsent(groups.get(i), k -> new ArrayList<>()).add(i);
        }
        List<List<int[]>> strata = new ArrayList<>();
        for (Map<String, List<Integer>> byGroup : byFold.values()) {
            List<int[]> units = new ArrayList<>();
            for (List<Integer> rows : byGroup.values()) {
                units.add(rows.stream().mapToInt(Integer::intValue).toArray());
            }
            strata.add(units);
        }
        if (folds == null && strata.get(0).size() == 1) {
            // one group only: the rows are resampled
            List<int[]> units = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                units.add(new int[] {i});
            }
            strata.set(0, units);
        }
        // every unit's soft confusion rows per replicate, for the baseline (arm 0) and each arm, summed once here
        int arms = with.length + 1;
        List<List<Unit>> unitStrata = new ArrayList<>();
        for (List<int[]> units : strata) {
            List<Unit> us = new ArrayList<>();
            for (int[] rows : units) {
                us.add(Unit.of(rows, cls, base, with, cols));
            }
            unitStrata.add(us);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][][] gains = new double[metrics.size()][draws][with.length];
        int[] times = new int[reps];
        double[] weights = new double[reps];
        double[][][] conf = new double[arms][classes.size()][cols];
        int redraws = 0;
        for (int r = 0; r < draws; r++) {
            java.util.Arrays.fill(times, drawReplicates && reps > 1 ? 0 : 1);
            if (drawReplicates && reps > 1) {
                for (int t = 0; t < reps; t++) {
                    times[rnd.nextInt(reps)]++;
                }
            }
            int total = 0;
            for (int t : times) {
                total += t;
            }
            for (int t = 0; t < reps; t++) {
                weights[t] = times[t] / (double) total;
            }
            for (double[][] a : conf) {
                for (double[] row : a) {
                    java.util.Arrays.fill(row, 0);
                }
            }
            for (int f = 0; f < unitStrata.size(); f++) {
                List<Unit> units = folds == null ? unitStrata.get(f) : unitStrata.get(rnd.nextInt(unitStrata.size()));
                for (int u = 0; u < units.size(); u++) {
                    units.get(rnd.nextInt(units.size())).addTo(conf, weights);
                }
            }
            boolean defined = true;
            for (int m = 0; m < metrics.size() && defined; m++) {
                double b = metrics.get(m).ofCounts(conf[0], classes);
                for (int s = 0; s < with.length; s++) {
                    double g = 100 * (metrics.get(m).ofCounts(conf[s + 1], classes) - b);
                    defined &= !Double.isNaN(g);
                    gains[m][r][s] = g;
                }
            }
            if (!defined) {
                if (++redraws > 100 * draws) {
                    throw new IllegalArgumentException("a metric of " + metrics + " is undefined on nearly every resample of the groups");
                }
                r--;
            }
        }
        return gains;
    }

    /**
     * {@code metric} (0..1) of the rows {@code rows} (null: all) from their prediction shares [row][class] ({@link
     * #metricGains}' form, one replicate): the soft confusion matrix of those rows, scored by {@link ReportedMetric#ofCounts}.
     */
    public static double score(ReportedMetric metric, List<String> classes, List<String> truth, double[][] shares, int[] rows) {
        double[][] conf = new double[classes.size()][classes.size() + 1];
        int n = rows == null ? truth.size() : rows.length;
        for (int k = 0; k < n; k++) {
            int i = rows == null ? k : rows[k];
            double[] into = conf[classes.indexOf(truth.get(i))];
            for (int c = 0; c < into.length; c++) {
                into[c] += shares[i][c];
            }
        }
        return metric.ofCounts(conf, classes);
    }

    private static void checkShares(double[][] shares, int n, int cols, String what) {
        if (shares.length != n) {
            throw new IllegalArgumentException(what + " has " + shares.length + " rows, not " + n);
        }
        for (double[] row : shares) {
            if (row.length != cols) {
                throw new IllegalArgumentException(what + " has " + row.length + " prediction columns, not " + cols);
            }
        }
    }

    private static boolean hasOther(double[][][] shares, int cols) {
        for (double[][] rep : shares) {
            for (double[] row : rep) {
                if (row[cols - 1] != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * One resampling unit (a group, or one row): the true classes its rows have, and per arm (0 = baseline),
     * replicate and true class the sums of its rows' prediction shares, in one contiguous array
     * [arm][replicate][k][col] (a unit is read whole at each draw: one block, not many small arrays).
     */
    private record Unit(int[] trueClasses, int reps, int cols, double[] sums) {
        static Unit of(int[] rows, int[] cls, double[][][] base, double[][][][] with, int cols) {
            int[] present = java.util.Arrays.stream(rows).map(i -> cls[i]).distinct().sorted().toArray();
            int arms = with.length + 1;
            int reps = base.length;
            int k = present.length;
            double[] sums = new double[arms * reps * k * cols];
            for (int a = 0; a < arms; a++) {
                double[][][] src = a == 0 ? base : with[a - 1];
                for (int t = 0; t < reps; t++) {
                    for (int i : rows) {
                        int at = ((a * reps + t) * k + java.util.Arrays.binarySearch(present, cls[i])) * cols;
                        double[] p = src[t][i];
                        for (int c = 0; c < cols; c++) {
                            sums[at + c] += p[c];
                        }
                    }
                }
            }
            return new Unit(present, reps, cols, sums);
        }

        /** Adds this unit's sums, each replicate weighted by {@code weights} (the times it was drawn over their total). */
        void addTo(double[][][] conf, double[] weights) {
            int k = trueClasses.length;
            for (int a = 0; a < conf.length; a++) {
                for (int t = 0; t < reps; t++) {
                    double w = weights[t];
                    if (w == 0) {
                        continue;
                    }
                    int at = (a * reps + t) * k * cols;
                    for (int j = 0; j < k; j++) {
                        double[] into = conf[a][trueClasses[j]];
                        for (int c = 0; c < cols; c++) {
                            into[c] += w * sums[at++];
                        }
                    }
                }
            }
        }
    }

    /** Balanced accuracy (0..1) of per-row correctness: the mean over the classes of {@code truth} of their mean correctness. */
    public static double balancedAccuracy(List<String> truth, double[] correct) {
        Map<String, double[]> byClass = new TreeMap<>();
        for (int i = 0; i < correct.length; i++) {
            double[] s = byClass.computeIfAbsent(truth.get(i), key -> new double[2]);
            s[0] += correct[i];
            s[1] += 1;
        }
        double sum = 0;
        for (double[] s : byClass.values()) {
            sum += s[0] / s[1];
        }
        return sum / byClass.size();
    }

    /** The index of the {@code percentile}-th percentile (0..100) in {@code b} sorted values: floor(p/100 x b), at most b - 1. */
    public static int lowerIndex(int b, double percentile) {
        return Math.min(b - 1, (int) (percentile / 100.0 * b));
    }

    /** Per-row correctness as shares in [0, 1] (1 right, 0 wrong), the form {@link #gains} and {@link #balancedAccuracy} take. */
    public static double[] shares(boolean[] correct) {
        double[] out = new double[correct.length];
        for (int i = 0; i < correct.length; i++) {
            out[i] = correct[i] ? 1 : 0;
        }
        return out;
    }
}
