package org.spectrogan.gan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spectrogan.common.Provenance;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.common.ZScore;

/**
 * Many independent GANs trained as one: for the evaluation's sweeps, which train one GAN per repeat, fraction and
 * fold. Each {@link Job} is a GAN with its own training rows (any number of them), its own seed and its own model
 * folder; all share one {@link GanConfig} (its seed is replaced by each job's). Models with the same feature and
 * class counts are stacked ({@link StackedTrainer}): their weights along a leading model axis, batched products, one
 * optimiser call per update for all. Each model's result is the one {@link Gan#train} gives it with
 * {@code config.toBuilder().optSeed(job.seed()).build()}, up to float rounding; its folder holds the same files in the same format
 * (checkpoint, loss.csv, loss.png), so {@link Gan#load} reads it and {@link Gan#train} can resume it alone.
 *
 * <p>Early stopping ({@code earlyStopPatienceSteps}) is decided per model: a model that stops is written out and
 * leaves the stack; the others go on without it.
 *
 * <p>Checkpoints: every {@code checkpointEvery} steps each model's checkpoint is written into its own folder, as a
 * single run writes it. {@code resume} continues every job from its folder's checkpoint (jobs that had finished
 * are only loaded; jobs at different steps, as when a run was killed while writing, form separate stacks), and
 * ends where an uninterrupted run ends.
 *
 * <p>Memory grows linearly with the number of stacked models; {@link #modelsPerStack} chooses how many to stack
 * from a budget in bytes ({@link #bytesPerModel} is the estimate of one model's working memory). On an engine
 * other than PyTorch the jobs are trained one after another with {@link Gan#train}.
 */
public final class StackedTraining {
    /** The default memory budget for one stack: 1 GiB. */
    public static final long DEFAULT_MEMORY_BUDGET_BYTES = 1L << 30;

    /** One GAN: its training rows, its seed and its model folder. */
    public record Job(TrainingSet data, long seed, Path outDir) {
        public Job {
            if (data == null || outDir == null) {
                throw new IllegalArgumentException("a job needs training data and a model folder");
            }
        }
    }

    private StackedTraining() {
    }

