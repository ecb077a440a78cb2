package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The warm-up of the generator's weight average: the decay after update t is min(decay, (1 + t) / (10 + t)), the
 * trained average follows that recurrence (and without warm-up the plain one), it leaves the initial weights behind
 * where the plain average of 0.999 does not, resume is bit-identical, and the option is in the resume key.
 */
class EmaWarmupTest {
    @TempDir
    Path tmp;

    @Test
    void theDecayRisesAsOnePlusTOverTenPlusTUpToTheConfiguredDecay() {
        assertEquals(0.1, GanConfig.emaDecayAt(0.999, true, 0), 1e-15); // 1/10
        assertEquals(2.0 / 11, GanConfig.emaDecayAt(0.999, true, 1), 1e-15);
        assertEquals(0.4, GanConfig.emaDecayAt(0.5, true, 5), 1e-15); // 6/15 < 0.5
        assertEquals(0.5, GanConfig.emaDecayAt(0.5, true, 8), 1e-15); // 9/18 = 0.5
        assertEquals(0.5, GanConfig.emaDecayAt(0.5, true, 100), 1e-15);
        assertEquals(1001.0 / 1010, GanConfig.emaDecayAt(0.999, true, 1000), 1e-15);
        assertEquals(0.999, GanConfig.emaDecayAt(0.999, true, 9000), 1e-15); // 9001/9010 > 0.999
        assertEquals(0.999, GanConfig.emaDecayAt(0.999, false, 0), 0.0);
        GanConfig c = GanTestData.small(GanConfig.Loss.WGAN_GP, 10, "PyTorch").toBuilder().optEmaDecay(0.9).build();
        assertTrue(c.emaWarmup(), "warm-up is the default");
        assertEquals(0.1, c.emaDecayAt(0), 1e-15);
    }

    private static float[][] scaled(TrainingSet data) {
        float[][] rows = new float[data.x().length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[data.x()[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                rows[i][j] = (float) (data.x()[i][j] / 100);
            }
        }
        return rows;
    }

    /**
     * {max |trained average - recurrence|, |average - initial| / |last - initial|} after 30 steps, the recurrence
     * computed here from the weights seen after each step with the decays written out.
     */
    private static double[] averageAgainstRecurrence(boolean warmup) {
        TrainingSet data = GanTestData.twoClasses(3);
        double decay = 0.999;
        GanConfig config = ConditioningTest.projection(30, decay, "PyTorch").toBuilder().optEmaWarmup(warmup).build();
        try (WganTrainer trainer = new WganTrainer(Engines.get("PyTorch"), config, scaled(data), data.classIndex(), 2)) {
            double[] initial = toDouble(trainer.state.generator.flat.toFloatArray());
            double[] expected = initial.clone();
            float[][] last = new float[1][];
            int[] t = {0};
            trainer.run(step -> {
                float[] w = trainer.state.generator.flat.toFloatArray();
                double d = warmup ? Math.min(decay, (1.0 + t[0]) / (10.0 + t[0])) : decay;
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = d * expected[i] + (1 - d) * w[i];
                }
                last[0] = w;
                t[0]++;
                return true;
            });
            assertEquals(30, t[0]);
            float[] actual = trainer.state.generatorAverage.toFloatArray();
            double worst = 0;
            double moved = 0;
            double lastMoved = 0;
            for (int i = 0; i < actual.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
                moved += (actual[i] - initial[i]) * (actual[i] - initial[i]);
                lastMoved += (last[0][i] - initial[i]) * (last[0][i] - initial[i]);
            }
            return new double[] {worst, Math.sqrt(moved / lastMoved)};
        }
    }

    @Test
    void theAverageFollowsTheWarmedUpRecurrenceAndLeavesTheInitialWeights() {
        double[] warm = averageAgainstRecurrence(true);
        assertTrue(warm[0] < 1e-5, "average differs from the warmed-up recurrence by up to " + warm[0]);
        double[] plain = averageAgainstRecurrence(false);
        assertTrue(plain[0] < 1e-6, "average differs from the plain recurrence by up to " + plain[0]);
        // after 30 updates the plain average of 0.999 keeps 0.999^30 = 97% of the initial weights; with warm-up
        // their share is 9! 30! / 39! = 4e-9, so the average sits among the recent weights
        assertTrue(plain[1] < 0.1, "plain average moved " + plain[1] + " of the way to the last weights");
        assertTrue(warm[1] > 0.5, "warmed-up average moved only " + warm[1] + " of the way to the last weights");
    }

    @ParameterizedTest
    @CsvSource({"PyTorch,0.999", "MXNet,0.999", "PyTorch,0.9"})
    void resumeWithAWarmedUpAverageEndsBitIdentically(String engine, double decay) throws Exception {
        TrainingSet data = GanTestData.twoClasses(5);
        GanConfig full = GanTestData.small(GanConfig.Loss.WGAN_GP, 40, engine).toBuilder().optEmaDecay(decay).build();
        assertTrue(full.emaWarmup());
        Gan.train(data, full, tmp.resolve("full"), false, TrainingListener.NONE).close();
        Gan.train(data, full.toBuilder().optSteps(15).build(), tmp.resolve("part"), false, TrainingListener.NONE).close();
        Gan.train(data, full, tmp.resolve("part"), true, TrainingListener.NONE).close();
        assertArrayEquals(GanTrainingTest.weights(tmp.resolve("full")), GanTrainingTest.weights(tmp.resolve("part")));
        try (GanModel a = Gan.load(tmp.resolve("full")); GanModel b = Gan.load(tmp.resolve("part"))) {
            assertArrayEquals(a.generate("class1", 5, 2)[4], b.generate("class1", 5, 2)[4], 0.0);
        }
        // and the warm-up changed the result: the same run without it ends elsewhere
        Gan.train(data, full.toBuilder().optEmaWarmup(false).build(), tmp.resolve("plain"), false, TrainingListener.NONE)
                .close();
        try (GanModel a = Gan.load(tmp.resolve("full")); GanModel c = Gan.load(tmp.resolve("plain"))) {
            assertFalse(java.util.Arrays.equals(a.generate("class1", 5, 2)[4], c.generate("class1", 5, 2)[4]));
        }
    }

    @Test
    void theWarmUpIsInTheResumeKeyAndAnOlderCheckpointReadsAsWithout() throws Exception {
        GanConfig c = GanTestData.small(GanConfig.Loss.WGAN_GP, 4, "PyTorch").toBuilder().optEmaDecay(0.9).build();
        assertFalse(c.resumeKey().equals(c.toBuilder().optEmaWarmup(false).build().resumeKey()));
        Path dir = tmp.resolve("old");
        Gan.train(GanTestData.twoClasses(2), c, dir, false, TrainingListener.NONE).close();
        Path state = dir.resolve(Files.readString(dir.resolve("LATEST"), StandardCharsets.UTF_8).trim()).resolve("state.json");
        String json = Files.readString(state, StandardCharsets.UTF_8);
        String withoutKey = json.replaceAll(",\\s*\"emaWarmup\"\\s*:\\s*true", "");
        assertFalse(withoutKey.equals(json), "state.json holds emaWarmup: " + json);
        Files.writeString(state, withoutKey, StandardCharsets.UTF_8);
        assertFalse(Checkpoint.read(dir).state().config().emaWarmup(), "a checkpoint from before the option trained without it");
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
