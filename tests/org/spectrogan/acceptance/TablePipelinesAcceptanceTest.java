package org.spectrogan.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.SharedData;
import org.spectrogan.adapters.SleepCounts;
import org.spectrogan.augment.AugmentJob;
import org.spectrogan.features.FeatureTable;

/**
 * The multi-subject pipelines of issue 13 (erpcore-n400, sleep-edf, eegmat) end to end with {@code --quick}.
 * Expected classes, groups and (scaled to the quick budget) class counts are computed here from the data files.
 */
class TablePipelinesAcceptanceTest {
    @TempDir
    Path tmp;

    /** Real train + test rows per class, all groups seen, and the class counts of the quick budget's share. */
    private static void assertRealRows(PipelineAcceptance.Run run, Map<String, Integer> expected, Set<String> groups) {
        FeatureTable real = run.dataset().filter(r -> r.source().equals(FeatureTable.REAL)).concat(run.test());
        int total = expected.values().stream().mapToInt(Integer::intValue).sum();
        double share = Math.min(1.0, AugmentJob.QUICK_MAX_ROWS / (double) total);
        assertEquals(expected.keySet(), new TreeSet<>(real.countsByLabel().keySet()), "classes");
        for (var e : expected.entrySet()) {
            int got = real.countsByLabel().get(e.getKey());
            // stratified by class and group: each stratum rounds on its own
            assertEquals(e.getValue() * share, got, groups.size(), "rows of class " + e.getKey());
        }
        Set<String> seen = real.rows().stream().map(FeatureTable.Row::group).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(groups.containsAll(seen), "groups " + seen + " not all in " + groups);
    }

