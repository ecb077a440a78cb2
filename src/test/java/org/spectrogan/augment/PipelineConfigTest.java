package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.cli.Main;
import org.spectrogan.common.SpectroganException;

class PipelineConfigTest {
    @TempDir
    Path dir;

    Path write(String json) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("bad.json");
        Files.writeString(p, json);
        return p;
    }

    static final String OK_HEAD = "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\", \"features\": {\"kind\": \"de\"}";

    @Test
    void defaultsAndRelativePaths() throws Exception {
        PipelineConfig c = PipelineConfig.load(write(OK_HEAD + "}"));
        assertEquals(dir.resolve("data.csv"), c.dataPath());
        assertTrue(c.split().automatic(), "no testFraction, no folds: the split is chosen from the groups");
        assertEquals(0.25, c.split().effectiveTestFraction());
        assertEquals(5, c.split().foldsFor(10));
        assertEquals(0, c.split().foldsFor(9));
        assertEquals("ratio", c.synthesis().mode());
        assertTrue(c.qualityGate().enabled());
        assertEquals("bad", c.name());
        assertTrue(c.evaluation().ceiling(), "the sweep's ceiling is measured unless switched off");
    }

    @Test
    void ceilingCanBeSwitchedOffAndMustBeABoolean() throws Exception {
        assertFalse(PipelineConfig.load(write(OK_HEAD + ", \"evaluation\": {\"ceiling\": false}}")).evaluation().ceiling());
        Path p = write(OK_HEAD + ", \"evaluation\": {\"ceiling\": [1]}}");
        SpectroganException e = assertThrows(SpectroganException.class, () -> PipelineConfig.load(p));
        assertTrue(e.getMessage().startsWith(p.toString()) && e.getMessage().contains("ceiling"), e.getMessage());
    }

    @Test
    void unknownKeyIsNamedWithTheFile() throws Exception {
        Path p = write(OK_HEAD + ", \"gan\": {\"stepz\": 10}}");
        SpectroganException e = assertThrows(SpectroganException.class, () -> PipelineConfig.load(p));
        assertTrue(e.getMessage().contains("unknown key 'stepz'"), e.getMessage());
        assertTrue(e.getMessage().contains("gan"), e.getMessage());
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        Path q = write(OK_HEAD + ", \"colour\": 1}");
        assertTrue(assertThrows(SpectroganException.class, () -> PipelineConfig.load(q)).getMessage().contains("unknown key 'colour'"));
    }

    @Test
    void missingDataPathIsAClearError() throws Exception {
        Path p = write("{\"input\": {\"data\": \"nowhere/at/all\"}, \"adapter\": \"adapter.json\", \"features\": {\"kind\": \"de\"}}");
        SpectroganException e = assertThrows(SpectroganException.class, () -> PipelineConfig.load(p));
        assertTrue(e.getMessage().contains("input.data 'nowhere/at/all' does not exist"), e.getMessage());
    }

    @Test
    void badValuesNameTheField() throws Exception {
        Path p = write(OK_HEAD + ", \"synthesis\": {\"mode\": \"lots\"}}");
        assertTrue(assertThrows(SpectroganException.class, () -> PipelineConfig.load(p)).getMessage().contains("synthesis.mode"));
        Path q = write(OK_HEAD + ", \"split\": {\"testFraction\": 1.5}}");
        assertTrue(assertThrows(SpectroganException.class, () -> PipelineConfig.load(q)).getMessage().contains("split.testFraction"));
    }

    @Test
    void theCommandExitsWithStatusTwo() throws Exception {
        Path p = write(OK_HEAD + ", \"bogus\": true}");
        assertEquals(Main.EXIT_BAD_INPUT, Main.run("augment", p.toString(), "--out", dir.resolve("o").toString()));
    }

    @Test
    void everyShippedPipelineAndItsFeatureSectionPassTheStrictReader() throws Exception {
        Path root = org.spectrogan.SharedData.projectRoot().resolve("pipelines");
        try (var files = Files.list(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String text = Files.readString(p);
                // the data path need not exist here: bind the file as a tree and its features section
                com.fasterxml.jackson.databind.JsonNode tree = org.spectrogan.common.StrictJson.parse(p, text, "pipeline file");
                PipelineConfig.Raw raw = org.spectrogan.common.StrictJson.bind(p, tree, PipelineConfig.Raw.class, "");
                if ("raw".equals(raw.features().path("kind").asText())) {
                    org.spectrogan.features.RawExamples.fromJson(raw.features(), p); // examples already: columns pass through
                } else {
                    org.spectrogan.common.StrictJson.bind(p, raw.features(), org.spectrogan.features.FeatureSpec.class, "features");
                }
                assertTrue(raw.gan() != null, p + " has a gan section");
                PipelineConfig.ganConfig(p, raw.gan());
            }
        }
    }
}
