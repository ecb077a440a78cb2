package org.spectrogan.gan;

import ai.djl.Device;
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
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * The training loop (float32): n_critic critic updates then one generator update per step, one NDManager per
 * step, inputs refreshed in place, every random number drawn in Java from (seed, step, iteration).
 *
 * <p>Gradients are written out by hand ({@link WganGradients}): no autograd. The generator does not change during
 * a step's critic updates, so one forward pass over the noise of all n_critic + 1 iterations gives every fake
 * batch of the step and the generator update's activations (the same numbers as n_critic + 1 separate passes).
 *
 * <p>Batches are class-balanced: each row's class is drawn uniformly, then a row of that class uniformly, with
 * replacement (so a class or a data set smaller than the batch is fine).
 */
final class WganTrainer implements AutoCloseable {
    private final NDManager manager;
    private final GanConfig config;
    private final float[][] rows;
    private final int[][] rowsOfClass;
    private final int classes;
    private final int features;
    private final int batch;
    private final int nCritic;
    private final int parts;
    private final boolean penalised;
    /** The projection critic: its input is the features alone, the class enters through its embedding. */
    private final boolean projection;
    private final float emaDecay;
    /** The generator's input is {@code [noise, E_g[y]]} instead of {@code [noise, one-hot y]}. */
    private final boolean generatorEmbedding;
    /** {@code auxWeight / B} (1 element) when the auxiliary classifier is on, else null. */
    private final NDArray auxScale;
    /** DiffAugment's transforms before the critic, null when off. */
    private final DiffAugment.Batches augment;
    final TrainingState state;

    private final InputSlot noise;
    private final InputSlot real;
    private final InputSlot epsilon;
    private final InputSlot criticCondition;
    private final InputSlot generatorCondition;
    private final InputSlot rowScale;
    private final InputSlot adversarialRow;
    private final InputSlot featureMask;
    private final InputSlot meanRow;
    /** The Gaussian anchor ({@link GanConfig.Anchor#GAUSSIAN}), null when off. */
    private final GaussianAnchor anchor;
    /** Per step, {@code mu_c + L_c e} of every fake row ((n_critic + 1) B x d), null without the anchor. */
    private final InputSlot anchorShift;
    /** The class of every fake row of the step, the noise's row order. */
    private final int[] fakeClasses;
    private final NDResource[] persistent;
    private final int[] classOfRow;
    private final WganGradients.CriticBatch criticBatch;
    /** Splits (n_critic + 1) B rows into the critic updates' and the generator update's. */
    private final long[] generatorSplit;
    private final NDIndex featureColumns;
    private final boolean slicesAreViews;
    private final NDIndex embeddingColumns;

    WganTrainer(Engine engine, GanConfig config, float[][] normalisedRows, int[] classIndex, int classes) {
        this(engine, config, normalisedRows, classIndex, classes, null);
    }

    /** As above; {@code patchShape} is the features' spectrogram patch layout (null: not patches). */
    WganTrainer(Engine engine, GanConfig config, float[][] normalisedRows, int[] classIndex, int classes,
                DiffAugment.PatchShape patchShape) {
        this(engine, config, normalisedRows, classIndex, classes, patchShape,
                config.anchor() == GanConfig.Anchor.GAUSSIAN ? GaussianAnchor.fit(normalisedRows, classIndex, classes) : null);
    }

