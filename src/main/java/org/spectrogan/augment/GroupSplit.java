package org.spectrogan.augment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureTable;

/**
 * Splits a feature table by group: every row of a group goes to the same side, so nothing of a test group is
 * seen by the GAN or a classifier's training. The split is seeded, puts every class on both sides, and keeps the
 * held-out share of rows close to the requested fraction and the class mix close to the whole table's.
 */
public final class GroupSplit {
    private static final int TRIES = 400;

    /**
     * The two sides, as sorted group ids; {@code droppedHeldOut}: rows (by identity) of held-out groups left out
     * of the held-out side ({@code split.duplicates drop}: test rows equal to a train row, {@link DuplicateRows}).
     */
    public record Parts(Set<String> trainGroups, Set<String> heldOutGroups, Set<FeatureTable.Row> droppedHeldOut) {
        public Parts {
            trainGroups = Collections.unmodifiableSet(new TreeSet<>(trainGroups));
            heldOutGroups = Collections.unmodifiableSet(new TreeSet<>(heldOutGroups));
            Set<FeatureTable.Row> dropped = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            dropped.addAll(droppedHeldOut);
            droppedHeldOut = Collections.unmodifiableSet(dropped);
        }

        public Parts(Set<String> trainGroups, Set<String> heldOutGroups) {
            this(trainGroups, heldOutGroups, Set.of());
        }

        public FeatureTable train(FeatureTable t) {
            return t.filter(r -> trainGroups.contains(r.group()));
        }

        public FeatureTable heldOut(FeatureTable t) {
            return t.filter(r -> heldOutGroups.contains(r.group()) && !droppedHeldOut.contains(r));
        }

        /** The same groups, with {@code rows} also left out of the held-out side. */
        public Parts withoutHeldOutRows(Set<FeatureTable.Row> rows) {
            Set<FeatureTable.Row> all = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            all.addAll(droppedHeldOut);
            all.addAll(rows);
            return new Parts(trainGroups, heldOutGroups, all);
        }
    }

    private GroupSplit() {
    }

    /** Groups per class (sorted), for the "too few groups" check and the report. */
    public static Map<String, Set<String>> groupsByClass(FeatureTable t) {
        Map<String, Set<String>> m = new TreeMap<>();
        for (FeatureTable.Row r : t.rows()) {
            m.computeIfAbsent(r.label(), k -> new TreeSet<>()).add(r.group());
        }
        return m;
    }

    /**
     * Fails, naming the class, when a class has fewer than {@code needed} groups (each side of every split
     * needs at least one group of each class). {@code what} says what the groups are needed for.
     */
    public static void requireGroups(FeatureTable t, int needed, String what) {
        for (var e : groupsByClass(t).entrySet()) {
            if (e.getValue().size() < needed) {
                throw new SpectroganException("class '" + e.getKey() + "' has " + e.getValue().size() + " group"
                        + (e.getValue().size() == 1 ? "" : "s") + " " + e.getValue() + " but " + what + " needs at least "
                        + needed + " (every side of the split needs a group of every class)");
            }
        }
    }

