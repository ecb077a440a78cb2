package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;

/**
 * The pipeline keys {@code gan.selectBy}, {@code gan.scoreEverySteps} and {@code gan.emaWarmup}: they reach the
 * GAN's settings, bad values are named with the file, key and unit, and an augment run under {@code selectBy:
 * quality} trains its GANs with a scorer and reports the chosen step, which is the argmax of the score curve it
 * writes (report.json, report.md, model/quality.csv). The default stays wasserstein: the last step, no scores.
 */
class SelectByConfigTest {
    @TempDir
    Path dir;

    private Path write(String name, String gan, String extra) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("cfg-" + name));
        Files.writeString(folder.resolve("data.csv"), "x\n");
        Files.writeString(folder.resolve("adapter.json"), "{}");
        Path p = folder.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\","
                + " \"features\": {\"kind\": \"de\"}, \"split\": {\"testFraction\": 0.25, \"seed\": 3},"
                + " \"gan\": " + gan + ", \"evaluation\": {\"classifiers\": [\"logreg\"], \"repeats\": 1, \"fractions\": [1.0]}"
                + extra + "}");
        return p;
    }

    @Test
    void theKeysReachTheGanConfigAndDefaultToWassersteinWithAWarmedUpAverage() throws Exception {
        GanConfig q = PipelineConfig.load(write("q", "{\"selectBy\": \"quality\", \"scoreEverySteps\": 7, \"emaWarmup\": false}", ""))
                .ganConfig();
        assertEquals(GanConfig.SelectBy.QUALITY, q.selectBy());
        assertEquals(7, q.scoreEverySteps());
        assertFalse(q.emaWarmup());
        GanConfig d = PipelineConfig.load(write("d", "{\"steps\": 10}", "")).ganConfig();
        assertEquals(GanConfig.SelectBy.WASSERSTEIN, d.selectBy());
        assertEquals(GanConfig.DEFAULT_SELECT_BY, d.selectBy());
        assertEquals(100, d.scoreEverySteps());
        assertTrue(d.emaWarmup());
        assertEquals(0.0, d.emaDecay(), "the average itself stays off by default");
    }

    @Test
    void badValuesNameTheFileKeyAndUnit() throws Exception {
        Path p = write("bad1", "{\"selectBy\": \"best\"}", "");
        String m = assertThrows(SpectroganException.class, () -> PipelineConfig.load(p)).getMessage();
        assertTrue(m.startsWith(p.toString()) && m.contains("gan.selectBy must be wasserstein or quality, got 'best'"), m);
        Path z = write("bad2", "{\"scoreEverySteps\": 0}", "");
        m = assertThrows(SpectroganException.class, () -> PipelineConfig.load(z)).getMessage();
        assertTrue(m.startsWith(z.toString()) && m.contains("gan.scoreEverySteps must be >= 1 generator steps, got 0"), m);
    }

    private JsonNode run(String name, String gan, FeatureTable t) throws Exception {
        PipelineConfig cfg = PipelineConfig.load(write(name, gan, ", \"force\": true, \"validation\": {\"folds\": 2, \"repeats\": 1}"));
        Path out = dir.resolve("out-" + name);
        new AugmentJob(cfg, Pipeline.Budget.full(), AugmentJobTest.loader(t), GanSettings.Trainer.GAN, Progress.NONE)
                .run(out, false);
        return new ObjectMapper().readTree(out.resolve("report.json").toFile());
    }

    @Test
    void underQualityTheReportedStepIsTheArgmaxOfTheWrittenScoreCurve() throws Exception {
        FeatureTable t = Tables.gaussian(3, 10, 8, 6, 1.0, 5);
        String gan = "{\"steps\": 12, \"batch\": 16, \"hidden\": [16, 16], \"latent\": 8, \"selectBy\": \"quality\", \"scoreEverySteps\": 3}";
        JsonNode report = run("quality", gan, t);
        JsonNode sel = report.at("/extra/ganSelection");
        assertEquals("quality", sel.get("selectBy").asText());
        assertEquals(12, sel.get("steps").asInt());
        // the curve as written beside the model, read back from quality.csv
        List<String> lines = Files.readAllLines(dir.resolve("out-quality/model/quality.csv"));
        assertEquals("step,score", lines.get(0));
        List<int[]> steps = new ArrayList<>();
        int argmax = -1;
        double best = Double.NEGATIVE_INFINITY;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int step = Integer.parseInt(f[0]);
            double score = Double.parseDouble(f[1]);
            steps.add(new int[] {step});
            if (score > best) { // strictly better: ties keep the earlier step
                best = score;
                argmax = step;
            }
        }
        assertEquals(List.of(3, 6, 9, 12), steps.stream().map(s -> s[0]).toList(), "a score every 3 steps");
        assertEquals(4, sel.get("scores").size());
        for (int i = 0; i < 4; i++) {
            assertEquals(steps.get(i)[0], sel.get("scores").get(i).get("step").asInt());
            assertEquals(Double.parseDouble(lines.get(i + 1).split(",")[1]), sel.get("scores").get(i).get("score").asDouble(), 1e-6);
        }
        assertEquals(argmax, sel.get("chosenStep").asInt(), "the chosen step is the argmax of the curve " + lines);
        assertEquals(best, sel.get("chosenScore").asDouble(), 1e-6);
        String md = Files.readString(dir.resolve("out-quality/report.md"));
        assertTrue(md.contains("GAN of the written rows: selectBy quality, the generator of step " + argmax + " of 12"), md);
    }

    @Test
    void byDefaultTheLastStepIsKeptAndNoScoresAreTaken() throws Exception {
        FeatureTable t = Tables.gaussian(3, 10, 8, 6, 1.0, 5);
        JsonNode report = run("default", "{\"steps\": 6, \"batch\": 16, \"hidden\": [16, 16], \"latent\": 8}", t);
        JsonNode sel = report.at("/extra/ganSelection");
        assertEquals("wasserstein", sel.get("selectBy").asText());
        assertEquals(6, sel.get("chosenStep").asInt());
        assertEquals(0, sel.get("scores").size());
        assertFalse(Files.exists(dir.resolve("out-default/model/quality.csv")));
        assertTrue(Files.readString(dir.resolve("out-default/report.md"))
                .contains("GAN of the written rows: selectBy wasserstein, the generator of the last step (6 of 6 trained)."));
    }

    @Test
    void theQualitySplitHoldsOutWholeGroupsOfTheGansRowsOnly() {
        FeatureTable rows = Tables.gaussian(3, 8, 5, 4, 1.0, 4);
        GanSettings.QualityRows q = GanSettings.qualityRows(rows, List.of("c0", "c1", "c2"),
                org.spectrogan.evaluate.Classifiers.byName("logreg"), 9);
        java.util.Set<String> ganGroups = new java.util.HashSet<>();
        q.gan().rows().forEach(r -> ganGroups.add(r.group()));
        q.heldOut().rows().forEach(r -> assertFalse(ganGroups.contains(r.group()), "group " + r.group() + " on both sides"));
        assertEquals(rows.size(), q.gan().size() + q.heldOut().size());
        // 8 groups of 15 rows, 25% held out: 2 groups
        assertEquals(30, q.heldOut().size());
        assertEquals(List.of("c0", "c1", "c2"), q.heldOut().labels());
    }

    @Test
    void tooFewGroupsForTheQualitySplitIsAOneLineError() {
        FeatureTable rows = Tables.gaussian(2, 1, 8, 3, 1.0, 2);
        SpectroganException e = assertThrows(SpectroganException.class, () -> GanSettings.qualityRows(rows,
                List.of("c0", "c1"), org.spectrogan.evaluate.Classifiers.byName("logreg"), 1));
        assertTrue(e.getMessage().contains("gan.selectBy quality"), e.getMessage());
    }
}
