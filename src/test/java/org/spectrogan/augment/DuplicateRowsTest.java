package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.SharedData;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureTable;

/**
 * Rows identical across groups (split.duplicates): found exactly, named by group pair, kept with a warning, dropped
 * from the test side or refused; on a constructed table and on delhi-epilepsy, whose train group ictal37 repeats
 * windows of test group ictal26. Every count is checked against a plain comparison of all row pairs.
 */
class DuplicateRowsTest {
    @TempDir
    Path dir;

    private static FeatureTable.Row row(String label, String group, double... v) {
        return new FeatureTable.Row(label, group, FeatureTable.REAL, 0, v);
    }

    /**
     * Groups a, c train; b, d test. b repeats one row of a, d one of a, c one of a (train side only), a holds one
     * row twice (within a group: no finding), and b has a row one bit away from a row of a (not equal).
     */
    static FeatureTable constructed() {
        List<FeatureTable.Row> rows = List.of(
                row("x", "a", 1.0, 2.0), row("x", "a", 3.0, 4.0), row("y", "a", 5.0, 6.0), row("y", "a", 5.0, 6.0),
                row("x", "a", 7.0, 8.0),
                row("x", "b", 1.0, 2.0), row("y", "b", 9.0, 1.5), row("x", "b", Math.nextUp(7.0), 8.0),
                row("x", "c", 5.0, 6.0), row("y", "c", 0.5, 0.25),
                row("y", "d", 3.0, 4.0), row("x", "d", -1.0, 2.0));
        return new FeatureTable(List.of("f0", "f1"), rows);
    }

    static final GroupSplit.Parts SPLIT = new GroupSplit.Parts(Set.of("a", "c"), Set.of("b", "d"));

    /**
     * The reference: every row compared with every row of every other group, value for value -> per group pair
     * "g|h" (g before h) the rows of g equal to some row of h and the rows of h equal to some row of g, as "n/m".
     */
    static Map<String, String> bruteForcePairs(FeatureTable t) {
        Set<String> groups = new java.util.TreeSet<>(t.rows().stream().map(FeatureTable.Row::group).toList());
        Map<String, String> out = new TreeMap<>();
        for (String g : groups) {
            for (String h : groups) {
                if (g.compareTo(h) < 0) {
                    long n = equalTo(t, g, h);
                    long m = equalTo(t, h, g);
                    if (n > 0) {
                        out.put(g + "|" + h, n + "/" + m);
                    }
                }
            }
        }
        return out;
    }

    /** Rows of group g equal, value for value, to some row of group h. */
    static long equalTo(FeatureTable t, String g, String h) {
        List<FeatureTable.Row> of = t.filter(r -> r.group().equals(g)).rows();
        List<FeatureTable.Row> other = t.filter(r -> r.group().equals(h)).rows();
        return of.stream().filter(a -> other.stream().anyMatch(b -> Arrays.equals(a.values(), b.values()))).count();
    }

    static Map<String, String> asMap(List<DuplicateRows.GroupPair> pairs) {
        Map<String, String> m = new TreeMap<>();
        pairs.forEach(p -> m.put(p.group() + "|" + p.otherGroup(), p.rows() + "/" + p.otherRows()));
        return m;
    }

