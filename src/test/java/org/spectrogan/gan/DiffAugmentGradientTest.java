package org.spectrogan.gan;

import static org.spectrogan.gan.CriticGradientTest.B;
import static org.spectrogan.gan.CriticGradientTest.D;
import static org.spectrogan.gan.CriticGradientTest.K;
import static org.spectrogan.gan.CriticGradientTest.LATENT;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generator's gradient through DiffAugment ({@code -mean f(T(G(z, y)), y)}, T = {@link DiffAugment.Draw}):
 * every generator weight and bias (and class-embedding entry) of the hand-written gradient, which goes back
 * through T as its adjoint, against central differences (float64) of the loss computed by the plain-Java networks
 * with T applied forward, for feature-row transforms (noise, scale, within-class mixup) and patch transforms
 * (time shift and masks on a 2 x 2 patch), against a concat and a projection critic, on both engines.
 */
class DiffAugmentGradientTest {
    static final DiffAugment.Strength ROWS = new DiffAugment.Strength(0.3, 0.4, 0.45, 0, 0, 0);
    static final DiffAugment.Strength PATCHES = new DiffAugment.Strength(0.2, 0.3, 0.4, 0.5, 0.5, 0.5);
    static final DiffAugment.PatchShape SHAPE = new DiffAugment.PatchShape(2, 2);

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Arguments a : CriticGradientTest.cases()) {
            for (boolean projection : new boolean[] {false, true}) {
                out.add(Arguments.of(a.get()[0], a.get()[1], projection, false));
                out.add(Arguments.of(a.get()[0], a.get()[1], projection, true));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}, hidden {1}, projection {2}, patches {3}")
    @MethodSource("cases")
    void everyGeneratorWeightGradientThroughTheTransformMatchesCentralDifferences(String engineName, int[] hidden,
                                                                                 boolean projection, boolean patches) {
        Engine engine = Engines.get(engineName);
        boolean embedded = projection; // the embedding generator with the projection critic, one-hot with concat
        SplittableRandom rng = new SplittableRandom(23);
        int[] gSizes = CriticGradientTest.sizes(LATENT + (embedded ? ProjectionGradientTest.EMBED : K), hidden, D);
        int[] cSizes = CriticGradientTest.sizes(projection ? D : D + K, hidden, 1);
        int[] classes = new int[B];
        for (int r = 0; r < B; r++) {
            classes[r] = (r + 1) % K;
        }
        for (int attempt = 0; attempt < 1000; attempt++) {
            double[][] gp = CriticGradientTest.randomParams(rng, gSizes);
            if (embedded) {
                gp = Arrays.copyOf(gp, gp.length + 1);
                gp[gp.length - 1] = CriticGradientTest.gaussians(rng, K * ProjectionGradientTest.EMBED, 1);
            }
            double[][] cp = projection ? ProjectionGradientTest.withEmbedding(rng, cSizes)
                    : CriticGradientTest.randomParams(rng, cSizes);
            double[] noise = CriticGradientTest.gaussians(rng, B * LATENT, 1);
            DiffAugment.Draw t = DiffAugment.draw(patches ? PATCHES : ROWS, patches ? SHAPE : null, D, classes, B,
                    new SplittableRandom(attempt));
            if (!mixes(t)) {
                continue; // the test is about a transform that moves rows; draw again
            }
            double[] input = ProjectionGradientTest.generatorInput(noise, classes, gp, embedded);
            double[] transformed = t.forward(CriticGradientTest.scores(gSizes, gp, input));
            double[] criticInput = projection ? transformed : ProjectionGradientTest.noiseAndClasses(transformed, classes, D, K);
            if (CriticGradientTest.kinkMargin(gSizes, gp, input) < 1e-3
                    || CriticGradientTest.kinkMargin(cSizes, cp, criticInput) < 1e-3) {
                continue;
            }
            final double[][] cpf = cp;
            try (NDManager m = engine.newBaseManager()) {
                Mlp generator = CriticGradientTest.mlp(m, gSizes, gp);
                Mlp critic = CriticGradientTest.mlp(m, cSizes, cp);
                NDArray embedding = projection
                        ? m.create(cp[cp.length - 1], new Shape(K, cSizes[cSizes.length - 2])) : null;
                NDArray oneHot = m.create(ProjectionGradientTest.oneHot(classes, 1), new Shape(B, K));
                NDArray z = m.create(ProjectionGradientTest.noiseAndClasses(noise, classes, LATENT, K), new Shape(B, LATENT + K));
                if (embedded) {
                    z = WganTrainer.embedClasses(z, LATENT,
                            m.create(gp[gp.length - 1], new Shape(K, ProjectionGradientTest.EMBED)));
                }
                NDArray[][] kept = CriticGradientTest.hiddenForward(generator, z, hidden.length);
                NDArray[] activations = kept[0];
                NDArray[] masks = kept[1];
                // the trainer's route: the generated rows through T's forward (NDArray), then the critic's input
                NDArray h = hidden.length == 0 ? z : activations[hidden.length - 1];
                NDArray generated = Mlp.linear(h, generator.weights[hidden.length], generator.biases[hidden.length]);
                NDArray seen = t.forward(generated);
                NDArray criticArray = projection ? seen
                        : ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(seen, oneHot), 1);
                double[] mean = new double[B];
                Arrays.fill(mean, -1.0 / B);
                List<NDArray> grads = WganGradients.generator(generator, z, activations, masks, critic, embedding,
                        projection ? oneHot : null, criticArray, m.create(mean, new Shape(1, B)),
                        new NDIndex().addAllDim().addSliceDim(0, D), embedded ? oneHot : null,
                        new NDIndex().addAllDim().addSliceDim(LATENT, LATENT + ProjectionGradientTest.EMBED),
                        t::adjoint);
                double worst = CriticGradientTest.compareWithDifferences(engineName, grads, gp,
                        params -> loss(gSizes, params, cSizes, cpf, noise, classes, projection, embedded, t));
                System.out.printf("generator through DiffAugment (%s, %s critic, %s) gradient check (%s, hidden %s): "
                        + "worst %.3g%n", patches ? "patches" : "rows", projection ? "projection" : "concat",
                        embedded ? "embedding" : "one-hot", engineName, Arrays.toString(hidden), worst);
            }
            return;
        }
        throw new AssertionError("no generator problem away from the LeakyReLU kinks found");
    }

    /** Whether some row is mixed with another row and scaled (so the adjoint's transpose matters). */
    private static boolean mixes(DiffAugment.Draw t) {
        for (int r = 0; r < t.rows; r++) {
            if (t.partner[r] != r && t.mix[r] > 0.05) {
                return true;
            }
        }
        return false;
    }

    /** {@code -mean f(T(G(z, y)), y)} by the plain-Java networks. */
    private static double loss(int[] gSizes, double[][] gp, int[] cSizes, double[][] cp, double[] noise, int[] classes,
                               boolean projection, boolean embedded, DiffAugment.Draw t) {
        double[] x = t.forward(CriticGradientTest.scores(gSizes, gp,
                ProjectionGradientTest.generatorInput(noise, classes, gp, embedded)));
        double loss = 0;
        for (int r = 0; r < B; r++) {
            double[] row = Arrays.copyOfRange(x, r * D, (r + 1) * D);
            if (projection) {
                loss -= ProjectionGradientTest.score(cSizes, cp, row, classes[r]) / B;
            } else {
                double[] joined = Arrays.copyOf(row, D + K);
                joined[D + classes[r]] = 1;
                loss -= CriticGradientTest.scores(cSizes, cp, joined)[0] / B;
            }
        }
        return loss;
    }
}
