package org.spectrogan.gan;

import ai.djl.engine.Engine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spectrogan.common.Provenance;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.common.ZScore;

/**
 * Training and loading of conditional WGANs.
 *
 * <p>Input handling: at least two classes are needed and every class needs at least {@link #MIN_ROWS_PER_CLASS}
 * rows; NaN or infinite values are an error; a constant column is kept constant (it is not normalised and every
 * generated value is the training constant); a data set or class smaller than the batch is fine because batches
 * are drawn with replacement (class-balanced: class uniformly, then a row of it uniformly).
 */
public final class Gan {
    /** Fewest rows a class may have. */
    public static final int MIN_ROWS_PER_CLASS = 2;

    private Gan() {
    }

    /**
     * Trains on {@code data} with {@code config}, checkpointing into {@code outDir}; with {@code resume}
     * continues from the last checkpoint there and ends where an uninterrupted run ends (with no checkpoint
     * there, {@code resume} starts from scratch). Without {@code resume}, a folder that already holds a
     * checkpoint is an error.
     */
    public static GanModel train(TrainingSet data, GanConfig config, Path outDir, boolean resume,
                                 TrainingListener listener) {
        return train(data, config, outDir, resume, listener, null);
    }

    /**
     * As above; under {@link GanConfig.SelectBy#QUALITY} every {@code scoreEverySteps} steps (and at the last step
     * when no multiple of it was reached) the generator (its average when on) makes {@link SampleScorer#rowsPerClass}
     * rows per class with the same seed each time, {@code scorer} scores them, and the model keeps the
     * best-scoring snapshot ({@link GanModel#selectedStep}, {@link GanModel#qualityScores}); training itself runs
     * on to {@code steps} (or the Wasserstein early stop) unchanged. {@code scorer} is required then and ignored
     * otherwise.
     */
    public static GanModel train(TrainingSet data, GanConfig config, Path outDir, boolean resume,
                                 TrainingListener listener, SampleScorer scorer) {
        validate(data);
        boolean byQuality = config.selectBy() == GanConfig.SelectBy.QUALITY;
        if (byQuality && scorer == null) {
            throw new SpectroganException("gan.selectBy quality needs a quality scorer (held-out rows to score "
                    + "against); this caller has none: use selectBy wasserstein");
        }
        DiffAugment.PatchShape patchShape = DiffAugment.patchShape(data.featureNames());
        try {
            DiffAugment.checkApplicable(config.diffAugment(), patchShape);
        } catch (IllegalArgumentException e) {
            throw new SpectroganException(e.getMessage());
        }
        String engineName = Engines.canonicalName(config.engine());
        TrainingListener progress = listener == null ? TrainingListener.NONE : listener;
        boolean hasCheckpoint = Checkpoint.exists(outDir);
        if (hasCheckpoint && !resume) {
            throw SpectroganException.inFile(outDir, "already holds a trained model; pass --resume to continue it or choose another output folder");
        }
        String dataSha = dataSha256(data);
        ZScore normaliser = ZScore.fit(data.x(), ZScore.ConstantColumns.PIN);
        Checkpoint.Loaded previous = null;
        if (resume && hasCheckpoint) {
            previous = Checkpoint.read(outDir);
            checkResumable(previous, data, config, dataSha, outDir);
            normaliser = ZScore.of(previous.state().normalisationMean(), previous.state().normalisationStd(), ZScore.ConstantColumns.PIN);
        }
        float[][] rows = Gan.normalisedRows(data.x(), normaliser);
        // the anchor is fitted once, in double on the z-scored rows, and read back on resume
        RowAnchor anchor = config.anchor() == GanConfig.Anchor.NONE ? null : previous != null
                ? RowAnchor.read(previous) : RowAnchor.fit(config.anchor(), zRows(data.x(), normaliser),
                        data.classIndex(), data.classNames().size());
        Engine engine = Engines.get(engineName);
        Engines.setThreads(engine, config.threads());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("inputSha256", data.inputHashes());
        provenance.put("seed", config.seed());
        provenance.put("engine", engine.getEngineName() + " " + engine.getVersion());
        provenance.put("djl", Engine.getDjlVersion());
        provenance.put("device", Engines.device(engine).toString());
        provenance.putAll(Provenance.environment());
        Checkpoint.State meta = new Checkpoint.State(Checkpoint.FORMAT, Checkpoint.FORMAT_VERSION, 0, config,
                data.classNames(), data.featureNames(), normaliser.mean(), normaliser.std(), dataSha, null, null,
                null, "SplittableRandom(splitmix(seed, step*1024 + iteration + 1)) per critic/generator iteration",
                provenance);
        try (WganTrainer trainer = new WganTrainer(engine, config, rows, data.classIndex(), data.classNames().size(),
                patchShape, anchor)) {
            if (previous != null) {
                restore(trainer.state, previous);
            }
            int firstStep = trainer.state.step;
            int patience = config.earlyStopPatienceSteps();
            boolean stoppedBefore = previous != null && EarlyStopping.shouldStop(trainer.state.history, patience);
            boolean[] stopped = {stoppedBefore};
            progress.onTrainingBegin(firstStep, config.steps());
            if (byQuality && anchor != null && trainer.state.step == 0 && trainer.state.scores.isEmpty()) {
                // the anchored generator's step 0 is the anchor itself: a candidate like any later snapshot
                scoreSnapshot(trainer.state, meta, scorer, data.classNames().size());
            }
            if (!stoppedBefore) {
                trainer.run(step -> {
                    progress.onStep(trainer.state.history.get(trainer.state.history.size() - 1));
                    boolean stop = EarlyStopping.shouldStop(trainer.state.history, patience);
                    if (byQuality && (step % config.scoreEverySteps() == 0
                            || ((step == config.steps() || stop) && noScoreAfterStepZero(trainer.state)))) {
                        scoreSnapshot(trainer.state, meta, scorer, data.classNames().size());
                    }
                    if ((config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0) || step == config.steps()
                            || stop) {
                        Checkpoint.write(outDir, trainer.state, meta);
                        progress.onCheckpoint(step, outDir);
                    }
                    stopped[0] = stop && step < config.steps();
                    return !stop;
                });
            }
            if (trainer.state.step == firstStep && previous == null) {
                Checkpoint.write(outDir, trainer.state, meta);
                progress.onCheckpoint(trainer.state.step, outDir);
            }
            progress.onTrainingEnd(trainer.state.step, stopped[0]);
            LossHistory.write(outDir, trainer.state.history, trainer.state.scores);
        }
        return load(outDir);
    }

