package org.spectrogan.gan;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * The training loop (float32): n_critic critic updates then one generator update per step, one NDManager per
 * step, inputs refreshed in place, every random number drawn in Java from (seed, step, iteration).
 *
 * <p>Batches are class-balanced: each row's class is drawn uniformly, then a row of that class uniformly, with
 * replacement (so a class or a data set smaller than the batch is fine).
 */
final class WganTrainer implements AutoCloseable {
    private final Engine engine;
    private final NDManager manager;
    private final GanConfig config;
    private final float[][] rows;
    private final int[][] rowsOfClass;
    private final int classes;
    private final int features;
    private final int batch;
    final TrainingState state;
    private final CriticLoss.Layout layout;

    private final InputSlot criticNoise;
    private final InputSlot real;
    private final InputSlot epsilon;
    private final InputSlot criticCondition;
    private final InputSlot criticMeanWeights;
    private final InputSlot generatorNoise;
    private final InputSlot generatorCondition;
    private final InputSlot generatorMeanWeights;
    private final NDResource[] persistent;
    private final int[] classOfRow;
    private final InputSlot criticRowCondition;

    WganTrainer(Engine engine, GanConfig config, float[][] normalisedRows, int[] classIndex, int classes) {
        this.engine = engine;
        this.config = config;
        Device device = Engines.device(engine);
        this.manager = engine.newBaseManager(device);
        this.rows = normalisedRows;
        this.classes = classes;
        this.features = normalisedRows[0].length;
        this.batch = config.batchSize();
        this.rowsOfClass = groupByClass(classIndex, classes);
        this.classOfRow = new int[batch];
        this.layout = new CriticLoss.Layout(batch, features);

        SplittableRandom init = StepRandom.forStream(config.seed(), 0);
        int latent = config.latentDim();
        Mlp generator = Mlp.initialise(manager, Mlp.sizes(latent + classes, config.hidden(), features),
                ai.djl.ndarray.types.DataType.FLOAT32, init);
        Mlp critic = Mlp.initialise(manager, Mlp.sizes(features + classes, config.hidden(), 1),
                ai.djl.ndarray.types.DataType.FLOAT32, init);
        generator.attachGradients();
        critic.attachGradients();
        boolean gp = config.loss() == GanConfig.Loss.WGAN_GP;
        Optimiser gOpt = gp
                ? new Optimiser.Adam(generator.parameters(), config.learningRate(), config.beta1(), config.beta2())
                : new Optimiser.RmsProp(generator.parameters(), config.learningRate(), 0);
        Optimiser cOpt = gp
                ? new Optimiser.Adam(critic.parameters(), config.learningRate(), config.beta1(), config.beta2())
                : new Optimiser.RmsProp(critic.parameters(), config.learningRate(), config.clipValue());
        this.state = new TrainingState(generator, critic, gOpt, cOpt);

        boolean shared = Engines.sharesDirectBuffers(engine, device);
        int parts = 2;
        criticNoise = new InputSlot(manager, new Shape(batch, latent + classes), shared);
        real = new InputSlot(manager, new Shape(batch, features), shared);
        epsilon = new InputSlot(manager, new Shape(batch, 1), shared);
        criticCondition = new InputSlot(manager, new Shape((long) parts * batch, classes), shared);
        criticRowCondition = new InputSlot(manager, new Shape(batch, classes), shared);
        float[] w = new float[parts * batch];
        for (int r = 0; r < batch; r++) {
            w[r] = -1f / batch;
            w[batch + r] = 1f / batch;
        }
        criticMeanWeights = new InputSlot(manager, new Shape(1, (long) parts * batch), shared).fill(w);
        generatorNoise = new InputSlot(manager, new Shape(batch, latent + classes), shared);
        generatorCondition = new InputSlot(manager, new Shape(batch, classes), shared);
        float[] gw = new float[batch];
        java.util.Arrays.fill(gw, -1f / batch);
        generatorMeanWeights = new InputSlot(manager, new Shape(1, batch), shared).fill(gw);

        List<NDResource> p = new ArrayList<>(state.tensors());
        for (InputSlot s : List.of(criticNoise, real, epsilon, criticCondition, criticRowCondition, criticMeanWeights, generatorNoise,
                generatorCondition, generatorMeanWeights)) {
            p.add(s.array);
        }
        persistent = p.toArray(new NDResource[0]);
    }

    NDManager manager() {
        return manager;
    }

    private static int[][] groupByClass(int[] classIndex, int classes) {
        int[] counts = new int[classes];
        for (int c : classIndex) {
            counts[c]++;
        }
        int[][] out = new int[classes][];
        for (int c = 0; c < classes; c++) {
            out[c] = new int[counts[c]];
        }
        int[] fill = new int[classes];
        for (int i = 0; i < classIndex.length; i++) {
            out[classIndex[i]][fill[classIndex[i]]++] = i;
        }
        return out;
    }

