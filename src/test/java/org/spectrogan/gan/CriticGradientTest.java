package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The explicit input-gradient and the full WGAN-GP critic loss checked against central finite differences in
 * float64, on both engines: every weight and bias of a small critic (two hidden layers), away from LeakyReLU kinks.
 */
class CriticGradientTest {
    private static final int D = 4;
    private static final int K = 3;
    private static final int B = 5;
    private static final int[] SIZES = {D + K, 7, 6, 1};
    private static final double LAMBDA = 10.0;

    /** One random problem: critic weights (w0,b0,w1,b1,w2,b2 flattened), real, fake, epsilon, classes. */
    private record Problem(double[][] params, double[] real, double[] fake, double[] epsilon, int[] classes) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void everyWeightGradientOfTheFullCriticLossMatchesCentralDifferences(String engineName) {
        Engine engine = Engines.get(engineName);
        Problem p = problemAwayFromKinks(new SplittableRandom(7));
        try (NDManager manager = engine.newBaseManager()) {
            double[][] autograd = new double[p.params.length][];
            try (NDManager m = manager.newSubManager()) {
                Mlp critic = critic(m, p.params);
                critic.attachGradients();
                NDArray[] masks = masks(m, critic, p);
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDList out = loss(m, critic, p, masks);
                    gc.backward(out.get(0));
                }
                List<NDArray> params = critic.parameters();
                for (int i = 0; i < params.size(); i++) {
                    autograd[i] = params.get(i).getGradient().toDoubleArray();
                }
            }
            double h = 1e-6;
            double worst = 0;
            for (int t = 0; t < p.params.length; t++) {
                double[] fd = new double[p.params[t].length];
                for (int i = 0; i < fd.length; i++) {
                    double keep = p.params[t][i];
                    p.params[t][i] = keep + h;
                    double plus = lossValue(manager, p);
                    p.params[t][i] = keep - h;
                    double minus = lossValue(manager, p);
                    p.params[t][i] = keep;
                    fd[i] = (plus - minus) / (2 * h);
                }
                double err = normalisedError(autograd[t], fd);
                worst = Math.max(worst, err);
                assertTrue(err < 1e-6, engineName + ": parameter tensor " + t + " normalised error " + err);
            }
            System.out.printf("critic loss gradient check (%s, float64): worst normalised error %.3g%n", engineName, worst);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void explicitInputGradientMatchesCentralDifferencesOfTheCritic(String engineName) {
        Engine engine = Engines.get(engineName);
        Problem p = problemAwayFromKinks(new SplittableRandom(11));
        try (NDManager m = engine.newBaseManager()) {
            Mlp critic = critic(m, p.params);
            double[] u = new double[B * (D + K)];
            for (int r = 0; r < B; r++) {
                for (int j = 0; j < D; j++) {
                    u[r * (D + K) + j] = p.real[r * D + j];
                }
                u[r * (D + K) + D + p.classes[r]] = 1;
            }
            NDArray input = m.create(u, new Shape(B, D + K));
            NDArray[] pre = new NDArray[critic.layers() - 1];
            critic.forward(input, pre);
            NDArray[] masks = new NDArray[pre.length];
            for (int l = 0; l < pre.length; l++) {
                masks[l] = CriticLoss.leakyReluDerivative(pre[l]);
            }
            double[] explicit = CriticLoss.inputGradient(critic, masks).toDoubleArray();
            double h = 1e-6;
            double[] fd = new double[u.length];
            for (int i = 0; i < u.length; i++) {
                double[] plus = reference(p.params, u);
                double keep = u[i];
                u[i] = keep + h;
                plus = reference(p.params, u);
                u[i] = keep - h;
                double[] minus = reference(p.params, u);
                u[i] = keep;
                fd[i] = (plus[i / (D + K)] - minus[i / (D + K)]) / (2 * h);
            }
            double err = normalisedError(explicit, fd);
            assertTrue(err < 1e-7, engineName + ": input-gradient normalised error " + err);
        }
    }

    private static double normalisedError(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        if (na == 0) {
            // the output bias: the loss does not depend on it (the means cancel); the differences must agree
            double maxFd = 0;
            for (double v : b) {
                maxFd = Math.max(maxFd, Math.abs(v));
            }
            assertTrue(maxFd < 1e-8, "autograd gradient is zero but finite differences are up to " + maxFd);
            return 0;
        }
        return Math.sqrt(diff) / (Math.sqrt(na) + Math.sqrt(nb));
    }

    private static double lossValue(NDManager manager, Problem p) {
        try (NDManager m = manager.newSubManager()) {
            Mlp critic = critic(m, p.params);
            return loss(m, critic, p, masks(m, critic, p)).get(0).toDoubleArray()[0];
        }
    }

    private static double[] condition(Problem p, int parts) {
        double[] cond = new double[parts * B * K];
        for (int part = 0; part < parts; part++) {
            for (int r = 0; r < B; r++) {
                cond[(part * B + r) * K + p.classes[r]] = 1;
            }
        }
        return cond;
    }

