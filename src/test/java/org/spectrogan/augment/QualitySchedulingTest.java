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
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.Workers;
import org.spectrogan.features.FeatureTable;

/**
 * A real augment run under {@code gan.selectBy: quality} with a do-no-harm check and a low-data sweep: its GANs
 * (the written rows' and their check folds', the sweep subset's and its check folds') train up front on the
 * scheduler like any other GANs and give exactly the on-demand run's outputs (dataset.csv, synthetic.csv, the
 * model's weights hash, report.json's figures); report.json's {@code extra.ganSelection.gans} lists every one of
 * them with its role and chosen step, and report.md summarises them.
 */
class QualitySchedulingTest {
    @TempDir
    Path dir;

    private PipelineConfig config() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("cfg"));
        Files.writeString(folder.resolve("data.csv"), "x\n");
        Files.writeString(folder.resolve("adapter.json"), "{}");
        Path p = folder.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\","
                + " \"features\": {\"kind\": \"de\"}, \"split\": {\"testFraction\": 0.25, \"seed\": 3},"
                + " \"gan\": {\"steps\": 9, \"batch\": 16, \"hidden\": [16, 16], \"latent\": 8, \"selectBy\": \"quality\", \"scoreEverySteps\": 3},"
                + " \"evaluation\": {\"classifiers\": [\"logreg\"], \"repeats\": 1, \"fractions\": [0.5, 1.0]},"
                + " \"validation\": {\"folds\": 3, \"repeats\": 1}, \"force\": true}");
        return PipelineConfig.load(p);
    }

    private record Run(List<String> stages, String dataset, String synthetic, JsonNode manifest, JsonNode report, String md,
                       List<String> qualityCsv) {
    }

    private Run run(PipelineConfig cfg, FeatureTable t, String ganWorkers, String workers) throws Exception {
        List<String> stages = Collections.synchronizedList(new ArrayList<>());
        Progress progress = new Progress() {
            @Override
            public void stage(String message) {
                stages.add(message);
            }
        };
        System.setProperty(PreparedGans.WORKERS_PROPERTY, ganWorkers);
        System.setProperty(Workers.PROPERTY, workers);
        try {
            Path out = dir.resolve("out-" + ganWorkers);
            new AugmentJob(cfg, Pipeline.Budget.full(), AugmentJobTest.loader(t), GanSettings.Trainer.GAN, progress).run(out, false);
            ObjectMapper m = new ObjectMapper();
            return new Run(stages, Files.readString(out.resolve("dataset.csv")), Files.readString(out.resolve("synthetic.csv")),
                    m.readTree(out.resolve("manifest.json").toFile()), m.readTree(out.resolve("report.json").toFile()),
                    Files.readString(out.resolve("report.md")), Files.readAllLines(out.resolve("model/quality.csv")));
        } finally {
            System.clearProperty(PreparedGans.WORKERS_PROPERTY);
            System.clearProperty(Workers.PROPERTY);
        }
    }

    private static JsonNode figures(JsonNode report) {
        var copy = (com.fasterxml.jackson.databind.node.ObjectNode) report.deepCopy();
        copy.remove("environment");
        return copy;
    }

    @Test
    void scoredGansTrainUpFrontGiveTheOnDemandRunAndAreAllReported() throws Exception {
        FeatureTable t = Tables.gaussian(3, 10, 8, 6, 1.0, 5);
        PipelineConfig cfg = config();
        Run demand = run(cfg, t, "0", "1");
        Run upFront = run(cfg, t, "2", "2");

        // on demand nothing trains up front; up front all 8 GANs do: 3 check folds + all rows, for the written rows
        // and for the sweep subset (force: the subset's GAN on all its rows is needed whatever its check says)
        assertTrue(demand.stages().stream().noneMatch(s -> s.startsWith("training the run's")), demand.stages().toString());
        assertTrue(upFront.stages().stream().anyMatch(s -> s.startsWith("training the run's 8 GANs up front")), upFront.stages().toString());

        assertEquals(demand.dataset(), upFront.dataset(), "dataset.csv");
        assertEquals(demand.synthetic(), upFront.synthetic(), "synthetic.csv");
        assertEquals(demand.manifest().get("checkpointSha256"), upFront.manifest().get("checkpointSha256"), "the written model's weights");
        assertEquals(demand.qualityCsv(), upFront.qualityCsv(), "the written model's score curve");
        assertEquals(figures(demand.report()), figures(upFront.report()), "report.json's figures, the GAN list included");

        JsonNode sel = upFront.report().at("/extra/ganSelection");
        JsonNode gans = sel.get("gans");
        assertEquals(8, gans.size(), gans.toString());
        List<String> roles = new ArrayList<>();
        for (JsonNode g : gans) {
            roles.add(g.get("run").asText() + (g.has("fraction") ? " " + g.get("fraction").asDouble() + " r" + g.get("repeat").asInt() : "")
                    + (g.has("checkFold") ? " fold " + g.get("checkFold").asInt() : " all"));
            assertEquals(9, g.get("steps").asInt());
            assertEquals(3, g.get("scores").asInt(), "scored at 3, 6, 9");
            assertTrue(List.of(3, 6, 9).contains(g.get("chosenStep").asInt()), g.toString());
            assertTrue(Double.isFinite(g.get("chosenScore").asDouble()), g.toString());
        }
        assertEquals(List.of("dataset fold 1", "dataset fold 2", "dataset fold 3", "dataset all",
                "sweep 0.5 r0 fold 1", "sweep 0.5 r0 fold 2", "sweep 0.5 r0 fold 3", "sweep 0.5 r0 all"), roles);

        // the written rows' GAN: its entry is the top-level selection, the argmax of model/quality.csv
        JsonNode written = gans.get(3);
        int argmax = -1;
        double best = Double.NEGATIVE_INFINITY;
        for (String line : upFront.qualityCsv().subList(1, upFront.qualityCsv().size())) {
            String[] f = line.split(",");
            if (Double.parseDouble(f[1]) > best) {
                best = Double.parseDouble(f[1]);
                argmax = Integer.parseInt(f[0]);
            }
        }
        assertEquals(argmax, written.get("chosenStep").asInt());
        assertEquals(sel.get("chosenStep").asInt(), written.get("chosenStep").asInt());
        assertEquals(best, written.get("chosenScore").asDouble(), 1e-6);
        // a GAN under quality trains without its held-out scoring groups: fewer rows than its run's, the check
        // folds' fewer than the run's GAN on all its rows
        int trainRows = upFront.report().at("/inputs/0/rows").asInt();
        assertTrue(written.get("trainRows").asInt() < trainRows, written + " vs " + trainRows);
        for (int i = 0; i < 3; i++) {
            assertTrue(gans.get(i).get("trainRows").asInt() < written.get("trainRows").asInt(), gans.get(i).toString());
        }

        // report.md's summary: the median and range of the kept steps, computed here from report.json
        int[] chosen = new int[8];
        double[] scores = new double[8];
        for (int i = 0; i < 8; i++) {
            chosen[i] = gans.get(i).get("chosenStep").asInt();
            scores[i] = gans.get(i).get("chosenScore").asDouble();
        }
        Arrays.sort(chosen);
        Arrays.sort(scores);
        double median = (chosen[3] + chosen[4]) / 2.0;
        String medianText = median == Math.rint(median) ? String.valueOf((long) median) : String.format(Locale.ROOT, "%.1f", median);
        String expected = String.format(Locale.ROOT, "All 8 GANs of the run (dataset 4, sweep 4; 6 of them the do-no-harm check's folds), "
                + "selectBy quality: kept step median %s, range %d to %d, of median 9 trained (range 9 to 9); chosen quality score "
                + "median %.4f, range %.4f to %.4f; each GAN in report.json extra.ganSelection.gans.", medianText, chosen[0], chosen[7],
                (scores[3] + scores[4]) / 2, scores[0], scores[7]);
        assertTrue(upFront.md().contains(expected), "expected: " + expected + "\n" + upFront.md());
        assertTrue(upFront.md().contains("- **ganSelection**: selectBy: quality; scoreEverySteps: 3; steps: 9; chosenStep: " + argmax), upFront.md());
    }
}