    /** Loads a trained model from its folder; a folder from another version or a corrupt one is a clear error. */
    public static GanModel load(Path modelDir) {
        if (!Files.isDirectory(modelDir)) {
            throw SpectroganException.inFile(modelDir, "no such model folder");
        }
        return new TrainedGenerator(modelDir, Checkpoint.read(modelDir));
    }

    private static void restore(TrainingState state, Checkpoint.Loaded loaded) {
        List<String> names = state.tensorNames();
        List<long[]> shapes = state.tensorShapes();
        for (int i = 0; i < names.size(); i++) {
            float[] v = loaded.tensor(names.get(i));
            long size = new ai.djl.ndarray.types.Shape(shapes.get(i)).size();
            if (v.length != size) {
                throw SpectroganException.inFile(loaded.directory().resolve("weights.bin"),
                        "tensor '" + names.get(i) + "' has " + v.length + " values, expected " + size);
            }
        }
        state.restore(loaded::tensor);
        state.restoreSelection(loaded.names()::contains, loaded::tensor);
        state.step = loaded.state().step();
        state.history.clear();
        state.history.addAll(loaded.history());
    }

    /**
     * Scores the generator of {@code state}'s current step (its average when on) and keeps it as the selected
     * snapshot when it beats every earlier score (ties keep the earlier step).
     */
    private static void scoreSnapshot(TrainingState state, Checkpoint.State meta, SampleScorer scorer, int classes) {
        List<float[]> tensors = state.generator.split(state.generatorAverage != null ? state.generatorAverage
                : state.generator.flat);
        int perClass = scorer.rowsPerClass();
        double[][] samples = new double[classes * perClass][];
        int[] labels = new int[samples.length];
        try (TrainedGenerator g = new TrainedGenerator(null, meta, List.of(), tensors, List.of(), state.anchor)) {
            for (int c = 0; c < classes; c++) {
                double[][] rows = g.generate(meta.classNames().get(c), perClass, meta.config().seed());
                for (int r = 0; r < perClass; r++) {
                    samples[c * perClass + r] = rows[r];
                    labels[c * perClass + r] = c;
                }
            }
        }
        float score = (float) scorer.score(samples, labels);
        if (!Float.isFinite(score)) {
            throw new SpectroganException("the quality scorer gave " + score + " at step " + state.step
                    + "; a score must be a finite number");
        }
        boolean best = state.scores.stream().allMatch(q -> score > q.score());
        state.scores.add(new QualityPoint(state.step, score));
        if (best) {
            state.selected = tensors;
        }
    }

