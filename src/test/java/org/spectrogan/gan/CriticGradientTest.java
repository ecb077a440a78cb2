package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written gradients of {@link WganGradients} checked against central finite differences (float64) of
 * the losses computed by an independent plain-Java critic and generator, on both engines, for one, two and three
 * hidden layers: every weight and bias of the WGAN-GP critic loss (whose penalty needs the critic's input-gradient,
 * also checked against finite differences in the input), of the clipped WGAN's critic loss, and of the
 * generator's loss. Points are chosen away from LeakyReLU kinks so that the differences are valid.
 */
class CriticGradientTest {
    static final int D = 4;
    static final int K = 3;
    static final int B = 5;
    static final int LATENT = 3;
    static final double LAMBDA = 10.0;
    static final double H = 1e-6;

    static List<Arguments> cases() {
        return List.of(Arguments.of("PyTorch", new int[] {7, 6}), Arguments.of("PyTorch", new int[] {6}),
                Arguments.of("PyTorch", new int[] {5, 7, 6}), Arguments.of("MXNet", new int[] {7, 6}),
                Arguments.of("MXNet", new int[] {6}));
    }

    /** Critic parameters, real and fake rows, interpolation weights and classes of one random problem. */
    record Problem(int[] sizes, double[][] params, double[] real, double[] fake, double[] epsilon, int[] classes) {
        /** The critic input of all rows the loss sees: real, fake, interpolates (3B x (D + K)). */
        double[] input(int parts) {
            double[] all = new double[parts * B * (D + K)];
            for (int part = 0; part < parts; part++) {
                for (int r = 0; r < B; r++) {
                    for (int j = 0; j < D; j++) {
                        double x = real[r * D + j];
                        double f = fake[r * D + j];
                        all[(part * B + r) * (D + K) + j] = part == 0 ? x : part == 1 ? f : f + epsilon[r] * (x - f);
                    }
                    all[(part * B + r) * (D + K) + D + classes[r]] = 1;
                }
            }
            return all;
        }
    }

    @ParameterizedTest(name = "{0}, hidden {1}")
    @MethodSource("cases")
    void everyWeightGradientOfThePenalisedCriticLossMatchesCentralDifferences(String engineName, int[] hidden) {
        checkCritic(engineName, hidden, true);
    }

    @ParameterizedTest(name = "{0}, hidden {1}")
    @MethodSource("cases")
    void everyWeightGradientOfTheClippedCriticLossMatchesCentralDifferences(String engineName, int[] hidden) {
        checkCritic(engineName, hidden, false);
    }

    private void checkCritic(String engineName, int[] hidden, boolean penalised) {
        Engine engine = Engines.get(engineName);
        int[] sizes = sizes(D + K, hidden, 1);
        int parts = penalised ? 3 : 2;
        Problem p = problemAwayFromKinks(new SplittableRandom(7), sizes, parts);
        try (NDManager m = engine.newBaseManager()) {
            Mlp critic = mlp(m, sizes, p.params);
            double[] scale = rowScale(B, penalised);
            double[] adversarial = adversarialRow(B);
            double[] mask = new double[D + K];
            java.util.Arrays.fill(mask, 0, D, 1);
            WganGradients.Result result = WganGradients.critic(critic,
                    m.create(p.input(2), new Shape(2L * B, D + K)), m.create(p.epsilon, new Shape(B, 1)),
                    m.create(scale, new Shape(parts * B, 1)),
                    m.create(adversarial, new Shape(1, 2 * B)), m.create(mask, new Shape(1, D + K)),
                    new WganGradients.CriticBatch(m, B, LAMBDA, ai.djl.ndarray.types.DataType.FLOAT64), penalised ? LAMBDA : 0,
                    true);
            double expectedLoss = criticLoss(p, penalised);
            assertEquals(expectedLoss, result.loss().toDoubleArray()[0], 1e-7 * Math.max(1, Math.abs(expectedLoss)),
                    "loss value");
            double worst = compareWithDifferences(engineName, result.gradients(), p.params,
                    params -> criticLoss(new Problem(sizes, params, p.real, p.fake, p.epsilon, p.classes), penalised));
            System.out.printf("critic %s gradient check (%s, hidden %s, float64): worst normalised error %.3g%n",
                    penalised ? "WGAN-GP" : "WGAN-clip", engineName, java.util.Arrays.toString(hidden), worst);
        }
    }

