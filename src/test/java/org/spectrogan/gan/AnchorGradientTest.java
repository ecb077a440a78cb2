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
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CriticGradientTest} for the anchored generators ({@link GanConfig.Anchor#GAUSSIAN}, {@code SMOTE},
 * {@code MIXUP}): a fake row is {@code G(z, y) + b} (the Gaussian's {@code b = mu_y + L_y e}, or a SMOTE / mixup
 * point between real rows of the class) with the shift drawn by {@link RowAnchor#stepShifts} from an anchor fitted
 * on rows whose class means lie far from the generator's output (so the critic is evaluated at genuinely shifted
 * points). Every weight and bias of the generator's loss and of the WGAN-GP and clipped critic losses at those
 * points is checked against central finite differences (float64) of the plain-Java reference with the shift added
 * there, on both engines; also at the anchored generator's start, its output layer at zero, where only the output
 * layer has a gradient.
 */
class AnchorGradientTest {
    /** Every gradient case of {@link CriticGradientTest#cases} under each anchor (gaussian, smote, mixup). */
    static List<Arguments> cases() {
        List<Arguments> out = new java.util.ArrayList<>();
        for (GanConfig.Anchor kind : List.of(GanConfig.Anchor.GAUSSIAN, GanConfig.Anchor.SMOTE, GanConfig.Anchor.MIXUP)) {
            for (Arguments a : CriticGradientTest.cases()) {
                out.add(Arguments.of(kind, a.get()[0], a.get()[1]));
            }
        }
        return out;
    }

    /**
     * Shifts (base rows) of B rows with classes r % K drawn by the anchor {@code kind} fitted on 40 rows per class
     * around means +-3 (z units).
     */
    static double[] shifts(long seed, GanConfig.Anchor kind) {
        SplittableRandom rng = new SplittableRandom(seed);
        int perClass = 40;
        double[][] rows = new double[K * perClass][D];
        int[] cls = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            cls[i] = i % K;
            for (int j = 0; j < D; j++) {
                rows[i][j] = (cls[i] - 1) * 3.0 + (j % 2 == 0 ? 1 : -1) * cls[i] + 0.7 * rng.nextGaussian()
                        + (j > 0 ? 0.5 * rows[i][j - 1] : 0);
            }
        }
        RowAnchor anchor = RowAnchor.fit(kind, rows, cls, K);
        int[] classOfRow = new int[B];
        for (int r = 0; r < B; r++) {
            classOfRow[r] = r % K;
        }
        float[] s = anchor.stepShifts(seed, 3, classOfRow);
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i];
        }
        return out;
    }

    /** The generated rows plus {@code shift}, joined with their classes (B x (D + K)). */
    static double[] anchoredCriticInput(int[] gSizes, double[][] gp, double[] noise, double[] shift) {
        double[] u = CriticGradientTest.criticInputOfGenerated(gSizes, gp, noise);
        for (int r = 0; r < B; r++) {
            for (int j = 0; j < D; j++) {
                u[r * (D + K) + j] += shift[r * D + j];
            }
        }
        return u;
    }

    static double[] noise(SplittableRandom rng) {
        double[] noise = new double[B * (LATENT + K)];
        for (int r = 0; r < B; r++) {
            for (int j = 0; j < LATENT; j++) {
                noise[r * (LATENT + K) + j] = rng.nextGaussian();
            }
            noise[r * (LATENT + K) + LATENT + r % K] = 1;
        }
        return noise;
    }

    @ParameterizedTest(name = "{0}, {1}, hidden {2}")
    @MethodSource("cases")
    void everyWeightGradientOfTheAnchoredGeneratorLossMatchesCentralDifferences(GanConfig.Anchor kind, String engineName, int[] hidden) {
        checkGenerator(kind, engineName, hidden, false);
    }

    @ParameterizedTest(name = "{0}, {1}, hidden {2}")
    @MethodSource("cases")
    void atTheAnchoredStartOnlyTheOutputLayerHasAGradientAndItMatchesCentralDifferences(GanConfig.Anchor kind, String engineName, int[] hidden) {
        checkGenerator(kind, engineName, hidden, true);
    }

    private void checkGenerator(GanConfig.Anchor kind, String engineName, int[] hidden, boolean zeroOutput) {
        Engine engine = Engines.get(engineName);
        SplittableRandom rng = new SplittableRandom(17);
        int[] gSizes = CriticGradientTest.sizes(LATENT + K, hidden, D);
        int[] cSizes = CriticGradientTest.sizes(D + K, hidden, 1);
        double[] shift = shifts(5, kind);
        for (int attempt = 0; attempt < 1000; attempt++) {
            double[][] gp = CriticGradientTest.randomParams(rng, gSizes);
            if (zeroOutput) {
                java.util.Arrays.fill(gp[gp.length - 2], 0);
                java.util.Arrays.fill(gp[gp.length - 1], 0);
            }
            double[][] cp = CriticGradientTest.randomParams(rng, cSizes);
            double[] noise = noise(rng);
            double[] criticInput = anchoredCriticInput(gSizes, gp, noise, shift);
            if (CriticGradientTest.kinkMargin(gSizes, gp, noise) < 1e-3
                    || CriticGradientTest.kinkMargin(cSizes, cp, criticInput) < 1e-3) {
                continue;
            }
            try (NDManager m = engine.newBaseManager()) {
                Mlp generator = CriticGradientTest.mlp(m, gSizes, gp);
                Mlp critic = CriticGradientTest.mlp(m, cSizes, cp);
                NDArray z = m.create(noise, new Shape(B, LATENT + K));
                NDArray[][] kept = CriticGradientTest.hiddenForward(generator, z, hidden.length);
                double[] mean = new double[B];
                java.util.Arrays.fill(mean, -1.0 / B);
                List<NDArray> grads = WganGradients.generator(generator, z, kept[0], kept[1], critic,
                        m.create(criticInput, new Shape(B, D + K)), m.create(mean, new Shape(1, B)),
                        new NDIndex().addAllDim().addSliceDim(0, D));
                double worst = CriticGradientTest.compareWithDifferences(engineName, grads, gp, params -> -CriticGradientTest
                        .mean(CriticGradientTest.scores(cSizes, cp, anchoredCriticInput(gSizes, params, noise, shift))));
                if (zeroOutput) { // the output layer's gradient is dOut^T h, not zero: the residual can start to move
                    double[] w = grads.get(grads.size() - 2).toDoubleArray();
                    assertTrue(java.util.Arrays.stream(w).map(Math::abs).max().orElse(0) > 1e-6,
                            "the output layer's gradient at the anchored start is not zero");
                    for (int t = 0; t < grads.size() - 2; t++) {
                        for (double g : grads.get(t).toDoubleArray()) {
                            assertEquals(0.0, g, 1e-12, "tensor " + t + " behind a zero output layer");
                        }
                    }
                }
                System.out.printf("anchored (%s) generator gradient check (%s, hidden %s, output %s): worst normalised error %.3g%n",
                        kind.cliName(), engineName, java.util.Arrays.toString(hidden), zeroOutput ? "zero" : "random", worst);
            }
            return;
        }
        throw new AssertionError("no anchored generator problem away from the LeakyReLU kinks found");
    }

    @ParameterizedTest(name = "{0}, {1}, hidden {2}")
    @MethodSource("cases")
    void everyWeightGradientOfTheCriticLossesAtAnchoredFakesMatchesCentralDifferences(GanConfig.Anchor kind, String engineName, int[] hidden) {
        Engine engine = Engines.get(engineName);
        int[] sizes = CriticGradientTest.sizes(D + K, hidden, 1);
        int[] gSizes = CriticGradientTest.sizes(LATENT + K, hidden, D);
        double[] shift = shifts(9, kind);
        SplittableRandom rng = new SplittableRandom(23);
        for (int attempt = 0; attempt < 1000; attempt++) {
            double[][] params = CriticGradientTest.randomParams(rng, sizes);
            double[] real = CriticGradientTest.gaussians(rng, B * D, 1);
            double[] noise = noise(rng);
            double[] u = anchoredCriticInput(gSizes, CriticGradientTest.randomParams(rng, gSizes), noise, shift);
            double[] fake = new double[B * D];
            double[] eps = new double[B];
            int[] classes = new int[B];
            for (int r = 0; r < B; r++) {
                System.arraycopy(u, r * (D + K), fake, r * D, D);
                eps[r] = rng.nextDouble();
                classes[r] = r % K;
            }
            CriticGradientTest.Problem p = new CriticGradientTest.Problem(sizes, params, real, fake, eps, classes);
            if (CriticGradientTest.kinkMargin(sizes, params, p.input(3)) < 1e-3) {
                continue;
            }
            for (boolean penalised : new boolean[] {true, false}) {
                int parts = penalised ? 3 : 2;
                try (NDManager m = engine.newBaseManager()) {
                    Mlp critic = CriticGradientTest.mlp(m, sizes, params);
                    double[] mask = new double[D + K];
                    java.util.Arrays.fill(mask, 0, D, 1);
                    WganGradients.Result result = WganGradients.critic(critic,
                            m.create(p.input(2), new Shape(2L * B, D + K)), m.create(p.epsilon(), new Shape(B, 1)),
                            m.create(CriticGradientTest.rowScale(B, penalised), new Shape(parts * B, 1)),
                            m.create(CriticGradientTest.adversarialRow(B), new Shape(1, 2 * B)),
                            m.create(mask, new Shape(1, D + K)),
                            new WganGradients.CriticBatch(m, B, LAMBDA, ai.djl.ndarray.types.DataType.FLOAT64),
                            penalised ? LAMBDA : 0, true);
                    double expected = CriticGradientTest.criticLoss(p, penalised);
                    assertEquals(expected, result.loss().toDoubleArray()[0], 1e-7 * Math.max(1, Math.abs(expected)));
                    double worst = CriticGradientTest.compareWithDifferences(engineName, result.gradients(), params,
                            q -> CriticGradientTest.criticLoss(new CriticGradientTest.Problem(sizes, q, real, fake, eps,
                                    classes), penalised));
                    System.out.printf("critic %s at anchored fakes (%s, hidden %s): worst normalised error %.3g%n",
                            penalised ? "WGAN-GP" : "WGAN-clip", engineName, java.util.Arrays.toString(hidden), worst);
                }
            }
            return;
        }
        throw new AssertionError("no anchored critic problem away from the LeakyReLU kinks found");
    }
}