    /**
     * As above with the Gaussian anchor {@code anchor} (required under {@link GanConfig.Anchor#GAUSSIAN}, fitted on
     * the training rows or read from a checkpoint; null otherwise): every fake row is {@code G(z, y) + mu_y + L_y e}
     * and the generator's output layer starts at zero.
     */
    WganTrainer(Engine engine, GanConfig config, float[][] normalisedRows, int[] classIndex, int classes,
                DiffAugment.PatchShape patchShape, GaussianAnchor anchor) {
        if ((config.anchor() == GanConfig.Anchor.GAUSSIAN) != (anchor != null)) {
            throw new IllegalArgumentException("anchor " + config.anchor().cliName() + " with "
                    + (anchor == null ? "no" : "a") + " fitted Gaussian anchor");
        }
        this.config = config;
        this.anchor = anchor;
        Device device = Engines.device(engine);
        this.manager = engine.newBaseManager(device);
        this.rows = normalisedRows;
        this.classes = classes;
        this.features = normalisedRows[0].length;
        this.batch = config.batchSize();
        this.nCritic = config.nCritic();
        this.penalised = config.loss() == GanConfig.Loss.WGAN_GP;
        this.projection = config.critic() == GanConfig.Critic.PROJECTION;
        this.emaDecay = (float) config.emaDecay();
        int criticIn = projection ? features : features + classes;
        this.generatorEmbedding = config.generatorConditioning() == GanConfig.GeneratorConditioning.EMBEDDING;
        this.parts = penalised ? 3 : 2;
        this.augment = config.diffAugment().isOn()
                ? new DiffAugment.Batches(config.diffAugment(), patchShape, config.seed(), features, classes, config.batchSize())
                : null;
        this.rowsOfClass = groupByClass(classIndex, classes);
        this.classOfRow = new int[batch];
        this.criticBatch = new WganGradients.CriticBatch(manager, batch, penalised ? config.gradientPenaltyLambda() : 0,
                DataType.FLOAT32);

        SplittableRandom init = StepRandom.forStream(config.seed(), 0);
        int latent = config.latentDim();
        int generatorClassWidth = generatorEmbedding ? GanConfig.GENERATOR_EMBEDDING_WIDTH : classes;
        Mlp generatorNetwork = Mlp.initialise(manager, Mlp.sizes(latent + generatorClassWidth, config.hidden(), features),
                DataType.FLOAT32, init);
        if (anchor != null) { // the residual starts at zero: step 0 samples the anchor's Gaussian (same draws as without)
            generatorNetwork.weights[generatorNetwork.layers() - 1].muli(0f);
            generatorNetwork.biases[generatorNetwork.layers() - 1].muli(0f);
        }
        Mlp criticNetwork = Mlp.initialise(manager, Mlp.sizes(criticIn, config.hidden(), 1), DataType.FLOAT32, init);
        NDArray criticEmbedding = projection
                ? classEmbedding(manager, classes, config.hidden().get(config.hidden().size() - 1), init) : null;
        // N(0, 1) like torch.nn.Embedding, drawn last so that the other settings keep their initial weights
        NDArray generatorTable = generatorEmbedding ? gaussianTable(manager, classes, generatorClassWidth, init) : null;
        Parameters generator = new Parameters(generatorNetwork, generatorTable);
        java.util.Map<String, NDArray> criticExtras = new java.util.LinkedHashMap<>();
        if (criticEmbedding != null) {
            criticExtras.put(Parameters.EMBEDDING, criticEmbedding);
        }
        if (config.auxClassifierWeight() > 0) {
            // the class head k x h_L and its biases, like an nn.Linear(h_L, k), drawn after everything else so that
            // the other networks start from the same numbers with the head on or off
            int width = config.hidden().get(config.hidden().size() - 1);
            Mlp head = Mlp.initialise(manager, new int[] {width, classes}, DataType.FLOAT32, init);
            criticExtras.put(Parameters.AUX_WEIGHT, head.weights[0]);
            criticExtras.put(Parameters.AUX_BIAS, head.biases[0]);
            auxScale = manager.create(new double[] {config.auxClassifierWeight() / batch}).toType(DataType.FLOAT32, false);
        } else {
            auxScale = null;
        }
        Parameters critic = new Parameters(criticNetwork, criticExtras);
        Optimiser gOpt = penalised
                ? new Optimiser.Adam(generator.flat, config.learningRate(), config.beta1(), config.beta2())
                : new Optimiser.RmsProp(generator.flat, config.learningRate(), 0);
        Optimiser cOpt = penalised
                ? new Optimiser.Adam(critic.flat, config.learningRate(), config.beta1(), config.beta2())
                : new Optimiser.RmsProp(critic.flat, config.learningRate(), config.clipValue());
        this.state = new TrainingState(generator, critic, gOpt, cOpt);
        state.anchor = anchor;
        if (emaDecay > 0) {
            state.generatorAverage = generator.flat.duplicate();
        }

        boolean shared = Engines.sharesDirectBuffers(engine, device);
        noise = new InputSlot(manager, new Shape((long) (nCritic + 1) * batch, latent + classes), shared);
        real = new InputSlot(manager, new Shape((long) nCritic * batch, features), shared);
        epsilon = new InputSlot(manager, new Shape((long) nCritic * batch, 1), shared);
        criticCondition = new InputSlot(manager, new Shape((long) nCritic * 2 * batch, classes), shared);
        generatorCondition = new InputSlot(manager, new Shape(batch, classes), shared);
        float[] scale = new float[parts * batch];
        float[] adversarial = new float[2 * batch];
        for (int r = 0; r < batch; r++) {
            scale[r] = adversarial[r] = -1f / batch;
            scale[batch + r] = adversarial[batch + r] = 1f / batch;
        }
        if (penalised) {
            Arrays.fill(scale, 2 * batch, 3 * batch, 1f);
        }
        rowScale = new InputSlot(manager, new Shape((long) parts * batch, 1), shared).fill(scale);
        adversarialRow = new InputSlot(manager, new Shape(1, 2L * batch), shared).fill(adversarial);
        float[] mask = new float[criticIn];
        Arrays.fill(mask, 0, features, 1f);
        featureMask = new InputSlot(manager, new Shape(1, criticIn), shared).fill(mask);
        float[] mean = new float[batch];
        Arrays.fill(mean, -1f / batch);
        meanRow = new InputSlot(manager, new Shape(1, batch), shared).fill(mean);
        fakeClasses = new int[(nCritic + 1) * batch];
        anchorShift = anchor == null ? null
                : new InputSlot(manager, new Shape((long) (nCritic + 1) * batch, features), shared);

        generatorSplit = new long[] {(long) nCritic * batch};
        featureColumns = new NDIndex().addAllDim().addSliceDim(0, features);
        embeddingColumns = new NDIndex().addAllDim().addSliceDim(latent, latent + generatorClassWidth);

        try (NDManager probe = manager.newSubManager()) {
            NDArray a = probe.zeros(new Shape(2));
            NDArray slice = a.get(new NDIndex().addSliceDim(0, 1));
            a.addi(1f);
            slicesAreViews = slice.toFloatArray()[0] == 1f; // PyTorch: views; MXNet: copies
        }

        List<NDResource> p = new ArrayList<>(state.arrays());
        for (InputSlot s : List.of(noise, real, epsilon, criticCondition, generatorCondition, rowScale, adversarialRow,
                featureMask, meanRow)) {
            p.add(s.array);
        }
        if (anchorShift != null) {
            p.add(anchorShift.array);
        }
        persistent = p.toArray(new NDResource[0]);
    }

