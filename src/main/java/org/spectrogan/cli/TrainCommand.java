package org.spectrogan.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spectrogan.augment.GanSettings;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.Hashing;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.DiffAugment;
import org.spectrogan.gan.Gan;
import org.spectrogan.gan.LossPoint;
import org.spectrogan.gan.TrainingListener;
import org.spectrogan.gan.GanConfig;
import org.spectrogan.gan.GanModel;
import org.spectrogan.gan.SampleScorer;
import org.spectrogan.gan.TrainingSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spectrogan train}: trains the conditional WGAN on a features CSV. */
@Command(name = "train", mixinStandardHelpOptions = true, description = {
    "Train a conditional WGAN on a features CSV (label column + numeric feature columns).",
    "Checkpoints, loss.csv and loss.png go into --out; --resume continues from the last checkpoint there."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--features", required = true, paramLabel = "FILE.csv", description = "Features CSV to train on.")
    Path features;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder: new, empty, or one spectrogan wrote (--resume continues it, --overwrite starts it again).")
    Path out;

    @Option(names = "--label", defaultValue = "label", paramLabel = "COLUMN", description = "Label column (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--loss", defaultValue = "wgan-gp", paramLabel = "L", description = "wgan-gp (default) or wgan-clip.")
    String loss;

    @Option(names = "--steps", paramLabel = "N", description = "Generator steps (default 2000).")
    Integer steps;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size (default 64).")
    Integer batch;

    @Option(names = "--n-critic", paramLabel = "N", description = "Critic updates per generator step (default 5).")
    Integer nCritic;

    @Option(names = "--latent", paramLabel = "Z", description = "Noise dimensions (default 64).")
    Integer latent;

    @Option(names = "--hidden", paramLabel = "W,W", split = ",", description = "Hidden layer widths (default 256,256).")
    List<Integer> hidden;

    @Option(names = "--lr", paramLabel = "R", description = "Learning rate (default 1e-4 for wgan-gp, 5e-5 for wgan-clip).")
    Double learningRate;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--engine", defaultValue = "PyTorch", paramLabel = "E", description = "PyTorch (default) or MXNet.")
    String engine;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "T", description = "Intra-op threads (default ${DEFAULT-VALUE}; MXNet reads OMP_NUM_THREADS at start-up instead).")
    int threads;

    @Option(names = "--checkpoint-every", defaultValue = "500", paramLabel = "N", description = "Checkpoint every N steps (0: only at the end; default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--early-stop-patience", defaultValue = "0", paramLabel = "STEPS", description = "Stop early once the smoothed Wasserstein estimate has passed its peak and not reached a new low for STEPS steps (0: off; default ${DEFAULT-VALUE}).")
    int earlyStopPatienceSteps;

    @Option(names = "--critic", paramLabel = "KIND", description = "How the critic sees the class: projection (f = (w + E[y]) . phi(x) + b) or concat (one-hot joined to its input); default: "
            + "the library default.")
    String critic;

    @Option(names = "--ema-decay", paramLabel = "DECAY", description = "Average the generator's weights over training with this decay in [0, 1) and sample from the average (0: off; default: the library default).")
    Double emaDecay;

    @Option(names = "--aux-classifier-weight", paramLabel = "WEIGHT", description = "Weight of an auxiliary classifier (AC-GAN) on the critic's features: cross-entropy of the real rows in the critic loss and of the generated rows against their class in the generator loss; >= 0, needs --critic projection (0: off; default: the library default).")
    Double auxClassifierWeight;

    @Option(names = "--anchor", paramLabel = "KIND", description = "What the generator's output is added to: none; gaussian (the class-conditional Gaussian of the training rows, Ledoit-Wolf covariance); smote or mixup (a point between real training rows of the class, drawn as the smote / mixup augmenter draws; the model then stores its training rows). The generator learns a residual on it and starts at it; default: the library default.")
    String anchor;

    @Option(names = "--generator-conditioning", paramLabel = "KIND", description = "How the generator sees the class: embedding (a learned class embedding joined to the noise) or onehot; default: the library default.")
    String generatorConditioning;

    @Option(names = "--ema-warmup", negatable = true, description = "Warm the weight average up (decay min(--ema-decay, (1 + t) / (10 + t)) after update t), so "
            + "the initial weights do not linger; --no-ema-warmup: the plain decay from the first step (default on; only with --ema-decay > 0).")
    Boolean emaWarmup;

    @Option(names = "--select-by", paramLabel = "WHICH", description = "Which generator is kept: wasserstein (the last step; default) or quality "
            + "(the best-scoring snapshot: 25%% of the CSV's groups are held out and score label fidelity and per-class MMD every "
            + "--score-every-steps steps; the GAN trains on the other groups; needs a group column).")
    String selectBy;

    @Option(names = "--score-every-steps", paramLabel = "N", description = "Generator steps between two quality scores under --select-by quality (default 100).")
    Integer scoreEverySteps;

    @Option(names = "--judge", defaultValue = "logreg", paramLabel = "CLASSIFIER", description = "The classifier (trained on the GAN's rows) whose label "
            + "fidelity scores the snapshots under --select-by quality (default ${DEFAULT-VALUE}).")
    String judge;

    @Option(names = "--beta1", paramLabel = "B", description = "Adam's beta1 in [0, 1) (default 0).")
    Double beta1;

    @Option(names = "--beta2", paramLabel = "B", description = "Adam's beta2 in [0, 1) (default 0.9 for wgan-gp).")
    Double beta2;

    @Option(names = "--lambda", paramLabel = "L", description = "Gradient-penalty weight, >= 0 (default 10 for wgan-gp).")
    Double lambda;

    @Option(names = "--clip", paramLabel = "C", description = "Critic weight clip (default 0.01 for wgan-clip).")
    Double clip;

    @Option(names = "--diff-augment", paramLabel = "KEY=V", split = ",", description = "Differentiable augmentation of the rows the critic sees, "
            + "e.g. noise=0.1,scale=0.1 (keys: noise, scale, mixup, timeShift, timeMask, frequencyMask; a key left out is 0; default off).")
    Map<String, Double> diffAugment;

    @Option(names = "--resume", description = "Continue from the last checkpoint in --out.")
    boolean resume;

    @Option(names = "--overwrite", description = "Start again in a model folder spectrogan wrote before (its old model is deleted); a folder of other files is never touched.")
    boolean overwrite;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        device.apply();
        GanConfig config = config();
        if (resume && overwrite) {
            throw new SpectroganException("--resume and --overwrite exclude each other: continue the model in --out, or start it again");
        }
        checkOutput(out, resume, overwrite);
        FeatureTable table = FeatureTable.read(features, label);
        checkClasses(table);
        Map<String, String> hashes = Map.of(features.toString(), Hashing.sha256(features));
        TrainingSet data = trainingSet(table, hashes);
        SampleScorer scorer = null;
        String scoredOn = null;
        if (config.selectBy() == GanConfig.SelectBy.QUALITY) {
            GanSettings.QualityRows q = qualityRows(table, config);
            data = trainingSet(q.gan(), hashes);
            scorer = q.scorer();
            scoredOn = String.format(java.util.Locale.ROOT, "%d rows of %d groups (the GAN trained on %d rows of the other %d)",
                    q.heldOut().size(), groups(q.heldOut()), q.gan().size(), groups(q.gan()));
        }
        prepareOutput(out, overwrite);
        try (ProgressBar bar = quiet ? null : new ProgressBarBuilder().setTaskName("train").setInitialMax(config.steps())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build()) {
            long started = System.nanoTime();
            int[] first = {0};
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onTrainingBegin(int firstStep, int totalSteps) {
                    first[0] = firstStep;
                }

                @Override
                public void onStep(LossPoint p) {
                    if (bar != null) {
                        double rate = (p.step() - first[0]) / Math.max((System.nanoTime() - started) / 1e9, 1e-9);
                        bar.stepTo(p.step());
                        bar.setExtraMessage(String.format("W %.4f critic %.4f penalty %.4f %.0f steps/s",
                                p.wassersteinEstimate(), p.criticLoss(), p.gradientPenalty(), rate));
                    }
                }
            };
            try (GanModel model = Gan.train(data, config, out, resume, listener, scorer)) {
                List<org.spectrogan.gan.LossPoint> h = model.lossHistory();
                double lastW = h.isEmpty() ? 0 : h.get(h.size() - 1).wassersteinEstimate();
                if (bar != null) {
                    bar.close();
                }
                System.out.printf("trained %s on %d rows, %d classes, %d features: %d steps; last W estimate %.4f%n",
                        config.loss().cliName(), data.x().length, data.classNames().size(), data.featureNames().size(),
                        h.size(), lastW);
                if (scorer != null) {
                    double score = model.qualityScores().stream().filter(p -> p.step() == model.selectedStep())
                            .mapToDouble(org.spectrogan.gan.QualityPoint::score).findFirst().orElse(Double.NaN);
                    System.out.printf(java.util.Locale.ROOT, "kept the generator of step %d (quality score %.4f, the best of %d "
                            + "scores every %d steps on %s; the curve in quality.csv)%n", model.selectedStep(), score,
                            model.qualityScores().size(), config.scoreEverySteps(), scoredOn);
                }
                System.out.println("model: " + model.directory());
            }
        }
        return 0;
    }

    /** The file every model folder holds: names the newest checkpoint. */
    private static final String LATEST = "LATEST";

    /**
     * Checks, before the data is read, that {@code out} may be trained into: absent, empty, or a folder
     * spectrogan wrote (the output marker, or a model's LATEST file). A folder of the user's files is refused
     * whatever the flags, so no loss.csv or checkpoint ever lands among them; a trained model is replaced only
     * with --overwrite and continued only with --resume.
     */
    static void checkOutput(Path out, boolean resume, boolean overwrite) {
        if (!java.nio.file.Files.exists(out)) {
            return;
        }
        if (!java.nio.file.Files.isDirectory(out)) {
            throw new SpectroganException(out + ": exists and is not a folder; --out names the model folder");
        }
        boolean model = java.nio.file.Files.isRegularFile(out.resolve(LATEST));
        if (AtomicFiles.isEmptyFolder(out)) {
            return;
        }
        if (!AtomicFiles.isOwned(out) && !model) {
            throw new SpectroganException(out + ": holds files spectrogan did not write (no " + AtomicFiles.MARKER
                    + " file in it); train into a new or empty folder (--overwrite never replaces a user's folder)");
        }
        if (model && !resume && !overwrite) {
            throw new SpectroganException(out + ": already holds a trained model; pass --resume to continue it, "
                    + "--overwrite to train it again, or choose another --out");
        }
    }

    /** Creates the model folder with the output marker; with --overwrite an old model of spectrogan's is deleted first. */
    static void prepareOutput(Path out, boolean overwrite) {
        try {
            if (overwrite && java.nio.file.Files.isDirectory(out) && !AtomicFiles.isEmptyFolder(out)) {
                checkOutput(out, false, true);
                AtomicFiles.deleteTree(out);
            }
            java.nio.file.Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new SpectroganException(out + ": cannot create the model folder (" + e.getMessage() + ")", e);
        }
        if (!AtomicFiles.isOwned(out)) {
            AtomicFiles.writeMarker(out, "train");
        }
    }

    /** At least two classes with {@link Gan#MIN_ROWS_PER_CLASS} rows each, said naming the features file. */
    private void checkClasses(FeatureTable table) {
        Map<String, Integer> counts = table.countsByLabel();
        if (counts.size() < 2) {
            throw SpectroganException.inFile(features, "a conditional GAN needs at least two classes; column '" + label
                    + "' has " + (counts.isEmpty() ? "none (no rows)" : "only '" + counts.keySet().iterator().next()
                    + "' (" + table.size() + " rows)"));
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() < Gan.MIN_ROWS_PER_CLASS) {
                throw SpectroganException.inFile(features, "class '" + e.getKey() + "' has " + e.getValue()
                        + " training row" + (e.getValue() == 1 ? "" : "s") + "; each class needs at least "
                        + Gan.MIN_ROWS_PER_CLASS);
            }
        }
    }

    /**
     * The quality split of the features CSV's rows under --select-by quality (whole groups held out to score the
     * snapshots, as augment does); a one-line error naming the file when it cannot be made (no group column, too few
     * groups, a class left without rows on a side).
     */
    private GanSettings.QualityRows qualityRows(FeatureTable table, GanConfig config) {
        if (groups(table) < 2) {
            throw SpectroganException.inFile(features, "--select-by quality holds out whole groups of rows to score the GAN's "
                    + "snapshots, but the rows have " + (groups(table) == 1 && !table.rows().get(0).group().isEmpty()
                    ? "one group" : "no group column") + "; add a group column (e.g. the recording) or use --select-by wasserstein");
        }
        try {
            return GanSettings.qualityRows(table, table.labels(), Classifiers.byName(judge), config.seed());
        } catch (SpectroganException e) {
            throw SpectroganException.inFile(features, e.getMessage(), e);
        }
    }

    private static int groups(FeatureTable t) {
        return (int) t.rows().stream().map(FeatureTable.Row::group).distinct().count();
    }

    /** The GanConfig key an error message starts with -> this command's flag. */
    private static final Map<String, String> FLAGS = flags();

    private static Map<String, String> flags() {
        Map<String, String> m = new LinkedHashMap<>();
        String[][] pairs = {{"diffAugment.", "--diff-augment "}, {"selectBy", "--select-by"}, {"scoreEverySteps", "--score-every-steps"},
            {"emaDecay", "--ema-decay"}, {"steps", "--steps"}, {"batch", "--batch"}, {"nCritic", "--n-critic"}, {"latent", "--latent"},
            {"hidden", "--hidden"}, {"learningRate", "--lr"}, {"beta1", "--beta1"}, {"beta2", "--beta2"}, {"lambda", "--lambda"},
            {"clip", "--clip"}, {"engine", "--engine"}, {"threads", "--threads"}, {"checkpointEvery", "--checkpoint-every"},
            {"earlyStopPatienceSteps", "--early-stop-patience"}, {"critic", "--critic"}, {"auxClassifierWeight", "--aux-classifier-weight"},
            {"generatorConditioning", "--generator-conditioning"}, {"anchor", "--anchor"}, {"loss", "--loss"}};
        for (String[] p : pairs) {
            m.put(p[0], p[1]);
        }
        return m;
    }

    /** A GanConfig message with its key replaced by the flag, e.g. "--score-every-steps must be >= 1 generator steps, got 0". */
    static String withFlag(String message) {
        for (var e : FLAGS.entrySet()) {
            String key = e.getKey();
            if (message.startsWith(key) && (key.endsWith(".") || message.startsWith(key + " "))) {
                return e.getValue() + message.substring(key.length());
            }
        }
        return message;
    }

    private static final List<String> DIFF_AUGMENT_KEYS = List.of("noise", "scale", "mixup", "timeShift", "timeMask", "frequencyMask");

    private DiffAugment.Strength diffAugmentStrength() {
        for (String k : diffAugment.keySet()) {
            if (!DIFF_AUGMENT_KEYS.contains(k)) {
                throw new SpectroganException("--diff-augment: unknown key '" + k + "' (keys: " + String.join(", ", DIFF_AUGMENT_KEYS) + ")");
            }
        }
        return new DiffAugment.Strength(diffAugment.getOrDefault("noise", 0.0), diffAugment.getOrDefault("scale", 0.0),
                diffAugment.getOrDefault("mixup", 0.0), diffAugment.getOrDefault("timeShift", 0.0),
                diffAugment.getOrDefault("timeMask", 0.0), diffAugment.getOrDefault("frequencyMask", 0.0));
    }

    GanConfig config() {
        GanConfig.Loss l;
        try {
            l = GanConfig.Loss.parse(loss);
        } catch (IllegalArgumentException e) {
            throw new SpectroganException("--loss: " + e.getMessage());
        }
        GanConfig.Builder b = GanConfig.builder().setLoss(l).optSeed(seed).optEngine(engine).optThreads(threads)
                .optCheckpointEvery(checkpointEvery).optEarlyStopPatienceSteps(earlyStopPatienceSteps);
        java.util.Optional.ofNullable(steps).ifPresent(b::optSteps);
        java.util.Optional.ofNullable(batch).ifPresent(b::optBatchSize);
        java.util.Optional.ofNullable(nCritic).ifPresent(b::optNCritic);
        java.util.Optional.ofNullable(latent).ifPresent(b::optLatentDim);
        java.util.Optional.ofNullable(hidden).ifPresent(b::optHidden);
        java.util.Optional.ofNullable(learningRate).ifPresent(b::optLearningRate);
        java.util.Optional.ofNullable(beta1).ifPresent(b::optBeta1);
        java.util.Optional.ofNullable(beta2).ifPresent(b::optBeta2);
        java.util.Optional.ofNullable(lambda).ifPresent(b::optGradientPenaltyLambda);
        java.util.Optional.ofNullable(clip).ifPresent(b::optClipValue);
        java.util.Optional.ofNullable(scoreEverySteps).ifPresent(b::optScoreEverySteps);
        java.util.Optional.ofNullable(emaWarmup).ifPresent(b::optEmaWarmup);
        try {
            java.util.Optional.ofNullable(critic).map(GanConfig.Critic::parse).ifPresent(b::optCritic);
            java.util.Optional.ofNullable(emaDecay).ifPresent(b::optEmaDecay);
            java.util.Optional.ofNullable(auxClassifierWeight).ifPresent(b::optAuxClassifierWeight);
            java.util.Optional.ofNullable(generatorConditioning).map(GanConfig.GeneratorConditioning::parse)
                    .ifPresent(b::optGeneratorConditioning);
            java.util.Optional.ofNullable(selectBy).ifPresent(b::optSelectBy);
            java.util.Optional.ofNullable(anchor).ifPresent(b::optAnchor);
            if (diffAugment != null) {
                b.optDiffAugment(diffAugmentStrength());
            }
            GanConfig c = b.build();
            if (c.selectBy() == GanConfig.SelectBy.QUALITY) {
                try {
                    Classifiers.byName(judge);
                } catch (SpectroganException e) {
                    throw new SpectroganException("--judge: " + e.getMessage(), e);
                }
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw new SpectroganException(withFlag(e.getMessage()));
        }
    }

    /** The table's rows as a GAN training set: classes sorted by name. */
    static TrainingSet trainingSet(FeatureTable table, Map<String, String> inputHashes) {
        List<String> classes = table.labels();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String c : classes) {
            index.put(c, index.size());
        }
        int[] cls = new int[table.size()];
        List<FeatureTable.Row> rows = table.rows();
        for (int i = 0; i < cls.length; i++) {
            cls[i] = index.get(rows.get(i).label());
        }
        return new TrainingSet(table.matrix(), cls, new ArrayList<>(classes), table.featureNames(), inputHashes);
    }
}
