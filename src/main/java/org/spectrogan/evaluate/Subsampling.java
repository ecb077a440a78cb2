package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.spectrogan.features.FeatureTable;

/** Stratified random subsets of a feature table. */
public final class Subsampling {
    private Subsampling() {
    }

    /**
     * About {@code fraction} of the rows of every class (at least 2 per class, or all when it has fewer),
     * spread over the class's groups in proportion to their rows (largest remainder, so every group keeps
     * its share where the count allows), rows drawn at random with {@code seed}. Row order is kept.
     * {@code fraction >= 1} returns the table itself.
     */
    public static FeatureTable stratified(FeatureTable table, double fraction, long seed) {
        if (!(fraction > 0)) {
            throw new IllegalArgumentException("fraction must be positive: " + fraction);
        }
        if (fraction >= 1) {
            return table;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        // label -> group -> row indices, in a deterministic order
        Map<String, Map<String, List<Integer>>> cells = new TreeMap<>();
        List<FeatureTable.Row> rows = table.rows();
        for (int i = 0; i < rows.size(); i++) {
            FeatureTable.Row r = rows.get(i);
            cells.computeIfAbsent(r.label(), k -> new TreeMap<>()).computeIfAbsent(r.group(), k -> new ArrayList<>()).add(i);
        }
        boolean[] keep = new boolean[rows.size()];
        for (Map<String, List<Integer>> byGroup : cells.values()) {
            int classRows = byGroup.values().stream().mapToInt(List::size).sum();
            int target = (int) Math.round(fraction * classRows);
            target = Math.max(target, Math.min(2, classRows));
            double share = (double) target / classRows;
            Map<String, Integer> quota = new LinkedHashMap<>();
            List<Object[]> remainders = new ArrayList<>();
            int assigned = 0;
            for (Map.Entry<String, List<Integer>> e : byGroup.entrySet()) {
                double exact = share * e.getValue().size();
                int q = (int) Math.floor(exact);
                quota.put(e.getKey(), q);
                assigned += q;
                remainders.add(new Object[] {e.getKey(), exact - q, rng.nextDouble()});
            }
            remainders.sort(Comparator.<Object[]>comparingDouble(o -> -(Double) o[1]).thenComparingDouble(o -> (Double) o[2]));
            for (int k = 0; assigned < target && k < remainders.size(); k++) {
                quota.merge((String) remainders.get(k)[0], 1, Integer::sum);
                assigned++;
            }
            for (Map.Entry<String, List<Integer>> e : byGroup.entrySet()) {
                List<Integer> idx = new ArrayList<>(e.getValue());
                shuffle(idx, rng);
                int q = Math.min(quota.get(e.getKey()), idx.size());
                for (int k = 0; k < q; k++) {
                    keep[idx.get(k)] = true;
                }
            }
        }
        List<FeatureTable.Row> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (keep[i]) {
                out.add(rows.get(i));
            }
        }
        return new FeatureTable(table.featureNames(), out);
    }

    /** Splits each class's rows at random into two halves (sizes differ by at most one). */
    public static double[][][] halves(double[][] rows, long seed) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            idx.add(i);
        }
        shuffle(idx, new SplittableRandom(seed));
        int h = rows.length / 2;
        double[][] a = new double[h][];
        double[][] b = new double[rows.length - h][];
        for (int i = 0; i < rows.length; i++) {
            if (i < h) {
                a[i] = rows[idx.get(i)];
            } else {
                b[i - h] = rows[idx.get(i)];
            }
        }
        return new double[][][] {a, b};
    }

    /** At most {@code max} rows chosen at random (the array itself when it is small enough). */
    public static double[][] atMost(double[][] rows, int max, long seed) {
        if (rows.length <= max) {
            return rows;
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            idx.add(i);
        }
        shuffle(idx, new SplittableRandom(seed));
        List<Integer> chosen = new ArrayList<>(idx.subList(0, max));
        Collections.sort(chosen);
        double[][] out = new double[max][];
        for (int i = 0; i < max; i++) {
            out[i] = rows[chosen.get(i)];
        }
        return out;
    }

    static void shuffle(List<Integer> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