    @Test
    void warnFindsTheExactDuplicatesNamesTheGroupsAndKeepsEveryRow() {
        FeatureTable t = constructed();
        DuplicateRows.Outcome o = DuplicateRows.check(t, List.of(SPLIT), "warn", dir.resolve("p.json"));
        DuplicateRows.Finding f = o.finding();
        assertEquals(Map.of("a|b", "1/1", "a|c", "2/1", "a|d", "1/1"), asMap(f.pairs()));
        assertEquals(bruteForcePairs(t), asMap(f.pairs()), "against the all-pairs comparison");
        // rows with an identical row in another group: a(1,2) b(1,2) a(3,4) d(3,4) a(5,6) x2 c(5,6)
        assertEquals(7, f.duplicatedRows());
        assertEquals(1, f.splits().size());
        assertEquals(2, f.splits().get(0).testRows(), "b's (1,2) and d's (3,4)");
        assertEquals(List.of(new DuplicateRows.GroupPair("a", "b", 1, 1), new DuplicateRows.GroupPair("a", "d", 1, 1)),
                f.splits().get(0).pairs(), "(train group, test group), the train-only pair a|c not among them");
        assertEquals("warning: 2 test rows equal train rows value for value (a (train, 1 row) = b (test, 1 row), a (train, 1 row) "
                + "= d (test, 1 row)): leakage between train and test; split.duplicates warn keeps them (drop removes them from "
                + "the test side, fail refuses)", f.warning());
        assertEquals(0, f.droppedTestRows());
        assertEquals(SPLIT.heldOut(t).rows(), o.splits().get(0).heldOut(t).rows(), "warn keeps the test rows");
    }

    @Test
    void dropLeavesTheTestRowsEqualToTrainRowsOutOfTheTestSideOnly() {
        FeatureTable t = constructed();
        DuplicateRows.Outcome o = DuplicateRows.check(t, List.of(SPLIT), "drop", dir.resolve("p.json"));
        FeatureTable test = o.splits().get(0).heldOut(t);
        FeatureTable train = o.splits().get(0).train(t);
        assertEquals(SPLIT.heldOut(t).size() - 2, test.size());
        assertEquals(SPLIT.train(t).rows(), train.rows(), "the train side is untouched");
        for (FeatureTable.Row r : test.rows()) {
            assertTrue(train.rows().stream().noneMatch(tr -> Arrays.equals(tr.values(), r.values())), Arrays.toString(r.values()));
        }
        assertEquals(2, o.finding().droppedTestRows());
        assertTrue(o.finding().warning().endsWith("split.duplicates drop removed them from the test side"), o.finding().warning());
    }

