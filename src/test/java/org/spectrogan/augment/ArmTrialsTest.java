package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.evaluate.GainEvaluation;
import org.spectrogan.features.FeatureTable;

/**
 * The augmenters' side-by-side figures at 100% (report.json {@code extra.augmenters[].gainAtFull}): an arm whose
 * trials are the gain's own (its rows are the written ones) finds every fit in the run's FitCache instead of
 * fitting every classifier again, and they are the figures a fresh evaluation of its rows gives; an arm with other rows is
 * evaluated on them. Under the averaged protocol (which replaces the row trials at 100%) no row trial is run.
 */
class ArmTrialsTest {
    @TempDir
    Path dir;

    private PipelineConfig config(String evaluation, String extra) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\","
                + " \"features\": {\"kind\": \"de\"}, \"split\": {\"testFraction\": 0.25, \"seed\": 3},"
                + " \"gan\": {\"steps\": 5, \"batch\": 16}, \"evaluation\": " + evaluation + extra + "}");
        return PipelineConfig.load(p);
    }

    /** The progress lines of a run: stages and ticks, in order. */
    private static Progress recording(List<String> lines) {
        return new Progress() {
            @Override
            public void stage(String message) {
                lines.add("stage " + message);
            }

            @Override
            public void tick(String message) {
                lines.add("tick " + message);
            }
        };
    }

    @Test
    void anArmWithTheWrittenRowsHasTheGainsFiguresAndAnotherArmItsOwn() throws Exception {
        FeatureTable t = Tables.gaussian(3, 10, 8, 6, 1.0, 5);
        PipelineConfig cfg = config("{\"classifiers\": [\"logreg\", \"svm\"], \"repeats\": 3, \"fractions\": [1.0]}",
                ", \"synthesis\": {\"augmenter\": [\"cwgan\", \"gaussian\"]}");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Pipeline.Result r = new Pipeline(cfg, FakeGan.trainer(0), recording(lines), Map.of()).run(t, null);
        FeatureTable train = r.split().train();
        FeatureTable test = r.split().test();
        long seed = cfg.split().seed() + 17;
        var classifiers = Classifiers.byNames("logreg,svm");
        assertEquals(2, r.augmenters().size());
        for (Pipeline.AugmenterArm arm : r.augmenters()) {
            FeatureTable rows = r.written().arms().get(arm.augmenter());
            assertTrue(rows.size() > 0, arm.augmenter());
            List<GainEvaluation.Trial> armTrials = GainEvaluation.repeatedTrials(train, rows, test, 3,
                    GainEvaluation.DEFAULT_REPEAT_FRACTION, seed);
            // the configured augmenter's arm holds the written rows (other objects, the same values); gaussian's not
            assertEquals(arm.augmenter().equals("cwgan"), rows.sameContent(r.written().kept()), arm.augmenter());
            // a fresh evaluation of the arm's own rows, here
            List<Pipeline.Effect> fresh = Pipeline.Effect.of(GainEvaluation.evaluate(armTrials, classifiers));
            assertEquals(fresh, arm.gainAtFull(), arm.augmenter() + ": its figures at 100%");
        }
        assertEquals(Pipeline.Effect.of(r.gain()), r.augmenters().get(0).gainAtFull(), "cwgan's arm is the gain");
        // the gain's fits once (2 classifiers x 3 trials, real + synthetic and synthetic only when rows exist) and
        // gaussian's augmented and synthetic-only ones once; none a second time for cwgan's arm. gaussian's trials
        // have the gain's subsets, seeds and test rows, so their real-only models are the gain's (one FitCache per run)
        long firstFits = lines.stream().filter(l -> l.equals("tick logreg trial 1/3 real only")).count();
        assertEquals(1, firstFits, "logreg's first real-only fit: the gain's, not gaussian's or cwgan's again");
        assertEquals(2, lines.stream().filter(l -> l.equals("tick logreg trial 1/3 real + synthetic")).count(),
                "real + synthetic: the gain's and gaussian's arm's own rows");
    }

    @Test
    void theAveragedProtocolRunsNoRowTrials() throws Exception {
        FeatureTable t = Tables.gaussian(2, 16, 6, 4, 1.5, 11);
        PipelineConfig cfg = config("{\"classifiers\": [\"logreg\"], \"repeats\": 2, \"protocol\": \"averaged\","
                + " \"averaged\": {\"trainParticipants\": [3], \"poolParticipants\": 8, \"baselines\": [\"noise\"]}}", "");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Pipeline.Result r = new Pipeline(cfg, FakeGan.trainer(0), recording(lines), Map.of()).run(t, null);
        assertEquals(2, r.averaged().draws().size(), "the protocol ran");
        assertEquals(List.of(), r.gain(), "no gain at 100%");
        assertEquals(1, r.augmenters().size());
        assertEquals(List.of(), r.augmenters().get(0).gainAtFull(), "no row-level figures for the configured augmenter");
        assertTrue(r.written().arms().get("cwgan").size() > 0, "the written rows exist (synthetic.csv)");
        assertTrue(r.augmenters().get(0).fidelity() != null, "their fidelity is still measured");
        int protocol = lines.indexOf(lines.stream().filter(l -> l.startsWith("stage participant-averaged")).findFirst().orElseThrow());
        for (String l : lines.subList(protocol, lines.size())) {
            assertFalse(l.contains(" trial "), "a row trial after the protocol: " + l);
        }
        // each draw told once as it finishes, counted
        List<String> draws = lines.stream().filter(l -> l.startsWith("tick averaged protocol: 3 training participants")).toList();
        assertEquals(2, draws.size(), lines.toString());
        // on two workers the draws may finish in either order; the count goes up with each one
        assertEquals(java.util.Set.of("1/2", "2/2"), draws.stream().map(l -> l.replaceAll(".*repeat (\\d/\\d).*", "$1"))
                .collect(java.util.stream.Collectors.toSet()), draws.toString());
        assertTrue(draws.get(0).endsWith("(1 of 2 draws done)") && draws.get(1).endsWith("(2 of 2 draws done)"), draws.toString());
    }

    @Test
    void theUpFrontStageNamesOnlyTheGansItTrains() {
        assertEquals("training the run's 1 GAN up front (for the written rows, do-no-harm check folds included)",
                Pipeline.upFrontStage(1, false, 0));
        assertEquals("training the run's 4 GANs up front (for the written rows, do-no-harm check folds included)",
                Pipeline.upFrontStage(4, false, 0));
        assertEquals("training the run's 13 GANs up front (for the written rows and 9 for the low-data sweep, do-no-harm check folds included)",
                Pipeline.upFrontStage(13, false, 9));
        assertEquals("training the run's 24 GANs up front (for the written rows, the other folds and 16 for the low-data sweep, "
                + "do-no-harm check folds included)", Pipeline.upFrontStage(24, true, 16));
    }
}
