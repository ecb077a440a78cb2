package org.spectrogan.gan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training loop of {@link WganTrainer} for K independent models at once (PyTorch, float32): each model's
 * parameters are a row of one K x P array per network, every product is batched over the model axis
 * ({@link StackedGradients}), and one optimiser call updates all K models (Adam and RMSProp are elementwise, so
 * each row gets exactly its own update). Each model keeps its own rows, seed and random streams: model k draws
 * its batches, noise and interpolation weights from {@link StepRandom} with its own seed, exactly as it would
 * alone, so its run is its single run up to the rounding of batched products.
 *
 * <p>All models of a stack are at the same step. The caller ({@link StackedTraining}) takes models out (early
 * stopping) by ending {@link #run} and building a new stack of the others from {@link #state(int)}.
 */
final class StackedTrainer implements AutoCloseable {
    /** One model of the stack: its normalised rows, their classes, its seed and its state to start from. */
    record Member(float[][] rows, int[] classIndex, long seed, ModelState start) {
    }

    /** Told after every step with each model's readouts; answers whether to go on. */
    @FunctionalInterface
    interface StepObserver {
        boolean afterStep(int step, double[][] wassersteinLossPenalty);
    }

    private final NDManager manager;
    private final GanConfig config;
    private final List<Member> members;
    private final int models;
    private final int[][][] rowsOfClass;
    private final int classes;
    private final int features;
    private final int batch;
    private final int nCritic;
    private final boolean penalised;
    private final int[] classOfRow;
    private final List<List<LossPoint>> histories = new ArrayList<>();
    private int step;

    private final StackedParameters generator;
    private final StackedParameters critic;
    private final Optimiser generatorOptimiser;
    private final Optimiser criticOptimiser;
    private final InputSlot noise;
    private final InputSlot real;
    private final InputSlot epsilon;
    private final InputSlot criticCondition;
    private final InputSlot generatorCondition;
    private final InputSlot rowScale;
    private final InputSlot adversarialRow;
    private final InputSlot featureMask;
    private final InputSlot meanColumn;
    private final NDResource[] persistent;
    private final StackedGradients.CriticBatch criticBatch;
    private final NDIndex[] iterationRows;
    private final NDIndex[] iterationPairRows;
    private final NDIndex generatorRows;
    private final NDIndex allCriticRows;
    private final NDIndex featureColumns;

    StackedTrainer(Engine engine, GanConfig config, int features, int classes, List<Member> members) {
        if (!Engines.PYTORCH.equals(engine.getEngineName())) {
            throw new IllegalArgumentException("stacked training runs on PyTorch only, not " + engine.getEngineName());
        }
        if (config.anchor() != GanConfig.Anchor.NONE) {
            throw new IllegalArgumentException("stacked training knows the plain generator only (anchor none); got anchor "
                    + config.anchor().cliName() + ": train it with Gan.train");
        }
        if (config.critic() != GanConfig.Critic.CONCAT || config.auxClassifierWeight() > 0) {
            throw new IllegalArgumentException("stacked training knows the concat critic without the auxiliary classifier "
                    + "only; got critic " + config.critic().cliName() + ", auxClassifierWeight " + config.auxClassifierWeight());
        }
        this.config = config;
        this.members = List.copyOf(members);
        this.models = members.size();
        this.features = features;
        this.classes = classes;
        this.batch = config.batchSize();
        this.nCritic = config.nCritic();
        this.penalised = config.loss() == GanConfig.Loss.WGAN_GP;
        this.classOfRow = new int[batch];
        this.step = members.get(0).start().step();
        this.rowsOfClass = new int[models][][];
        for (int m = 0; m < models; m++) {
            Member member = members.get(m);
            if (member.start().step() != step) {
                throw new IllegalArgumentException("every model of a stack must be at the same step");
            }
            rowsOfClass[m] = WganTrainer.groupByClass(member.classIndex(), classes);
            histories.add(new ArrayList<>(member.start().history()));
        }
        this.manager = engine.newBaseManager(Engines.device(engine));
        this.criticBatch = new StackedGradients.CriticBatch(manager, batch,
                penalised ? config.gradientPenaltyLambda() : 0, DataType.FLOAT32);
        int latent = config.latentDim();
        generator = new StackedParameters(manager, Mlp.sizes(latent + classes, config.hidden(), features),
                members.stream().map(x -> x.start().generator()).toList());
        critic = new StackedParameters(manager, Mlp.sizes(features + classes, config.hidden(), 1),
                members.stream().map(x -> x.start().critic()).toList());
        generatorOptimiser = penalised
                ? new Optimiser.Adam(generator.flat, config.learningRate(), config.beta1(), config.beta2())
                : new Optimiser.RmsProp(generator.flat, config.learningRate(), 0);
        criticOptimiser = penalised
                ? new Optimiser.Adam(critic.flat, config.learningRate(), config.beta1(), config.beta2())
                : new Optimiser.RmsProp(critic.flat, config.learningRate(), config.clipValue());
        for (int s = 0; s < generatorOptimiser.state.size(); s++) {
            final int state = s;
            generator.set(generatorOptimiser.state.get(s),
                    members.stream().map(x -> x.start().generatorOptimiser().get(state)).toList());
            critic.set(criticOptimiser.state.get(s),
                    members.stream().map(x -> x.start().criticOptimiser().get(state)).toList());
        }

        noise = new InputSlot(manager, new Shape(models, (long) (nCritic + 1) * batch, latent + classes), true);
        real = new InputSlot(manager, new Shape(models, (long) nCritic * batch, features), true);
        epsilon = new InputSlot(manager, new Shape(models, (long) nCritic * batch, 1), true);
        criticCondition = new InputSlot(manager, new Shape(models, (long) nCritic * 2 * batch, classes), true);
        generatorCondition = new InputSlot(manager, new Shape(models, batch, classes), true);
        int parts = penalised ? 3 : 2;
        float[] scale = new float[parts * batch];
        float[] adversarial = new float[2 * batch];
        for (int r = 0; r < batch; r++) {
            scale[r] = adversarial[r] = -1f / batch;
            scale[batch + r] = adversarial[batch + r] = 1f / batch;
        }
        if (penalised) {
            Arrays.fill(scale, 2 * batch, 3 * batch, 1f);
        }
        rowScale = new InputSlot(manager, new Shape(1, (long) parts * batch, 1), true).fill(scale);
        adversarialRow = new InputSlot(manager, new Shape(1, 1, 2L * batch), true).fill(adversarial);
        float[] mask = new float[features + classes];
        Arrays.fill(mask, 0, features, 1f);
        featureMask = new InputSlot(manager, new Shape(1, 1, features + classes), true).fill(mask);
        float[] mean = new float[batch];
        Arrays.fill(mean, -1f / batch);
        meanColumn = new InputSlot(manager, new Shape(1, batch, 1), true).fill(mean);

        iterationRows = new NDIndex[nCritic];
        iterationPairRows = new NDIndex[nCritic];
        for (int i = 0; i < nCritic; i++) {
            iterationRows[i] = new NDIndex().addAllDim().addSliceDim((long) i * batch, (long) (i + 1) * batch);
            iterationPairRows[i] = new NDIndex().addAllDim()
                    .addSliceDim((long) i * 2 * batch, (long) (i + 1) * 2 * batch);
        }
        generatorRows = new NDIndex().addAllDim().addSliceDim((long) nCritic * batch, (long) (nCritic + 1) * batch);
        allCriticRows = new NDIndex().addAllDim().addSliceDim(0, (long) nCritic * batch);
        featureColumns = new NDIndex().addAllDim().addAllDim().addSliceDim(0, features);

        List<NDResource> p = new ArrayList<>(List.of(generator.flat, critic.flat));
        p.addAll(generatorOptimiser.state);
        p.addAll(criticOptimiser.state);
        for (InputSlot s : List.of(noise, real, epsilon, criticCondition, generatorCondition, rowScale, adversarialRow,
                featureMask, meanColumn)) {
            p.add(s.array);
        }
        persistent = p.toArray(new NDResource[0]);
    }

    int models() {
        return models;
    }

    int step() {
        return step;
    }

    /**
     * Runs steps up to {@code config.steps()}, calling {@code observer} after each (every model's history already
     * holds the step); ends early when it answers {@code false}.
     */
    void run(StepObserver observer) {
        while (step < config.steps()) {
            float[] readout = null;
            try (NDManager stepManager = manager.newSubManager()) {
                stepManager.tempAttachAll(persistent);
                fillInputs(step);
                Mlp g = generator.network();
                int hiddenLayers = g.layers() - 1;
                NDArray[] preActivations = new NDArray[hiddenLayers];
                NDArray[] activations = new NDArray[hiddenLayers];
                NDArray h = noise.array;
                for (int l = 0; l < hiddenLayers; l++) {
                    preActivations[l] = StackedGradients.linear(h, g.weights[l], g.biases[l]);
                    h = Mlp.leakyRelu(preActivations[l]);
                    activations[l] = h;
                }
                NDArray fakes = StackedGradients.linear(h, g.weights[hiddenLayers], g.biases[hiddenLayers]);
                Shape perIteration = new Shape(models, nCritic, batch, features);
                NDArray criticInputs = NDArrays.concat(new NDList(NDArrays.stack(new NDList(
                        real.array.reshape(perIteration), fakes.get(allCriticRows).reshape(perIteration)), 2)
                        .reshape(models, (long) nCritic * 2 * batch, features), criticCondition.array), 2);
                Mlp c = null;
                for (int i = 0; i < nCritic; i++) {
                    c = critic.network(); // views of the updated parameters, taken anew (cheap) to rely on nothing
                    try (NDManager iterationManager = stepManager.newSubManager()) {
                        iterationManager.tempAttachAll(persistent);
                        iterationManager.tempAttachAll(criticInputs);
                        iterationManager.tempAttachAll(c.parameters().toArray(new NDArray[0]));
                        boolean last = i == nCritic - 1;
                        StackedGradients.Result out = StackedGradients.critic(c, criticInputs.get(iterationPairRows[i]),
                                epsilon.array.get(iterationRows[i]), rowScale.array, adversarialRow.array,
                                featureMask.array, criticBatch, penalised ? config.gradientPenaltyLambda() : 0, last);
                        criticOptimiser.update((long) step * nCritic + i + 1, critic.flatten(out.gradients()));
                        if (last) {
                            readout = NDArrays.concat(new NDList(out.loss(), out.wasserstein(), out.penalty()))
                                    .toFloatArray();
                        }
                    }
                }
                NDArray[] genActivations = new NDArray[hiddenLayers];
                NDArray[] genMasks = new NDArray[hiddenLayers];
                for (int l = 0; l < hiddenLayers; l++) {
                    genActivations[l] = activations[l].get(generatorRows);
                    genMasks[l] = Mlp.leakyReluDerivative(preActivations[l].get(generatorRows));
                }
                NDArray criticInput = NDArrays.concat(new NDList(fakes.get(generatorRows), generatorCondition.array), 2);
                List<NDArray> gradients = StackedGradients.generator(g, noise.array.get(generatorRows), genActivations,
                        genMasks, c, criticInput, meanColumn.array, featureColumns);
                generatorOptimiser.update(step + 1L, generator.flatten(gradients));
            }
            step++;
            double[][] perModel = new double[models][];
            for (int m = 0; m < models; m++) {
                // readout: K losses, then K Wasserstein estimates, then K penalties
                perModel[m] = new double[] {readout[models + m], readout[m], readout[2 * models + m]};
                histories.get(m).add(new LossPoint(step, perModel[m][0], perModel[m][1], perModel[m][2]));
            }
            if (!observer.afterStep(step, perModel)) {
                return;
            }
        }
    }

    /** Model {@code m}'s state now (its row of every stacked array). */
    ModelState state(int m) {
        List<float[]> gs = new ArrayList<>();
        List<float[]> cs = new ArrayList<>();
        for (NDArray a : generatorOptimiser.state) {
            gs.add(generator.row(a, m));
        }
        for (NDArray a : criticOptimiser.state) {
            cs.add(critic.row(a, m));
        }
        return new ModelState(generator.row(generator.flat, m), critic.row(critic.flat, m), gs, cs, step,
                new ArrayList<>(histories.get(m)));
    }

    /** Model {@code m}'s loss history (one point per step). */
    List<LossPoint> history(int m) {
        return histories.get(m);
    }

    /** Every model's rows, noise and interpolation weights of one step ({@link StepInputs}), model after model. */
    private void fillInputs(int step) {
        noise.floats.clear();
        real.floats.clear();
        epsilon.floats.clear();
        criticCondition.floats.clear();
        generatorCondition.floats.clear();
        for (int m = 0; m < models; m++) {
            Member member = members.get(m);
            StepInputs.draw(config, member.seed(), step, member.rows(), rowsOfClass[m], classOfRow, noise.floats,
                    real.floats, epsilon.floats, criticCondition.floats, generatorCondition.floats);
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * One network's parameters for K models: a K x P array whose row k is model k's flat parameters
     * ({@link Parameters}' layout); the layers are views of it, weights K x out x in, biases K x 1 x out.
     */
    static final class StackedParameters {
        final int[] sizes;
        final NDArray flat;
        private final long models;
        private final int width;
        private final Shape[] shapes;
        private final NDIndex[] slices;

        StackedParameters(NDManager manager, int[] sizes, List<float[]> rows) {
            this.sizes = sizes.clone();
            this.models = rows.size();
            int layers = sizes.length - 1;
            shapes = new Shape[2 * layers];
            slices = new NDIndex[2 * layers];
            long offset = 0;
            for (int l = 0; l < layers; l++) {
                shapes[2 * l] = new Shape(models, sizes[l + 1], sizes[l]);
                shapes[2 * l + 1] = new Shape(models, 1, sizes[l + 1]);
                for (int t = 2 * l; t <= 2 * l + 1; t++) {
                    long size = shapes[t].size() / models;
                    slices[t] = new NDIndex().addAllDim().addSliceDim(offset, offset + size);
                    offset += size;
                }
            }
            this.width = Math.toIntExact(offset);
            this.flat = manager.zeros(new Shape(models, width), DataType.FLOAT32);
            set(flat, rows);
        }

        /** Sets {@code stacked} (K x P) from one flat array per model. */
        void set(NDArray stacked, List<float[]> rows) {
            float[] all = new float[Math.toIntExact(models) * width];
            for (int m = 0; m < rows.size(); m++) {
                if (rows.get(m).length != width) {
                    throw new IllegalArgumentException("model " + m + " has " + rows.get(m).length
                            + " parameters, expected " + width);
                }
                System.arraycopy(rows.get(m), 0, all, m * width, width);
            }
            stacked.set(all);
        }

        /** Row {@code m} of a K x P array laid out like the parameters. */
        float[] row(NDArray stacked, int m) {
            try (NDArray row = stacked.get(m)) { // one row's copy, not the whole K x P array's
                return row.toFloatArray();
            }
        }

        /** The K networks as views of the flat array (PyTorch). */
        Mlp network() {
            int layers = sizes.length - 1;
            NDArray[] w = new NDArray[layers];
            NDArray[] b = new NDArray[layers];
            for (int l = 0; l < layers; l++) {
                w[l] = flat.get(slices[2 * l]).reshape(shapes[2 * l]);
                b[l] = flat.get(slices[2 * l + 1]).reshape(shapes[2 * l + 1]);
            }
            return Mlp.of(sizes, w, b);
        }

        /** Stacked gradients in {@link Mlp#parameters()} order joined into one K x P array. */
        NDArray flatten(List<NDArray> gradients) {
            NDList parts = new NDList(gradients.size());
            for (NDArray g : gradients) {
                parts.add(g.reshape(models, -1));
            }
            return NDArrays.concat(parts, 1);
        }
    }
}