    @ParameterizedTest(name = "{0}, hidden {1}")
    @MethodSource("cases")
    void everyWeightGradientOfTheGeneratorLossMatchesCentralDifferences(String engineName, int[] hidden) {
        Engine engine = Engines.get(engineName);
        SplittableRandom rng = new SplittableRandom(13);
        int[] gSizes = sizes(LATENT + K, hidden, D);
        int[] cSizes = sizes(D + K, hidden, 1);
        for (int attempt = 0; attempt < 1000; attempt++) {
            double[][] gp = randomParams(rng, gSizes);
            double[][] cp = randomParams(rng, cSizes);
            double[] noise = new double[B * (LATENT + K)];
            for (int r = 0; r < B; r++) {
                for (int j = 0; j < LATENT; j++) {
                    noise[r * (LATENT + K) + j] = rng.nextGaussian();
                }
                noise[r * (LATENT + K) + LATENT + r % K] = 1;
            }
            double[] criticInput = criticInputOfGenerated(gSizes, gp, noise);
            if (kinkMargin(gSizes, gp, noise) < 1e-3 || kinkMargin(cSizes, cp, criticInput) < 1e-3) {
                continue;
            }
            try (NDManager m = engine.newBaseManager()) {
                Mlp generator = mlp(m, gSizes, gp);
                Mlp critic = mlp(m, cSizes, cp);
                NDArray z = m.create(noise, new Shape(B, LATENT + K));
                NDArray[][] kept = hiddenForward(generator, z, hidden.length);
                NDArray[] activations = kept[0];
                NDArray[] masks = kept[1];
                double[] mean = new double[B];
                java.util.Arrays.fill(mean, -1.0 / B);
                List<NDArray> grads = WganGradients.generator(generator, z, activations, masks, critic,
                        m.create(criticInput, new Shape(B, D + K)), m.create(mean, new Shape(1, B)),
                        new NDIndex().addAllDim().addSliceDim(0, D));
                double worst = compareWithDifferences(engineName, grads, gp,
                        params -> -mean(scores(cSizes, cp, criticInputOfGenerated(gSizes, params, noise))));
                System.out.printf("generator gradient check (%s, hidden %s, float64): worst normalised error %.3g%n",
                        engineName, java.util.Arrays.toString(hidden), worst);
            }
            return;
        }
        throw new AssertionError("no generator problem away from the LeakyReLU kinks found");
    }

    static List<int[]> hiddenShapes() {
        return List.of(new int[] {6}, new int[] {7, 6}, new int[] {5, 7, 6});
    }

    @ParameterizedTest
    @MethodSource("hiddenShapes")
    void referenceInputGradientMatchesCentralDifferencesOfTheCritic(int[] hidden) {
        // The plain-Java input-gradient the penalty reference uses is itself checked against differences in u.
        int[] sizes = sizes(D + K, hidden, 1);
        Problem p = problemAwayFromKinks(new SplittableRandom(11), sizes, 1);
        double[] u = p.input(1);
        int width = D + K;
        double worst = 0;
        for (int r = 0; r < B; r++) {
            double[] row = java.util.Arrays.copyOfRange(u, r * width, (r + 1) * width);
            double[] explicit = inputGradient(sizes, p.params, row);
            double[] fd = new double[width];
            for (int i = 0; i < width; i++) {
                double keep = row[i];
                row[i] = keep + H;
                double plus = scores(sizes, p.params, row)[0];
                row[i] = keep - H;
                double minus = scores(sizes, p.params, row)[0];
                row[i] = keep;
                fd[i] = (plus - minus) / (2 * H);
            }
            worst = Math.max(worst, normalisedError(explicit, fd));
        }
        assertTrue(worst < 1e-7, "input-gradient normalised error " + worst);
    }

    /** Asserts every tensor of {@code gradients} against central differences of {@code loss}; the worst error. */
    static double compareWithDifferences(String engineName, List<NDArray> gradients, double[][] params,
                                                 ToDoubleFunction<double[][]> loss) {
        assertEquals(params.length, gradients.size());
        double worst = 0;
        for (int t = 0; t < params.length; t++) {
            double[] analytic = gradients.get(t).toDoubleArray();
            assertEquals(params[t].length, analytic.length, "tensor " + t + " size");
            double[] fd = new double[params[t].length];
            for (int i = 0; i < fd.length; i++) {
                double keep = params[t][i];
                params[t][i] = keep + H;
                double plus = loss.applyAsDouble(params);
                params[t][i] = keep - H;
                double minus = loss.applyAsDouble(params);
                params[t][i] = keep;
                fd[i] = (plus - minus) / (2 * H);
            }
            double err = normalisedError(analytic, fd);
            worst = Math.max(worst, err);
            assertTrue(err < 1e-6, engineName + ": parameter tensor " + t + " normalised error " + err);
        }
        return worst;
    }