    /** The interpolates' masks, computed outside any gradient scope as in training. */
    private static NDArray[] masks(NDManager m, Mlp critic, Problem p) {
        return CriticLoss.interpolateMasks(critic, m.create(p.real, new Shape(B, D)), m.create(p.fake, new Shape(B, D)),
                m.create(p.epsilon, new Shape(B, 1)), m.create(condition(p, 1), new Shape(B, K)));
    }

    private static NDList loss(NDManager m, Mlp critic, Problem p, NDArray[] masks) {
        double[] weights = new double[2 * B];
        for (int r = 0; r < B; r++) {
            weights[r] = -1.0 / B;
            weights[B + r] = 1.0 / B;
        }
        return CriticLoss.gradientPenalty(critic, new CriticLoss.Layout(B, D),
                m.create(p.real, new Shape(B, D)), m.create(p.fake, new Shape(B, D)),
                m.create(condition(p, 2), new Shape(2 * B, K)), m.create(weights, new Shape(1, 2 * B)), masks, LAMBDA);
    }

    private static Mlp critic(NDManager m, double[][] params) {
        NDArray[] w = new NDArray[SIZES.length - 1];
        NDArray[] b = new NDArray[SIZES.length - 1];
        for (int l = 0; l < w.length; l++) {
            w[l] = m.create(params[2 * l], new Shape(SIZES[l + 1], SIZES[l]));
            b[l] = m.create(params[2 * l + 1], new Shape(SIZES[l + 1]));
        }
        return Mlp.of(SIZES, w, b);
    }

    /** An independent plain-Java critic: scores of each row of {@code u} (rows x (D+K)). */
    private static double[] reference(double[][] params, double[] u) {
        int rows = u.length / SIZES[0];
        double[] scores = new double[rows];
        for (int r = 0; r < rows; r++) {
            double[] h = new double[SIZES[0]];
            System.arraycopy(u, r * SIZES[0], h, 0, SIZES[0]);
            for (int l = 0; l < SIZES.length - 1; l++) {
                double[] z = preActivation(params, l, h);
                h = new double[z.length];
                for (int j = 0; j < z.length; j++) {
                    h[j] = l < SIZES.length - 2 && z[j] < 0 ? Mlp.LEAKY_SLOPE * z[j] : z[j];
                }
            }
            scores[r] = h[0];
        }
        return scores;
    }

    private static double[] preActivation(double[][] params, int l, double[] h) {
        double[] z = new double[SIZES[l + 1]];
        for (int j = 0; j < z.length; j++) {
            double s = params[2 * l + 1][j];
            for (int i = 0; i < SIZES[l]; i++) {
                s += params[2 * l][j * SIZES[l] + i] * h[i];
            }
            z[j] = s;
        }
        return z;
    }

    /** Smallest |pre-activation| over all hidden units of all rows the loss evaluates. */
    private static double kinkMargin(double[][] params, double[] rowsU) {
        int rows = rowsU.length / SIZES[0];
        double margin = Double.MAX_VALUE;
        for (int r = 0; r < rows; r++) {
            double[] h = new double[SIZES[0]];
            System.arraycopy(rowsU, r * SIZES[0], h, 0, SIZES[0]);
            for (int l = 0; l < SIZES.length - 2; l++) {
                double[] z = preActivation(params, l, h);
                h = new double[z.length];
                for (int j = 0; j < z.length; j++) {
                    margin = Math.min(margin, Math.abs(z[j]));
                    h[j] = z[j] < 0 ? Mlp.LEAKY_SLOPE * z[j] : z[j];
                }
            }
        }
        return margin;
    }

    private static Problem problemAwayFromKinks(SplittableRandom rng) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            double[][] params = new double[2 * (SIZES.length - 1)][];
            for (int l = 0; l < SIZES.length - 1; l++) {
                params[2 * l] = gaussians(rng, SIZES[l + 1] * SIZES[l], 1.0 / Math.sqrt(SIZES[l]));
                params[2 * l + 1] = gaussians(rng, SIZES[l + 1], 0.3);
            }
            double[] real = gaussians(rng, B * D, 1);
            double[] fake = gaussians(rng, B * D, 1);
            double[] eps = new double[B];
            int[] classes = new int[B];
            for (int r = 0; r < B; r++) {
                eps[r] = rng.nextDouble();
                classes[r] = r % K;
            }
            double[] all = new double[3 * B * (D + K)];
            for (int part = 0; part < 3; part++) {
                for (int r = 0; r < B; r++) {
                    for (int j = 0; j < D; j++) {
                        double x = real[r * D + j];
                        double f = fake[r * D + j];
                        double v = part == 0 ? x : part == 1 ? f : f + eps[r] * (x - f);
                        all[(part * B + r) * (D + K) + j] = v;
                    }
                    all[(part * B + r) * (D + K) + D + classes[r]] = 1;
                }
            }
            if (kinkMargin(params, all) > 1e-3) {
                return new Problem(params, real, fake, eps, classes);
            }
        }
        throw new AssertionError("no problem away from the LeakyReLU kinks found");
    }

    private static double[] gaussians(SplittableRandom rng, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian() * scale;
        }
        return v;
    }
}
