package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The projection critic and the generator's weight average in training: each class is learned, the average follows
 * its recurrence, samples come from it, checkpoints hold and resume both, and the resume key guards both options.
 */
class ConditioningTest {
    @TempDir
    Path tmp;

    static GanConfig projection(int steps, double emaDecay, String engine) {
        return GanTestData.small(GanConfig.Loss.WGAN_GP, steps, engine).toBuilder()
                .optCritic(GanConfig.Critic.PROJECTION).optEmaDecay(emaDecay).build();
    }

    @ParameterizedTest
    @CsvSource({"PyTorch,0,ONEHOT", "PyTorch,0.99,EMBEDDING"})
    void theProjectionCriticLearnsEachClassLocation(String engine, double emaDecay, GanConfig.GeneratorConditioning g) {
        TrainingSet data = GanTestData.twoClasses(1);
        try (GanModel model = Gan.train(data, projection(1000, emaDecay, engine).toBuilder().optGeneratorConditioning(g).build(),
                tmp.resolve("m"), false, TrainingListener.NONE)) {
            GanTestData.assertEachClassMeanNearItsRealMean(model, data);
        }
    }

    @Test
    void theAverageAfterNStepsEqualsTheNaiveRecurrence() {
        TrainingSet data = GanTestData.twoClasses(3);
        double decay = 0.9;
        GanConfig config = projection(25, decay, "PyTorch").toBuilder().optEmaWarmup(false).build(); // EmaWarmupTest: with warm-up
        float[][] rows = new float[data.x().length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[data.x()[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                rows[i][j] = (float) (data.x()[i][j] / 100);
            }
        }
        try (WganTrainer trainer = new WganTrainer(Engines.get("PyTorch"), config, rows, data.classIndex(), 2)) {
            double[] expected = toDouble(trainer.state.generator.flat.toFloatArray());
            List<float[]> seen = new ArrayList<>();
            trainer.run(step -> {
                float[] w = trainer.state.generator.flat.toFloatArray();
                seen.add(w);
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = decay * expected[i] + (1 - decay) * w[i];
                }
                return true;
            });
            assertEquals(25, seen.size());
            assertFalse(java.util.Arrays.equals(seen.get(0), seen.get(24)), "the generator moved");
            float[] actual = trainer.state.generatorAverage.toFloatArray();
            double worst = 0;
            double distanceToLast = 0;
            for (int i = 0; i < actual.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
                distanceToLast = Math.max(distanceToLast, Math.abs(expected[i] - seen.get(24)[i]));
            }
            assertTrue(worst < 1e-5, "average differs from the recurrence by up to " + worst);
            assertTrue(distanceToLast > 100 * worst, "the average is not just the last weights: " + distanceToLast);
        }
    }

