package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.cli.Main;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;

/**
 * The whole pipeline file is checked when it is loaded, before any recording is read: every class of bad value
 * is an error naming the pipeline file and the key; sizes that cannot work with the data fail right after the
 * split, before any GAN trains.
 */
class ConfigValidationTest {
    @TempDir
    Path dir;

    static final String HEAD = "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\"";

    Path write(String sections) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, HEAD + (sections.contains("\"features\"") ? "" : ", \"features\": {\"kind\": \"de\"}") + sections + "}");
        return p;
    }

    String error(String sections) throws Exception {
        Path p = write(sections);
        String m = assertThrows(SpectroganException.class, () -> PipelineConfig.load(p)).getMessage();
        assertTrue(m.startsWith(p.toString() + ": "), "names the pipeline file: " + m);
        return m;
    }

    @Test
    void ganValuesThatCannotTrainNameTheKeyAndUnit() throws Exception {
        assertTrue(error(", \"gan\": {\"steps\": 0}").contains("gan.steps must be >= 1 generator steps, got 0"));
        assertTrue(error(", \"gan\": {\"steps\": -5}").contains("gan.steps must be >= 1"));
        assertTrue(error(", \"gan\": {\"batch\": 1}").contains("gan.batch must be >= 2 rows, got 1"));
        assertTrue(error(", \"gan\": {\"threads\": 0}").contains("gan.threads must be >= 1 threads, got 0"));
        assertTrue(error(", \"gan\": {\"learningRate\": -0.001}").contains("gan.learningRate must be > 0"));
        assertTrue(error(", \"gan\": {\"hidden\": []}").contains("gan.hidden must list one or more layer widths"));
        assertTrue(error(", \"gan\": {\"hidden\": [64, 0]}").contains("gan.hidden"));
        assertTrue(error(", \"gan\": {\"nCritic\": 0}").contains("gan.nCritic must be >= 1"));
        assertTrue(error(", \"gan\": {\"beta2\": 1.5}").contains("gan.beta2 must be in [0, 1)"));
        assertTrue(error(", \"gan\": {\"loss\": \"wgan-clip\", \"clip\": 0}").contains("gan.clip must be > 0"));
        assertTrue(error(", \"gan\": {\"earlyStopPatienceSteps\": -1}").contains("gan.earlyStopPatienceSteps must be >= 0"));
        assertTrue(error(", \"gan\": {\"critic\": \"film\"}").contains("gan.critic must be projection or concat, got 'film'"));
        assertTrue(error(", \"gan\": {\"generatorConditioning\": \"film\"}").contains("gan.generatorConditioning must be embedding or onehot"));
        assertTrue(error(", \"gan\": {\"emaDecay\": 1.0}").contains("gan.emaDecay must be in [0, 1)"));
        assertTrue(error(", \"gan\": {\"anchor\": \"gauss\"}").contains("gan.anchor must be none or gaussian, got 'gauss'"));
    }

    @Test
    void wrongJsonTypesAreErrorsNotCoercions() throws Exception {
        assertTrue(error(", \"gan\": {\"steps\": \"100\"}").contains("gan.steps: expected an integer, got the string \"100\""));
        assertTrue(error(", \"gan\": {\"steps\": 10.5}").contains("gan.steps: expected an integer, got the number 10.5"));
        assertTrue(error(", \"gan\": {\"steps\": null}").contains("'gan.steps' is null"));
        assertTrue(error(", \"split\": null").contains("'split' is null"));
        assertTrue(error(", \"evaluation\": {\"repeats\": 2.5}").contains("evaluation.repeats: expected an integer"));
        assertTrue(error(", \"force\": \"yes\"").contains("force: expected true or false"));
        // the features section is checked by the loader before any recording is read
        PipelineConfig f = PipelineConfig.load(write(", \"features\": {\"kind\": \"de\", \"windowSeconds\": \"1\"}"));
        String m = assertThrows(SpectroganException.class, () -> RecordingsLoader.featureSpec(f)).getMessage();
        assertTrue(m.contains("features.windowSeconds: expected a number, got the string \"1\""), m);
    }

    @Test
    void unknownClassifiersAndKeysAreNamed() throws Exception {
        assertTrue(error(", \"evaluation\": {\"classifiers\": [\"logreg\", \"deepnet\"]}").contains("evaluation.classifiers"));
        assertTrue(error(", \"gan\": {\"stepz\": 5}").contains("unknown key 'stepz' in section 'gan'"));
        assertTrue(error(", \"evaluation\": {\"sweepGanSteps\": 0}").contains("evaluation.sweepGanSteps must be >= 1"));
        assertTrue(error(", \"evaluation\": {\"sweepGanHidden\": [128, 0]}")
                .contains("evaluation.sweepGanHidden must list one or more layer widths >= 1 unit, got [128, 0]"));
        assertTrue(error(", \"evaluation\": {\"sweepGanHidden\": []}").contains("evaluation.sweepGanHidden must list"));
    }

    /** h13j: the draws' / sweep's anchor and selection, the written dataset's GAN keeping the gan section's. */
    @Test
    void sweepGanAnchorAndSelectByShapeOnlyTheSweepsGans() throws Exception {
        PipelineConfig c = PipelineConfig.load(write(", \"gan\": {\"steps\": 900},"
                + " \"evaluation\": {\"sweepGanSteps\": 300, \"sweepGanAnchor\": \"gaussian\", \"sweepGanSelectBy\": \"quality\"}"));
        assertEquals(GanConfig.Anchor.NONE, c.ganConfig().anchor(), "the written dataset's GAN keeps gan.anchor");
        assertEquals(GanConfig.SelectBy.WASSERSTEIN, c.ganConfig().selectBy());
        assertEquals(c.ganConfig().toBuilder().optSteps(300).optAnchor(GanConfig.Anchor.GAUSSIAN)
                .optSelectBy(GanConfig.SelectBy.QUALITY).build(), c.sweepGanConfig(), "nothing else of the sweep's GAN changes");
        assertEquals(GanConfig.Anchor.GAUSSIAN, c.under(new Pipeline.Budget(0, true)).sweepGanConfig().anchor(), "kept under --quick");
        PipelineConfig none = PipelineConfig.load(write(", \"gan\": {\"anchor\": \"gaussian\"}, \"evaluation\": {\"sweepGanAnchor\": \"none\"}"));
        assertEquals(GanConfig.Anchor.GAUSSIAN, none.ganConfig().anchor());
        assertEquals(GanConfig.Anchor.NONE, none.sweepGanConfig().anchor(), "none switches the draws' anchor off");
        PipelineConfig absent = PipelineConfig.load(write(", \"gan\": {\"anchor\": \"gaussian\"}"));
        assertNull(absent.evaluation().sweepGanAnchor());
        assertNull(absent.evaluation().sweepGanSelectBy());
        assertEquals(absent.ganConfig(), absent.sweepGanConfig(), "absent: the sweep's GAN is the gan section's");
        String e = error(", \"evaluation\": {\"sweepGanAnchor\": \"gauss\"}");
        assertTrue(e.contains("evaluation.sweepGanAnchor") && e.contains("'gauss'") && e.contains("p.json"), e);
        e = error(", \"evaluation\": {\"sweepGanSelectBy\": \"best\"}");
        assertTrue(e.contains("evaluation.sweepGanSelectBy") && e.contains("'best'"), e);
    }

    @Test
    void sweepGanHiddenShapesOnlyTheSweepsGansAndSurvivesABudget() throws Exception {
        PipelineConfig c = PipelineConfig.load(write(", \"gan\": {\"steps\": 900, \"hidden\": [256, 256]},"
                + " \"evaluation\": {\"sweepGanSteps\": 300, \"sweepGanHidden\": [128, 64]}"));
        assertEquals(List.of(256, 256), c.ganConfig().hidden(), "the written dataset's GAN keeps gan.hidden");
        assertEquals(List.of(128, 64), c.sweepGanConfig().hidden());
        assertEquals(300, c.sweepGanConfig().steps());
        assertEquals(c.ganConfig().toBuilder().optSteps(300).optHidden(List.of(128, 64)).build(), c.sweepGanConfig(),
                "nothing else of the sweep's GAN changes");
        PipelineConfig quick = c.under(new Pipeline.Budget(0, true));
        assertEquals(List.of(128, 64), quick.sweepGanConfig().hidden(), "--quick cuts steps, not the sweep's widths");
        assertEquals(PipelineConfig.QUICK_GAN_STEPS, quick.sweepGanConfig().steps());

        PipelineConfig absent = PipelineConfig.load(write(", \"gan\": {\"hidden\": [64, 32]}"));
        assertNull(absent.evaluation().sweepGanHidden());
        assertEquals(absent.ganConfig(), absent.sweepGanConfig(), "absent: the sweep's GAN is the gan section's");
    }

    @Test
    void aBudgetDoesNotHideAnInvalidValueAndIsFoldedInOnce() throws Exception {
        // --steps / --quick replace gan.steps, but the file's own value is still checked
        Path bad = write(", \"gan\": {\"steps\": 0}");
        assertEquals(Main.EXIT_BAD_INPUT, Main.run("augment", bad.toString(), "--quick", "--out", dir.resolve("o1").toString()));
        assertEquals(Main.EXIT_BAD_INPUT, Main.run("augment", bad.toString(), "--steps", "20", "--out", dir.resolve("o2").toString()));
        assertTrue(Files.notExists(dir.resolve("o1")) && Files.notExists(dir.resolve("o2")));

        PipelineConfig c = PipelineConfig.load(write(", \"gan\": {\"steps\": 900}, \"evaluation\": {\"repeats\": 5, \"fractions\": [0.1, 0.5, 1.0], \"sweepGanSteps\": 300}, \"validation\": {\"repeats\": 3}"));
        PipelineConfig quick = c.under(new Pipeline.Budget(0, true));
        assertEquals(PipelineConfig.QUICK_GAN_STEPS, quick.ganConfig().steps());
        assertEquals(PipelineConfig.QUICK_GAN_STEPS, quick.sweepGanConfig().steps(), "--quick replaces the sweep's steps too");
        assertEquals(2, quick.evaluation().repeats());
        assertEquals(1, quick.validation().repeats());
        assertEquals(List.of(0.25), quick.evaluation().fractions());
        assertEquals(PipelineConfig.QUICK_MAX_ROWS, quick.maxRows());
        PipelineConfig steps = c.under(new Pipeline.Budget(40, false));
        assertEquals(40, steps.ganConfig().steps());
        assertEquals(40, steps.sweepGanConfig().steps());
        assertEquals(5, steps.evaluation().repeats());
        assertEquals(0, steps.maxRows());
        assertEquals(300, c.under(Pipeline.Budget.full()).sweepGanConfig().steps());
        assertEquals(900, c.under(Pipeline.Budget.full()).ganConfig().steps());
    }

    @Test
    void aBatchLargerThanTheFitRowsFailsAfterTheSplitBeforeTraining() throws Exception {
        // 2 classes x 8 groups x 3 rows = 48 rows; test 25%, validation 25% of the rest: about 27 fit rows
        FeatureTable t = Tables.gaussian(2, 8, 3, 3, 1.0, 4);
        Path p = write(", \"split\": {\"testFraction\": 0.25, \"seed\": 3}, \"gan\": {\"steps\": 5, \"batch\": 500},"
                + " \"evaluation\": {\"classifiers\": [\"logreg\"], \"repeats\": 1, \"fractions\": [1.0]}");
        FakeGan.TRAINED.clear();
        AugmentJob job = new AugmentJob(PipelineConfig.load(p), Pipeline.Budget.full(),
                cfg -> new AugmentJob.Loaded(t, 1.0, List.of(), null), FakeGan.trainer(0.0), Progress.NONE);
        String m = assertThrows(SpectroganException.class, () -> job.run(dir.resolve("out"), false)).getMessage();
        assertTrue(m.startsWith(p + ": gan.batch is 500 rows, more than the "), m);
        int fitRows = Integer.parseInt(m.replaceAll(".*more than the (\\d+) rows.*", "$1"));
        assertTrue(fitRows > 0 && fitRows < t.size(), m);
        assertTrue(FakeGan.TRAINED.isEmpty(), "no GAN trained");
        assertTrue(Files.notExists(dir.resolve("out")));
    }
}