    /** The projection critic's class embedding (k x h), uniform in +-1/sqrt(h) like the output layer's weights. */
    static NDArray classEmbedding(NDManager manager, int classes, int width, SplittableRandom rng) {
        double bound = 1.0 / Math.sqrt(width);
        double[] v = new double[classes * width];
        for (int i = 0; i < v.length; i++) {
            v[i] = (rng.nextDouble() * 2 - 1) * bound;
        }
        return Mlp.create(manager, v, new Shape(classes, width), DataType.FLOAT32);
    }

    /** A k x width table of standard normal values (the generator's class embedding). */
    static NDArray gaussianTable(NDManager manager, int classes, int width, SplittableRandom rng) {
        double[] v = new double[classes * width];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Mlp.create(manager, v, new Shape(classes, width), DataType.FLOAT32);
    }

    /** {@code [n, C E_g]} from {@code [n, C]} (rows of noise then one-hot classes). */
    static NDArray embedClasses(NDArray noiseAndClasses, int latent, NDArray table) {
        long width = noiseAndClasses.getShape().get(1);
        NDArray n = noiseAndClasses.get(new NDIndex().addAllDim().addSliceDim(0, latent));
        NDArray c = noiseAndClasses.get(new NDIndex().addAllDim().addSliceDim(latent, width));
        return NDArrays.concat(new NDList(n, c.matMul(table)), 1);
    }