    @Test
    void erpcoreN400() throws Exception {
        Path csv = SharedData.require("data/erpcore-n400/erpcore_N400_all40.csv");
        Map<String, Integer> perClass = new TreeMap<>();
        Set<String> participants = new TreeSet<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", 3);
            participants.add(String.valueOf((int) Double.parseDouble(c[0])));
            perClass.merge(Double.parseDouble(c[1]) == 1.0 ? "related" : "unrelated", 1, Integer::sum);
        }
        var run = PipelineAcceptance.run("erpcore-n400", tmp, "--quick", "--no-progress");
        List<String> time = new ArrayList<>();
        for (int i = 1; i <= 128; i++) {
            time.add("Time" + i);
        }
        assertEquals(time, run.dataset().featureNames(), "the raw time samples");
        assertRealRows(run, perClass, participants);
        assertEquals(40, participants.size());
        assertAveragedProtocol(run);
    }

    /**
     * The participant-averaged protocol (h13b): fixed test participants (test.csv's groups, one average per
     * participant and class), a pool of 20 train participants, every draw inside the pool and never a test
     * participant, N the median of the draw's real trials per participant and class (counted here from
     * dataset.csv), k = P synthetic participants per class, one cell per classifier, count and arm.
     */
    private static void assertAveragedProtocol(PipelineAcceptance.Run run) {
        var a = run.report().at("/extra/averagedProtocol");
        assertTrue(a.isObject(), "report.json has extra.averagedProtocol");
        Set<String> testGroups = run.test().rows().stream().map(FeatureTable.Row::group).collect(Collectors.toCollection(TreeSet::new));
        Set<String> reported = new TreeSet<>();
        a.get("testParticipants").forEach(n -> reported.add(n.asText()));
        assertEquals(testGroups, reported, "the fixed test participants are test.csv's groups");
        Set<String> pairs = run.test().rows().stream().map(r -> r.group() + "/" + r.label()).collect(Collectors.toSet());
        assertEquals(pairs.size(), a.get("testAverages").asInt(), "one test average per participant and class");
        Set<String> pool = new TreeSet<>();
        a.get("pool").forEach(n -> pool.add(n.asText()));
        assertEquals(20, pool.size());
        FeatureTable realTrain = run.dataset().filter(r -> r.source().equals(FeatureTable.REAL));
        assertTrue(realTrain.rows().stream().map(FeatureTable.Row::group).collect(Collectors.toSet()).containsAll(pool));
        assertTrue(java.util.Collections.disjoint(pool, testGroups), "pool and test participants overlap");
        assertEquals(2, a.get("draws").size(), "--quick: 2 repeats of the smallest count (5)");
        for (var d : a.get("draws")) {
            Set<String> chosen = new TreeSet<>();
            d.get("participants").forEach(n -> chosen.add(n.asText()));
            assertEquals(5, chosen.size());
            assertTrue(pool.containsAll(chosen));
            Map<String, Integer> cells = new TreeMap<>();
            realTrain.rows().stream().filter(r -> chosen.contains(r.group())).forEach(r -> cells.merge(r.group() + "/" + r.label(), 1, Integer::sum));
            List<Integer> n = cells.values().stream().sorted().toList();
            assertEquals(n.get((n.size() - 1) / 2), d.get("trialsPerAverage").asInt(), "N = median trials per participant and class");
            assertEquals(5, d.get("syntheticPerClass").asInt(), "syntheticRatio 1: as many synthetic participants as real ones");
            // h13e: the spread calibration is on the draw's own participants: the variance of their averages per
            // class (summed over the 128 samples), computed here from dataset.csv
            for (String label : realTrain.labels()) {
                var cal = d.at("/calibration/" + label);
                assertEquals(5, cal.get("participants").asInt(), label);
                Map<String, double[]> sums = new TreeMap<>();
                Map<String, Integer> counts = new TreeMap<>();
                realTrain.rows().stream().filter(r -> chosen.contains(r.group()) && r.label().equals(label)).forEach(r -> {
                    double[] s = sums.computeIfAbsent(r.group(), g -> new double[r.values().length]);
                    for (int j = 0; j < s.length; j++) {
                        s[j] += r.values()[j];
                    }
                    counts.merge(r.group(), 1, Integer::sum);
                });
                double variance = 0;
                for (int j = 0; j < 128; j++) {
                    double m = 0;
                    for (var e : sums.entrySet()) {
                        m += e.getValue()[j] / counts.get(e.getKey()) / sums.size();
                    }
                    for (var e : sums.entrySet()) {
                        variance += Math.pow(e.getValue()[j] / counts.get(e.getKey()) - m, 2) / (sums.size() - 1);
                    }
                }
                assertEquals(variance, cal.get("participantVariance").asDouble(), 1e-6 * variance, label + ": variance of the participants' averages");
                int matched = cal.get("matchedTrials").asInt();
                assertTrue(matched >= 1 && matched <= d.get("trialsPerAverage").asInt(), "N* within [1, N]: " + matched);
            }
        }
        assertEquals(5 * 1 * 6, a.get("cells").size(), "5 classifiers x 1 count x 6 arms (real, gan, 4 baselines)");
    }

    @Test
    void sleepEdf() throws Exception {
        Path folder = SharedData.require("data/sleep-edf-features/features");
        Map<String, Integer> perStage = SleepCounts.stageCounts(folder);
        Set<String> subjects = new TreeSet<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".npz")).forEach(n -> subjects.add(n.substring(3, 5)));
        }
        var run = PipelineAcceptance.run("sleep-edf", tmp, "--quick", "--no-progress");
        assertEquals(18, run.dataset().featureCount(), "the 18 per-epoch columns");
        assertRealRows(run, perStage, subjects);
        assertTrue(Set.of("N1", "N3", "REM").containsAll(run.synthetic().labels()), "only rare stages are synthesized: " + run.synthetic().labels());
        assertTrue(run.synthetic().size() > 0, "synthetic epochs of the rare stages");
        // h13c: per-stage recall (evaluation.metrics) for every classifier, over the stages of the test rows
        for (var g : run.report().get("gain")) {
            Set<String> stages = new TreeSet<>();
            g.at("/gain/recall").fieldNames().forEachRemaining(stages::add);
            assertEquals(new TreeSet<>(run.test().labels()), stages, g.get("classifier") + ": a recall gain per tested stage");
        }
        assertTrue(Files.readString(run.out().resolve("report.md")).contains("| macro-F1 | recall of W | recall of N1 | recall of N2 | recall of N3 | recall of REM |"));
    }

    /** Windows of 2 s every 1 s in each recording, from the EDF header (records x record duration). */
    private static Map<String, Integer> eegmatWindows(Path edfFolder, Set<String> subjects) throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(edfFolder)) {
            files = s.filter(p -> p.toString().endsWith(".edf")).sorted().toList();
        }
        for (Path f : files) {
            byte[] h;
            try (InputStream in = Files.newInputStream(f)) {
                h = in.readNBytes(256);
            }
            int records = Integer.parseInt(new String(h, 236, 8, StandardCharsets.US_ASCII).trim());
            double recordSeconds = Double.parseDouble(new String(h, 244, 8, StandardCharsets.US_ASCII).trim());
            int windows = (int) Math.floor((records * recordSeconds - 2.0) / 1.0 + 1e-9) + 1;
            String name = f.getFileName().toString();
            out.merge(name.endsWith("_1.edf") ? "rest" : "arithmetic", windows, Integer::sum);
            subjects.add(name.substring(7, 9));
        }
        return out;
    }

    @Test
    void eegmat() throws Exception {
        Path edf = SharedData.require("data/eegmat/edf");
        Set<String> subjects = new TreeSet<>();
        Map<String, Integer> perClass = eegmatWindows(edf, subjects);
        var run = PipelineAcceptance.run("eegmat", tmp, "--quick", "--no-progress");
        assertEquals(19 * 5, run.dataset().featureCount(), "19 channels x 5 bands");
        assertRealRows(run, perClass, subjects);
        assertEquals(16, subjects.size());
    }
}