    /**
     * Runs steps from {@code state.step} up to {@code config.steps()}, calling {@code afterStep} with the number
     * of completed steps after each one (for checkpoints and progress).
     */
    void run(IntConsumer afterStep) {
        boolean gp = config.loss() == GanConfig.Loss.WGAN_GP;
        int nCritic = config.nCritic();
        while (state.step < config.steps()) {
            int step = state.step;
            float[] readout;
            try (NDManager stepManager = manager.newSubManager()) {
                stepManager.tempAttachAll(persistent);
                NDList out = null;
                for (int i = 0; i < nCritic; i++) {
                    fillCriticInputs(StepRandom.forIteration(config.seed(), step, i), 2);
                    NDArray fake = state.generator.forward(criticNoise.array);
                    NDArray[] masks = gp ? CriticLoss.interpolateMasks(state.critic, real.array, fake, epsilon.array,
                            criticRowCondition.array) : null;
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        out = gp
                                ? CriticLoss.gradientPenalty(state.critic, layout, real.array, fake,
                                criticCondition.array, criticMeanWeights.array, masks, config.gradientPenaltyLambda())
                                : CriticLoss.clipped(state.critic, real.array, fake, criticCondition.array,
                                criticMeanWeights.array);
                        gc.backward(out.get(0));
                    }
                    state.criticOptimiser.update((long) step * nCritic + i + 1);
                }
                fillGeneratorInputs(StepRandom.forIteration(config.seed(), step, nCritic));
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray fake = state.generator.forward(generatorNoise.array);
                    NDArray input = NDArrays.concat(new NDList(fake, generatorCondition.array), 1);
                    NDArray loss = generatorMeanWeights.array.matMul(state.critic.detached().forward(input));
                    gc.backward(loss);
                }
                state.generatorOptimiser.update(step + 1L);
                readout = NDArrays.concat(new NDList(out.get(0).reshape(1), out.get(1).reshape(1),
                        gp ? out.get(2).reshape(1) : out.get(1).reshape(1).zerosLike())).toFloatArray();
            }
            state.step = step + 1;
            state.history.add(new double[] {state.step, readout[1], readout[0], readout[2]});
            afterStep.accept(state.step);
        }
    }

    private void fillCriticInputs(SplittableRandom rng, int parts) {
        int latent = config.latentDim();
        java.nio.FloatBuffer z = criticNoise.floats;
        java.nio.FloatBuffer x = real.floats;
        java.nio.FloatBuffer e = epsilon.floats;
        java.nio.FloatBuffer c = criticCondition.floats;
        z.clear();
        x.clear();
        e.clear();
        c.clear();
        for (int r = 0; r < batch; r++) {
            int cls = rng.nextInt(classes);
            int[] members = rowsOfClass[cls];
            classOfRow[r] = cls;
            x.put(rows[members[rng.nextInt(members.length)]]);
            for (int j = 0; j < latent; j++) {
                z.put((float) rng.nextGaussian());
            }
            for (int k = 0; k < classes; k++) {
                z.put(k == cls ? 1f : 0f);
            }
            e.put((float) rng.nextDouble());
        }
        for (int part = 0; part < parts; part++) {
            for (int r = 0; r < batch; r++) {
                for (int k = 0; k < classes; k++) {
                    c.put(k == classOfRow[r] ? 1f : 0f);
                }
            }
        }
        java.nio.FloatBuffer rc = criticRowCondition.floats;
        rc.clear();
        for (int r = 0; r < batch; r++) {
            for (int k = 0; k < classes; k++) {
                rc.put(k == classOfRow[r] ? 1f : 0f);
            }
        }
        criticRowCondition.publish();
        criticNoise.publish();
        real.publish();
        epsilon.publish();
        criticCondition.publish();
    }

    private void fillGeneratorInputs(SplittableRandom rng) {
        int latent = config.latentDim();
        java.nio.FloatBuffer z = generatorNoise.floats;
        java.nio.FloatBuffer c = generatorCondition.floats;
        z.clear();
        c.clear();
        for (int r = 0; r < batch; r++) {
            int cls = rng.nextInt(classes);
            for (int j = 0; j < latent; j++) {
                z.put((float) rng.nextGaussian());
            }
            for (int k = 0; k < classes; k++) {
                float v = k == cls ? 1f : 0f;
                z.put(v);
                c.put(v);
            }
        }
        generatorNoise.publish();
        generatorCondition.publish();
    }

    @Override
    public void close() {
        manager.close();
    }
}
