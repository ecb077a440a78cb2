package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spectrogan.gan.CriticGradientTest.B;
import static org.spectrogan.gan.CriticGradientTest.D;
import static org.spectrogan.gan.CriticGradientTest.K;
import static org.spectrogan.gan.CriticGradientTest.LAMBDA;
import static org.spectrogan.gan.CriticGradientTest.LATENT;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The auxiliary classifier term's hand-written gradients ({@link WganGradients.AuxHead}) against central
 * differences (float64) of losses computed by an independent plain-Java projection critic with a class head
 * {@code logits = h_L(x) W_a^T + b_a}, on both engines, for one, two and three hidden layers:
 * <ul>
 *   <li>the WGAN-GP and the clipped critic loss plus {@code auxWeight CE} over the real rows: every weight, bias,
 *       class-embedding entry and head entry (the penalty, computed from the critic's scalar output alone, is the
 *       same as without the head);</li>
 *   <li>the generator loss {@code -mean f(G(z, y), y) + auxWeight CE(G(z, y), y)}: every generator weight (and
 *       class-embedding entry of an embedding generator).</li>
 * </ul>
 * The head's weights are drawn at the scale of the critic's, so that its part of each gradient is of the same order
 * as the adversarial part (checked: it changes every hidden layer's weight gradient by more than 1%, ten thousand times the
 * check's tolerance of 1e-6).
 */
class AuxClassifierGradientTest {
    static final double AUX = 0.7;

    static List<org.junit.jupiter.params.provider.Arguments> cases() {
        return CriticGradientTest.cases();
    }

    /** The critic's top hidden activations h_L at one row (no output layer). */
    static double[] topHidden(int[] sizes, double[][] params, double[] row) {
        double[] h = row;
        for (int l = 0; l < sizes.length - 2; l++) {
            h = CriticGradientTest.leaky(CriticGradientTest.preActivation(sizes, params, l, h));
        }
        return h;
    }

    /** {@code -log softmax(h W_a^T + b_a)[cls]}, W_a and b_a the two tensors after E. */
    static double crossEntropy(int[] sizes, double[][] params, double[] row, int cls) {
        int layers = sizes.length - 1;
        double[] w = params[2 * layers + 1];
        double[] b = params[2 * layers + 2];
        double[] h = topHidden(sizes, params, row);
        int width = h.length;
        double[] logits = new double[K];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < K; c++) {
            double s = b[c];
            for (int j = 0; j < width; j++) {
                s += w[c * width + j] * h[j];
            }
            logits[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (double v : logits) {
            sum += Math.exp(v - max);
        }
        return -(logits[cls] - max - Math.log(sum));
    }

    /** The projection critic's loss (ProjectionGradientTest's reference) plus auxWeight times the real rows' CE. */
    static double criticLoss(ProjectionGradientTest.Problem p, boolean penalised, double aux) {
        double loss = ProjectionGradientTest.criticLoss(p, penalised);
        for (int r = 0; r < B; r++) {
            loss += aux * crossEntropy(p.sizes(), p.params(), Arrays.copyOfRange(p.real(), r * D, (r + 1) * D),
                    p.classes()[r]) / B;
        }
        return loss;
    }

    /** Layers, E, then the head W_a (k x h_L) and b_a (k). */
    static double[][] withHead(SplittableRandom rng, double[][] params, int[] sizes) {
        double[][] all = Arrays.copyOf(params, params.length + 2);
        int width = sizes[sizes.length - 2];
        all[params.length] = CriticGradientTest.gaussians(rng, K * width, 1.0 / Math.sqrt(width) * 2);
        all[params.length + 1] = CriticGradientTest.gaussians(rng, K, 0.3);
        return all;
    }

    @ParameterizedTest(name = "{0}, hidden {1}")
    @MethodSource("cases")
    void everyWeightEmbeddingAndHeadGradientOfThePenalisedCriticLossWithTheTermMatchesCentralDifferences(
            String engine, int[] hidden) {
        checkCritic(engine, hidden, true);
    }

    @ParameterizedTest(name = "{0}, hidden {1}")
    @MethodSource("cases")
    void everyWeightEmbeddingAndHeadGradientOfTheClippedCriticLossWithTheTermMatchesCentralDifferences(
            String engine, int[] hidden) {
        checkCritic(engine, hidden, false);
    }

    private void checkCritic(String engineName, int[] hidden, boolean penalised) {
        Engine engine = Engines.get(engineName);
        int[] sizes = CriticGradientTest.sizes(D, hidden, 1);
        int parts = penalised ? 3 : 2;
        SplittableRandom rng = new SplittableRandom(23);
        ProjectionGradientTest.Problem base = ProjectionGradientTest.problemAwayFromKinks(rng, sizes);
        ProjectionGradientTest.Problem p = new ProjectionGradientTest.Problem(sizes, withHead(rng, base.params(), sizes),
                base.real(), base.fake(), base.epsilon(), base.classes());
        int width = sizes[sizes.length - 2];
        int layers = sizes.length - 1;
        try (NDManager m = engine.newBaseManager()) {
            Mlp critic = CriticGradientTest.mlp(m, sizes, p.params());
            NDArray embedding = m.create(p.params()[2 * layers], new Shape(K, width));
            WganGradients.AuxHead head = new WganGradients.AuxHead(m.create(p.params()[2 * layers + 1], new Shape(K, width)),
                    m.create(p.params()[2 * layers + 2], new Shape(K)), m.create(new double[] {AUX / B}));
            double[] scale = CriticGradientTest.rowScale(B, penalised);
            double[] adversarial = CriticGradientTest.adversarialRow(B);
            double[] input = new double[2 * B * D];
            System.arraycopy(p.real(), 0, input, 0, B * D);
            System.arraycopy(p.fake(), 0, input, B * D, B * D);
            double[] mask = new double[D];
            Arrays.fill(mask, 1);
            NDArray condition = m.create(ProjectionGradientTest.oneHot(p.classes(), 2), new Shape(2L * B, K));
            WganGradients.CriticBatch batch = new WganGradients.CriticBatch(m, B, LAMBDA, DataType.FLOAT64);
            WganGradients.Result result = WganGradients.critic(critic, embedding, condition,
                    m.create(input, new Shape(2L * B, D)), m.create(p.epsilon(), new Shape(B, 1)),
                    m.create(scale, new Shape(parts * B, 1)), m.create(adversarial, new Shape(1, 2 * B)),
                    m.create(mask, new Shape(1, D)), batch, penalised ? LAMBDA : 0, true, head);
            double expected = criticLoss(p, penalised, AUX);
            assertEquals(expected, result.loss().toDoubleArray()[0], 1e-7 * Math.max(1, Math.abs(expected)), "loss");
            double worst = CriticGradientTest.compareWithDifferences(engineName, result.gradients(), p.params(),
                    params -> criticLoss(new ProjectionGradientTest.Problem(sizes, params, p.real(), p.fake(),
                            p.epsilon(), p.classes()), penalised, AUX));
            // the term matters: without it every hidden layer's weight gradient moves by more than 1%
            WganGradients.Result without = WganGradients.critic(critic, embedding, condition,
                    m.create(input, new Shape(2L * B, D)), m.create(p.epsilon(), new Shape(B, 1)),
                    m.create(scale, new Shape(parts * B, 1)), m.create(adversarial, new Shape(1, 2 * B)),
                    m.create(mask, new Shape(1, D)), batch, penalised ? LAMBDA : 0, true);
            assertEquals(result.gradients().size() - 2, without.gradients().size(), "the head's two tensors at the end");
            for (int l = 0; l < layers - 1; l++) {
                double[] a = result.gradients().get(2 * l).toDoubleArray();
                double[] b = without.gradients().get(2 * l).toDoubleArray();
                assertTrue(relativeChange(a, b) > 0.01, "layer " + l + " hardly changed: " + relativeChange(a, b));
            }
            System.out.printf("aux critic %s gradient check (%s, hidden %s): worst normalised error %.3g%n",
                    penalised ? "WGAN-GP" : "WGAN-clip", engineName, Arrays.toString(hidden), worst);
        }
    }

    static double relativeChange(double[] a, double[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.sqrt(diff / norm);
    }

    @ParameterizedTest(name = "{0}, hidden {1}")
    @MethodSource("cases")
    void everyGeneratorWeightGradientOfTheGeneratorLossWithTheTermMatchesCentralDifferences(String engineName,
                                                                                          int[] hidden) {
        checkGenerator(engineName, hidden, false);
        checkGenerator(engineName, hidden, true);
    }

    private void checkGenerator(String engineName, int[] hidden, boolean embedded) {
        Engine engine = Engines.get(engineName);
        SplittableRandom rng = new SplittableRandom(29);
        int emb = ProjectionGradientTest.EMBED;
        int[] gSizes = CriticGradientTest.sizes(LATENT + (embedded ? emb : K), hidden, D);
        int[] cSizes = CriticGradientTest.sizes(D, hidden, 1);
        int cLayers = cSizes.length - 1;
        int width = cSizes[cSizes.length - 2];
        for (int attempt = 0; attempt < 1000; attempt++) {
            double[][] gp = CriticGradientTest.randomParams(rng, gSizes);
            if (embedded) {
                gp = Arrays.copyOf(gp, gp.length + 1);
                gp[gp.length - 1] = CriticGradientTest.gaussians(rng, K * emb, 1);
            }
            double[][] cp = withHead(rng, ProjectionGradientTest.withEmbedding(rng, cSizes), cSizes);
            double[] noise = CriticGradientTest.gaussians(rng, B * LATENT, 1);
            int[] classes = new int[B];
            for (int r = 0; r < B; r++) {
                classes[r] = (r + 1) % K;
            }
            double[] input = ProjectionGradientTest.generatorInput(noise, classes, gp, embedded);
            double[] generated = CriticGradientTest.scores(gSizes, gp, input);
            if (CriticGradientTest.kinkMargin(gSizes, gp, input) < 1e-3
                    || CriticGradientTest.kinkMargin(cSizes, cp, generated) < 1e-3) {
                continue;
            }
            try (NDManager m = engine.newBaseManager()) {
                Mlp generator = CriticGradientTest.mlp(m, gSizes, gp);
                Mlp critic = CriticGradientTest.mlp(m, cSizes, cp);
                NDArray embedding = m.create(cp[2 * cLayers], new Shape(K, width));
                WganGradients.AuxHead head = new WganGradients.AuxHead(m.create(cp[2 * cLayers + 1], new Shape(K, width)),
                        m.create(cp[2 * cLayers + 2], new Shape(K)), m.create(new double[] {AUX / B}));
                NDArray oneHot = m.create(ProjectionGradientTest.oneHot(classes, 1), new Shape(B, K));
                NDArray z = m.create(ProjectionGradientTest.noiseAndClasses(noise, classes, LATENT, K),
                        new Shape(B, LATENT + K));
                if (embedded) {
                    z = WganTrainer.embedClasses(z, LATENT, m.create(gp[gp.length - 1], new Shape(K, emb)));
                }
                NDArray[][] kept = CriticGradientTest.hiddenForward(generator, z, hidden.length);
                double[] mean = new double[B];
                Arrays.fill(mean, -1.0 / B);
                List<NDArray> grads = WganGradients.generator(generator, z, kept[0], kept[1], critic, embedding, oneHot,
                        m.create(generated, new Shape(B, D)), m.create(mean, new Shape(1, B)),
                        new NDIndex().addAllDim().addSliceDim(0, D), embedded ? oneHot : null,
                        new NDIndex().addAllDim().addSliceDim(LATENT, LATENT + emb), null, head, oneHot);
                double worst = CriticGradientTest.compareWithDifferences(engineName, grads, gp,
                        params -> generatorLoss(gSizes, params, cSizes, cp, noise, classes, embedded));
                System.out.printf("aux generator (%s) gradient check (%s, hidden %s): worst %.3g%n",
                        embedded ? "embedding" : "one-hot", engineName, Arrays.toString(hidden), worst);
            }
            return;
        }
        throw new AssertionError("no generator problem away from the LeakyReLU kinks found");
    }

    /** {@code -mean f(G(z, y), y) + auxWeight mean CE(G(z, y), y)} by the plain-Java networks. */
    static double generatorLoss(int[] gSizes, double[][] gp, int[] cSizes, double[][] cp, double[] noise, int[] classes,
                                boolean embedded) {
        double loss = ProjectionGradientTest.generatorLoss(gSizes, gp, cSizes, cp, noise, classes, true, embedded);
        double[] x = CriticGradientTest.scores(gSizes, gp, ProjectionGradientTest.generatorInput(noise, classes, gp, embedded));
        for (int r = 0; r < B; r++) {
            loss += AUX * crossEntropy(cSizes, cp, Arrays.copyOfRange(x, r * D, (r + 1) * D), classes[r]) / B;
        }
        return loss;
    }
}