    /**
     * Trains every job and returns its model, in job order (the caller closes them). Bad input (a job's data, a
     * folder that already holds a model without {@code resume}, two jobs in one folder) is refused before any
     * training starts.
     */
    public static List<GanModel> trainAll(List<Job> jobs, GanConfig config, long memoryBudgetBytes, boolean resume) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        if (memoryBudgetBytes < 1) {
            throw new SpectroganException("the memory budget must be > 0 bytes, got " + memoryBudgetBytes);
        }
        Set<Path> folders = new HashSet<>();
        for (Job job : jobs) {
            Gan.validate(job.data());
            if (!folders.add(job.outDir().toAbsolutePath().normalize())) {
                throw SpectroganException.inFile(job.outDir(), "is the model folder of two jobs; give each its own");
            }
            if (Checkpoint.exists(job.outDir()) && !resume) {
                throw SpectroganException.inFile(job.outDir(),
                        "already holds a trained model; resume to continue it or choose another output folder");
            }
        }
        String engineName = Engines.canonicalName(config.engine());
        // the stacked trainer knows the concat critic, one-hot generator, no weight average, no anchor only; other settings train one
        // model after another (same results as Gan.train, without the stacking's speed-up)
        boolean stackable = config.critic() == GanConfig.Critic.CONCAT && config.emaDecay() == 0 && !config.diffAugment().isOn()
                && config.selectBy() == GanConfig.SelectBy.WASSERSTEIN
                && config.generatorConditioning() == GanConfig.GeneratorConditioning.ONEHOT
                && config.auxClassifierWeight() == 0 // (the head needs the projection critic anyway)
                && config.anchor() == GanConfig.Anchor.NONE;
        if (!Engines.PYTORCH.equals(engineName) || !stackable) {
            List<GanModel> out = new ArrayList<>();
            for (Job job : jobs) {
                out.add(Gan.train(job.data(), config.toBuilder().optSeed(job.seed()).build(), job.outDir(), resume, TrainingListener.NONE));
            }
            return out;
        }
        Engine engine = Engines.get(engineName);
        Engines.setThreads(engine, config.threads());
        List<Pending> pending = new ArrayList<>();
        for (Job job : jobs) {
            Pending p = prepare(engine, job, config, resume);
            if (!p.finished()) {
                pending.add(p);
            }
        }
        // stack models of one shape and one starting step, as many as the budget allows
        Map<String, List<Pending>> groups = new LinkedHashMap<>();
        for (Pending p : pending) {
            groups.computeIfAbsent(p.features + "x" + p.classes + "@" + p.state.step(), k -> new ArrayList<>()).add(p);
        }
        for (List<Pending> group : groups.values()) {
            Pending first = group.get(0);
            int perStack = modelsPerStack(config, first.features, first.classes, memoryBudgetBytes);
            for (int from = 0; from < group.size(); from += perStack) {
                train(engine, config, group.subList(from, Math.min(group.size(), from + perStack)));
            }
        }
        List<GanModel> models = new ArrayList<>();
        for (Job job : jobs) {
            models.add(Gan.load(job.outDir()));
        }
        return models;
    }

    /**
     * How many models of this shape one stack may hold within {@code memoryBudgetBytes}: at least one, at most
     * the budget over {@link #bytesPerModel}.
     */
    public static int modelsPerStack(GanConfig config, int features, int classes, long memoryBudgetBytes) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, memoryBudgetBytes / bytesPerModel(config, features, classes)));
    }

    /**
     * The estimated working memory of one stacked model in bytes (float32): parameters, optimiser state, gradients
     * and the optimiser's temporaries (6 arrays of the parameter count), the generator's activations over the
     * n_critic + 1 batches of a step, one critic update's activations and backward arrays over 3B rows, and the
     * step's inputs; doubled for the allocator's slack (measured with {@code bench gan --models}).
     */
    public static long bytesPerModel(GanConfig config, int features, int classes) {
        long params = parameterCount(Mlp.sizes(config.latentDim() + classes, config.hidden(), features))
                + parameterCount(Mlp.sizes(features + classes, config.hidden(), 1));
        long hiddenSum = config.hidden().stream().mapToLong(Integer::longValue).sum();
        long b = config.batchSize();
        long stepRows = (config.nCritic() + 1L) * b;
        long generatorActivations = stepRows * (3 * hiddenSum + features);
        long criticActivations = 3 * b * (6 * hiddenSum + 3L * (features + classes));
        long inputs = stepRows * (config.latentDim() + classes) + 2L * config.nCritic() * b * (features + classes) * 2;
        return 2 * 4 * (6 * params + generatorActivations + criticActivations + inputs);
    }

    private static long parameterCount(int[] sizes) {
        long n = 0;
        for (int l = 0; l < sizes.length - 1; l++) {
            n += (long) sizes[l + 1] * (sizes[l] + 1);
        }
        return n;
    }

    /** A job ready to train: normalised rows, its checkpoint metadata and the state to start from. */
    private static final class Pending {
        final Job job;
        final GanConfig config;
        final float[][] rows;
        final int features;
        final int classes;
        final Checkpoint.State meta;
        ModelState state;

        Pending(Job job, GanConfig config, float[][] rows, Checkpoint.State meta, ModelState state) {
            this.job = job;
            this.config = config;
            this.rows = rows;
            this.features = job.data().featureNames().size();
            this.classes = job.data().classNames().size();
            this.meta = meta;
            this.state = state;
        }

        boolean stopped() {
            return EarlyStopping.shouldStop(state.history(), config.earlyStopPatienceSteps());
        }

        boolean finished() {
            return state.step() >= config.steps() || stopped();
        }
    }

    private static Pending prepare(Engine engine, Job job, GanConfig shared, boolean resume) {
        TrainingSet data = job.data();
        GanConfig config = shared.toBuilder().optSeed(job.seed()).build();
        String dataSha = Gan.dataSha256(data);
        ZScore normaliser = ZScore.fit(data.x(), ZScore.ConstantColumns.PIN);
        int features = data.featureNames().size();
        int classes = data.classNames().size();
        ModelState state = ModelState.initial(config, job.seed(), features, classes);
        if (resume && Checkpoint.exists(job.outDir())) {
            Checkpoint.Loaded previous = Checkpoint.read(job.outDir());
            Gan.checkResumable(previous, data, config, dataSha, job.outDir());
            normaliser = ZScore.of(previous.state().normalisationMean(), previous.state().normalisationStd(), ZScore.ConstantColumns.PIN);
            try (NDManager m = engine.newBaseManager()) {
                TrainingState single = ModelState.emptyTrainingState(m, config, features, classes);
                List<String> names = single.tensorNames();
                List<long[]> shapes = single.tensorShapes();
                for (int i = 0; i < names.size(); i++) {
                    long size = new ai.djl.ndarray.types.Shape(shapes.get(i)).size();
                    if (previous.tensor(names.get(i)).length != size) {
                        throw SpectroganException.inFile(previous.directory().resolve("weights.bin"), "tensor '"
                                + names.get(i) + "' has " + previous.tensor(names.get(i)).length + " values, expected " + size);
                    }
                }
                single.restore(previous::tensor);
                single.step = previous.state().step();
                single.history.addAll(previous.history());
                state = ModelState.of(single);
            }
        }
        float[][] rows = Gan.normalisedRows(data.x(), normaliser);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("inputSha256", data.inputHashes());
        provenance.put("seed", config.seed());
        provenance.put("engine", engine.getEngineName() + " " + engine.getVersion());
        provenance.put("djl", Engine.getDjlVersion());
        provenance.put("device", Engines.device(engine).toString());
        provenance.put("trainedStacked", true);
        provenance.putAll(Provenance.environment());
        Checkpoint.State meta = new Checkpoint.State(Checkpoint.FORMAT, Checkpoint.FORMAT_VERSION, 0, config,
                data.classNames(), data.featureNames(), normaliser.mean(), normaliser.std(), dataSha, null, null,
                null, "SplittableRandom(splitmix(seed, step*1024 + iteration + 1)) per critic/generator iteration",
                provenance);
        return new Pending(job, config, rows, meta, state);
    }

    /** Trains one stack to the end; models that stop early leave it and the others go on in a new stack. */
    private static void train(Engine engine, GanConfig config, List<Pending> stack) {
        List<Pending> active = new ArrayList<>(stack);
        int every = config.checkpointEvery();
        while (!active.isEmpty()) {
            List<StackedTrainer.Member> members = new ArrayList<>();
            for (Pending p : active) {
                members.add(new StackedTrainer.Member(p.rows, p.job.data().classIndex(), p.job.seed(), p.state));
            }
            Pending first = active.get(0);
            List<Pending> next = new ArrayList<>();
            try (StackedTrainer trainer = new StackedTrainer(engine, config, first.features, first.classes, members)) {
                trainer.run((step, readouts) -> {
                    boolean anyStopped = false;
                    for (int m = 0; m < active.size(); m++) {
                        anyStopped |= EarlyStopping.shouldStop(trainer.history(m), config.earlyStopPatienceSteps());
                    }
                    boolean end = anyStopped || step == config.steps();
                    if (every > 0 && step % every == 0) { // also when the stack ends here: its survivors go on
                        // in a new stack, and a checkpoint due now must not be skipped
                        for (int m = 0; m < active.size(); m++) {
                            active.get(m).state = trainer.state(m);
                            write(engine, active.get(m));
                        }
                    }
                    return !end;
                });
                for (int m = 0; m < active.size(); m++) {
                    Pending p = active.get(m);
                    p.state = trainer.state(m);
                    if (p.finished()) {
                        write(engine, p);
                        LossHistory.write(p.job.outDir(), p.state.history());
                    } else {
                        next.add(p);
                    }
                }
            }
            active.clear();
            active.addAll(next);
        }
    }

    /** Writes the model's checkpoint into its folder, in the single-model format. */
    private static void write(Engine engine, Pending p) {
        try (NDManager m = engine.newBaseManager()) {
            Checkpoint.write(p.job.outDir(), p.state.toTrainingState(m, p.config, p.features, p.classes), p.meta);
        }
    }
}