    static double normalisedError(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        if (na == 0 || nb < 1e-18) {
            // e.g. the critic's output bias: the loss does not depend on it (the means cancel); both must vanish
            double max = 0;
            for (int i = 0; i < a.length; i++) {
                max = Math.max(max, Math.max(Math.abs(a[i]), Math.abs(b[i])));
            }
            assertTrue(max < 1e-8, "a gradient expected to vanish is up to " + max);
            return 0;
        }
        return Math.sqrt(diff) / (Math.sqrt(na) + Math.sqrt(nb));
    }

    // ---- the independent plain-Java reference ----

    /** {@code mean f(fake) - mean f(real) [+ lambda mean (||grad_x f(x_hat)|| - 1)^2]}. */
    static double criticLoss(Problem p, boolean penalised) {
        double[] u = p.input(3);
        double[] f = scores(p.sizes, p.params, u);
        double loss = 0;
        for (int r = 0; r < B; r++) {
            loss += (f[B + r] - f[r]) / B;
        }
        if (!penalised) {
            return loss;
        }
        int width = D + K;
        double penalty = 0;
        for (int r = 0; r < B; r++) {
            double[] g = inputGradient(p.sizes, p.params, java.util.Arrays.copyOfRange(u, (2 * B + r) * width, (2 * B + r + 1) * width));
            double norm = 0;
            for (int j = 0; j < D; j++) {
                norm += g[j] * g[j];
            }
            penalty += Math.pow(Math.sqrt(norm) - 1, 2) / B;
        }
        return loss + LAMBDA * penalty;
    }

    /** The gradient of the (single-output) network at one input row, by plain backpropagation. */
    static double[] inputGradient(int[] sizes, double[][] params, double[] row) {
        int layers = sizes.length - 1;
        double[][] pre = new double[layers][];
        double[] h = row;
        for (int l = 0; l < layers; l++) {
            pre[l] = preActivation(sizes, params, l, h);
            h = l < layers - 1 ? leaky(pre[l]) : pre[l];
        }
        double[] delta = {1.0};
        for (int l = layers - 1; l >= 0; l--) {
            double[] below = new double[sizes[l]];
            for (int j = 0; j < sizes[l + 1]; j++) {
                for (int i = 0; i < sizes[l]; i++) {
                    below[i] += params[2 * l][j * sizes[l] + i] * delta[j];
                }
            }
            if (l > 0) {
                for (int i = 0; i < below.length; i++) {
                    below[i] *= pre[l - 1][i] > 0 ? 1 : Mlp.LEAKY_SLOPE;
                }
            }
            delta = below;
        }
        return delta;
    }

