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
     * Gains (points) of every arm on each of {@code draws} resamples, [resample][arm]; {@code base} [replicate][row],
     * {@code with} [arm][replicate][row]. The gain of a resample is the balanced accuracy (mean over the classes
     * present in it of the mean correctness of their drawn rows) with the arm minus without.
     */
    public static double[][] gains(List<String> truth, List<String> groups, List<Integer> folds, double[][] base,
                                   double[][][] with, long seed, int draws) {
        int n = truth.size();
        int reps = base.length;
        if (reps == 0 || groups.size() != n || (folds != null && folds.size() != n)) {
            throw new IllegalArgumentException("bootstrap inputs differ in size: " + n + " rows, " + groups.size() + " groups, "
                    + reps + " replicates");
        }
        for (int t = 0; t < reps; t++) {
            if (base[t].length != n) {
                throw new IllegalArgumentException("replicate " + t + " has " + base[t].length + " rows, not " + n);
            }
            for (double[][] arm : with) {
                if (arm.length != reps || arm[t].length != n) {
                    throw new IllegalArgumentException("an arm's replicates differ in count or rows from the baseline's");
                }
            }
        }
        List<String> classes = new ArrayList<>(new TreeSet<>(truth));
        int[] cls = new int[n];
        for (int i = 0; i < n; i++) {
            cls[i] = classes.indexOf(truth.get(i));
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
        SplittableRandom rnd = new SplittableRandom(seed);
        int k = with.length;
        double[][] gains = new double[draws][k];
        double[] b = base[0];
        double[][] w = new double[k][];
        for (int s = 0; s < k; s++) {
            w[s] = with[s][0];
        }
        for (int r = 0; r < draws; r++) {
            if (reps > 1) {
                // the replicates first: their drawn correctness, averaged per row
                int[] times = new int[reps];
                for (int t = 0; t < reps; t++) {
                    times[rnd.nextInt(reps)]++;
                }
                b = average(base, times);
                for (int s = 0; s < k; s++) {
                    w[s] = average(with[s], times);
                }
            }
            double[] sumBase = new double[classes.size()];
            double[][] sumWith = new double[k][classes.size()];
            int[] count = new int[classes.size()];
            for (int f = 0; f < strata.size(); f++) {
                List<int[]> units = folds == null ? strata.get(f) : strata.get(rnd.nextInt(strata.size()));
                for (int u = 0; u < units.size(); u++) {
                    for (int i : units.get(rnd.nextInt(units.size()))) {
                        sumBase[cls[i]] += b[i];
                        for (int s = 0; s < k; s++) {
                            sumWith[s][cls[i]] += w[s][i];
                        }
                        count[cls[i]]++;
                    }
                }
            }
            for (int s = 0; s < k; s++) {
                double g = 0;
                int present = 0;
                for (int c = 0; c < classes.size(); c++) {
                    if (count[c] > 0) {
                        g += (sumWith[s][c] - sumBase[c]) / count[c];
                        present++;
                    }
                }
                gains[r][s] = 100 * g / Math.max(1, present);
            }
        }
        return gains;
    }

    private static double[] average(double[][] byReplicate, int[] times) {
        int n = byReplicate[0].length;
        double[] out = new double[n];
        int total = 0;
        for (int t = 0; t < times.length; t++) {
            if (times[t] == 0) {
                continue;
            }
            total += times[t];
            double[] v = byReplicate[t];
            for (int i = 0; i < n; i++) {
                out[i] += times[t] * v[i];
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] /= total;
        }
        return out;
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
