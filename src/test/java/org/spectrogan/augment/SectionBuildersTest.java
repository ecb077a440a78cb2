package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.gan.GanConfig;

/**
 * The pipeline sections are built through their builders on both paths: a file's section is bound through the
 * same {@code optX} methods, so a bad value gives the same message (key, value, unit) in code and in a file, and
 * a section left out equals {@code builder().build()}.
 */
class SectionBuildersTest {
    @TempDir
    Path dir;

    PipelineConfig load(String sections) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\", \"features\": {\"kind\": \"de\"}"
                + sections + "}");
        return PipelineConfig.load(p);
    }

    /** The file's error is "file: " + the builder's message. */
    void sameError(String sections, Supplier<?> code) throws Exception {
        String inCode = assertThrows(IllegalArgumentException.class, code::get).getMessage();
        String inFile = assertThrows(SpectroganException.class, () -> load(sections)).getMessage();
        assertEquals(dir.resolve("p.json") + ": " + inCode, inFile);
    }

    void sameGanError(String sections, Supplier<?> code) throws Exception {
        String inCode = assertThrows(IllegalArgumentException.class, code::get).getMessage();
        String inFile = assertThrows(SpectroganException.class, () -> load(sections)).getMessage();
        assertEquals(dir.resolve("p.json") + ": gan." + inCode, inFile);
    }

    @Test
    void badValuesGiveTheSameMessageInCodeAndInAFile() throws Exception {
        sameError(", \"split\": {\"testFraction\": 1.5}", () -> PipelineConfig.Split.builder().optTestFraction(1.5).build());
        sameError(", \"split\": {\"folds\": 1}", () -> PipelineConfig.Split.builder().optFolds(1).build());
        sameError(", \"split\": {\"blockSeconds\": -2}", () -> PipelineConfig.Split.builder().optBlockSeconds(-2).build());
        sameError(", \"synthesis\": {\"ratio\": 0}", () -> PipelineConfig.Synthesis.builder().optRatio(0).build());
        sameError(", \"synthesis\": {\"mode\": \"more\"}", () -> PipelineConfig.Synthesis.builder().optMode("more").build());
        sameError(", \"qualityGate\": {\"confidence\": 0}", () -> PipelineConfig.QualityGate.builder().optConfidence(0).build());
        sameError(", \"qualityGate\": {\"radiusPercentile\": 101}",
                () -> PipelineConfig.QualityGate.builder().optRadiusPercentile(101).build());
        sameError(", \"evaluation\": {\"repeats\": 0}", () -> PipelineConfig.Evaluation.builder().optRepeats(0).build());
        sameError(", \"evaluation\": {\"fractions\": [0.5, 2]}",
                () -> PipelineConfig.Evaluation.builder().optFractions(List.of(0.5, 2.0)).build());
        sameError(", \"validation\": {\"fraction\": 1}", () -> PipelineConfig.Validation.builder().optFraction(1).build());
        sameError(", \"smoothing\": {\"windows\": 0}", () -> PipelineConfig.Smoothing.builder().optWindows(0).build());
        // the gan section binds straight onto GanConfig's builder: the file's message is "file: gan." + the builder's
        sameGanError(", \"gan\": {\"nCritic\": 0}", () -> GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optNCritic(0).build());
        sameGanError(", \"gan\": {\"batch\": 1}", () -> GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optBatchSize(1).build());
        sameGanError(", \"gan\": {\"critic\": \"film\"}", () -> GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optCritic("film").build());
        sameGanError(", \"gan\": {\"loss\": \"wgan\", \"clip\": 0}", () -> GanConfig.builder().setLoss("wgan").optClipValue(0).build());
        String m = assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.Split.builder().optTestFraction(1.5).build()).getMessage();
        assertTrue(m.contains("split.testFraction") && m.contains("1.5") && m.contains("share of the rows"), m);
    }

    @Test
    void leftOutSectionsAreTheBuildersDefaults() throws Exception {
        PipelineConfig c = load("");
        assertEquals(PipelineConfig.Split.builder().build(), c.split());
        assertTrue(c.split().automatic(), "a left-out split is automatic (h15b)");
        assertNull(c.split().testFraction());
        assertEquals(7L, c.split().seed());
        PipelineConfig zeroFolds = load(", \"split\": {\"folds\": 0}");
        assertEquals(PipelineConfig.Split.builder().optFolds(0).build(), zeroFolds.split());
        assertEquals(PipelineConfig.Split.DEFAULT_TEST_FRACTION, zeroFolds.split().testFraction());
        assertFalse(zeroFolds.split().automatic());
        assertEquals(PipelineConfig.Synthesis.builder().build(), c.synthesis());
        assertEquals(1.0, c.synthesis().ratio());
        assertEquals(PipelineConfig.QualityGate.builder().build(), c.qualityGate());
        assertEquals(PipelineConfig.Evaluation.builder().build(), c.evaluation());
        assertNull(c.evaluation().sweepGanSteps());
        assertEquals(PipelineConfig.Validation.builder().build(), c.validation());
        assertEquals(GanConfig.defaults(GanConfig.Loss.WGAN_GP), c.gan());
        assertEquals(GanConfig.defaults(GanConfig.Loss.WGAN_GP), c.ganConfig());
    }

    @Test
    void foldsLeaveNoTestFractionAndGivenKeysReachTheGanSettings() throws Exception {
        PipelineConfig c = load(", \"split\": {\"folds\": 4, \"seed\": 3}, \"gan\": {\"loss\": \"wgan-clip\", \"nCritic\": 2, \"batch\": 16,"
                + " \"critic\": \"projection\", \"emaDecay\": 0.9, \"generatorConditioning\": \"embedding\"},"
                + " \"evaluation\": {\"sweepGanSteps\": 40}");
        assertNull(c.split().testFraction());
        assertEquals(0.25, c.split().effectiveTestFraction());
        GanConfig g = c.ganConfig();
        assertEquals(GanConfig.Loss.WGAN_CLIP, g.loss());
        assertEquals(2, g.nCritic());
        assertEquals(16, g.batchSize());
        assertEquals(GanConfig.Critic.PROJECTION, g.critic());
        assertEquals(0.9, g.emaDecay());
        assertEquals(GanConfig.GeneratorConditioning.EMBEDDING, g.generatorConditioning());
        assertEquals(GanConfig.DEFAULT_CRITIC, GanConfig.defaults(GanConfig.Loss.WGAN_GP).critic());
        assertEquals(0.01, g.clipValue(), "the clip default of the loss");
        assertEquals(5e-5, g.learningRate(), "the learning-rate default of the loss");
        assertEquals(40, c.sweepGanConfig().steps());
        assertEquals(g.toBuilder().optSteps(40).build(), c.sweepGanConfig());
        assertEquals(g, g.toBuilder().build(), "toBuilder keeps every setting");
    }

    @Test
    void theGanBuilderNeedsItsLossAndNamesBadValuesWithTheirUnit() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GanConfig.builder().build()).getMessage().contains("loss"));
        String m = assertThrows(IllegalArgumentException.class,
                () -> GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optSteps(0).build()).getMessage();
        assertEquals("steps must be >= 1 generator steps, got 0", m);
    }
}
