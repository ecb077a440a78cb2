package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The projection critic's hand-written gradients ({@link WganGradients}, {@code f(x, y) = (w + E[y]) . h_L(x) + b})
 * against central differences (float64) of losses computed by an independent plain-Java critic, on both engines,
 * for one, two and three hidden layers: every weight, bias and class-embedding entry of the WGAN-GP critic loss
 * (whose penalty depends on E through the input-gradient), of the clipped critic loss, and every generator
 * weight of the generator loss against a projection critic; and every weight and class-embedding entry of a
 * generator whose input is {@code [noise, E_g[y]]}, against a projection and a concat critic.
 */
class ProjectionGradientTest {

    static List<org.junit.jupiter.params.provider.Arguments> cases() {
        return CriticGradientTest.cases();
    }

    /** Critic layers then E (k x h_L) as the last tensor, real and fake rows, interpolation weights, classes. */
    record Problem(int[] sizes, double[][] params, double[] real, double[] fake, double[] epsilon, int[] classes) {
        double[] interpolates() {
            double[] u = new double[B * D];
            for (int r = 0; r < B; r++) {
                for (int j = 0; j < D; j++) {
                    double x = real[r * D + j];
                    double f = fake[r * D + j];
                    u[r * D + j] = f + epsilon[r] * (x - f);
                }
            }
            return u;
        }
    }

    /** The critic's layers with the output weights replaced by {@code w + E[cls]}: the class's own network. */
    static double[][] classNetwork(int[] sizes, double[][] params, int cls) {
        int layers = sizes.length - 1;
        double[][] p = Arrays.copyOf(params, 2 * layers);
        int width = sizes[layers - 1];
        double[] out = params[2 * (layers - 1)].clone();
        for (int j = 0; j < width; j++) {
            out[j] += params[2 * layers][cls * width + j];
        }
        p[2 * (layers - 1)] = out;
        return p;
    }

    static double score(int[] sizes, double[][] params, double[] row, int cls) {
        return CriticGradientTest.scores(sizes, classNetwork(sizes, params, cls), row)[0];
    }

    static double criticLoss(Problem p, boolean penalised) {
        double loss = 0;
        double[] u = p.interpolates();
        for (int r = 0; r < B; r++) {
            double[] x = Arrays.copyOfRange(p.real, r * D, (r + 1) * D);
            double[] f = Arrays.copyOfRange(p.fake, r * D, (r + 1) * D);
            loss += (score(p.sizes, p.params, f, p.classes[r]) - score(p.sizes, p.params, x, p.classes[r])) / B;
            if (penalised) {
                double[] g = CriticGradientTest.inputGradient(p.sizes, classNetwork(p.sizes, p.params, p.classes[r]),
                        Arrays.copyOfRange(u, r * D, (r + 1) * D));
                double norm = 0;
                for (double v : g) {
                    norm += v * v;
                }
                loss += LAMBDA * Math.pow(Math.sqrt(norm) - 1, 2) / B;
            }
        }
        return loss;
    }

    static double[][] withEmbedding(SplittableRandom rng, int[] sizes) {
        double[][] layers = CriticGradientTest.randomParams(rng, sizes);
        double[][] all = Arrays.copyOf(layers, layers.length + 1);
        all[layers.length] = CriticGradientTest.gaussians(rng, K * sizes[sizes.length - 2], 0.5);
        return all;
    }

