package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;
import org.spectrogan.gan.GanModel;
import org.spectrogan.gan.SampleScorer;
import org.spectrogan.gan.TrainingListener;
import org.spectrogan.gan.TrainingSet;

/**
 * GANs under {@code gan.selectBy: quality} trained up front ({@link PreparedGans} through the scheduler, the scorer
 * travelling with the job) against the same GAN trained on demand with its scorer: the same chosen step, score
 * curve, weights and sampled rows; a prepared scored GAN goes only to a call whose scorer is equal (same held-out
 * rows, classes, judge and seed), never to one scored on other rows.
 */
class PreparedScoredGansTest {
    @TempDir
    Path dir;

    private static final List<String> CLASSES = List.of("c0", "c1", "c2");
    private static final Classifier JUDGE = Classifiers.byName("logreg");

    private static GanConfig config(long seed) {
        return GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optSteps(12).optBatchSize(16).optHidden(List.of(16, 16))
                .optLatentDim(8).optSeed(seed).optSelectBy(GanConfig.SelectBy.QUALITY).optScoreEverySteps(3)
                .optCheckpointEvery(0).build();
    }

    private static TrainingSet data(GanSettings.QualityRows q) {
        return GanSettings.trainingSet(q.gan(), CLASSES, Map.of());
    }

    private static byte[] weights(Path modelDir) throws Exception {
        return org.spectrogan.ModelFiles.weightsBin(modelDir);
    }

    @Test
    void aScoredGanTrainedUpFrontOnTwoWorkersIsTheOneTrainedOnDemand() throws Exception {
        FeatureTable rows = Tables.gaussian(3, 8, 6, 4, 1.0, 3);
        FeatureTable other = Tables.gaussian(3, 8, 6, 4, 1.0, 4);
        List<GanModel> onDemand = new ArrayList<>();
        List<FeatureTable> tables = List.of(rows, other);
        for (int i = 0; i < 2; i++) {
            GanSettings.QualityRows q = GanSettings.qualityRows(tables.get(i), CLASSES, JUDGE, 11 + i);
            onDemand.add(GanSettings.Trainer.GAN.train(data(q), config(11 + i), dir.resolve("demand-" + i), TrainingListener.NONE,
                    q.scorer()));
        }
        System.setProperty(PreparedGans.WORKERS_PROPERTY, "2");
        try (PreparedGans prepared = new PreparedGans(GanSettings.Trainer.GAN)) {
            List<PreparedGans.Job> jobs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                GanSettings.QualityRows q = GanSettings.qualityRows(tables.get(i), CLASSES, JUDGE, 11 + i);
                jobs.add(new PreparedGans.Job(data(q), config(11 + i), null, TrainingListener.NONE, q.scorer()));
            }
            prepared.prepare(jobs, org.spectrogan.gan.GanScheduler.DEFAULT_MEMORY_BUDGET_BYTES);
            assertEquals(2, prepared.workers(), "trained on two workers at once");
            for (int i = 0; i < 2; i++) {
                // the run asks again, with a scorer built anew from the same rows
                GanSettings.QualityRows q = GanSettings.qualityRows(tables.get(i), CLASSES, JUDGE, 11 + i);
                Path asked = dir.resolve("asked-" + i);
                try (GanModel up = prepared.train(data(q), config(11 + i), asked, TrainingListener.NONE, q.scorer());
                     GanModel demand = onDemand.get(i)) {
                    assertNotEquals(asked, up.directory(), "handed the model trained up front, not trained again");
                    assertTrue(up.qualityScores().size() == 4, "scored every 3 of 12 steps: " + up.qualityScores());
                    assertEquals(demand.qualityScores(), up.qualityScores(), "the same score curve");
                    assertEquals(demand.selectedStep(), up.selectedStep(), "the same chosen step");
                    assertArrayEquals(weights(demand.directory()), weights(up.directory()), "the same weights");
                    for (String c : CLASSES) {
                        assertArrayEquals(demand.generate(c, 25, 99), up.generate(c, 25, 99), "the same rows of " + c);
                    }
                }
            }
        } finally {
            System.clearProperty(PreparedGans.WORKERS_PROPERTY);
        }
    }

    @Test
    void aPreparedScoredGanGoesOnlyToACallWithAnEqualScorer() {
        FeatureTable rows = Tables.gaussian(3, 8, 6, 4, 1.0, 3);
        List<SampleScorer> trainedWith = new ArrayList<>();
        GanSettings.Trainer standIn = new GanSettings.Trainer() {
            @Override
            public GanModel train(TrainingSet data, GanConfig config, Path outDir, TrainingListener listener) {
                return train(data, config, outDir, listener, null);
            }

            @Override
            public GanModel train(TrainingSet data, GanConfig config, Path outDir, TrainingListener listener, SampleScorer scorer) {
                trainedWith.add(scorer);
                return new FakeGan(data, 0, null);
            }
        };
        GanSettings.QualityRows q = GanSettings.qualityRows(rows, CLASSES, JUDGE, 5);
        TrainingSet data = data(q);
        // the same GAN rows scored on other held-out rows: a different scorer
        SampleScorer otherHeldOut = new GanSettings.HeldOutScorer(q.gan(), q.gan(), CLASSES, JUDGE, 5);
        SampleScorer otherSeed = new GanSettings.HeldOutScorer(q.gan(), q.heldOut(), CLASSES, JUDGE, 6);
        SampleScorer equal = GanSettings.qualityRows(rows, CLASSES, JUDGE, 5).scorer();
        assertNotSame(q.scorer(), equal);
        assertEquals(q.scorer(), equal);
        assertNotEquals(q.scorer(), otherHeldOut);
        assertNotEquals(q.scorer(), otherSeed);
        try (PreparedGans prepared = new PreparedGans(standIn)) {
            prepared.prepare(List.of(new PreparedGans.Job(data, config(5), null, TrainingListener.NONE, q.scorer())), 1L << 30);
            assertEquals(1, trainedWith.size());
            assertSame(q.scorer(), trainedWith.get(0), "the job's scorer reached the trainer");
            prepared.train(data, config(5), dir.resolve("a"), TrainingListener.NONE, otherHeldOut);
            prepared.train(data, config(5), dir.resolve("b"), TrainingListener.NONE, otherSeed);
            prepared.train(data, config(5), dir.resolve("c"), TrainingListener.NONE);
            assertEquals(List.of(q.scorer(), otherHeldOut, otherSeed), trainedWith.subList(0, 3), "other scorers train anew");
            assertEquals(null, trainedWith.get(3), "no scorer trains anew");
            prepared.train(data, config(5), dir.resolve("d"), TrainingListener.NONE, equal);
            assertEquals(4, trainedWith.size(), "an equal scorer gets the prepared GAN");
        }
    }
}