    @Test
    void failRefusesInOneLineNamingTheGroups() {
        Path p = dir.resolve("p.json");
        SpectroganException e = assertThrows(SpectroganException.class, () -> DuplicateRows.check(constructed(), List.of(SPLIT), "fail", p));
        assertEquals(p + ": split.duplicates is fail and 2 test rows equal train rows value for value (a (train, 1 row) = b (test, "
                + "1 row), a (train, 1 row) = d (test, 1 row)); use split.duplicates drop to leave them out of the test side", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        // duplicates on the train side only are not leakage: fail lets them pass, with a softer line
        FeatureTable t = constructed().filter(r -> !r.group().equals("b") && !r.group().equals("d"));
        DuplicateRows.Finding none = DuplicateRows.check(t, List.of(new GroupSplit.Parts(Set.of("a", "c"), Set.of())), "fail", p).finding();
        assertEquals(0, none.testRowsEqualToTrain());
        assertTrue(none.warning().startsWith("split: 3 rows occur value for value in more than one group (a (2 rows) = c (1 row))"), none.warning());
    }

    @Test
    void noDuplicatesNoWarningAndEveryFoldIsChecked() {
        FeatureTable t = constructed().filter(r -> !Set.of("b", "c", "d").contains(r.group()) || r.values()[0] == 9.0);
        assertNull(DuplicateRows.check(t, List.of(new GroupSplit.Parts(Set.of("a"), Set.of("b"))), "warn", null).finding().warning());
        // two folds: the pair a|b crosses only where b is the test side
        FeatureTable all = constructed();
        List<GroupSplit.Parts> folds = List.of(new GroupSplit.Parts(Set.of("a", "b"), Set.of("c", "d")),
                new GroupSplit.Parts(Set.of("c", "d"), Set.of("a", "b")));
        DuplicateRows.Finding f = DuplicateRows.check(all, folds, "warn", null).finding();
        // fold 0: c(5,6) = a, d(3,4) = a; fold 1: a(3,4) = d, a(5,6) x2 = c  (b's (1,2) equals a's but both are test there)
        assertEquals(List.of(2, 3), f.splits().stream().map(DuplicateRows.Crossing::testRows).toList());
        assertEquals(List.of(new DuplicateRows.GroupPair("a", "c", 2, 1), new DuplicateRows.GroupPair("a", "d", 1, 1)),
                f.splits().get(0).pairs());
        assertEquals(List.of(new DuplicateRows.GroupPair("c", "a", 1, 2), new DuplicateRows.GroupPair("d", "a", 1, 1)),
                f.splits().get(1).pairs());
    }

    @Test
    void evaluateFilesAreComparedAcrossTrainAndTestEvenWithTheSameGroupNames() {
        FeatureTable train = new FeatureTable(List.of("f0"), List.of(row("x", "s1", 1.0), row("y", "s1", 2.0)));
        FeatureTable test = new FeatureTable(List.of("f0"), List.of(row("x", "s1", 1.0), row("y", "s2", 3.0)));
        DuplicateRows.Finding f = DuplicateRows.between(train, test);
        assertEquals(1, f.testRowsEqualToTrain());
        assertEquals(List.of(new DuplicateRows.GroupPair("s1", "s1", 1, 1)), f.splits().get(0).pairs());
        assertTrue(f.warning().contains("s1 (train, 1 row) = s1 (test, 1 row)")
                && f.warning().endsWith("they stay in the test rows, so the classifiers are tested partly on rows they trained on"), f.warning());
    }

    @Test
    void theSplitKeyIsReadCheckedAndDefaultsToWarn() throws Exception {
        assertEquals("warn", PipelineConfig.Split.builder().build().duplicates());
        assertEquals("drop", PipelineConfig.Split.builder().optDuplicates("drop").build().duplicates());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.Split.builder().optDuplicates("ignore").build());
        assertTrue(e.getMessage().startsWith("split.duplicates must be warn, drop or fail"), e.getMessage());
        assertEquals("fail", config("fail").split().duplicates());
        SpectroganException bad = assertThrows(SpectroganException.class, () -> config("remove"));
        assertTrue(bad.getMessage().contains("split.duplicates must be warn, drop or fail") && bad.getMessage().contains("'remove'"),
                bad.getMessage());
    }