    static Problem problemAwayFromKinks(SplittableRandom rng, int[] sizes) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            double[][] params = withEmbedding(rng, sizes);
            double[] real = CriticGradientTest.gaussians(rng, B * D, 1);
            double[] fake = CriticGradientTest.gaussians(rng, B * D, 1);
            double[] eps = new double[B];
            int[] classes = new int[B];
            for (int r = 0; r < B; r++) {
                eps[r] = rng.nextDouble();
                classes[r] = r % K;
            }
            Problem p = new Problem(sizes, params, real, fake, eps, classes);
            double[] all = new double[3 * B * D];
            System.arraycopy(real, 0, all, 0, B * D);
            System.arraycopy(fake, 0, all, B * D, B * D);
            System.arraycopy(p.interpolates(), 0, all, 2 * B * D, B * D);
            if (CriticGradientTest.kinkMargin(sizes, params, all) > 1e-3) {
                return p;
            }
        }
        throw new AssertionError("no problem away from the LeakyReLU kinks found");
    }

    /** The generator's input rows [noise (latent values), one-hot class (k values)], one per entry of classes. */
    static double[] noiseAndClasses(double[] noise, int[] classes, int latent, int k) {
        double[] out = new double[classes.length * (latent + k)];
        for (int r = 0; r < classes.length; r++) {
            System.arraycopy(noise, r * latent, out, r * (latent + k), latent);
            out[r * (latent + k) + latent + classes[r]] = 1;
        }
        return out;
    }

    static double[] oneHot(int[] classes, int repeats) {
        double[] c = new double[repeats * classes.length * K];
        for (int part = 0; part < repeats; part++) {
            for (int r = 0; r < classes.length; r++) {
                c[(part * classes.length + r) * K + classes[r]] = 1;
            }
        }
        return c;
    }

    @ParameterizedTest(name = "{0}, hidden {1}")
    @MethodSource("cases")
    void everyWeightAndEmbeddingGradientOfThePenalisedProjectionCriticMatchesCentralDifferences(String engine,
                                                                                               int[] hidden) {
        checkCritic(engine, hidden, true);
    }

    @ParameterizedTest(name = "{0}, hidden {1}")
    @MethodSource("cases")
    void everyWeightAndEmbeddingGradientOfTheClippedProjectionCriticMatchesCentralDifferences(String engine,
                                                                                             int[] hidden) {
        checkCritic(engine, hidden, false);
    }

    private void checkCritic(String engineName, int[] hidden, boolean penalised) {
        Engine engine = Engines.get(engineName);
        int[] sizes = CriticGradientTest.sizes(D, hidden, 1);
        int parts = penalised ? 3 : 2;
        Problem p = problemAwayFromKinks(new SplittableRandom(17), sizes);
        try (NDManager m = engine.newBaseManager()) {
            Mlp critic = CriticGradientTest.mlp(m, sizes, p.params);
            NDArray embedding = m.create(p.params[p.params.length - 1], new Shape(K, sizes[sizes.length - 2]));
            double[] scale = CriticGradientTest.rowScale(B, penalised);
            double[] adversarial = CriticGradientTest.adversarialRow(B);
            double[] input = new double[2 * B * D];
            System.arraycopy(p.real, 0, input, 0, B * D);
            System.arraycopy(p.fake, 0, input, B * D, B * D);
            double[] mask = new double[D];
            Arrays.fill(mask, 1);
            WganGradients.Result result = WganGradients.critic(critic, embedding,
                    m.create(oneHot(p.classes, 2), new Shape(2L * B, K)), m.create(input, new Shape(2L * B, D)),
                    m.create(p.epsilon, new Shape(B, 1)), m.create(scale, new Shape(parts * B, 1)),
                    m.create(adversarial, new Shape(1, 2 * B)), m.create(mask, new Shape(1, D)),
                    new WganGradients.CriticBatch(m, B, LAMBDA, DataType.FLOAT64), penalised ? LAMBDA : 0, true);
            double expected = criticLoss(p, penalised);
            assertEquals(expected, result.loss().toDoubleArray()[0], 1e-7 * Math.max(1, Math.abs(expected)), "loss");
            double worst = CriticGradientTest.compareWithDifferences(engineName, result.gradients(), p.params,
                    params -> criticLoss(new Problem(sizes, params, p.real, p.fake, p.epsilon, p.classes), penalised));
            System.out.printf("projection critic %s gradient check (%s, hidden %s): worst normalised error %.3g%n",
                    penalised ? "WGAN-GP" : "WGAN-clip", engineName, Arrays.toString(hidden), worst);
        }
    }

    @ParameterizedTest(name = "{0}, hidden {1}")
    @MethodSource("cases")
    void everyGeneratorWeightGradientAgainstAProjectionCriticMatchesCentralDifferences(String engineName,
                                                                                      int[] hidden) {
        checkGenerator(engineName, hidden, true, false);
    }

    @ParameterizedTest(name = "{0}, hidden {1}")
    @MethodSource("cases")
    void everyWeightAndClassEmbeddingGradientOfAnEmbeddingGeneratorMatchesCentralDifferences(String engineName,
                                                                                            int[] hidden) {
        checkGenerator(engineName, hidden, true, true);
        checkGenerator(engineName, hidden, false, true);
    }

    static final int EMBED = 2;

    /** The generator's input: noise then one-hot class, or noise then E_g[class] (E_g the last tensor of gp). */
    static double[] generatorInput(double[] noise, int[] classes, double[][] gp, boolean embedded) {
        int width = LATENT + (embedded ? EMBED : K);
        double[] u = new double[B * width];
        for (int r = 0; r < B; r++) {
            System.arraycopy(noise, r * LATENT, u, r * width, LATENT);
            for (int j = 0; j < width - LATENT; j++) {
                u[r * width + LATENT + j] = embedded ? gp[gp.length - 1][classes[r] * EMBED + j] : (j == classes[r] ? 1 : 0);
            }
        }
        return u;
    }

    /** -mean f(G(z, y), y) by the plain-Java networks; the critic scores with or without projection. */
    static double generatorLoss(int[] gSizes, double[][] gp, int[] cSizes, double[][] cp, double[] noise,
                                int[] classes, boolean projection, boolean embedded) {
        double[] x = CriticGradientTest.scores(gSizes, gp, generatorInput(noise, classes, gp, embedded));
        double loss = 0;
        for (int r = 0; r < B; r++) {
            double[] row = Arrays.copyOfRange(x, r * D, (r + 1) * D);
            if (projection) {
                loss -= score(cSizes, cp, row, classes[r]) / B;
            } else {
                double[] joined = Arrays.copyOf(row, D + K);
                joined[D + classes[r]] = 1;
                loss -= CriticGradientTest.scores(cSizes, cp, joined)[0] / B;
            }
        }
        return loss;
    }

    private void checkGenerator(String engineName, int[] hidden, boolean projection, boolean embedded) {
        Engine engine = Engines.get(engineName);
        SplittableRandom rng = new SplittableRandom(19);
        int[] gSizes = CriticGradientTest.sizes(LATENT + (embedded ? EMBED : K), hidden, D);
        int[] cSizes = CriticGradientTest.sizes(projection ? D : D + K, hidden, 1);
        for (int attempt = 0; attempt < 1000; attempt++) {
            double[][] gp = CriticGradientTest.randomParams(rng, gSizes);
            if (embedded) {
                gp = Arrays.copyOf(gp, gp.length + 1);
                gp[gp.length - 1] = CriticGradientTest.gaussians(rng, K * EMBED, 1);
            }
            double[][] cp = projection ? withEmbedding(rng, cSizes) : CriticGradientTest.randomParams(rng, cSizes);
            double[] noise = CriticGradientTest.gaussians(rng, B * LATENT, 1);
            int[] classes = new int[B];
            for (int r = 0; r < B; r++) {
                classes[r] = (r + 1) % K;
            }
            double[] input = generatorInput(noise, classes, gp, embedded);
            double[] generated = CriticGradientTest.scores(gSizes, gp, input);
            double[] criticInput = generated;
            if (!projection) {
                criticInput = new double[B * (D + K)];
                for (int r = 0; r < B; r++) {
                    System.arraycopy(generated, r * D, criticInput, r * (D + K), D);
                    criticInput[r * (D + K) + D + classes[r]] = 1;
                }
            }
            if (CriticGradientTest.kinkMargin(gSizes, gp, input) < 1e-3
                    || CriticGradientTest.kinkMargin(cSizes, cp, criticInput) < 1e-3) {
                continue;
            }
            try (NDManager m = engine.newBaseManager()) {
                Mlp generator = CriticGradientTest.mlp(m, gSizes, gp);
                Mlp critic = CriticGradientTest.mlp(m, cSizes, cp);
                NDArray embedding = projection
                        ? m.create(cp[cp.length - 1], new Shape(K, cSizes[cSizes.length - 2])) : null;
                NDArray oneHot = m.create(oneHot(classes, 1), new Shape(B, K));
                // the trainer's route to the generator input: [noise, one-hot] then the embedding of the classes
                NDArray z = m.create(noiseAndClasses(noise, classes, LATENT, K), new Shape(B, LATENT + K));
                if (embedded) {
                    z = WganTrainer.embedClasses(z, LATENT, m.create(gp[gp.length - 1], new Shape(K, EMBED)));
                }
                NDArray[][] kept = CriticGradientTest.hiddenForward(generator, z, hidden.length);
                NDArray[] activations = kept[0];
                NDArray[] masks = kept[1];
                double[] mean = new double[B];
                Arrays.fill(mean, -1.0 / B);
                List<NDArray> grads = WganGradients.generator(generator, z, activations, masks, critic, embedding,
                        projection ? oneHot : null, m.create(criticInput, new Shape(B, projection ? D : D + K)),
                        m.create(mean, new Shape(1, B)), new NDIndex().addAllDim().addSliceDim(0, D),
                        embedded ? oneHot : null, new NDIndex().addAllDim().addSliceDim(LATENT, LATENT + EMBED));
                double worst = CriticGradientTest.compareWithDifferences(engineName, grads, gp,
                        params -> generatorLoss(gSizes, params, cSizes, cp, noise, classes, projection, embedded));
                System.out.printf("generator (%s, %s critic) gradient check (%s, hidden %s): worst %.3g%n",
                        embedded ? "embedding" : "one-hot", projection ? "projection" : "concat", engineName,
                        Arrays.toString(hidden), worst);
            }
            return;
        }
        throw new AssertionError("no generator problem away from the LeakyReLU kinks found");
    }
}
