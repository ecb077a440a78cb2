package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.features.FeatureTable;

/**
 * {@code synthesis.augmenter} lists and auto, end to end with the stand-in GAN: every listed augmenter over the
 * same trials, the group check's decision in report.json, and a headline that says what dataset.csv holds.
 */
class AugmenterListTest {
    @TempDir
    Path dir;

    JsonNode run(String augmenter, FeatureTable t, double ganShift) throws Exception {
        return run(augmenter, t, ganShift, "{\"repeats\": 1}");
    }

    JsonNode run(String augmenter, FeatureTable t, double ganShift, String validation) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\","
                + " \"features\": {\"kind\": \"de\"}, \"split\": {\"testFraction\": 0.25, \"seed\": 3},"
                + " \"gan\": {\"steps\": 5, \"batch\": 16}, \"synthesis\": {\"augmenter\": " + augmenter + "},"
                + " \"evaluation\": {\"classifiers\": [\"logreg\"], \"repeats\": 2, \"fractions\": [0.5, 1.0]},"
                + " \"validation\": " + validation + "}");
        Path out = dir.resolve("out-" + Math.abs((augmenter + validation).hashCode()));
        new AugmentJob(PipelineConfig.load(p), Pipeline.Budget.full(), cfg -> new AugmentJob.Loaded(t, 1.0, List.of(), null),
                FakeGan.trainer(ganShift), Progress.NONE).run(out, false);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        FeatureTable dataset = FeatureTable.read(out.resolve("dataset.csv"));
        int synth = dataset.filter(r -> r.source().equals(FeatureTable.SYNTHETIC)).size();
        // the headline (first note) and datasetContents say what dataset.csv holds
        assertEquals(synth, report.at("/extra/datasetContents/syntheticRows").asInt());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains(synth == 0 ? "dataset.csv holds the " + report.at("/extra/datasetContents/realRows").asInt()
                + " real train rows and no synthetic rows" : "and " + synth + " synthetic rows from "), md);
        return report;
    }

    @Test
    void aListRunsEveryAugmenterOverTheSameTrialsBesideTheCeiling() throws Exception {
        FeatureTable t = Tables.gaussian(2, 12, 6, 5, 1.0, 9);
        JsonNode r = run("[\"cwgan\", \"gaussian\", \"oversample\"]", t, 0.0);
        JsonNode arms = r.at("/extra/augmenters");
        assertEquals(3, arms.size());
        Set<String> names = new HashSet<>();
        for (JsonNode a : arms) {
            names.add(a.get("augmenter").asText());
            // same trials: at 50% the same real-only figure for every augmenter (same subsets, seeds, test rows)
            JsonNode at50 = a.at("/sweep/0/classifiers/0");
            assertEquals(r.at("/sweep/0/classifiers/0/real").toString(), at50.get("real").toString(), a.get("augmenter").asText());
            assertTrue(a.get("fidelity").has("labelFidelity"), a.toString());
            assertTrue(a.get("gainAtFull").size() == 1, a.toString());
        }
        assertEquals(Set.of("cwgan", "gaussian", "oversample"), names);
        // oversampled rows are copies: nearest-neighbour distance 0
        for (JsonNode a : arms) {
            if (a.get("augmenter").asText().equals("oversample")) {
                assertEquals(0.0, a.at("/fidelity/memorisation/medianRatio").asDouble(), 1e-12);
            }
        }
        // only the first listed is checked for the written rows
        for (JsonNode s : r.at("/extra/doNoHarm/settingsTried")) {
            assertTrue(s.get("setting").asText().startsWith("cwgan, amount x"), s.toString());
        }
        assertTrue(r.at("/extra/ceilingAtAdmitted").size() == 1, "the ceiling at the admitted amount, per fraction");
    }

    @Test
    void autoTriesEveryListedAugmenterAndNoneAndSaysWhichItChose() throws Exception {
        FeatureTable t = Tables.gaussian(2, 12, 6, 5, 1.0, 9);
        // a GAN whose rows carry the wrong class: auto must never choose it
        JsonNode r = run("[\"auto\", \"cwgan\", \"noise\"]", t, Double.NaN);
        Set<String> tried = new HashSet<>();
        for (JsonNode s : r.at("/extra/doNoHarm/settingsTried")) {
            tried.add(s.get("setting").asText().split(",")[0]);
            assertEquals(12 - 3, s.get("gainPointsByGroup").size(), "a gain for every train group: " + s);
        }
        assertEquals(Set.of("cwgan", "noise", "none"), tried);
        String chosen = r.at("/extra/doNoHarm/chosen").asText();
        assertFalse(chosen.startsWith("cwgan"), "chose the mislabelling GAN: " + r.at("/extra/doNoHarm"));
        assertTrue(r.at("/extra/doNoHarm/summary").asText().startsWith("synthetic rows "), r.at("/extra/doNoHarm").toString());
        assertEquals(3, r.at("/extra/doNoHarm/folds").size(), "validation.folds default 3");
    }

    @Test
    void validationAmountsAreTheSharesTheCheckTriesForEachAugmenter() throws Exception {
        FeatureTable t = Tables.gaussian(2, 12, 6, 5, 1.0, 9);
        JsonNode all = run("[\"auto\", \"oversample\", \"noise\"]", t, 0.0, "{\"repeats\": 1}");
        List<String> byDefault = new java.util.ArrayList<>();
        for (JsonNode s : all.at("/extra/doNoHarm/settingsTried")) {
            byDefault.add(s.get("setting").asText());
        }
        // default: every listed augmenter at x1, x0.5, x0.25, and none once
        assertEquals(List.of("oversample, amount x1", "oversample, amount x0.5", "oversample, amount x0.25",
                "noise, amount x1", "noise, amount x0.5", "noise, amount x0.25", "none, amount x1"), byDefault);
        JsonNode one = run("[\"auto\", \"oversample\", \"noise\"]", t, 0.0, "{\"repeats\": 1, \"amounts\": [1.0]}");
        List<String> x1 = new java.util.ArrayList<>();
        for (JsonNode s : one.at("/extra/doNoHarm/settingsTried")) {
            x1.add(s.get("setting").asText());
        }
        assertEquals(List.of("oversample, amount x1", "noise, amount x1", "none, amount x1"), x1);
        // the x1 settings' out-of-fold gains are the same trials in both runs (same folds, seeds, rows)
        for (JsonNode s : one.at("/extra/doNoHarm/settingsTried")) {
            for (JsonNode d : all.at("/extra/doNoHarm/settingsTried")) {
                if (d.get("setting").asText().equals(s.get("setting").asText())) {
                    assertEquals(d.get("gainPointsByGroup").toString(), s.get("gainPointsByGroup").toString(), s.toString());
                }
            }
        }
    }

    @Test
    void aBadValidationAmountIsAnErrorNamingTheKeyAndTheValue() {
        var zero = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.Validation.builder().optAmounts(List.of(1.0, 0.0)).build());
        assertEquals("validation.amounts: 0.0 is not a share in (0, 1] of the planned synthetic rows (1.0 = the planned rows)", zero.getMessage());
        var negative = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.Validation.builder().optAmounts(List.of(-0.5)).build());
        assertTrue(negative.getMessage().startsWith("validation.amounts: -0.5 is not a share in (0, 1]"), negative.getMessage());
        var twiceThePlan = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.Validation.builder().optAmounts(List.of(2.0)).build());
        assertTrue(twiceThePlan.getMessage().startsWith("validation.amounts: 2.0 is not a share in (0, 1]"), twiceThePlan.getMessage());
        var empty = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.Validation.builder().optAmounts(List.of()).build());
        assertTrue(empty.getMessage().startsWith("validation.amounts must list at least one share"), empty.getMessage());
        var twice = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.Validation.builder().optAmounts(List.of(1.0, 1.0)).build());
        assertEquals("validation.amounts lists a share twice: [1.0, 1.0]", twice.getMessage());
        assertEquals(List.of(1.0, 0.5, 0.25), PipelineConfig.Validation.builder().build().amounts());
    }
}
