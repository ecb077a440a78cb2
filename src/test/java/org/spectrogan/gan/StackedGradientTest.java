package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spectrogan.gan.CriticGradientTest.B;
import static org.spectrogan.gan.CriticGradientTest.D;
import static org.spectrogan.gan.CriticGradientTest.K;
import static org.spectrogan.gan.CriticGradientTest.LAMBDA;
import static org.spectrogan.gan.CriticGradientTest.LATENT;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stacked gradients of {@link StackedGradients} (MODELS independent networks along a leading model axis)
 * checked model by model against central finite differences (float64) of the independent plain-Java critic and
 * generator of {@link CriticGradientTest}: every weight and bias of every model's WGAN-GP critic loss, clipped
 * critic loss and generator loss, for one, two and three hidden layers. Each model has its own parameters and
 * inputs, so a mix-up between models (a wrong axis) fails.
 */
class StackedGradientTest {
    private static final int MODELS = 3;

    static List<Arguments> cases() {
        return List.of(Arguments.of(new int[] {7, 6}, true), Arguments.of(new int[] {6}, true),
                Arguments.of(new int[] {5, 7, 6}, true), Arguments.of(new int[] {7, 6}, false),
                Arguments.of(new int[] {6}, false));
    }

    @ParameterizedTest(name = "hidden {0}, penalised {1}")
    @MethodSource("cases")
    void everyWeightGradientOfEveryStackedCriticMatchesCentralDifferences(int[] hidden, boolean penalised) {
        int[] sizes = CriticGradientTest.sizes(D + K, hidden, 1);
        int parts = penalised ? 3 : 2;
        SplittableRandom rng = new SplittableRandom(21);
        List<CriticGradientTest.Problem> problems = new ArrayList<>();
        for (int m = 0; m < MODELS; m++) {
            problems.add(CriticGradientTest.problemAwayFromKinks(rng, sizes, parts));
        }
        try (NDManager nd = Engines.get("PyTorch").newBaseManager()) {
            Mlp critic = stacked(nd, sizes, problems.stream().map(CriticGradientTest.Problem::params).toList());
            double[] input = new double[0];
            double[] epsilon = new double[0];
            for (CriticGradientTest.Problem p : problems) {
                input = concat(input, p.input(2));
                epsilon = concat(epsilon, p.epsilon());
            }
            double[] scale = CriticGradientTest.rowScale(B, penalised);
            double[] adversarial = CriticGradientTest.adversarialRow(B);
            double[] mask = new double[D + K];
            Arrays.fill(mask, 0, D, 1);
            StackedGradients.Result result = StackedGradients.critic(critic,
                    nd.create(input, new Shape(MODELS, 2L * B, D + K)), nd.create(epsilon, new Shape(MODELS, B, 1)),
                    nd.create(scale, new Shape(1, parts * B, 1)), nd.create(adversarial, new Shape(1, 1, 2 * B)),
                    nd.create(mask, new Shape(1, 1, D + K)),
                    new StackedGradients.CriticBatch(nd, B, LAMBDA, DataType.FLOAT64), penalised ? LAMBDA : 0, true);
            double[] losses = result.loss().toDoubleArray();
            assertEquals(MODELS, losses.length);
            double worst = 0;
            for (int m = 0; m < MODELS; m++) {
                CriticGradientTest.Problem p = problems.get(m);
                double expected = CriticGradientTest.criticLoss(p, penalised);
                assertEquals(expected, losses[m], 1e-7 * Math.max(1, Math.abs(expected)), "model " + m + " loss");
                worst = Math.max(worst, CriticGradientTest.compareWithDifferences("stacked model " + m,
                        modelSlice(result.gradients(), m), p.params(), params -> CriticGradientTest.criticLoss(
                                new CriticGradientTest.Problem(sizes, params, p.real(), p.fake(), p.epsilon(), p.classes()),
                                penalised)));
            }
            System.out.printf("stacked critic %s gradient check (%d models, hidden %s, float64): worst %.3g%n",
                    penalised ? "WGAN-GP" : "WGAN-clip", MODELS, Arrays.toString(hidden), worst);
        }
    }

    static List<int[]> hiddenShapes() {
        return CriticGradientTest.hiddenShapes();
    }

