package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Short trainings: the generator learns each class's location, in original units, on both engines and losses. */
class GanTrainingTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"PyTorch,WGAN_GP,1000", "MXNet,WGAN_GP,1000", "PyTorch,WGAN_CLIP,400"})
    void generatorLearnsEachClassLocation(String engine, GanConfig.Loss loss, int steps) {
        TrainingSet data = GanTestData.twoClasses(1);
        GanConfig config = GanTestData.small(loss, steps, engine);
        try (GanModel model = Gan.train(data, config, tmp.resolve("m"), false, TrainingListener.NONE)) {
            assertEquals(steps, model.lossHistory().size());
            double[][] real0 = java.util.Arrays.copyOfRange(data.x(), 0, 60);
            double[][] real1 = java.util.Arrays.copyOfRange(data.x(), 60, 120);
            double[] m0 = GanTestData.columnMeans(model.generate("class0", 400, 3));
            double[] m1 = GanTestData.columnMeans(model.generate("class1", 400, 3));
            double[] r0 = GanTestData.columnMeans(real0);
            double[] r1 = GanTestData.columnMeans(real1);
            for (int j = 0; j < 3; j++) {
                double gap = Math.abs(r1[j] - r0[j]);
                // each synthetic class mean lies nearer its own real class mean than the other's, by a margin
                assertTrue(Math.abs(m0[j] - r0[j]) < 0.35 * gap, engine + " " + loss + " class0 feature " + j + ": " + m0[j] + " vs " + r0[j]);
                assertTrue(Math.abs(m1[j] - r1[j]) < 0.35 * gap, engine + " " + loss + " class1 feature " + j + ": " + m1[j] + " vs " + r1[j]);
            }
        }
        assertTrue(Files.isRegularFile(tmp.resolve("m").resolve("loss.png")));
        assertTrue(Files.isRegularFile(tmp.resolve("m").resolve("loss.csv")));
    }

    @Test
    void constantColumnIsKeptConstant() {
        TrainingSet data = GanTestData.gaussians(new double[][] {{1, 7.5}, {3, 7.5}}, new double[][] {{1, 0}, {1, 0}}, 20, 2);
        try (GanModel model = Gan.train(data, GanTestData.small(GanConfig.Loss.WGAN_GP, 5, "PyTorch"), tmp.resolve("c"),
                false, TrainingListener.NONE)) {
            for (double[] row : model.generate("class1", 50, 1)) {
                assertEquals(7.5, row[1], 0.0);
            }
        }
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndSamples() throws Exception {
        TrainingSet data = GanTestData.twoClasses(4);
        GanConfig config = GanTestData.small(GanConfig.Loss.WGAN_GP, 30, "PyTorch");
        double[][] a;
        double[][] b;
        try (GanModel m = Gan.train(data, config, tmp.resolve("a"), false, TrainingListener.NONE)) {
            a = m.generate("class1", 20, 9);
        }
        try (GanModel m = Gan.train(data, config, tmp.resolve("b"), false, TrainingListener.NONE)) {
            b = m.generate("class1", 20, 9);
        }
        assertArrayEquals(weights(tmp.resolve("a")), weights(tmp.resolve("b")));
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0.0);
        }
        try (GanModel m = Gan.train(data, config.toBuilder().optSeed(8).build(), tmp.resolve("c"), false, TrainingListener.NONE)) {
            assertTrue(!java.util.Arrays.equals(weights(tmp.resolve("a")), weights(tmp.resolve("c"))), "another seed, other weights");
        }
    }

    @ParameterizedTest
    @CsvSource({"WGAN_GP,PyTorch", "WGAN_CLIP,PyTorch", "WGAN_GP,MXNet"})
    void resumeEndsBitIdenticallyWithAnUninterruptedRun(GanConfig.Loss loss, String engine) throws Exception {
        TrainingSet data = GanTestData.twoClasses(5);
        GanConfig full = GanTestData.small(loss, 40, engine);
        Gan.train(data, full, tmp.resolve("full"), false, TrainingListener.NONE).close();
        Gan.train(data, full.toBuilder().optSteps(15).build(), tmp.resolve("part"), false, TrainingListener.NONE).close();
        try (GanModel m = Gan.train(data, full, tmp.resolve("part"), true, TrainingListener.NONE)) {
            assertEquals(40, m.lossHistory().size());
        }
        assertArrayEquals(weights(tmp.resolve("full")), weights(tmp.resolve("part")));
        assertEquals(Files.readString(tmp.resolve("full/loss.csv")), Files.readString(tmp.resolve("part/loss.csv")));
    }

    static byte[] weights(Path modelDir) throws Exception {
        String latest = Files.readString(modelDir.resolve("LATEST")).trim();
        return Files.readAllBytes(modelDir.resolve(latest).resolve("weights.bin"));
    }
}