    private static boolean noScoreAfterStepZero(TrainingState state) {
        return state.scores.stream().allMatch(q -> q.step() == 0);
    }

    static void checkResumable(Checkpoint.Loaded previous, TrainingSet data, GanConfig config,
                                       String dataSha, Path outDir) {
        Checkpoint.State s = previous.state();
        if (!s.dataSha256().equals(dataSha) || !s.classNames().equals(data.classNames())
                || !s.featureNames().equals(data.featureNames())) {
            throw SpectroganException.inFile(outDir, "cannot resume: the checkpoint was trained on different data");
        }
        GanConfig.ResumeKey stored = s.config().resumeKey();
        GanConfig.ResumeKey wanted = config.resumeKey();
        if (!stored.equals(wanted)) {
            throw SpectroganException.inFile(outDir, "cannot resume: the checkpoint's settings differ (" + stored
                    + " vs " + wanted + "); only --steps, --threads and --checkpoint-every may change");
        }
        if (s.step() > config.steps()) {
            throw SpectroganException.inFile(outDir, "cannot resume: the checkpoint is at step " + s.step()
                    + ", beyond --steps " + config.steps());
        }
    }

    static void validate(TrainingSet data) {
        int k = data.classNames().size();
        if (k < 2) {
            throw new SpectroganException("a conditional GAN needs at least two classes; the training rows have "
                    + k + (k == 1 ? " ('" + data.classNames().get(0) + "')" : ""));
        }
        if (data.x().length == 0) {
            throw new SpectroganException("no training rows");
        }
        int d = data.featureNames().size();
        if (d == 0) {
            throw new SpectroganException("no feature columns to train on");
        }
        int[] counts = new int[k];
        for (int i = 0; i < data.x().length; i++) {
            double[] row = data.x()[i];
            if (row.length != d) {
                throw new SpectroganException("training row " + (i + 1) + " has " + row.length + " values, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new SpectroganException("training row " + (i + 1) + ", feature '" + data.featureNames().get(j)
                            + "': " + row[j] + " is not finite");
                }
            }
            int c = data.classIndex()[i];
            if (c < 0 || c >= k) {
                throw new SpectroganException("training row " + (i + 1) + " has class index " + c + ", outside 0.." + (k - 1));
            }
            counts[c]++;
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] < MIN_ROWS_PER_CLASS) {
                throw new SpectroganException("class '" + data.classNames().get(c) + "' has " + counts[c]
                        + " training row" + (counts[c] == 1 ? "" : "s") + "; each class needs at least " + MIN_ROWS_PER_CLASS);
            }
        }
    }

    /** SHA-256 of the training rows, class indices, class and feature names (resume checks it). */
    static String dataSha256(TrainingSet data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(8);
            for (double[] row : data.x()) {
                for (double v : row) {
                    buf.clear();
                    md.update(buf.putDouble(v).array());
                }
            }
            for (int c : data.classIndex()) {
                buf.clear();
                md.update(buf.putLong(c).array());
            }
            md.update(String.join("\u0000", data.classNames()).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 1);
            md.update(String.join("\u0000", data.featureNames()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code x} z-scored column by column with {@code normaliser}, in double (what the anchor is fitted on). */
    static double[][] zRows(double[][] x, ZScore normaliser) {
        double[][] rows = new double[x.length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[x[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                rows[i][j] = normaliser.apply(j, x[i][j]);
            }
        }
        return rows;
    }

    /** {@code x} z-scored column by column with {@code normaliser}, in float32: the rows the trainers train on. */
    static float[][] normalisedRows(double[][] x, ZScore normaliser) {
        float[][] rows = new float[x.length][];
        for (int i = 0; i < rows.length; i++) {
            double[] r = x[i];
            rows[i] = new float[r.length];
            for (int j = 0; j < r.length; j++) {
                rows[i][j] = (float) normaliser.apply(j, r[j]);
            }
        }
        return rows;
    }
}
