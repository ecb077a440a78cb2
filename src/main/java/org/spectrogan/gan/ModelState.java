package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One model's training state in plain Java arrays, laid out as {@link Parameters}' flat arrays: generator and
 * critic parameters, each optimiser's state arrays, the step and the loss history. This is how a model enters and
 * leaves a stack ({@link StackedTrainer}), and how it is converted to and from a single-model
 * {@link TrainingState} (so a stacked model is checkpointed in exactly the single-model format).
 */
record ModelState(float[] generator, float[] critic, List<float[]> generatorOptimiser,
                  List<float[]> criticOptimiser, int step, List<LossPoint> history) {

    /**
     * A fresh model: PyTorch's default initialisation drawn exactly as {@link Mlp#initialise} draws it (generator
     * then critic from one stream per seed; per layer the weights then the biases, which is also the flat
     * layout), zero optimiser state.
     */
    static ModelState initial(GanConfig config, long seed, int features, int classes) {
        SplittableRandom init = StepRandom.forStream(seed, 0);
        float[] g = initialise(Mlp.sizes(config.latentDim() + classes, config.hidden(), features), init);
        float[] c = initialise(Mlp.sizes(features + classes, config.hidden(), 1), init);
        int states = stateArrays(config);
        List<float[]> gs = new ArrayList<>();
        List<float[]> cs = new ArrayList<>();
        for (int s = 0; s < states; s++) {
            gs.add(new float[g.length]);
            cs.add(new float[c.length]);
        }
        return new ModelState(g, c, gs, cs, 0, new ArrayList<>());
    }

    /** State arrays per optimiser: Adam's two moments, RMSProp's mean square. */
    static int stateArrays(GanConfig config) {
        return config.loss() == GanConfig.Loss.WGAN_GP ? 2 : 1;
    }

    private static float[] initialise(int[] sizes, SplittableRandom rng) {
        int total = 0;
        for (int l = 0; l < sizes.length - 1; l++) {
            total += sizes[l + 1] * (sizes[l] + 1);
        }
        float[] flat = new float[total];
        int at = 0;
        for (int l = 0; l < sizes.length - 1; l++) {
            double bound = 1.0 / Math.sqrt(sizes[l]);
            for (int i = 0; i < sizes[l + 1] * (sizes[l] + 1); i++) { // weights (out x in) then biases (out)
                flat[at++] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
        }
        return flat;
    }

    /** This state as a single-model {@link TrainingState} in {@code manager} (for checkpoints). */
    TrainingState toTrainingState(NDManager manager, GanConfig config, int features, int classes) {
        TrainingState state = emptyTrainingState(manager, config, features, classes);
        state.generator.flat.set(generator);
        state.critic.flat.set(critic);
        for (int s = 0; s < generatorOptimiser.size(); s++) {
            state.generatorOptimiser.state.get(s).set(generatorOptimiser.get(s));
            state.criticOptimiser.state.get(s).set(criticOptimiser.get(s));
        }
        state.step = step;
        state.history.addAll(history);
        return state;
    }

    /** A single-model state's arrays copied out. */
    static ModelState of(TrainingState state) {
        List<float[]> gs = new ArrayList<>();
        List<float[]> cs = new ArrayList<>();
        for (NDArray a : state.generatorOptimiser.state) {
            gs.add(a.toFloatArray());
        }
        for (NDArray a : state.criticOptimiser.state) {
            cs.add(a.toFloatArray());
        }
        return new ModelState(state.generator.flat.toFloatArray(), state.critic.flat.toFloatArray(), gs, cs,
                state.step, new ArrayList<>(state.history));
    }

    /** A single-model state of the right shapes (values to be set). */
    static TrainingState emptyTrainingState(NDManager manager, GanConfig config, int features, int classes) {
        SplittableRandom unused = new SplittableRandom(0);
        Parameters g = new Parameters(Mlp.initialise(manager,
                Mlp.sizes(config.latentDim() + classes, config.hidden(), features), DataType.FLOAT32, unused));
        Parameters c = new Parameters(Mlp.initialise(manager, Mlp.sizes(features + classes, config.hidden(), 1),
                DataType.FLOAT32, unused));
        boolean adam = config.loss() == GanConfig.Loss.WGAN_GP;
        Optimiser gOpt = adam ? new Optimiser.Adam(g.flat, config.learningRate(), config.beta1(), config.beta2())
                : new Optimiser.RmsProp(g.flat, config.learningRate(), 0);
        Optimiser cOpt = adam ? new Optimiser.Adam(c.flat, config.learningRate(), config.beta1(), config.beta2())
                : new Optimiser.RmsProp(c.flat, config.learningRate(), config.clipValue());
        return new TrainingState(g, c, gOpt, cOpt);
    }
}
