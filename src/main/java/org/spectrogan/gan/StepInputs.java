package org.spectrogan.gan;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * The one place where a model's inputs of one step are drawn (for {@link WganTrainer} and {@link StackedTrainer}):
 * per critic iteration its class-balanced real rows, noise with one-hot classes, interpolation weights and the
 * classes of its real and fake rows, then the generator's noise and classes, all from {@link StepRandom} with the
 * model's seed, in the order checkpoints rely on. Written at the buffers' positions, which advance.
 */
final class StepInputs {
    private StepInputs() {
    }

    /**
     * @param rowsOfClass row indices of {@code rows} per class
     * @param classOfRow  scratch of batch entries
     * @param noise       (n_critic + 1) B x (latent + k): every critic iteration's noise, then the generator's
     * @param real        n_critic B x d
     * @param epsilon     n_critic B x 1
     * @param criticCondition n_critic 2B x k: per iteration the classes of the real rows, then of the fake rows
     * @param generatorCondition B x k
     */
    static void draw(GanConfig config, long seed, int step, float[][] rows, int[][] rowsOfClass, int[] classOfRow,
                     FloatBuffer noise, FloatBuffer real, FloatBuffer epsilon, FloatBuffer criticCondition,
                     FloatBuffer generatorCondition) {
        draw(config, seed, step, rows, rowsOfClass, classOfRow, noise, real, epsilon, criticCondition,
                generatorCondition, null);
    }

    /**
     * As above, also writing the class of every noise row into {@code fakeClasses} ((n_critic + 1) B entries, the
     * noise's row order; null: not wanted). Draws exactly the same numbers.
     */
    static void draw(GanConfig config, long seed, int step, float[][] rows, int[][] rowsOfClass, int[] classOfRow,
                     FloatBuffer noise, FloatBuffer real, FloatBuffer epsilon, FloatBuffer criticCondition,
                     FloatBuffer generatorCondition, int[] fakeClasses) {
        int latent = config.latentDim();
        int batch = config.batchSize();
        int nCritic = config.nCritic();
        int classes = rowsOfClass.length;
        for (int i = 0; i < nCritic; i++) {
            SplittableRandom rng = StepRandom.forIteration(seed, step, i);
            for (int r = 0; r < batch; r++) {
                int cls = rng.nextInt(classes);
                int[] members = rowsOfClass[cls];
                classOfRow[r] = cls;
                if (fakeClasses != null) {
                    fakeClasses[i * batch + r] = cls;
                }
                real.put(rows[members[rng.nextInt(members.length)]]);
                for (int j = 0; j < latent; j++) {
                    noise.put((float) rng.nextGaussian());
                }
                for (int k = 0; k < classes; k++) {
                    noise.put(k == cls ? 1f : 0f);
                }
                epsilon.put((float) rng.nextDouble());
            }
            for (int part = 0; part < 2; part++) { // real rows, fake rows
                for (int r = 0; r < batch; r++) {
                    for (int k = 0; k < classes; k++) {
                        criticCondition.put(k == classOfRow[r] ? 1f : 0f);
                    }
                }
            }
        }
        SplittableRandom rng = StepRandom.forIteration(seed, step, nCritic);
        for (int r = 0; r < batch; r++) {
            int cls = rng.nextInt(classes);
            if (fakeClasses != null) {
                fakeClasses[nCritic * batch + r] = cls;
            }
            for (int j = 0; j < latent; j++) {
                noise.put((float) rng.nextGaussian());
            }
            for (int k = 0; k < classes; k++) {
                float v = k == cls ? 1f : 0f;
                noise.put(v);
                generatorCondition.put(v);
            }
        }
    }
}