    PipelineConfig config(String duplicates) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\","
                + " \"features\": {\"kind\": \"de\"}, \"split\": {\"testFraction\": 0.25, \"seed\": 3, \"duplicates\": \"" + duplicates
                + "\"}, \"force\": true, \"gan\": {\"steps\": 5, \"batch\": 16},"
                + " \"evaluation\": {\"classifiers\": [\"logreg\"], \"repeats\": 2, \"fractions\": [1.0]}}");
        return PipelineConfig.load(p);
    }

    @Test
    void anAugmentRunWithDropWritesATestCsvWithoutTheCopiesAndRecordsThemInTheManifest() throws Exception {
        PipelineConfig cfg = config("drop");
        FeatureTable base = PythonOutputsTest.bandTable();
        GroupSplit.Parts parts = Pipeline.testSplit(base, cfg);
        // three rows of a test group become copies of rows of a train group (groups and labels unchanged)
        String trainGroup = parts.trainGroups().iterator().next();
        String testGroup = parts.heldOutGroups().iterator().next();
        List<FeatureTable.Row> source = base.filter(r -> r.group().equals(trainGroup)).rows();
        List<FeatureTable.Row> rows = new ArrayList<>();
        int copied = 0;
        for (FeatureTable.Row r : base.rows()) {
            if (r.group().equals(testGroup) && copied < 3) {
                rows.add(new FeatureTable.Row(r.label(), r.group(), r.source(), r.t0(), source.get(copied++).values().clone()));
            } else {
                rows.add(r);
            }
        }
        FeatureTable t = new FeatureTable(base.featureNames(), rows);
        assertEquals(parts, Pipeline.testSplit(t, cfg), "the copies do not move the split");
        Path out = dir.resolve("out");
        new AugmentJob(cfg, Pipeline.Budget.full(), c -> new AugmentJob.Loaded(t, 1.0, List.of(), null,
                PythonOutputsTest.bandMeta(t.featureCount())), FakeGan.trainer(0.0), Progress.NONE).run(out, false);

        FeatureTable test = FeatureTable.read(out.resolve("test.csv"));
        assertEquals(parts.heldOut(t).size() - 3, test.size());
        FeatureTable real = FeatureTable.read(out.resolve("dataset.csv")).filter(r -> r.source().equals(FeatureTable.REAL));
        for (FeatureTable.Row r : test.rows()) {
            assertTrue(real.rows().stream().noneMatch(x -> Arrays.equals(x.values(), r.values())), "a test row equals a train row");
        }
        JsonNode d = new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).get("duplicates");
        assertEquals("drop", d.get("mode").asText());
        assertEquals(3, d.get("droppedTestRows").asInt());
        assertEquals(3, d.get("splits").get(0).get("testRows").asInt());
        assertEquals(1, d.get("pairs").size(), d.toString());
        assertEquals(Set.of(trainGroup, testGroup), Set.of(d.get("pairs").get(0).get("group").asText(),
                d.get("pairs").get(0).get("otherGroup").asText()));
        assertEquals(3, d.get("pairs").get(0).get("rows").asInt());
        assertEquals(3, d.get("pairs").get(0).get("otherRows").asInt());
        assertTrue(Files.readString(out.resolve("report.md")).contains("warning: 3 test rows equal train rows value for value ("
                + trainGroup + " (train, 3 rows) = " + testGroup + " (test, 3 rows))"));
    }

    @Test
    void delhiTrainGroupIctal37RepeatsWindowsOfTestGroupIctal26() {
        SharedData.require("data/delhi-epilepsy-mat");
        PipelineConfig cfg = PipelineConfig.load(SharedData.projectRoot().resolve("pipelines/delhi-epilepsy.json"));
        // the rows as augment splits them (read, features, class subset, ...)
        FeatureTable all = new AugmentJob(cfg, Pipeline.Budget.full(), RecordingsLoader.INSTANCE, FakeGan.trainer(0.0),
                Progress.NONE).prepare().rows();
        GroupSplit.Parts parts = Pipeline.testSplit(all, cfg);
        assertTrue(parts.trainGroups().contains("ictal37") && parts.heldOutGroups().contains("ictal26"), parts.toString());

        // independent count: the rows of the two groups compared directly (ictal37.mat and ictal26.mat are the same
        // file: each of their windows equals one of the other's)
        long train37 = equalTo(all, "ictal37", "ictal26");
        long test26 = equalTo(all, "ictal26", "ictal37");
        assertEquals(8, train37 + test26, "windows of ictal37 and ictal26 equal to a window of the other");
        assertEquals(all.filter(r -> r.group().equals("ictal26")).size(), test26, "every window of ictal26");

        DuplicateRows.Finding f = DuplicateRows.check(all, List.of(parts), cfg.split().duplicates(), cfg.file()).finding();
        assertEquals("warn", f.mode(), "the shipped pipeline keeps the default");
        assertEquals(bruteForcePairs(all), asMap(f.pairs()), "every group pair, against the all-pairs comparison");
        DuplicateRows.GroupPair pair = f.splits().get(0).pairs().stream()
                .filter(p -> p.group().equals("ictal37") && p.otherGroup().equals("ictal26")).findFirst().orElseThrow();
        assertEquals(train37, pair.rows());
        assertEquals(test26, pair.otherRows());
        assertTrue(f.testRowsEqualToTrain() >= test26);
        assertTrue(f.warning().contains("ictal37 (train, " + train37 + " rows) = ictal26 (test, " + test26 + " rows)"), f.warning());
    }
}
