package org.spectrogan.augment;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.spectrogan.common.Hashing;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureTable;

/**
 * Feature rows that occur, value for value, in more than one group. A recording that repeats a segment of another
 * puts the same example into two groups; when a group split sends them to different sides, the test groups hold
 * rows the classifiers trained on (leakage). Rows are hashed (SHA-256 of their values' bits) and rows with the same
 * hash are then compared value for value, so a match is exact; labels, groups and times are not compared.
 * {@code split.duplicates} says what to do with test rows equal to a train row: {@code warn} (default: keep them,
 * one warning line), {@code drop} (remove them from the test side before evaluation) or {@code fail} (refuse).
 */
public final class DuplicateRows {
    /** The {@code split.duplicates} values. */
    public static final List<String> MODES = List.of("warn", "drop", "fail");
    public static final String DEFAULT_MODE = "warn";
    /** The finding's mode for {@link #between}: the train and test files as given (nothing dropped). */
    public static final String BETWEEN_FILES = "files";
    private static final int NAMED_PAIRS = 4;

    private DuplicateRows() {
    }

    /**
     * Two groups holding identical rows: {@code rows} of {@code group} equal a row of {@code otherGroup}, and
     * {@code otherRows} of {@code otherGroup} equal a row of {@code group} (for a split: the train group first).
     */
    public record GroupPair(String group, String otherGroup, int rows, int otherRows) {
    }

    /**
     * One test split ({@code fold} 0 is the written one): its test rows equal to some train row, and the
     * (train group, test group) pairs that share rows.
     */
    public record Crossing(int fold, int testRows, List<GroupPair> pairs) {
        public Crossing {
            pairs = List.copyOf(pairs);
        }
    }

    /**
     * What the check found, as report.json and manifest.json record it: the mode, the rows that have an identical
     * row in another group, every such group pair, each split's crossings and how many test rows {@code drop} removed.
     */
    public record Finding(String mode, String method, int duplicatedRows, List<GroupPair> pairs, List<Crossing> splits,
                          int droppedTestRows) {
        public Finding {
            pairs = List.copyOf(pairs);
            splits = List.copyOf(splits);
        }

        /** Test rows equal to a train row, over all splits. */
        public int testRowsEqualToTrain() {
            return splits.stream().mapToInt(Crossing::testRows).sum();
        }

        /** One warning line, or null when no row occurs in two groups. */
        public String warning() {
            if (pairs.isEmpty()) {
                return null;
            }
            if (testRowsEqualToTrain() == 0) {
                return String.format(Locale.ROOT, "split: %d rows occur value for value in more than one group (%s), none across "
                        + "train and test: no leakage into the test groups, but those groups are not independent", duplicatedRows,
                        describe(pairs, false));
            }
            String action = switch (mode) {
                case "drop" -> "split.duplicates drop removed them from the test side";
                case BETWEEN_FILES -> "they stay in the test rows, so the classifiers are tested partly on rows they trained on";
                default -> "split.duplicates warn keeps them (drop removes them from the test side, fail refuses)";
            };
            return String.format(Locale.ROOT, "warning: %d test rows equal train rows value for value (%s): leakage between "
                    + "train and test; %s", testRowsEqualToTrain(), describe(crossingPairs(), true), action);
        }

        /** The (train group, test group) pairs over all splits, merged. */
        List<GroupPair> crossingPairs() {
            Map<String, GroupPair> merged = new LinkedHashMap<>();
            for (Crossing c : splits) {
                for (GroupPair p : c.pairs()) {
                    merged.putIfAbsent(p.group() + "\u0000" + p.otherGroup(), p);
                }
            }
            return new ArrayList<>(merged.values());
        }
    }

    /** The check's result: the finding and the splits to evaluate on (test rows removed under {@code drop}). */
    public record Outcome(Finding finding, List<GroupSplit.Parts> splits) {
    }

    /** One set of rows with identical values, and the groups they lie in. */
    private record Same(List<FeatureTable.Row> rows, Set<String> groups) {
    }