    /**
     * Holds out whole groups with about {@code fraction} of the rows, every class on both sides. Throws when a
     * class has fewer than two groups.
     */
    public static Parts holdOut(FeatureTable t, double fraction, long seed, String what) {
        requireGroups(t, 2, what);
        Map<String, Map<String, Integer>> counts = countsByGroup(t);
        List<String> groups = new ArrayList<>(counts.keySet());
        Map<String, Integer> classTotals = t.countsByLabel();
        int total = t.size();
        Random rnd = new Random(seed);
        Set<String> best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int attempt = 0; attempt < TRIES; attempt++) {
            List<String> order = new ArrayList<>(groups);
            Collections.shuffle(order, rnd);
            Set<String> held = new TreeSet<>();
            int heldRows = 0;
            for (String g : order) {
                if (heldRows >= fraction * total) {
                    break;
                }
                int rows = counts.get(g).values().stream().mapToInt(Integer::intValue).sum();
                // skip a group that would overshoot badly, unless nothing is held out yet
                if (!held.isEmpty() && heldRows + rows > fraction * total * 1.5 + 1) {
                    continue;
                }
                held.add(g);
                heldRows += rows;
            }
            double score = score(held, counts, classTotals, total, fraction);
            if (score < bestScore) {
                bestScore = score;
                best = held;
            }
        }
        if (best == null || bestScore >= 1e6) {
            throw new SpectroganException(what + ": cannot hold out groups so that every class is on both sides "
                    + "(groups per class: " + groupsByClass(t) + ")");
        }
        Set<String> train = new TreeSet<>(groups);
        train.removeAll(best);
        return new Parts(train, best);
    }

    /**
     * K group folds: every group in exactly one fold, folds of similar size, every class in every fold where the
     * groups allow (a class needs at least K groups). Returns fold k as the held-out side.
     */
    public static List<Parts> folds(FeatureTable t, int k, long seed, String what) {
        requireGroups(t, k, what + " (" + k + " folds)");
        Map<String, Map<String, Integer>> counts = countsByGroup(t);
        List<String> groups = new ArrayList<>(counts.keySet());
        Map<String, Integer> classTotals = t.countsByLabel();
        int total = t.size();
        Random rnd = new Random(seed);
        List<Set<String>> best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int attempt = 0; attempt < TRIES; attempt++) {
            List<String> order = new ArrayList<>(groups);
            Collections.shuffle(order, rnd);
            List<Set<String>> folds = new ArrayList<>();
            int[] rows = new int[k];
            for (int i = 0; i < k; i++) {
                folds.add(new TreeSet<>());
            }
            // greedy: each group to the fold that misses its classes most, then to the smallest fold
            for (String g : order) {
                int bestFold = 0;
                double bestNeed = Double.NEGATIVE_INFINITY;
                for (int f = 0; f < k; f++) {
                    double need = 0;
                    for (String c : counts.get(g).keySet()) {
                        if (!hasClass(folds.get(f), counts, c)) {
                            need += 1;
                        }
                    }
                    need -= rows[f] / (double) total;
                    if (need > bestNeed) {
                        bestNeed = need;
                        bestFold = f;
                    }
                }
                folds.get(bestFold).add(g);
                rows[bestFold] += counts.get(g).values().stream().mapToInt(Integer::intValue).sum();
            }
            double score = 0;
            for (Set<String> f : folds) {
                score += score(f, counts, classTotals, total, 1.0 / k);
            }
            if (score < bestScore) {
                bestScore = score;
                best = folds;
            }
        }
        if (best == null || bestScore >= 1e6) {
            throw new SpectroganException(what + ": cannot make " + k + " group folds with every class in every fold "
                    + "(groups per class: " + groupsByClass(t) + ")");
        }
        List<Parts> out = new ArrayList<>();
        for (Set<String> held : best) {
            Set<String> train = new TreeSet<>(groups);
            train.removeAll(held);
            out.add(new Parts(train, held));
        }
        return out;
    }

    private static boolean hasClass(Set<String> fold, Map<String, Map<String, Integer>> counts, String c) {
        for (String g : fold) {
            if (counts.get(g).containsKey(c)) {
                return true;
            }
        }
        return false;
    }

    /** Lower is better; >= 1e6 means a class is missing from one side. */
    private static double score(Set<String> held, Map<String, Map<String, Integer>> counts,
                                Map<String, Integer> classTotals, int total, double fraction) {
        Map<String, Integer> heldByClass = new TreeMap<>();
        int heldRows = 0;
        for (String g : held) {
            for (var e : counts.get(g).entrySet()) {
                heldByClass.merge(e.getKey(), e.getValue(), Integer::sum);
                heldRows += e.getValue();
            }
        }
        double s = Math.abs(heldRows / (double) total - fraction);
        for (var e : classTotals.entrySet()) {
            int h = heldByClass.getOrDefault(e.getKey(), 0);
            if (h == 0 || h == e.getValue()) {
                return 1e6 + s;
            }
            double shareHeld = heldRows == 0 ? 0 : h / (double) heldRows;
            double shareAll = e.getValue() / (double) total;
            s += 0.5 * Math.abs(shareHeld - shareAll);
        }
        return s;
    }

    private static Map<String, Map<String, Integer>> countsByGroup(FeatureTable t) {
        Map<String, Map<String, Integer>> m = new TreeMap<>();
        for (FeatureTable.Row r : t.rows()) {
            m.computeIfAbsent(r.group(), k -> new TreeMap<>()).merge(r.label(), 1, Integer::sum);
        }
        return m;
    }

    /**
     * Regroups windows into contiguous time blocks of {@code blockSeconds} per recording group (or shared across
     * recordings when {@code acrossRecordings}: simultaneous recordings of one performance). A window that
     * crosses a block edge ({@code t0 + windowSeconds} beyond it) is dropped, so overlapping windows never fall
     * into different groups.
     */
    public static FeatureTable timeBlocks(FeatureTable t, double blockSeconds, double windowSeconds, boolean acrossRecordings) {
        if (!(blockSeconds > 0)) {
            return t;
        }
        if (blockSeconds < windowSeconds) {
            throw new SpectroganException("split.blockSeconds " + blockSeconds + " s is shorter than a window ("
                    + windowSeconds + " s): no window would fit in a block");
        }
        List<FeatureTable.Row> out = new ArrayList<>();
        for (FeatureTable.Row r : t.rows()) {
            long block = (long) Math.floor(r.t0() / blockSeconds + 1e-9);
            double end = (block + 1) * blockSeconds;
            if (r.t0() + windowSeconds > end + 1e-9) {
                continue;
            }
            String g = (acrossRecordings ? "" : r.group() + "#") + String.format("b%04d", block);
            out.add(new FeatureTable.Row(r.label(), g, r.source(), r.t0(), r.values()));
        }
        if (out.isEmpty()) {
            throw new SpectroganException("split.blockSeconds " + blockSeconds + " s leaves no window inside a block");
        }
        return new FeatureTable(t.featureNames(), out);
    }
}