    @ParameterizedTest
    @MethodSource("hiddenShapes")
    void everyWeightGradientOfEveryStackedGeneratorMatchesCentralDifferences(int[] hidden) {
        int[] gSizes = CriticGradientTest.sizes(LATENT + K, hidden, D);
        int[] cSizes = CriticGradientTest.sizes(D + K, hidden, 1);
        SplittableRandom rng = new SplittableRandom(17);
        List<double[][]> gps = new ArrayList<>();
        List<double[][]> cps = new ArrayList<>();
        List<double[]> noises = new ArrayList<>();
        List<double[]> inputs = new ArrayList<>();
        for (int attempt = 0; attempt < 5000 && gps.size() < MODELS; attempt++) {
            double[][] gp = CriticGradientTest.randomParams(rng, gSizes);
            double[][] cp = CriticGradientTest.randomParams(rng, cSizes);
            double[] noise = new double[B * (LATENT + K)];
            for (int r = 0; r < B; r++) {
                for (int j = 0; j < LATENT; j++) {
                    noise[r * (LATENT + K) + j] = rng.nextGaussian();
                }
                noise[r * (LATENT + K) + LATENT + (r + gps.size()) % K] = 1;
            }
            double[] criticInput = CriticGradientTest.criticInputOfGenerated(gSizes, gp, noise);
            if (CriticGradientTest.kinkMargin(gSizes, gp, noise) < 1e-3
                    || CriticGradientTest.kinkMargin(cSizes, cp, criticInput) < 1e-3) {
                continue;
            }
            gps.add(gp);
            cps.add(cp);
            noises.add(noise);
            inputs.add(criticInput);
        }
        assertEquals(MODELS, gps.size(), "problems away from the LeakyReLU kinks");
        try (NDManager nd = Engines.get("PyTorch").newBaseManager()) {
            Mlp generator = stacked(nd, gSizes, gps);
            Mlp critic = stacked(nd, cSizes, cps);
            NDArray z = nd.create(concat(noises), new Shape(MODELS, B, LATENT + K));
            NDArray[] activations = new NDArray[hidden.length];
            NDArray[] masks = new NDArray[hidden.length];
            NDArray h = z;
            for (int l = 0; l < hidden.length; l++) {
                NDArray pre = StackedGradients.linear(h, generator.weights[l], generator.biases[l]);
                masks[l] = Mlp.leakyReluDerivative(pre);
                h = Mlp.leakyRelu(pre);
                activations[l] = h;
            }
            double[] mean = new double[B];
            Arrays.fill(mean, -1.0 / B);
            // the critic input from the stacked forward pass, as the trainer builds it
            NDArray generated = StackedGradients.linear(h, generator.weights[hidden.length], generator.biases[hidden.length]);
            NDArray classes = z.get(new NDIndex().addAllDim().addAllDim().addSliceDim(LATENT, LATENT + K));
            NDArray criticInput = generated.concat(classes, 2);
            double[] expectedInput = concat(inputs);
            double[] gotInput = criticInput.toDoubleArray();
            for (int i = 0; i < expectedInput.length; i++) {
                assertEquals(expectedInput[i], gotInput[i], 1e-12, "stacked generator output " + i);
            }
            List<NDArray> grads = StackedGradients.generator(generator, z, activations, masks, critic, criticInput,
                    nd.create(mean, new Shape(1, B, 1)), new NDIndex().addAllDim().addAllDim().addSliceDim(0, D));
            double worst = 0;
            for (int m = 0; m < MODELS; m++) {
                double[][] cp = cps.get(m);
                double[] noise = noises.get(m);
                worst = Math.max(worst, CriticGradientTest.compareWithDifferences("stacked model " + m,
                        modelSlice(grads, m), gps.get(m), params -> -CriticGradientTest.mean(CriticGradientTest.scores(
                                cSizes, cp, CriticGradientTest.criticInputOfGenerated(gSizes, params, noise)))));
            }
            System.out.printf("stacked generator gradient check (%d models, hidden %s, float64): worst %.3g%n",
                    MODELS, Arrays.toString(hidden), worst);
        }
    }

    /** Model {@code m}'s gradient tensors. */
    private static List<NDArray> modelSlice(List<NDArray> stacked, int m) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray g : stacked) {
            out.add(g.get(m));
        }
        return out;
    }

    /** MODELS networks stacked: weights MODELS x out x in, biases MODELS x 1 x out. */
    private static Mlp stacked(NDManager nd, int[] sizes, List<double[][]> params) {
        NDArray[] w = new NDArray[sizes.length - 1];
        NDArray[] b = new NDArray[sizes.length - 1];
        for (int l = 0; l < w.length; l++) {
            double[] wv = new double[0];
            double[] bv = new double[0];
            for (double[][] p : params) {
                wv = concat(wv, p[2 * l]);
                bv = concat(bv, p[2 * l + 1]);
            }
            w[l] = nd.create(wv, new Shape(params.size(), sizes[l + 1], sizes[l]));
            b[l] = nd.create(bv, new Shape(params.size(), 1, sizes[l + 1]));
        }
        return Mlp.of(sizes, w, b);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double[] concat(List<double[]> parts) {
        double[] out = new double[0];
        for (double[] p : parts) {
            out = concat(out, p);
        }
        return out;
    }
}