    /** The sets of identical rows that span two or more groups, in the table's row order. */
    private static List<Same> acrossGroups(FeatureTable t) {
        Map<String, List<List<FeatureTable.Row>>> byHash = new LinkedHashMap<>();
        ByteBuffer buf = ByteBuffer.allocate(Double.BYTES * t.featureCount());
        for (FeatureTable.Row r : t.rows()) {
            buf.clear();
            for (double v : r.values()) {
                buf.putDouble(v);
            }
            List<List<FeatureTable.Row>> sets = byHash.computeIfAbsent(Hashing.sha256(buf.array()), k -> new ArrayList<>(1));
            List<FeatureTable.Row> same = null;
            for (List<FeatureTable.Row> s : sets) {
                if (Arrays.equals(s.get(0).values(), r.values())) { // exact, whatever the hash says
                    same = s;
                    break;
                }
            }
            if (same == null) {
                same = new ArrayList<>(1);
                sets.add(same);
            }
            same.add(r);
        }
        List<Same> out = new ArrayList<>();
        for (List<List<FeatureTable.Row>> sets : byHash.values()) {
            for (List<FeatureTable.Row> rows : sets) {
                Set<String> groups = new TreeSet<>();
                rows.forEach(r -> groups.add(r.group()));
                if (groups.size() > 1) {
                    out.add(new Same(rows, groups));
                }
            }
        }
        return out;
    }

    /** Every pair of groups that share identical rows, with the number of distinct rows shared (sorted by group). */
    public static List<GroupPair> pairs(FeatureTable t) {
        return pairs(acrossGroups(t));
    }

    private static List<GroupPair> pairs(List<Same> sets) {
        Map<String, Map<String, int[]>> shared = new TreeMap<>();
        for (Same s : sets) {
            List<String> g = new ArrayList<>(s.groups());
            for (int i = 0; i < g.size(); i++) {
                for (int j = i + 1; j < g.size(); j++) {
                    count(shared, s, g.get(i), g.get(j));
                }
            }
        }
        return list(shared);
    }

    /** Adds the rows of {@code s} in group {@code a} and in group {@code b} to the pair (a, b). */
    private static void count(Map<String, Map<String, int[]>> shared, Same s, String a, String b) {
        int[] n = shared.computeIfAbsent(a, k -> new TreeMap<>()).computeIfAbsent(b, k -> new int[2]);
        for (FeatureTable.Row r : s.rows()) {
            if (r.group().equals(a)) {
                n[0]++;
            } else if (r.group().equals(b)) {
                n[1]++;
            }
        }
    }

    private static List<GroupPair> list(Map<String, Map<String, int[]>> shared) {
        List<GroupPair> out = new ArrayList<>();
        shared.forEach((a, m) -> m.forEach((b, n) -> out.add(new GroupPair(a, b, n[0], n[1]))));
        return out;
    }

