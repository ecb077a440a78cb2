package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.Workers;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.TrainingSet;

/**
 * Every GAN of an augment run (the written dataset's, the other folds', the do-no-harm check's inner folds' and
 * the sweep's) is trained up front, and the classifier trials, sweep runs and check folds run on several workers:
 * the run trains exactly the GANs it trained when each was trained on demand, each once, and writes the same
 * dataset.csv, synthetic.csv and report numbers as that one-after-another run.
 */
class RunSchedulingTest {
    @TempDir
    Path dir;

    /** 2 group folds of the whole set; 3 inner folds in each run's do-no-harm check; a 50% sweep. */
    private PipelineConfig config(String name, String gan, String extra) throws Exception {
        return config(name, "{\"folds\": 2, \"seed\": 3}", "[\"logreg\", \"svm\"]", gan, extra);
    }

    private PipelineConfig config(String name, String split, String classifiers, String gan, String extra) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("cfg-" + name));
        Files.writeString(folder.resolve("data.csv"), "x\n");
        Files.writeString(folder.resolve("adapter.json"), "{}");
        Path p = folder.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\","
                + " \"features\": {\"kind\": \"de\"}, \"split\": " + split + ","
                + " \"gan\": " + gan + ","
                + " \"evaluation\": {\"classifiers\": " + classifiers + ", \"repeats\": 2, \"fractions\": [0.5, 1.0]}"
                + extra + "}");
        return PipelineConfig.load(p);
    }

    /** What a run trained (each GAN as its rows' and seed's fingerprint) and what it wrote. */
    private record Run(List<String> upFront, List<String> onDemand, String dataset, String synthetic, JsonNode report) {
    }

    /** A run; {@code count} false hands {@code real} to the run as it is (the production trainer goes to the scheduler). */
    private Run run(PipelineConfig cfg, FeatureTable t, String ganWorkers, String workers, GanSettings.Trainer real,
                    boolean count) throws Exception {
        List<String> upFront = Collections.synchronizedList(new ArrayList<>());
        List<String> onDemand = Collections.synchronizedList(new ArrayList<>());
        boolean[] preparing = new boolean[1];
        Progress progress = new Progress() {
            @Override
            public synchronized void stage(String message) {
                preparing[0] = message.startsWith("training the run's");
            }
        };
        GanSettings.Trainer counting = (data, config, outDir, listener) -> {
            (preparing[0] ? upFront : onDemand).add(fingerprint(data, config.seed()));
            return real.train(data, config, outDir, listener);
        };
        set(PreparedGans.WORKERS_PROPERTY, ganWorkers);
        set(Workers.PROPERTY, workers);
        try {
            Path out = dir.resolve("out-" + cfg.file().getParent().getFileName() + "-" + ganWorkers + "-" + workers);
            new AugmentJob(cfg, Pipeline.Budget.full(), AugmentJobTest.loader(t), count ? counting : real, progress)
                    .run(out, false);
            return new Run(upFront, onDemand, Files.readString(out.resolve("dataset.csv")),
                    Files.readString(out.resolve("synthetic.csv")),
                    new ObjectMapper().readTree(out.resolve("report.json").toFile()));
        } finally {
            System.clearProperty(PreparedGans.WORKERS_PROPERTY);
            System.clearProperty(Workers.PROPERTY);
        }
    }

    private static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static String fingerprint(TrainingSet d, long seed) {
        return seed + ":" + d.x().length + ":" + Arrays.deepHashCode(d.x()) + ":" + Arrays.hashCode(d.classIndex());
    }

    private static Map<String, Integer> counts(List<String> l) {
        Map<String, Integer> m = new TreeMap<>();
        for (String s : l) {
            m.merge(s, 1, Integer::sum);
        }
        return m;
    }

    /** The report's figures: everything but the environment (versions, commit, cores). */
    private static JsonNode figures(JsonNode report) {
        var copy = report.deepCopy();
        if (copy instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.remove("environment");
        }
        return copy;
    }

    @Test
    void theUpFrontScheduleTrainsExactlyTheGansAskedForAndWritesTheSameOutputs() throws Exception {
        FeatureTable t = Tables.gaussian(3, 10, 8, 6, 1.0, 5);
        for (String force : List.of("true", "false")) {
            PipelineConfig cfg = config("fake-" + force, "{\"steps\": 5, \"batch\": 16}", ", \"force\": " + force);
            // the order before the scheduler: each GAN trained when asked for, every trial one after another
            Run before = run(cfg, t, "0", "1", FakeGan.trainer(0), true);
            Run after = run(cfg, t, null, "2", FakeGan.trainer(0), true);
            assertTrue(before.upFront().isEmpty(), "nothing up front with ganWorkers 0");
            // 2 test folds x (written or fold run + 2 sweep runs) x (3 check folds + 1 on all rows) when forced
            if (force.equals("true")) {
                assertEquals(2 * 3 * 4, before.onDemand().size(), "GANs the run asks for");
                assertEquals(List.of(), after.onDemand(), "forced: every GAN is known before the first one trains");
            }
            Map<String, Integer> asked = counts(before.onDemand());
            assertTrue(asked.values().stream().allMatch(n -> n == 1), "each GAN asked for once: " + asked);
            List<String> trained = new ArrayList<>(after.upFront());
            trained.addAll(after.onDemand());
            assertEquals(asked, counts(trained), "force " + force + ": the same GANs, each trained once, none for nothing");
            assertEquals(before.dataset(), after.dataset(), "dataset.csv");
            assertEquals(before.synthetic(), after.synthetic(), "synthetic.csv");
            assertEquals(figures(before.report()), figures(after.report()), "report.json's figures");
            assertTrue(after.report().path("sweep").size() > 0 && after.report().path("extra").path("folds").size() == 1,
                    "the report has a sweep and the other fold");
        }
    }

    /** The production trainer: GanScheduler's 2 workers and 2 trial workers against on demand, one after another. */
    @Test
    void realGansOnTwoWorkersGiveTheOneAfterAnotherRunBitForBit() throws Exception {
        FeatureTable t = Tables.gaussian(3, 10, 8, 6, 1.0, 5);
        // one test part and one repeat (a written run and a sweep run, 3 check folds + 1 GAN each) keep it short
        PipelineConfig cfg = config("real", "{\"testFraction\": 0.25, \"seed\": 3}", "[\"logreg\"]",
                "{\"steps\": 12, \"batch\": 16, \"hidden\": [16, 16], \"latent\": 8}",
                ", \"force\": true, \"evaluation\": {\"classifiers\": [\"logreg\"], \"repeats\": 1, \"fractions\": [0.5, 1.0]}");
        Run before = run(cfg, t, "0", "1", GanSettings.Trainer.GAN, false);
        Run after = run(cfg, t, "2", "2", GanSettings.Trainer.GAN, false);
        assertEquals(before.dataset(), after.dataset(), "dataset.csv");
        assertEquals(before.synthetic(), after.synthetic(), "synthetic.csv");
        assertEquals(figures(before.report()), figures(after.report()), "report.json's figures");
    }

    @Test
    void theAveragedProtocolsDrawsOnTwoWorkersGiveTheSerialCells() {
        FeatureTable all = Tables.gaussian(2, 16, 6, 4, 1.5, 11);
        java.util.Set<String> testGroups = java.util.Set.of("g0", "g1", "g2", "g3");
        FeatureTable test = all.filter(r -> testGroups.contains(r.group()));
        FeatureTable train = all.filter(r -> !testGroups.contains(r.group()));
        AveragedProtocol.Settings s = new AveragedProtocol.Settings(List.of(3, 6), 8, 1.5, List.of("oversample", "noise", "gaussian"), 4, 7);
        List<AveragedProtocol.Result> results = new ArrayList<>();
        for (String workers : List.of("1", "2")) {
            System.setProperty(Workers.PROPERTY, workers);
            try {
                results.add(new AveragedProtocol(s, FakeGan.trainer(0),
                        org.spectrogan.gan.GanConfig.builder().setLoss(org.spectrogan.gan.GanConfig.Loss.WGAN_GP).optSteps(1).build(),
                        List.of("c0", "c1"), org.spectrogan.evaluate.Classifiers.byNames("logreg,mlp"), Map.of())
                        .run(train, test, dir.resolve("p.json"), line -> { }));
            } finally {
                System.clearProperty(Workers.PROPERTY);
            }
        }
        assertEquals(8, results.get(0).draws().size());
        assertEquals(results.get(0).draws(), results.get(1).draws(), "the same draws in the same order");
        assertEquals(results.get(0).cells(), results.get(1).cells(), "every cell's accuracies and interval");
        assertTrue(results.get(0).cells().size() > 0);
    }
}
