package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.augment.augmenters.Augmenters;
import org.spectrogan.common.SpectroganException;

/** {@code synthesis.augmenter}: one name, a list or auto, checked when the pipeline file is loaded. */
class AugmenterConfigTest {
    @TempDir
    Path dir;

    PipelineConfig.Synthesis load(String augmenter) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\", \"features\": {\"kind\": \"de\"}"
                + (augmenter == null ? "" : ", \"synthesis\": {\"augmenter\": " + augmenter + "}") + "}");
        return PipelineConfig.load(p).synthesis();
    }

    String error(String augmenter) throws Exception {
        SpectroganException e = assertThrows(SpectroganException.class, () -> load(augmenter));
        assertTrue(e.getMessage().startsWith(dir.resolve("p.json") + ": "), "names the pipeline file: " + e.getMessage());
        assertTrue(e.getMessage().contains("synthesis.augmenter"), "names the key: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void theGanIsTheDefaultAndOneNameIsAListOfOne() throws Exception {
        assertEquals(List.of("cwgan"), load(null).augmenters());
        assertFalse(load(null).auto());
        assertEquals(List.of("gaussian"), load("\"gaussian\"").augmenters());
        assertEquals(List.of("smote", "cwgan", "none"), load("[\"smote\", \"cwgan\", \"none\"]").augmenters());
    }

    @Test
    void autoChoosesAmongTheListedOnesOrAllAndNoneIsAlwaysAChoice() throws Exception {
        PipelineConfig.Synthesis all = load("\"auto\"");
        assertTrue(all.auto());
        List<String> expected = new java.util.ArrayList<>(List.of("cwgan"));
        expected.addAll(Augmenters.NAMES);
        assertEquals(expected, all.augmenters());
        PipelineConfig.Synthesis some = load("[\"auto\", \"gaussian\", \"mixup\"]");
        assertTrue(some.auto());
        assertEquals(List.of("gaussian", "mixup", "none"), some.augmenters());
    }

    @Test
    void badValuesAreErrorsAtLoad() throws Exception {
        String m = error("\"gan\"");
        assertTrue(m.contains("unknown augmenter 'gan'") && m.contains("cwgan, gaussian, smote, mixup, noise, oversample, none, auto"), m);
        assertTrue(error("[]").contains("at least one augmenter"));
        assertTrue(error("[\"smote\", \"smote\"]").contains("twice"));
        error("3");
        error("[\"smote\", 3]");
    }
}