    /**
     * Finds the rows of {@code all} that occur in more than one group and, for each split, the test rows equal to a
     * train row. {@code mode} fail: throws naming the groups (one line, {@code pipelineFile} in front); drop: the
     * returned splits leave those test rows out of their test side.
     */
    public static Outcome check(FeatureTable all, List<GroupSplit.Parts> splits, String mode, Path pipelineFile) {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("split.duplicates must be one of " + MODES + ", got '" + mode + "'");
        }
        List<Same> sets = acrossGroups(all);
        int duplicated = sets.stream().mapToInt(s -> s.rows().size()).sum();
        List<Crossing> crossings = new ArrayList<>();
        List<GroupSplit.Parts> out = new ArrayList<>();
        int dropped = 0;
        for (int f = 0; f < splits.size(); f++) {
            GroupSplit.Parts p = splits.get(f);
            Set<FeatureTable.Row> leaked = Collections.newSetFromMap(new IdentityHashMap<>());
            Map<String, Map<String, int[]>> shared = new TreeMap<>();
            for (Same s : sets) {
                List<String> train = s.groups().stream().filter(p.trainGroups()::contains).toList();
                List<String> test = s.groups().stream().filter(p.heldOutGroups()::contains).toList();
                if (train.isEmpty() || test.isEmpty()) {
                    continue;
                }
                s.rows().stream().filter(r -> p.heldOutGroups().contains(r.group())).forEach(leaked::add);
                for (String a : train) {
                    for (String b : test) {
                        count(shared, s, a, b);
                    }
                }
            }
            crossings.add(new Crossing(f, leaked.size(), list(shared)));
            if ("drop".equals(mode) && !leaked.isEmpty()) {
                out.add(p.withoutHeldOutRows(leaked));
                dropped += leaked.size();
            } else {
                out.add(p);
            }
        }
        Finding finding = new Finding(mode, "SHA-256 of each feature row's values, equal hashes compared value for value; "
                + "labels, groups and times not compared", duplicated, pairs(sets), crossings, dropped);
        if ("fail".equals(mode) && finding.testRowsEqualToTrain() > 0) {
            throw SpectroganException.inFile(pipelineFile, "split.duplicates is fail and " + finding.testRowsEqualToTrain()
                    + " test rows equal train rows value for value (" + describe(finding.crossingPairs(), true)
                    + "); use split.duplicates drop to leave them out of the test side");
        }
        if ("drop".equals(mode)) {
            for (int f = 0; f < out.size(); f++) {
                Set<String> left = new TreeSet<>(out.get(f).heldOut(all).labels());
                Set<String> before = new TreeSet<>(splits.get(f).heldOut(all).labels());
                if (!left.equals(before)) {
                    before.removeAll(left);
                    throw SpectroganException.inFile(pipelineFile, "split.duplicates drop would leave no test row of class "
                            + before + (out.size() > 1 ? " in fold " + (f + 1) : "") + ": every one equals a train row");
                }
            }
        }
        return new Outcome(finding, out);
    }

    /**
     * The train and test tables of {@code evaluate} (files, not a split): the test rows equal to a train row and the
     * (train group, test group) pairs; the finding's mode is {@link #BETWEEN_FILES}.
     */
    public static Finding between(FeatureTable train, FeatureTable test) {
        List<FeatureTable.Row> rows = new ArrayList<>();
        Set<String> trainGroups = new TreeSet<>();
        Set<String> testGroups = new TreeSet<>();
        for (FeatureTable.Row r : train.rows()) {
            rows.add(new FeatureTable.Row(r.label(), "train:" + r.group(), r.source(), r.t0(), r.values()));
            trainGroups.add("train:" + r.group());
        }
        for (FeatureTable.Row r : test.rows()) {
            rows.add(new FeatureTable.Row(r.label(), "test:" + r.group(), r.source(), r.t0(), r.values()));
            testGroups.add("test:" + r.group());
        }
        Finding f = check(new FeatureTable(train.featureNames(), rows), List.of(new GroupSplit.Parts(trainGroups, testGroups)),
                "warn", null).finding();
        List<Crossing> crossings = new ArrayList<>();
        for (Crossing c : f.splits()) {
            crossings.add(new Crossing(c.fold(), c.testRows(), unprefixed(c.pairs())));
        }
        return new Finding(BETWEEN_FILES, f.method(), f.duplicatedRows(), unprefixed(f.pairs()), crossings, 0);
    }

    private static String rows(int n) {
        return n + (n == 1 ? " row" : " rows");
    }

    private static List<GroupPair> unprefixed(List<GroupPair> pairs) {
        return pairs.stream().map(p -> new GroupPair(p.group().substring(p.group().indexOf(':') + 1),
                p.otherGroup().substring(p.otherGroup().indexOf(':') + 1), p.rows(), p.otherRows())).toList();
    }

    /**
     * "a (train, 4 rows) = b (test, 4 rows), ..." for a split's pairs, else "a (2 rows) = c (1 row), ..."; at most
     * a few named.
     */
    static String describe(List<GroupPair> pairs, boolean trainTest) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(NAMED_PAIRS, pairs.size()); i++) {
            GroupPair p = pairs.get(i);
            if (i > 0) {
                b.append(", ");
            }
            b.append(p.group()).append(" (").append(trainTest ? "train, " : "").append(rows(p.rows())).append(") = ")
                    .append(p.otherGroup()).append(" (").append(trainTest ? "test, " : "").append(rows(p.otherRows())).append(')');
        }
        if (pairs.size() > NAMED_PAIRS) {
            b.append(" and ").append(pairs.size() - NAMED_PAIRS).append(" more group pairs");
        }
        return b.toString();
    }
}
