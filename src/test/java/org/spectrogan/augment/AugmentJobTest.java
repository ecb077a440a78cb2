package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureTable;

/** The pipeline's own logic end to end with a stand-in GAN (a Gaussian per class) on seeded tables. */
class AugmentJobTest {
    @TempDir
    Path dir;

    PipelineConfig config(String extra) throws Exception {
        return config(extra, "{\"steps\": 5, \"batch\": 16}");
    }

    PipelineConfig config(String extra, String ganSection) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\","
                + " \"features\": {\"kind\": \"de\"}, \"split\": {\"testFraction\": 0.25, \"seed\": 3},"
                + " \"gan\": " + ganSection + ", \"evaluation\": {\"classifiers\": [\"logreg\"], \"repeats\": 2, \"fractions\": [0.5, 1.0]}"
                + extra + "}");
        return PipelineConfig.load(p);
    }

    static AugmentJob.Loader loader(FeatureTable t) {
        return cfg -> new AugmentJob.Loaded(t, 1.0, List.of(), null);
    }

    @Test
    void writesEveryOutputAndNeverLetsTestGroupsIntoTraining() throws Exception {
        FeatureTable t = Tables.gaussian(3, 10, 8, 6, 1.0, 5);
        FakeGan.TRAINED.clear();
        Path out = dir.resolve("out");
        AugmentJob.Summary s = new AugmentJob(config(", \"force\": true"), Pipeline.Budget.full(), loader(t),
                FakeGan.trainer(0.0), Progress.NONE).run(out, false);
        for (String f : List.of("dataset.csv", "synthetic.csv", "test.csv", "manifest.json", "report.json", "report.md",
                "loss.png", "pca.png", "feature-profiles.png", "model/weights.txt")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), "missing " + f);
        }
        assertEquals(out.resolve("report.md"), s.reportMarkdown());
        FeatureTable dataset = FeatureTable.read(out.resolve("dataset.csv"));
        FeatureTable test = FeatureTable.read(out.resolve("test.csv"));
        Set<String> testGroups = test.rows().stream().map(FeatureTable.Row::group).collect(Collectors.toSet());
        for (FeatureTable.Row r : dataset.rows()) {
            assertFalse(testGroups.contains(r.group()), "test group " + r.group() + " in dataset.csv");
        }
        assertEquals(t.size(), test.size() + dataset.filter(r -> r.source().equals("real")).size());
        assertTrue(dataset.filter(r -> r.source().equals("synthetic")).size() > 0, "forced synthetic rows missing");
        // every GAN (main and sweep) trained on rows of train groups only: the same row arrays, checked by identity
        Set<double[]> testRows = Collections.newSetFromMap(new IdentityHashMap<>());
        for (FeatureTable.Row r : t.rows()) {
            if (testGroups.contains(r.group())) {
                testRows.add(r.values());
            }
        }
        assertTrue(FakeGan.TRAINED.size() >= 3, "main GAN plus sweep GANs: " + FakeGan.TRAINED.size());
        for (FakeGan g : FakeGan.TRAINED) {
            for (double[] row : g.data.x()) {
                assertFalse(testRows.contains(row), "a test row reached a GAN");
            }
        }
        String manifest = Files.readString(out.resolve("manifest.json"));
        assertTrue(manifest.contains("\"checkpointSha256\""), manifest);
        assertTrue(manifest.contains("\"inputHashes\""), manifest);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("Quality gate"), md);
        assertTrue(md.contains("Do-no-harm"), md);
    }

    @Test
    void syntheticRowsThatDoNotHelpStayOutOfTheDataset() throws Exception {
        FeatureTable t = Tables.gaussian(2, 16, 12, 4, 1.5, 6);
        Path out = dir.resolve("out");
        // a generator that draws every class from another class's distribution: the check must keep its rows out
        new AugmentJob(config(", \"qualityGate\": {\"enabled\": false}"), Pipeline.Budget.full(), loader(t),
                FakeGan.trainer(Double.NaN), Progress.NONE).run(out, false);
        FeatureTable dataset = FeatureTable.read(out.resolve("dataset.csv"));
        assertEquals(0, dataset.filter(r -> r.source().equals("synthetic")).size());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("dataset.csv holds no synthetic rows"), md);
    }

    @Test
    void theSweepsGansFollowGanSeedOverTheSameSubsets() throws Exception {
        FeatureTable t = Tables.gaussian(3, 10, 8, 6, 1.0, 5);
        List<List<Long>> seeds = new java.util.ArrayList<>();
        List<List<Integer>> rows = new java.util.ArrayList<>();
        for (String ganSeed : List.of("1", "1", "2")) {
            FakeGan.TRAINED.clear();
            FakeGan.SEEDS.clear();
            new AugmentJob(config(", \"force\": true", "{\"steps\": 5, \"batch\": 16, \"seed\": " + ganSeed + "}"), Pipeline.Budget.full(),
                    loader(t), FakeGan.trainer(0.0), Progress.NONE).run(dir.resolve("out" + seeds.size()), false);
            seeds.add(List.copyOf(FakeGan.SEEDS));
            rows.add(FakeGan.TRAINED.stream().map(g -> g.data.x().length).toList());
        }
        assertTrue(seeds.get(0).size() >= 3, "main GAN plus sweep GANs: " + seeds.get(0));
        assertEquals(seeds.get(0), seeds.get(1), "the same gan.seed gives the same GAN seeds");
        assertEquals(rows.get(0), rows.get(2), "gan.seed does not change what each GAN trains on");
        for (int i = 0; i < seeds.get(0).size(); i++) {
            assertTrue(!seeds.get(0).get(i).equals(seeds.get(2).get(i)),
                    "GAN " + i + " has seed " + seeds.get(0).get(i) + " with gan.seed 1 and with gan.seed 2");
        }
    }

    @Test
    void anExistingOutputFolderIsNotOverwritten() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("mine.txt"), "keep");
        AugmentJob job = new AugmentJob(config(""), Pipeline.Budget.full(), loader(Tables.gaussian(2, 10, 5, 3, 1, 1)),
                FakeGan.trainer(0), Progress.NONE);
        SpectroganException e = assertThrows(SpectroganException.class, () -> job.run(out, false));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals("keep", Files.readString(out.resolve("mine.txt")));
    }

    @Test
    void aRequestedClassThatDoesNotExistFailsBeforeTheGan() throws Exception {
        FakeGan.TRAINED.clear();
        AugmentJob job = new AugmentJob(config(", \"classes\": [\"c0\", \"nope\"]"), Pipeline.Budget.full(),
                loader(Tables.gaussian(2, 10, 5, 3, 1, 1)), FakeGan.trainer(0), Progress.NONE);
        SpectroganException e = assertThrows(SpectroganException.class, () -> job.run(dir.resolve("o"), false));
        assertTrue(e.getMessage().contains("class 'nope' does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("p.json"), e.getMessage());
        assertTrue(FakeGan.TRAINED.isEmpty());
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void aClassWithTooFewGroupsFailsBeforeTheGan() throws Exception {
        FeatureTable t = Tables.gaussian(2, 2, 5, 3, 1, 1);
        AugmentJob job = new AugmentJob(config(""), Pipeline.Budget.full(), loader(t), FakeGan.trainer(0), Progress.NONE);
        SpectroganException e = assertThrows(SpectroganException.class, () -> job.run(dir.resolve("o"), false));
        assertTrue(e.getMessage().contains("has 2 groups") && e.getMessage().contains("needs at least 3"), e.getMessage());
    }

    @Test
    void kFoldsEvaluateEveryFoldWithItsOwnGanAndWriteFoldZero() throws Exception {
        FeatureTable t = Tables.gaussian(2, 9, 6, 4, 1.0, 8);
        FakeGan.TRAINED.clear();
        Path out = dir.resolve("out");
        // the later "split" key replaces the test fraction of config(): 3 group folds
        new AugmentJob(config(", \"split\": {\"folds\": 3, \"seed\": 3}, \"force\": true"), Pipeline.Budget.full(), loader(t),
                FakeGan.trainer(0.0), Progress.NONE).run(out, false);
        List<GroupSplit.Parts> folds = GroupSplit.folds(t, 3, 3, "split");
        // fold 0 is written
        FeatureTable test = FeatureTable.read(out.resolve("test.csv"));
        assertEquals(folds.get(0).heldOutGroups(), test.rows().stream().map(FeatureTable.Row::group).collect(Collectors.toSet()));
        // every GAN saw the train groups of one fold only, and every fold had its own GANs (1 main + 2 sweep runs, each 4 GANs)
        java.util.Map<double[], String> groupOf = new IdentityHashMap<>();
        t.rows().forEach(r -> groupOf.put(r.values(), r.group()));
        int[] gansPerFold = new int[3];
        for (FakeGan g : FakeGan.TRAINED) {
            Set<String> seen = java.util.Arrays.stream(g.data.x()).map(groupOf::get).collect(Collectors.toSet());
            assertFalse(seen.contains(null), "a GAN trained on a row that is not a real row");
            boolean some = false;
            for (int f = 0; f < 3; f++) {
                if (Collections.disjoint(seen, folds.get(f).heldOutGroups())) {
                    gansPerFold[f]++;
                    some = true;
                }
            }
            assertTrue(some, "a GAN saw test groups of every fold: " + seen);
        }
        // each run of the procedure trains one GAN per fold of the group check (validation.folds = 3) and one on all its rows
        assertEquals(3 * 3 * (1 + 3), FakeGan.TRAINED.size(), "3 folds x (main run + 2 sweep runs at 50%) x (3 check folds + 1)");
        for (int f = 0; f < 3; f++) {
            assertTrue(gansPerFold[f] >= 3, "fold " + f + " had " + gansPerFold[f] + " GANs");
        }
        // the gain and the sweep pool every fold's trials
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(6, report.get("gain").get(0).get("trials").asInt(), report.get("gain").toString());
        assertEquals(6, report.get("sweep").get(0).get("classifiers").get(0).get("trials").asInt());
        assertEquals(2, report.get("extra").get("folds").size());
        assertTrue(Files.readString(out.resolve("report.md")).contains("K group folds (3)"));
    }
}
