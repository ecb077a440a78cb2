package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spectrogan.common.SpectroganException;

/**
 * {@link GanModel#generateMix} (h13h, synthetic participants between two participant codes): the generator's input
 * is the noise and the convex mix of the classes' codes. Checked against a forward pass written out here in double
 * precision from the checkpoint's own tensors (no DJL), with the noise of the heaviest class's stream; a weight of 1
 * on one class gives exactly {@link GanModel#generate}'s rows. No new network term: the mix is an input, so the
 * gradient tests of the training terms are unchanged.
 */
class GenerateMixTest {
    @TempDir
    Path tmp;

    /** Three classes, so a mix of two is not the only point of the code simplex. */
    private static TrainingSet threeClasses() {
        return GanTestData.gaussians(new double[][] {{10, -5, 100}, {14, 5, 130}, {6, 0, 80}},
                new double[][] {{1, 2, 5}, {1, 2, 5}, {1, 2, 5}}, 40, 3);
    }

    /** The generator's rows for {@code code} written out: [z; code] (or [z; code x embedding]), Linear + LeakyReLU, then un-z-scored. */
    private static double[][] reference(Checkpoint.Loaded loaded, double[] code, long stream, int count, long seed) {
        Checkpoint.State s = loaded.state();
        int latent = s.config().latentDim();
        int layers = s.config().hidden().size() + 1;
        boolean embedded = s.config().generatorConditioning() == GanConfig.GeneratorConditioning.EMBEDDING;
        double[] c = code;
        if (embedded) {
            float[] table = loaded.tensor("generator.embedding");
            int width = GanConfig.GENERATOR_EMBEDDING_WIDTH;
            c = new double[width];
            for (int k = 0; k < code.length; k++) {
                for (int j = 0; j < width; j++) {
                    c[j] += code[k] * table[k * width + j];
                }
            }
        }
        SplittableRandom rng = StepRandom.forStream(seed, stream);
        double[][] out = new double[count][];
        for (int r = 0; r < count; r++) {
            double[] h = new double[latent + c.length];
            for (int j = 0; j < latent; j++) {
                h[j] = (float) rng.nextGaussian();
            }
            System.arraycopy(c, 0, h, latent, c.length);
            for (int l = 0; l < layers; l++) {
                float[] w = loaded.tensor("generator.weight" + l);
                float[] b = loaded.tensor("generator.bias" + l);
                double[] y = new double[b.length];
                for (int o = 0; o < y.length; o++) {
                    double v = b[o];
                    for (int i = 0; i < h.length; i++) {
                        v += w[o * h.length + i] * h[i];
                    }
                    y[o] = l < layers - 1 && v <= 0 ? 0.2 * v : v;
                }
                h = y;
            }
            for (int j = 0; j < h.length; j++) {
                h[j] = s.normalisationMean()[j] + h[j] * s.normalisationStd()[j];
            }
            out[r] = h;
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(GanConfig.GeneratorConditioning.class)
    void aMixFeedsTheMixedCodeToTheGenerator(GanConfig.GeneratorConditioning conditioning) {
        Path dir = tmp.resolve(conditioning.name());
        GanConfig config = GanTestData.small(GanConfig.Loss.WGAN_GP, 20, "PyTorch").toBuilder()
                .optGeneratorConditioning(conditioning).build();
        Gan.train(threeClasses(), config, dir, false, TrainingListener.NONE).close();
        Checkpoint.Loaded loaded = Checkpoint.read(dir);
        try (GanModel model = Gan.load(dir)) {
            Map<String, Double> mix = new LinkedHashMap<>();
            mix.put("class2", 0.3);
            mix.put("class0", 0.7);
            double[][] got = model.generateMix(mix, 6, 5);
            // noise from class0's stream (the heaviest, index 0), code (0.7, 0, 0.3)
            double[][] want = reference(loaded, new double[] {0.7, 0, 0.3}, 1, 6, 5);
            double worst = 0;
            for (int r = 0; r < got.length; r++) {
                for (int j = 0; j < got[r].length; j++) {
                    worst = Math.max(worst, Math.abs(got[r][j] - want[r][j]) / (1 + Math.abs(want[r][j])));
                }
            }
            assertTrue(worst < 1e-4, "relative difference to the written-out forward pass: " + worst);
            // the mix is not one of its ends
            double[][] end = model.generate("class0", 6, 5);
            assertTrue(Math.abs(end[0][2] - got[0][2]) > 1e-3, "the mix differs from class0's rows");

            // a weight of 1 is generate itself, and the reference agrees with generate too
            assertArrayEquals(model.generate("class1", 4, 9)[3], model.generateMix(Map.of("class1", 1.0), 4, 9)[3], 0.0);
            double[][] one = reference(loaded, new double[] {0, 1, 0}, 2, 4, 9);
            double[][] gen = model.generate("class1", 4, 9);
            for (int j = 0; j < 3; j++) {
                assertEquals(one[3][j], gen[3][j], 1e-4 * (1 + Math.abs(one[3][j])));
            }
            // a tie takes the stream of the class listed first by the model
            Map<String, Double> tie = new LinkedHashMap<>();
            tie.put("class2", 0.5);
            tie.put("class1", 0.5);
            double[][] t = model.generateMix(tie, 2, 1);
            double[][] tieRef = reference(loaded, new double[] {0, 0.5, 0.5}, 2, 2, 1);
            assertEquals(tieRef[1][0], t[1][0], 1e-4 * (1 + Math.abs(tieRef[1][0])));
        }
    }

    @org.junit.jupiter.api.Test
    void badMixesAreRefusedWithTheValue() {
        Path dir = tmp.resolve("bad");
        Gan.train(threeClasses(), GanTestData.small(GanConfig.Loss.WGAN_GP, 2, "PyTorch"), dir, false, TrainingListener.NONE).close();
        try (GanModel model = Gan.load(dir)) {
            assertTrue(assertThrows(SpectroganException.class, () -> model.generateMix(Map.of("class0", 0.5, "class1", 0.4), 1, 1))
                    .getMessage().contains("sum to 1, got 0.9"));
            assertTrue(assertThrows(SpectroganException.class, () -> model.generateMix(Map.of("class0", 1.5, "class1", -0.5), 1, 1))
                    .getMessage().contains("must be finite and >= 0, got -0.5"));
            assertTrue(assertThrows(SpectroganException.class, () -> model.generateMix(Map.of("nope", 1.0), 1, 1))
                    .getMessage().contains("class 'nope' is not in the model"));
            assertTrue(assertThrows(SpectroganException.class, () -> model.generateMix(Map.of(), 1, 1))
                    .getMessage().contains("at least one class"));
            assertEquals(List.of("class0", "class1", "class2"), model.classNames());
        }
    }
}