    @Test
    void samplesComeFromTheAverage() {
        Path dir = tmp.resolve("ema");
        Gan.train(GanTestData.twoClasses(2), projection(30, 0.95, "PyTorch"), dir, false, TrainingListener.NONE).close();
        Checkpoint.Loaded loaded = Checkpoint.read(dir);
        // the same checkpoint with the average in the generator's place, read as a model without an average
        List<float[]> swapped = new ArrayList<>(loaded.values());
        for (int i = 0; i < loaded.names().size(); i++) {
            String name = loaded.names().get(i);
            if (name.startsWith("generator.weight") || name.startsWith("generator.bias")) {
                swapped.set(i, loaded.tensor(name.replace("generator.", "generator.average.")));
            }
        }
        Checkpoint.State s = loaded.state();
        Checkpoint.State noAverage = new Checkpoint.State(s.format(), s.formatVersion(), s.step(),
                s.config().toBuilder().optEmaDecay(0).build(), s.classNames(), s.featureNames(), s.normalisationMean(),
                s.normalisationStd(), s.dataSha256(), s.weightsSha256(), s.lossSha256(), s.tensors(), s.randomScheme(),
                s.provenance());
        try (TrainedGenerator model = new TrainedGenerator(dir, loaded);
             TrainedGenerator average = new TrainedGenerator(dir, new Checkpoint.Loaded(loaded.directory(), noAverage,
                     loaded.names(), loaded.shapes(), swapped, loaded.history()));
             TrainedGenerator raw = new TrainedGenerator(dir, new Checkpoint.Loaded(loaded.directory(), noAverage,
                     loaded.names(), loaded.shapes(), loaded.values(), loaded.history()))) {
            double[][] a = model.generate("class1", 8, 4);
            double[][] b = average.generate("class1", 8, 4);
            double[][] c = raw.generate("class1", 8, 4);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(b[i], a[i], 0.0);
            }
            assertFalse(java.util.Arrays.equals(a[0], c[0]), "the raw weights give other rows");
        }
    }

    @ParameterizedTest
    @CsvSource({"PyTorch,0.9,ONEHOT", "MXNet,0.9,EMBEDDING", "PyTorch,0,ONEHOT", "PyTorch,0.9,EMBEDDING"})
    void resumeWithProjectionAndAverageEndsBitIdentically(String engine, double emaDecay,
                                                          GanConfig.GeneratorConditioning g) throws Exception {
        TrainingSet data = GanTestData.twoClasses(5);
        GanConfig full = projection(40, emaDecay, engine).toBuilder().optGeneratorConditioning(g).build();
        Gan.train(data, full, tmp.resolve("full"), false, TrainingListener.NONE).close();
        Gan.train(data, full.toBuilder().optSteps(15).build(), tmp.resolve("part"), false, TrainingListener.NONE).close();
        Gan.train(data, full, tmp.resolve("part"), true, TrainingListener.NONE).close();
        assertArrayEquals(GanTrainingTest.weights(tmp.resolve("full")), GanTrainingTest.weights(tmp.resolve("part")));
        List<String> names = Checkpoint.read(tmp.resolve("full")).names();
        assertTrue(names.contains("critic.embedding"), names.toString());
        assertEquals(emaDecay > 0, names.contains("generator.average.weight0"), names.toString());
        boolean embedded = g == GanConfig.GeneratorConditioning.EMBEDDING;
        assertEquals(embedded, names.contains("generator.embedding"), names.toString());
        assertEquals(embedded && emaDecay > 0, names.contains("generator.average.embedding"), names.toString());
        try (GanModel a = Gan.load(tmp.resolve("full")); GanModel b = Gan.load(tmp.resolve("part"))) {
            assertArrayEquals(a.generate("class1", 5, 2)[4], b.generate("class1", 5, 2)[4], 0.0);
        }
    }

    @Test
    void theResumeKeyHoldsTheCriticAndTheAverage() {
        GanConfig c = projection(40, 0.9, "PyTorch");
        assertFalse(c.resumeKey().equals(c.toBuilder().optCritic(GanConfig.Critic.CONCAT).build().resumeKey()));
        assertFalse(c.resumeKey().equals(c.toBuilder().optEmaDecay(0.99).build().resumeKey()));
        assertFalse(c.resumeKey().equals(c.toBuilder().optGeneratorConditioning(GanConfig.GeneratorConditioning.EMBEDDING).build()
                .resumeKey()));
        assertEquals(c.resumeKey(), c.toBuilder().optSteps(80).build().resumeKey());
        TrainingSet data = GanTestData.twoClasses(5);
        Gan.train(data, c.toBuilder().optSteps(5).build(), tmp.resolve("k"), false, TrainingListener.NONE).close();
        Exception e = assertThrows(org.spectrogan.common.SpectroganException.class, () -> Gan.train(data,
                c.toBuilder().optCritic(GanConfig.Critic.CONCAT).build(), tmp.resolve("k"), true, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("settings differ"), e.getMessage());
    }

    @Test
    void badOptionsAreRefusedWithTheirValue() {
        Exception e = assertThrows(IllegalArgumentException.class, () -> GanConfig.Critic.parse("film"));
        assertTrue(e.getMessage().contains("'film'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> projection(4, 1.0, "PyTorch"));
        assertTrue(e.getMessage().contains("1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GanConfig.GeneratorConditioning.parse("film"));
        assertTrue(e.getMessage().contains("'film'"), e.getMessage());
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