    /** Outputs of the network for each row of {@code u}, flattened row-major. */
    static double[] scores(int[] sizes, double[][] params, double[] u) {
        int in = sizes[0];
        int out = sizes[sizes.length - 1];
        int rows = u.length / in;
        double[] result = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            double[] h = java.util.Arrays.copyOfRange(u, r * in, (r + 1) * in);
            for (int l = 0; l < sizes.length - 1; l++) {
                double[] z = preActivation(sizes, params, l, h);
                h = l < sizes.length - 2 ? leaky(z) : z;
            }
            System.arraycopy(h, 0, result, r * out, out);
        }
        return result;
    }

    /** The generator's rows joined with their classes (the class is the one-hot tail of each noise row). */
    static double[] criticInputOfGenerated(int[] gSizes, double[][] gp, double[] noise) {
        double[] x = scores(gSizes, gp, noise);
        double[] u = new double[B * (D + K)];
        for (int r = 0; r < B; r++) {
            System.arraycopy(x, r * D, u, r * (D + K), D);
            System.arraycopy(noise, r * (LATENT + K) + LATENT, u, r * (D + K) + D, K);
        }
        return u;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double[] leaky(double[] z) {
        double[] a = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            a[j] = z[j] < 0 ? Mlp.LEAKY_SLOPE * z[j] : z[j];
        }
        return a;
    }

    static double[] preActivation(int[] sizes, double[][] params, int l, double[] h) {
        double[] z = new double[sizes[l + 1]];
        for (int j = 0; j < z.length; j++) {
            double s = params[2 * l + 1][j];
            for (int i = 0; i < sizes[l]; i++) {
                s += params[2 * l][j * sizes[l] + i] * h[i];
            }
            z[j] = s;
        }
        return z;
    }

    /** Smallest |pre-activation| over all hidden units of all rows of {@code u}. */
    static double kinkMargin(int[] sizes, double[][] params, double[] u) {
        int in = sizes[0];
        double margin = Double.MAX_VALUE;
        for (int r = 0; r < u.length / in; r++) {
            double[] h = java.util.Arrays.copyOfRange(u, r * in, (r + 1) * in);
            for (int l = 0; l < sizes.length - 2; l++) {
                double[] z = preActivation(sizes, params, l, h);
                for (double v : z) {
                    margin = Math.min(margin, Math.abs(v));
                }
                h = leaky(z);
            }
        }
        return margin;
    }

    static Problem problemAwayFromKinks(SplittableRandom rng, int[] sizes, int parts) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            double[][] params = randomParams(rng, sizes);
            double[] real = gaussians(rng, B * D, 1);
            double[] fake = gaussians(rng, B * D, 1);
            double[] eps = new double[B];
            int[] classes = new int[B];
            for (int r = 0; r < B; r++) {
                eps[r] = rng.nextDouble();
                classes[r] = r % K;
            }
            Problem p = new Problem(sizes, params, real, fake, eps, classes);
            if (kinkMargin(sizes, params, p.input(3)) > 1e-3) {
                return p;
            }
        }
        throw new AssertionError("no problem away from the LeakyReLU kinks found");
    }

    static double[][] randomParams(SplittableRandom rng, int[] sizes) {
        double[][] params = new double[2 * (sizes.length - 1)][];
        for (int l = 0; l < sizes.length - 1; l++) {
            params[2 * l] = gaussians(rng, sizes[l + 1] * sizes[l], 1.0 / Math.sqrt(sizes[l]));
            params[2 * l + 1] = gaussians(rng, sizes[l + 1], 0.3);
        }
        return params;
    }

    static int[] sizes(int in, int[] hidden, int out) {
        int[] s = new int[hidden.length + 2];
        s[0] = in;
        System.arraycopy(hidden, 0, s, 1, hidden.length);
        s[s.length - 1] = out;
        return s;
    }

    static Mlp mlp(NDManager m, int[] sizes, double[][] params) {
        NDArray[] w = new NDArray[sizes.length - 1];
        NDArray[] b = new NDArray[sizes.length - 1];
        for (int l = 0; l < w.length; l++) {
            w[l] = m.create(params[2 * l], new Shape(sizes[l + 1], sizes[l]));
            b[l] = m.create(params[2 * l + 1], new Shape(sizes[l + 1]));
        }
        return Mlp.of(sizes, w, b);
    }

    /** The critic's row scales: -1/B for the B real rows, +1/B for the B fake rows, then 1 for B interpolates when penalised. */
    static double[] rowScale(int batch, boolean penalised) {
        double[] scale = new double[(penalised ? 3 : 2) * batch];
        double[] adversarial = adversarialRow(batch);
        System.arraycopy(adversarial, 0, scale, 0, 2 * batch);
        if (penalised) {
            java.util.Arrays.fill(scale, 2 * batch, 3 * batch, 1);
        }
        return scale;
    }

    /** The adversarial row: -1/B for the B real rows, +1/B for the B fake rows. */
    static double[] adversarialRow(int batch) {
        double[] adversarial = new double[2 * batch];
        java.util.Arrays.fill(adversarial, 0, batch, -1.0 / batch);
        java.util.Arrays.fill(adversarial, batch, 2 * batch, 1.0 / batch);
        return adversarial;
    }

    static double[] gaussians(SplittableRandom rng, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian() * scale;
        }
        return v;
    }

    /**
     * The generator's hidden layers on {@code z}, keeping what {@link WganGradients#generator} takes: each layer's
     * LeakyReLU output ({@code [0]}) and LeakyReLU derivative mask ({@code [1]}).
     */
    static NDArray[][] hiddenForward(Mlp generator, NDArray z, int hiddenLayers) {
        NDArray[] activations = new NDArray[hiddenLayers];
        NDArray[] masks = new NDArray[hiddenLayers];
        NDArray h = z;
        for (int l = 0; l < hiddenLayers; l++) {
            NDArray pre = Mlp.linear(h, generator.weights[l], generator.biases[l]);
            masks[l] = Mlp.leakyReluDerivative(pre);
            h = Mlp.leakyRelu(pre);
            activations[l] = h;
        }
        return new NDArray[][] {activations, masks};
    }
}
