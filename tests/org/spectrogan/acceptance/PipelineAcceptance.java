package org.spectrogan.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.spectrogan.SharedData;
import org.spectrogan.augment.AugmentJob;
import org.spectrogan.augment.GanSettings;
import org.spectrogan.augment.Pipeline;
import org.spectrogan.augment.PipelineConfig;
import org.spectrogan.augment.Progress;
import org.spectrogan.augment.RecordingsLoader;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.TrainingSet;

/**
 * Runs one pipeline file end to end through the command line with a small budget and checks what it wrote:
 * every output file, class counts that add up to the real rows, no test group in the dataset or the GAN's
 * training groups, a report with a verdict.
 */
final class PipelineAcceptance {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PipelineAcceptance() {
    }

    /** The result of one run, for pipeline-specific checks. */
    record Run(Path out, FeatureTable dataset, FeatureTable synthetic, FeatureTable test, JsonNode manifest,
               JsonNode report, String stdout) {
    }

    /** As {@link #run(String, Path, Map, String...)} with no independent count of the rows (see there). */
    static Run run(String pipeline, Path tmp, String... extraArgs) throws Exception {
        return run(pipeline, tmp, null, extraArgs);
    }

    /**
     * Runs {@code pipeline} and checks its outputs. {@code expectedRealRows}: the real rows per class (as the CSVs
     * write the labels) computed by the test from the data files ({@link ExpectedRows}); null for a pipeline whose
     * count is not computed independently yet, where the check falls back to {@code AugmentJob.prepare()}.
     */
    static Run run(String pipeline, Path tmp, Map<String, Integer> expectedRealRows, String... extraArgs) throws Exception {
        SharedData.require("data");
        Path file = SharedData.projectRoot().resolve("pipelines").resolve(pipeline + ".json");
        assertTrue(Files.isRegularFile(file), "no pipeline file " + file);
        Path out = tmp.resolve("out");
        // the production trainer, watched: every training set a GAN is given is kept to check its rows by identity
        List<TrainingSet> trained = new ArrayList<>();
        GanSettings.Trainer watched = (data, config, outDir, listener) -> {
            trained.add(data);
            return GanSettings.Trainer.GAN.train(data, config, outDir, listener);
        };
        PipelineConfig cfg = PipelineConfig.load(file);
        boolean quick = List.of(extraArgs).contains("--quick");
        AugmentJob.Summary summary = new AugmentJob(cfg, new Pipeline.Budget(0, quick), RecordingsLoader.INSTANCE, watched,
                Progress.NONE).run(out, false);
        String stdout = String.join("\n", summary.lines());
        System.out.println(stdout);
        assertEquals(out.resolve("report.md"), summary.reportMarkdown());
        assertFalse(trained.isEmpty(), "no GAN trained");

        for (String f : List.of(AugmentJob.DATASET, AugmentJob.SYNTHETIC, AugmentJob.TEST, AugmentJob.MANIFEST,
                "report.json", "report.md", AugmentJob.LOSS_PLOT)) {
            assertTrue(Files.isRegularFile(out.resolve(f)) && Files.size(out.resolve(f)) > 0, "missing or empty " + f);
        }
        try (var files = Files.list(out.resolve(AugmentJob.MODEL))) {
            assertTrue(files.findAny().isPresent(), "empty model checkpoint folder");
        }
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(out), files.toList(), "a temporary folder was left beside the output");
        }

        FeatureTable dataset = FeatureTable.read(out.resolve(AugmentJob.DATASET));
        FeatureTable synthetic = readMaybeEmpty(out.resolve(AugmentJob.SYNTHETIC), dataset.featureNames());
        FeatureTable test = FeatureTable.read(out.resolve(AugmentJob.TEST));
        JsonNode manifest = JSON.readTree(out.resolve(AugmentJob.MANIFEST).toFile());
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());

        // class counts: the real rows of dataset.csv and test.csv are exactly the pipeline's rows
        Map<String, Integer> expected = expectedRealRows != null ? new TreeMap<>(expectedRealRows)
                : org.spectrogan.augment.CsvRows.of(new AugmentJob(cfg, new Pipeline.Budget(0, quick), RecordingsLoader.INSTANCE,
                        null, Progress.NONE).prepare().rows()).countsByLabel(); // the labels as the CSVs write them ("3" -> "class-3")
        List<String> classes = List.copyOf(expected.keySet());
        FeatureTable realTrain = dataset.filter(r -> r.source().equals(FeatureTable.REAL));
        Map<String, Integer> sum = new TreeMap<>(realTrain.countsByLabel());
        test.countsByLabel().forEach((k, v) -> sum.merge(k, v, Integer::sum));
        assertEquals(expected, sum, "real train + test rows per class");
        assertEquals(classes, test.labels(), "every class in the test part");
        assertEquals(classes, realTrain.labels(), "every class in the train part");
        FeatureTable synthInDataset = dataset.filter(r -> r.source().equals(FeatureTable.SYNTHETIC));
        boolean inDataset = manifest.get("syntheticInDataset").asBoolean();
        assertEquals(inDataset ? synthetic.size() : 0, synthInDataset.size(), "synthetic rows in dataset.csv");
        assertEquals(realTrain.size() + synthInDataset.size(), dataset.size(), "dataset.csv holds real and synthetic rows only");
        if (synthetic.size() > 0) {
            assertTrue(classes.containsAll(synthetic.labels()), "synthetic classes " + synthetic.labels());
        }
        // the manifest's counts agree with the files
        assertEquals(counts(dataset), JSON.convertValue(manifest.at("/counts/dataset.csv"), Map.class));
        assertEquals(counts(test), JSON.convertValue(manifest.at("/counts/test.csv"), Map.class));

        // no leakage: no test group in dataset.csv, in the train groups or in the GAN's training groups
        Set<String> testGroups = test.rows().stream().map(FeatureTable.Row::group).collect(Collectors.toSet());
        for (FeatureTable.Row r : realTrain.rows()) {
            assertFalse(testGroups.contains(r.group()), "test group " + r.group() + " in dataset.csv");
        }
        assertEquals(testGroups, strings(manifest.at("/groups/test")));
        Set<String> overlap = new HashSet<>(strings(manifest.at("/groups/ganTraining")));
        overlap.retainAll(testGroups);
        assertTrue(overlap.isEmpty(), "test groups in the GAN's training: " + overlap);
        overlap = new HashSet<>(strings(manifest.at("/groups/train")));
        overlap.retainAll(testGroups);
        assertTrue(overlap.isEmpty(), "test groups among the train groups: " + overlap);
        // the GANs' training rows, by identity (the same feature vectors): real train rows only, never a test row;
        // the written dataset's GAN trained on exactly the manifest's ganTraining groups
        Map<List<Double>, Set<String>> trainGroupsOfRow = groupsByValues(realTrain);
        Map<List<Double>, Set<String>> testGroupsOfRow = groupsByValues(test);
        Set<String> manifestGanGroups = strings(manifest.at("/groups/ganTraining"));
        boolean writtenGanSeen = false;
        for (TrainingSet set : trained) {
            Set<String> groups = new HashSet<>();
            for (double[] x : set.x()) {
                List<Double> key = values(x);
                // a vector that occurs in a train group too (a data set may repeat a segment in two groups) is that train row
                assertFalse(testGroupsOfRow.containsKey(key) && !trainGroupsOfRow.containsKey(key),
                        "a test row in a GAN's training set (groups " + testGroupsOfRow.get(key) + ")");
                if (cfg.split().folds() == 0) {
                    assertTrue(trainGroupsOfRow.containsKey(key), "a GAN trained on a row that is not a real train row");
                }
                groups.addAll(trainGroupsOfRow.getOrDefault(key, Set.of()));
            }
            writtenGanSeen |= groups.equals(manifestGanGroups)
                    && set.x().length == total(manifest.at("/counts/ganFitPart"));
        }
        assertTrue(writtenGanSeen, "no GAN trained on exactly the manifest's ganTraining groups " + manifestGanGroups);
        assertFalse(manifest.at("/checkpointSha256").asText().isEmpty());
        assertTrue(manifest.at("/inputHashes").size() >= 3, "input hashes: pipeline, adapter, data");

        // the report: a verdict in words, the gate's counts, the do-no-harm decision
        assertNotNull(report.get("verdict"));
        assertFalse(report.at("/verdict/headline").asText().isBlank());
        assertTrue(report.at("/extra/qualityGate/offered").asInt() > 0, "the gate saw synthetic rows");
        // the group check either tried settings or refused in one sentence
        assertTrue(report.at("/extra/doNoHarm/settingsTried").size() > 0
                || report.at("/extra/doNoHarm/summary").asText().startsWith("synthetic rows were not admitted"), report.at("/extra/doNoHarm").toString());
        assertEquals(synthInDataset.size(), report.at("/extra/datasetContents/syntheticRows").asInt(),
                "report.json's datasetContents counts dataset.csv's synthetic rows");
        assertDatasetDoesNoHarm(cfg, realTrain, synthInDataset, test);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("Quality gate") && md.contains("Do-no-harm"), md);
        return new Run(out, dataset, synthetic, test, manifest, report, stdout);
    }

    /** The bootstrap seed of {@link #assertDatasetDoesNoHarm}'s test-group interval. */
    static final long NO_HARM_BOOTSTRAP_SEED = 4243;

    /**
     * The shipped default's promise, computed here from the written files alone: dataset.csv's synthetic rows
     * must not lower the test balanced accuracy of the pipeline's first classifier with the interval below zero,
     * the interval resampling the TEST GROUPS as well as the paired trials (10 paired trials of 80% subsamples,
     * real rows only vs real + synthetic; {@link org.spectrogan.evaluate.TestGroupEffect}): a claim about new
     * subjects carries the between-group spread. The fixed-groups t-interval is printed beside it. No synthetic
     * rows: holds by construction, and the report must say so (no effect listed).
     */
    static void assertDatasetDoesNoHarm(PipelineConfig cfg, FeatureTable realTrain, FeatureTable synthInDataset,
                                        FeatureTable test) {
        if (synthInDataset.size() == 0) {
            return;
        }
        var classifier = org.spectrogan.evaluate.Classifiers.byName(cfg.evaluation().classifiers().get(0));
        var trials = org.spectrogan.evaluate.GainEvaluation.repeatedTrials(realTrain, synthInDataset, test, 10, 0.8, 4242);
        var fits = new org.spectrogan.evaluate.FitCache();
        var fixed = org.spectrogan.evaluate.GainEvaluation.evaluate(trials, List.of(classifier), s -> { }, fits).get(0)
                .gain().get(org.spectrogan.evaluate.Metric.BALANCED_ACCURACY);
        var effect = org.spectrogan.evaluate.TestGroupEffect.of(trials, classifier, fits, NO_HARM_BOOTSTRAP_SEED);
        String what = String.format("dataset.csv's %d synthetic rows on test balanced accuracy (%s): %s; fixed test groups %s",
                synthInDataset.size(), classifier.name(), effect.text(), fixed.pointsText());
        System.out.println(what);
        assertFalse(effect.harms(), "harm: " + what);
    }

    /** A features CSV that may hold only its header (no synthetic row passed). */
    static FeatureTable readMaybeEmpty(Path csv, List<String> featureNames) throws java.io.IOException {
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).startsWith("label,group,source,t0"), "header of " + csv);
        return lines.size() <= 1 ? new FeatureTable(featureNames, List.of()) : FeatureTable.read(csv);
    }

    /** The groups each feature vector of {@code t} occurs in. */
    static Map<List<Double>, Set<String>> groupsByValues(FeatureTable t) {
        Map<List<Double>, Set<String>> m = new HashMap<>();
        for (FeatureTable.Row r : t.rows()) {
            m.computeIfAbsent(values(r.values()), k -> new HashSet<>()).add(r.group());
        }
        return m;
    }

    static List<Double> values(double[] x) {
        return java.util.Arrays.stream(x).boxed().toList();
    }

    static int total(JsonNode countsBySource) {
        int n = 0;
        for (JsonNode bySource : countsBySource) {
            for (JsonNode c : bySource) {
                n += c.asInt();
            }
        }
        return n;
    }

    static Map<String, Map<String, Integer>> counts(FeatureTable t) {
        Map<String, Map<String, Integer>> m = new TreeMap<>();
        for (FeatureTable.Row r : t.rows()) {
            m.computeIfAbsent(r.source(), k -> new TreeMap<>()).merge(r.label(), 1, Integer::sum);
        }
        return m;
    }

    static Set<String> strings(JsonNode array) {
        Set<String> s = new HashSet<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            s.add(it.next().asText());
        }
        return s;
    }
}
