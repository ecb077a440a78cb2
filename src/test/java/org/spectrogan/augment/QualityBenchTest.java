package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.evaluate.QualityTable;
import org.spectrogan.evaluate.TestGroupEffect;
import org.spectrogan.features.FeatureTable;

/**
 * {@code bench quality} on a small fake table with the stand-in GAN: the table's figures must equal those read
 * from report.json of {@code augment} run on the same configuration (same seeds, so the same trials), and its
 * derived figures (best simple augmenter, capture of the ceiling, marks) must be what those report numbers give.
 */
class QualityBenchTest {
    @TempDir
    Path dir;

    private PipelineConfig pipeline(String extra) throws Exception {
        return pipeline("{\"classifiers\": [\"logreg\", \"knn\"], \"repeats\": 9, \"fractions\": [0.9, 1.0]}", extra);
    }

    private PipelineConfig pipeline(String evaluation, String extra) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"name\": \"fake\", \"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\","
                + " \"features\": {\"kind\": \"de\"}, \"split\": {\"testFraction\": 0.25, \"seed\": 3},"
                + " \"gan\": {\"steps\": 40, \"batch\": 16},"
                + " \"evaluation\": " + evaluation + ","
                + " \"validation\": {\"repeats\": 1}" + extra + "}");
        return PipelineConfig.load(p);
    }

    @Test
    void theTableHoldsTheReportsOwnFigures() throws Exception {
        // force: the written dataset holds the GAN's rows, so its effect on test is measured too
        PipelineConfig raw = pipeline(", \"force\": true");
        PipelineConfig cfg = QualityBench.configure(raw, new QualityBench.Settings(6, List.of(0.25, 0.5), 7, false));
        assertEquals(QualityBench.AUGMENTERS, cfg.synthesis().augmenters());
        assertEquals(6, cfg.evaluation().repeats());
        assertEquals(List.of(0.25, 0.5), cfg.evaluation().fractions());
        assertEquals(List.of("logreg"), cfg.evaluation().classifiers(), "only the judge by default");
        assertEquals(7, cfg.ganConfig().steps());
        assertEquals(7, cfg.sweepGanConfig().steps());
        assertEquals("6 repeats, fractions 25%, 50%; GAN 7 steps (sweep 7), logreg", QualityBench.budget(cfg));

        FeatureTable t = Tables.gaussian(2, 16, 6, 5, 0.8, 5);
        AugmentJob.Loader loader = c -> new AugmentJob.Loaded(t, 1.0, List.of(), null);
        Path out = dir.resolve("augment");
        new AugmentJob(cfg, Pipeline.Budget.full(), loader, FakeGan.trainer(0.0), Progress.NONE).run(out, false);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());

        QualityTable.Input in = QualityBench.measure(cfg, loader, FakeGan.trainer(0.0), Progress.NONE);
        QualityTable.Row row = QualityTable.row(in);

        // fidelity of the GAN's rows: the report's cwgan arm
        JsonNode gan = null;
        Map<String, JsonNode> arms = new HashMap<>();
        for (JsonNode a : report.at("/extra/augmenters")) {
            arms.put(a.get("augmenter").asText(), a);
        }
        assertEquals(QualityBench.AUGMENTERS.size(), arms.size(), arms.keySet().toString());
        gan = arms.get("cwgan");
        assertEquals(gan.at("/fidelity/labelFidelity").asDouble(), row.labelFidelity(), 1e-12);
        assertEquals(gan.at("/fidelity/heldOutAccuracyAtSyntheticMix").asDouble(), row.heldOutAccuracy(), 1e-12);
        double ratio = gan.at("/fidelity/trainOnSyntheticBalancedAccuracy").asDouble()
                / gan.at("/fidelity/trainOnRealBalancedAccuracy").asDouble();
        assertEquals(ratio, row.tstrOverTrtr(), 1e-12);
        assertEquals(ratio >= 0.8 ? QualityTable.Mark.MET : QualityTable.Mark.NOT_MET, row.tstr());
        assertEquals(row.labelFidelity() >= row.heldOutAccuracy() ? QualityTable.Mark.MET : QualityTable.Mark.NOT_MET, row.fidelity());

        // the gain at 25%: each arm's sweep point 0 (fraction 0.25), first classifier, balanced accuracy
        assertEquals("25%", row.gainAt());
        String best = null;
        double bestGain = Double.NEGATIVE_INFINITY;
        for (String name : QualityBench.AUGMENTERS) {
            JsonNode p = arms.get(name).at("/sweep/0");
            assertEquals(0.25, p.get("fraction").asDouble(), 1e-12);
            double g = p.at("/classifiers/0/gain/balancedAccuracy/mean").asDouble();
            if (!name.equals("cwgan") && g > bestGain) {
                best = name;
                bestGain = g;
            }
        }
        double ganGain = arms.get("cwgan").at("/sweep/0/classifiers/0/gain/balancedAccuracy/mean").asDouble();
        assertEquals(ganGain, row.ganGain().mean(), 1e-12);
        assertEquals(best, row.bestSimple());
        assertEquals(bestGain, row.bestSimpleGain().mean(), 1e-12);
        assertEquals(ganGain >= bestGain ? QualityTable.Mark.MET : QualityTable.Mark.NOT_MET, row.gain());

        // the ceiling at each fraction: the report's sweep, and the GAN's capture of an eligible one
        JsonNode sweep = report.at("/sweep");
        assertEquals(2, sweep.size());
        assertEquals(2, row.ceiling().size());
        boolean anyEligible = false;
        boolean allCaptured = true;
        for (int i = 0; i < 2; i++) {
            JsonNode c = sweep.get(i).at("/ceiling/0/gain/balancedAccuracy");
            QualityTable.Capture cap = row.ceiling().get(i);
            assertEquals(c.get("mean").asDouble(), cap.ceiling().mean(), 1e-12);
            assertEquals(c.get("lower").asDouble(), cap.ceiling().lower(), 1e-12);
            boolean eligible = 100 * c.get("mean").asDouble() >= 3 && c.get("lower").asDouble() > 0;
            assertEquals(eligible, cap.eligible(), c.toString());
            double armGain = arms.get("cwgan").at("/sweep/" + i + "/classifiers/0/gain/balancedAccuracy/mean").asDouble();
            if (eligible) {
                anyEligible = true;
                assertEquals(armGain / c.get("mean").asDouble(), cap.capture(), 1e-12);
                allCaptured &= armGain / c.get("mean").asDouble() >= 0.5;
            }
        }
        assertEquals(!anyEligible ? QualityTable.Mark.NOT_MEASURED : allCaptured ? QualityTable.Mark.MET : QualityTable.Mark.NOT_MET,
                row.capture());

        // the written dataset: its synthetic rows and their effect on test as the report states it
        int synth = FeatureTable.read(out.resolve("dataset.csv")).filter(r -> r.source().equals(FeatureTable.SYNTHETIC)).size();
        assertTrue(synth > 0, "force puts the rows into dataset.csv");
        assertEquals(synth, in.writtenSyntheticRows());
        JsonNode effect = report.at("/extra/datasetContents/effectOnFixedTestGroups/0");
        assertEquals(effect.get("meanPoints").asDouble(), 100 * row.worstWritten().gain().mean(), 1e-9);
        assertEquals(effect.get("highPoints").asDouble(), 100 * row.worstWritten().gain().upper(), 1e-9);
        // harm is decided on the interval with the test groups resampled, the report's headline figure
        JsonNode resampled = report.at("/extra/datasetContents/effectOnResampledTestGroups/0");
        TestGroupEffect e = row.worstWritten().onResampledGroups();
        assertEquals(resampled.get("meanPoints").asDouble(), e.meanPoints(), 1e-9);
        assertEquals(resampled.get("lowPoints").asDouble(), e.lowPoints(), 1e-9);
        assertEquals(resampled.get("highPoints").asDouble(), e.highPoints(), 1e-9);
        assertEquals(FeatureTable.read(out.resolve("test.csv")).rows().stream().map(FeatureTable.Row::group).distinct().count(),
                resampled.get("testGroups").asLong(), "every test group is a resampling unit");
        assertEquals(e.meanPoints(), effect.get("meanPoints").asDouble(), 1e-9, "one point estimate, two intervals");
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("with logreg they change test balanced accuracy by " + e.text() + "; with the test groups held fixed ["), md);
        boolean harmed = resampled.get("highPoints").asDouble() < 0;
        assertEquals(harmed, row.writtenHarmed());
        assertEquals(harmed ? QualityTable.Mark.NOT_MET : QualityTable.Mark.MET, row.noHarm());

        // the same configuration measured again gives the same figures (deterministic for a seed)
        QualityTable.Row again = QualityTable.row(QualityBench.measure(cfg, loader, FakeGan.trainer(0.0), Progress.NONE));
        assertEquals(QualityTable.markdown(List.of(row), "t"), QualityTable.markdown(List.of(again), "t"));
    }

    @Test
    void aMislabellingGanFailsTheFidelityTargets() throws Exception {
        PipelineConfig cfg = QualityBench.configure(pipeline(""), new QualityBench.Settings(5, List.of(0.5), 5, false));
        FeatureTable t = Tables.gaussian(2, 16, 6, 5, 2.0, 8);
        // NaN shift: every row drawn from the next class's Gaussian
        QualityTable.Row row = QualityTable.row(QualityBench.measure(cfg, c -> new AugmentJob.Loaded(t, 1.0, List.of(), null),
                FakeGan.trainer(Double.NaN), Progress.NONE));
        assertNotNull(row.input().ganFidelity());
        assertTrue(row.labelFidelity() < 0.3, "rows of the wrong class: " + row.labelFidelity());
        assertEquals(QualityTable.Mark.NOT_MET, row.fidelity());
        assertEquals(QualityTable.Mark.NOT_MET, row.tstr());
        assertEquals("50%", row.gainAt(), "without 25% the GAN meets the simple augmenters at the nearest fraction");
    }

    @Test
    void theAveragedProtocolGetsParticipantCountsAndNoCeiling() throws Exception {
        PipelineConfig raw = pipeline("{\"classifiers\": [\"logreg\"], \"repeats\": 5, \"protocol\": \"averaged\","
                + " \"averaged\": {\"trainParticipants\": [3, 6], \"poolParticipants\": 12, \"baselines\": [\"noise\"]}}", "");
        PipelineConfig cfg = QualityBench.configure(raw, new QualityBench.Settings(null, null, 3, false));
        // every simple augmenter is measured beside the GAN, on participants
        assertEquals(List.of("gaussian", "smote", "mixup", "noise", "oversample"), cfg.evaluation().averaged().baselines());
        FeatureTable t = Tables.gaussian(2, 16, 6, 4, 1.5, 11);
        QualityTable.Row row = QualityTable.row(QualityBench.measure(cfg, c -> new AugmentJob.Loaded(t, 1.0, List.of(), null),
                FakeGan.trainer(0.0), Progress.NONE));
        // 3 of 12 participants is the 25% point; every arm has a gain there
        assertEquals("3 of 12 participants", row.gainAt());
        assertEquals(6, row.input().gains().stream().filter(c -> c.at().equals("3 of 12 participants")).count(), row.input().gains().toString());
        assertNotNull(row.ganGain());
        assertTrue(row.ceiling().isEmpty());
        assertEquals(QualityTable.Mark.NOT_MEASURED, row.capture());
        assertTrue(QualityTable.markdown(List.of(row), "t").contains("the averaged protocol holds back no real participants (n/a)"));
    }

    @Test
    void badBudgetsAreRefusedNamingTheFile() throws Exception {
        PipelineConfig raw = pipeline("");
        SpectroganException e = assertThrows(SpectroganException.class,
                () -> QualityBench.configure(raw, new QualityBench.Settings(0, null, null, false)));
        assertTrue(e.getMessage().contains("p.json") && e.getMessage().contains("repeats"), e.getMessage());
        List<Double> bad = new ArrayList<>(List.of(1.5));
        e = assertThrows(SpectroganException.class, () -> QualityBench.configure(raw, new QualityBench.Settings(null, bad, null, false)));
        assertTrue(e.getMessage().contains("fractions") && e.getMessage().contains("1.5"), e.getMessage());
    }
}