    static int[][] groupByClass(int[] classIndex, int classes) {
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
     * of completed steps after each one (for checkpoints and progress); training ends early when it answers
     * {@code false}.
     */
    void run(IntPredicate afterStep) {
        while (state.step < config.steps()) {
            int step = state.step;
            float[] readout = null;
            try (NDManager stepManager = manager.newSubManager()) {
                stepManager.tempAttachAll(persistent);
                fillInputs(step);
                Mlp generator = state.generator.network();
                int hiddenLayers = generator.layers() - 1;
                NDArray[] preActivations = new NDArray[hiddenLayers];
                NDArray[] activations = new NDArray[hiddenLayers];
                NDArray generatorInput = generatorEmbedding
                        ? embedClasses(noise.array, config.latentDim(), state.generator.embedding()) : noise.array;
                NDArray h = generatorInput;
                for (int l = 0; l < hiddenLayers; l++) {
                    preActivations[l] = Mlp.linear(h, generator.weights[l], generator.biases[l]);
                    h = Mlp.leakyRelu(preActivations[l]);
                    activations[l] = h;
                }
                NDArray fakes = Mlp.linear(h, generator.weights[hiddenLayers], generator.biases[hiddenLayers]);
                if (anchorShift != null) { // x = mu_y + L_y e + G(z, y): a constant shift, so every gradient formula holds
                    fakes = fakes.addi(anchorShift.array);
                }
                // the critic updates' rows | the generator update's rows, as views (one call; a get is four)
                NDList fakeParts = fakes.split(generatorSplit, 0);
                // every critic update's input [real_i; fake_i] joined with its classes, built at once
                Shape perIteration = new Shape(nCritic, batch, features);
                NDArray stacked = NDArrays.stack(new NDList(
                        real.array.reshape(perIteration), fakeParts.get(0).reshape(perIteration)), 1)
                        .reshape((long) nCritic * 2 * batch, features);
                if (augment != null) { // DiffAugment: the critic sees T(real) and T(fake), the penalty their interpolates
                    stacked = augment.forCritic(step, nCritic, criticCondition.floats).forward(stacked);
                }
                NDArray criticInputs = projection ? stacked
                        : NDArrays.concat(new NDList(stacked, criticCondition.array), 1);
                Mlp critic = state.critic.network();
                NDArray embedding = projection ? state.critic.embedding() : null;
                WganGradients.AuxHead aux = auxHead();
                NDList inputParts = criticInputs.split(nCritic, 0); // each critic update's rows, as views
                NDList epsilonParts = epsilon.array.split(nCritic, 0);
                NDList conditionParts = projection ? criticCondition.array.split(nCritic, 0) : null;
                for (int i = 0; i < nCritic; i++) {
                    // one manager per critic update: its temporaries are freed (and their memory reused, still
                    // in cache) before the next update
                    try (NDManager iterationManager = stepManager.newSubManager()) {
                        iterationManager.tempAttachAll(persistent);
                        iterationManager.tempAttachAll(criticInputs, inputParts.get(i), epsilonParts.get(i));
                        iterationManager.tempAttachAll(critic.parameters().toArray(new NDArray[0]));
                        if (projection) {
                            iterationManager.tempAttachAll(embedding, conditionParts.get(i));
                        }
                        if (aux != null) {
                            iterationManager.tempAttachAll(aux.weight(), aux.bias());
                        }
                        NDArray input = inputParts.get(i);
                        boolean last = i == nCritic - 1;
                        WganGradients.Result out = WganGradients.critic(critic, embedding,
                                projection ? conditionParts.get(i) : null, input,
                                epsilonParts.get(i), rowScale.array, adversarialRow.array,
                                featureMask.array, criticBatch, penalised ? config.gradientPenaltyLambda() : 0, last, aux);
                        state.criticOptimiser.update((long) step * nCritic + i + 1, state.critic.flatten(out.gradients()));
                        if (last) {
                            readout = NDArrays.concat(new NDList(out.loss().reshape(1),
                                    out.wasserstein().reshape(1), out.penalty().reshape(1))).toFloatArray();
                        }
                    }
                    if (!slicesAreViews) {
                        critic = state.critic.network();
                        embedding = projection ? state.critic.embedding() : null;
                        aux = auxHead();
                    }
                }
                NDArray[] genActivations = new NDArray[hiddenLayers];
                NDArray[] genMasks = new NDArray[hiddenLayers];
                for (int l = 0; l < hiddenLayers; l++) {
                    genActivations[l] = activations[l].split(generatorSplit, 0).get(1);
                    genMasks[l] = Mlp.leakyReluDerivative(preActivations[l].split(generatorSplit, 0).get(1));
                }
                DiffAugment.Draw generatorDraw = augment == null ? null
                        : augment.forGenerator(step, generatorCondition.floats);
                NDArray generatedRows = generatorDraw == null ? fakeParts.get(1) : generatorDraw.forward(fakeParts.get(1));
                NDArray criticInput = projection ? generatedRows
                        : NDArrays.concat(new NDList(generatedRows, generatorCondition.array), 1);
                List<NDArray> gradients = WganGradients.generator(generator, generatorInput.split(generatorSplit, 0).get(1),
                        genActivations, genMasks, critic, embedding, projection ? generatorCondition.array : null,
                        criticInput, meanRow.array, featureColumns, generatorEmbedding ? generatorCondition.array : null,
                        embeddingColumns, generatorDraw == null ? null : generatorDraw::adjoint, aux,
                        aux == null ? null : generatorCondition.array);
                state.generatorOptimiser.update(step + 1L, state.generator.flatten(gradients));
                if (emaDecay > 0) { // avg = d avg + (1 - d) w, in place; d = GanConfig.emaDecayAt (warm-up)
                    float d = (float) config.emaDecayAt(step);
                    state.generatorAverage.muli(d).addi(state.generator.flat.mul(1f - d));
                }
            }
            state.step = step + 1;
            state.history.add(new LossPoint(state.step, readout[1], readout[0], readout[2]));
            if (!afterStep.test(state.step)) {
                return;
            }
        }
    }

    /** The critic's auxiliary class head as slices of its parameters (views on PyTorch), null when off. */
    private WganGradients.AuxHead auxHead() {
        return auxScale == null ? null : new WganGradients.AuxHead(state.critic.extra(Parameters.AUX_WEIGHT),
                state.critic.extra(Parameters.AUX_BIAS), auxScale);
    }

    /** Draws the step's rows, noise and interpolation weights ({@link StepInputs}) into the input slots. */
    private void fillInputs(int step) {
        noise.floats.clear();
        real.floats.clear();
        epsilon.floats.clear();
        criticCondition.floats.clear();
        generatorCondition.floats.clear();
        StepInputs.draw(config, config.seed(), step, rows, rowsOfClass, classOfRow, noise.floats, real.floats,
                epsilon.floats, criticCondition.floats, generatorCondition.floats, fakeClasses);
        if (anchorShift != null) {
            anchorShift.fill(anchor.stepShifts(config.seed(), step, fakeClasses));
        }
        noise.publish();
        real.publish();
        epsilon.publish();
        criticCondition.publish();
        generatorCondition.publish();
    }

    @Override
    public void close() {
        manager.close();
    }
}
