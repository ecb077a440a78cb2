package org.spectrogan.augment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.common.StrictJson;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.gan.GanConfig;

/**
 * A pipeline file ({@code pipelines/*.json}) as validated records. Every section but {@code input},
 * {@code adapter} and {@code features} has defaults; an unknown key anywhere is an error naming the key and
 * the file. Relative paths are resolved against the pipeline file's folder, the repository root the file lives
 * in, and the working folder, in that order (the first that exists wins).
 */
public record PipelineConfig(Path file, String name, String description, Path dataPath, Path adapterPath,
                             ObjectNode features, List<String> classes, Split split, GanSection gan,
                             Synthesis synthesis, QualityGate qualityGate, Evaluation evaluation,
                             Validation validation, boolean force, int smoothingWindows, int maxRows) {

    /** With --quick, larger datasets are cut to about this many rows (stratified by class and group). */
    public static final int QUICK_MAX_ROWS = 1200;
    /** With --quick (and no --steps), every GAN trains this many steps. */
    public static final int QUICK_GAN_STEPS = 150;

    public PipelineConfig {
        classes = classes == null ? List.of() : List.copyOf(classes);
    }

    /**
     * This configuration under a command-line budget, resolved once before any work: {@code --steps} replaces
     * every GAN's steps (the sweep's too); {@code --quick} trains {@link #QUICK_GAN_STEPS} steps, cuts the rows to
     * about {@link #QUICK_MAX_ROWS}, runs at most 2 evaluation repeats, 1 validation repeat and the sweep at 25%
     * only. The result is validated like the file itself.
     */
    public PipelineConfig under(Pipeline.Budget budget) {
        if (budget.ganSteps() <= 0 && !budget.quick()) {
            return this;
        }
        boolean quick = budget.quick();
        GanSection g = gan.withSteps(budget.ganSteps() > 0 ? budget.ganSteps() : QUICK_GAN_STEPS);
        Evaluation e = new Evaluation(evaluation.classifiers(), quick ? Math.min(2, evaluation.repeats()) : evaluation.repeats(),
                quick ? List.of(0.25) : evaluation.fractions(), evaluation.lowDataSweep(), null, evaluation.ceiling(),
                evaluation.protocol(), quick && evaluation.averaged() != null ? evaluation.averaged().quick() : evaluation.averaged());
        Validation v = new Validation(validation.fraction(), validation.minGainPoints(), quick ? 1 : validation.repeats(),
                validation.folds());
        PipelineConfig c = new PipelineConfig(file, name, description, dataPath, adapterPath, features, classes, split,
                g, synthesis, qualityGate, e, v, force, smoothingWindows, quick ? QUICK_MAX_ROWS : maxRows);
        c.ganConfig();
        return c;
    }

    /** The GAN settings of the written dataset and of every fold (validated; errors name the file and the key). */
    public GanConfig ganConfig() {
        return GanSettings.config(gan, file);
    }

    /** The GAN settings of the low-data sweep: {@link #ganConfig()} with {@code evaluation.sweepGanSteps} if set. */
    public GanConfig sweepGanConfig() {
        Integer s = evaluation.sweepGanSteps();
        return s == null ? ganConfig() : ganConfig().withSteps(s);
    }

    /** The file as written: what Jackson binds before paths are resolved. */
    record Raw(String name, String description, Input input, String adapter, ObjectNode features,
               List<String> classes, Split split, GanSection gan, Synthesis synthesis, QualityGate qualityGate,
               Evaluation evaluation, Validation validation, Boolean force, Smoothing smoothing) {
    }

    /** Optional: mean of each row with its neighbouring windows (same group and label); 1 = off. */
    public record Smoothing(Integer windows) {
        public Smoothing {
            windows = windows == null ? 1 : windows;
            if (windows < 1) {
                throw new IllegalArgumentException("smoothing.windows must be >= 1, got " + windows);
            }
        }
    }

    /** Where the recordings are. */
    public record Input(String data) {
    }

    /**
     * The group split. Either {@code testFraction} (share of the rows, taken as whole groups) or {@code folds}
     * (K group folds: every fold is evaluated and the gain pools their trials; the first fold is the test part of
     * the written dataset). With neither given the split is automatic ({@link #automatic()}): K = {@link #AUTO_FOLDS}
     * group folds when every class has at least {@link #AUTO_MIN_GROUPS_PER_CLASS} groups, else a test fraction of
     * {@link #DEFAULT_TEST_FRACTION}. {@code blockSeconds} > 0 regroups
     * every recording into contiguous time blocks (for a single-recording dataset); windows that cross a block
     * edge are dropped so no two overlapping windows fall into different groups.
     */
    public record Split(Double testFraction, Integer folds, Long seed, Double blockSeconds, Boolean blocksAcrossRecordings) {
        /** Folds of the automatic split, when every class has {@link #AUTO_MIN_GROUPS_PER_CLASS} groups or more. */
        public static final int AUTO_FOLDS = 5;
        public static final int AUTO_MIN_GROUPS_PER_CLASS = 10;
        /** The test fraction of the automatic split with fewer groups (and of {@code folds: 0}). */
        public static final double DEFAULT_TEST_FRACTION = 0.25;

        public Split {
            blocksAcrossRecordings = blocksAcrossRecordings != null && blocksAcrossRecordings;
            testFraction = testFraction == null ? (folds != null && folds == 0 ? DEFAULT_TEST_FRACTION : null) : testFraction;
            folds = folds == null ? 0 : folds;
            seed = seed == null ? 7L : seed;
            blockSeconds = blockSeconds == null ? 0.0 : blockSeconds;
            if (testFraction != null && folds > 0) {
                throw new IllegalArgumentException("split: give either testFraction or folds, not both");
            }
            if (testFraction != null && !(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("split.testFraction must be between 0 and 1 (exclusive), got " + testFraction);
            }
            if (folds == 1 || folds < 0) {
                throw new IllegalArgumentException("split.folds must be >= 2 (or 0 for a test fraction), got " + folds);
            }
            if (!(blockSeconds >= 0) || !Double.isFinite(blockSeconds)) {
                throw new IllegalArgumentException("split.blockSeconds must be >= 0 s, got " + blockSeconds);
            }
        }

        /** Neither testFraction nor folds given: the pipeline picks folds or a test fraction from the groups. */
        public boolean automatic() {
            return testFraction == null && folds == 0;
        }

        /**
         * The folds to use on rows whose fewest groups in one class is {@code fewestGroupsPerClass}: the configured
         * folds, or for an automatic split {@link #AUTO_FOLDS} when that is at least {@link #AUTO_MIN_GROUPS_PER_CLASS},
         * else 0 (a test fraction).
         */
        public int foldsFor(int fewestGroupsPerClass) {
            if (!automatic()) {
                return folds;
            }
            return fewestGroupsPerClass >= AUTO_MIN_GROUPS_PER_CLASS ? AUTO_FOLDS : 0;
        }

        /** The test fraction when no folds are used: the configured one, or {@link #DEFAULT_TEST_FRACTION}. */
        public double testFractionOrDefault() {
            return testFraction == null ? DEFAULT_TEST_FRACTION : testFraction;
        }

        /** The share of rows that goes to test: the test fraction, or 1/K for K folds (automatic: as with few groups). */
        public double effectiveTestFraction() {
            return folds > 0 ? 1.0 / folds : testFractionOrDefault();
        }
    }

    /** GAN settings over {@link org.spectrogan.gan.GanConfig#defaults}; null keeps the default. */
    public record GanSection(String loss, Integer steps, Integer batch, Integer nCritic, Integer latent,
                             List<Integer> hidden, Double learningRate, Double beta1, Double beta2,
                             Double lambda, Double clip, Long seed, String engine, Integer threads,
                             Integer checkpointEvery, Integer earlyStopPatienceSteps, String critic,
                             Double emaDecay, String generatorConditioning) {
        public GanSection {
            if (critic != null && !critic.equals("projection") && !critic.equals("concat")) {
                throw new IllegalArgumentException("gan.critic must be projection or concat, got '" + critic + "'");
            }
            if (generatorConditioning != null && !generatorConditioning.equals("embedding")
                    && !generatorConditioning.equals("onehot")) {
                throw new IllegalArgumentException("gan.generatorConditioning must be embedding or onehot, got '"
                        + generatorConditioning + "'");
            }
            if (emaDecay != null && !(emaDecay >= 0 && emaDecay < 1)) {
                throw new IllegalArgumentException("gan.emaDecay must be in [0, 1) (0 = off), got " + emaDecay);
            }
            if (loss != null && !loss.equals("wgan-gp") && !loss.equals("wgan-clip")) {
                throw new IllegalArgumentException("gan.loss must be wgan-gp or wgan-clip, got '" + loss + "'");
            }
            atLeast("gan.steps", steps, 1, "generator steps");
            atLeast("gan.batch", batch, 2, "rows");
            atLeast("gan.nCritic", nCritic, 1, "critic iterations per generator step");
            atLeast("gan.latent", latent, 1, "dimensions");
            atLeast("gan.threads", threads, 1, "threads");
            atLeast("gan.checkpointEvery", checkpointEvery, 0, "steps (0 = only at the end)");
            atLeast("gan.earlyStopPatienceSteps", earlyStopPatienceSteps, 0, "steps (0 = off)");
            if (hidden != null) {
                hidden = List.copyOf(hidden);
                if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1)) {
                    throw new IllegalArgumentException("gan.hidden must list one or more layer widths >= 1 unit, got " + hidden);
                }
            }
            if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
                throw new IllegalArgumentException("gan.learningRate must be > 0 (per step), got " + learningRate);
            }
            for (var b : new Object[][] {{"gan.beta1", beta1}, {"gan.beta2", beta2}}) {
                Double v = (Double) b[1];
                if (v != null && !(v >= 0 && v < 1)) {
                    throw new IllegalArgumentException(b[0] + " must be in [0, 1), got " + v);
                }
            }
            if (lambda != null && !(lambda >= 0 && Double.isFinite(lambda))) {
                throw new IllegalArgumentException("gan.lambda must be >= 0 (gradient-penalty weight), got " + lambda);
            }
            if (clip != null && !(clip > 0 && Double.isFinite(clip))) {
                throw new IllegalArgumentException("gan.clip must be > 0 (weight-clipping bound), got " + clip);
            }
            if (engine != null && engine.isBlank()) {
                throw new IllegalArgumentException("gan.engine must name an engine (e.g. PyTorch), got '" + engine + "'");
            }
        }

        private static void atLeast(String key, Integer v, int min, String unit) {
            if (v != null && v < min) {
                throw new IllegalArgumentException(key + " must be >= " + min + " " + unit + ", got " + v);
            }
        }

        /** This section with {@code steps} replaced (a command-line budget). */
        GanSection withSteps(int newSteps) {
            return new GanSection(loss, newSteps, batch, nCritic, latent, hidden, learningRate, beta1, beta2, lambda,
                    clip, seed, engine, threads, checkpointEvery, earlyStopPatienceSteps, critic, emaDecay,
                    generatorConditioning);
        }

        static GanSection empty() {
            return new GanSection(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null);
        }
    }

    /** How many synthetic rows per class: {@code balance}, {@code ratio} (k per real row) or {@code counts}. */
    public record Synthesis(String mode, Double ratio, Map<String, Integer> counts, Long seed,
                            @com.fasterxml.jackson.annotation.JsonFormat(with = com.fasterxml.jackson.annotation.JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                            List<String> augmenter) {
        /** The augmenter of a pipeline that names none. */
        public static final String DEFAULT_AUGMENTER = "cwgan";
        /** The {@code synthesis.augmenter} value that lets the do-no-harm check choose. */
        public static final String AUTO = "auto";

        /** Every name {@code synthesis.augmenter} accepts. */
        public static List<String> augmenterNames() {
            List<String> names = new ArrayList<>();
            names.add(DEFAULT_AUGMENTER);
            names.addAll(org.spectrogan.augment.augmenters.Augmenters.NAMES);
            names.add(AUTO);
            return names;
        }

        public Synthesis(String mode, Double ratio, Map<String, Integer> counts, Long seed) {
            this(mode, ratio, counts, seed, null);
        }

        public Synthesis {
            augmenter = augmenter == null ? List.of(DEFAULT_AUGMENTER) : List.copyOf(augmenter);
            if (augmenter.isEmpty()) {
                throw new IllegalArgumentException("synthesis.augmenter must name at least one augmenter (known: "
                        + String.join(", ", augmenterNames()) + ")");
            }
            for (String a : augmenter) {
                if (!augmenterNames().contains(a)) {
                    throw new IllegalArgumentException("synthesis.augmenter: unknown augmenter '" + (a.length() <= 80 ? a : a.substring(0, 77) + "...")
                            + "' (known: " + String.join(", ", augmenterNames()) + ")");
                }
            }
            if (new java.util.HashSet<>(augmenter).size() < augmenter.size()) {
                throw new IllegalArgumentException("synthesis.augmenter names an augmenter twice: " + augmenter);
            }
            if (augmenter.equals(List.of(AUTO))) {
                // auto alone: choose among every augmenter
                List<String> all = new ArrayList<>(augmenterNames());
                all.remove(AUTO);
                all.add(0, AUTO);
                augmenter = List.copyOf(all);
            }
            mode = mode == null ? "ratio" : mode;
            seed = seed == null ? 11L : seed;
            counts = counts == null ? Map.of() : Map.copyOf(counts);
            switch (mode) {
                case "balance" -> {
                    ratio = ratio == null ? 0.0 : ratio;
                }
                case "ratio" -> {
                    ratio = ratio == null ? 1.0 : ratio;
                    if (!(ratio > 0) || !Double.isFinite(ratio)) {
                        throw new IllegalArgumentException("synthesis.ratio must be > 0 synthetic rows per real row, got " + ratio);
                    }
                }
                case "counts", "upTo" -> {
                    ratio = 0.0;
                    if (counts.isEmpty()) {
                        throw new IllegalArgumentException("synthesis.mode " + mode + " needs synthesis.counts {class: rows}");
                    }
                    for (var e : counts.entrySet()) {
                        if (e.getValue() == null || e.getValue() < 0) {
                            throw new IllegalArgumentException("synthesis.counts." + e.getKey() + " must be >= 0 rows, got " + e.getValue());
                        }
                    }
                }
                default -> throw new IllegalArgumentException("synthesis.mode must be balance, ratio, counts or upTo, got '" + mode + "'");
            }
        }

        /** True when the do-no-harm check chooses the augmenter ({@code "auto"} listed). */
        public boolean auto() {
            return augmenter.contains(AUTO);
        }

        /**
         * The augmenters named, without {@code auto}, in the order given. Without auto the first one makes the
         * written rows and the others are measured beside it over the same trials; with auto the check chooses
         * among these ({@code none} always among them).
         */
        public List<String> augmenters() {
            List<String> out = new ArrayList<>(augmenter);
            out.remove(AUTO);
            if (auto() && !out.contains("none")) {
                out.add("none");
            }
            return List.copyOf(out);
        }
    }

    /**
     * Luo and Lu's selective augmentation: drop a synthetic row when a classifier trained on the real train rows
     * gives another class a probability of at least {@code confidence}, or when its distance to the class mean
     * (z-scored features) is beyond the {@code radiusPercentile} percentile of the real rows' distances.
     */
    public record QualityGate(Boolean enabled, Double confidence, Double radiusPercentile) {
        public QualityGate {
            enabled = enabled == null || enabled;
            confidence = confidence == null ? 0.9 : confidence;
            radiusPercentile = radiusPercentile == null ? 95.0 : radiusPercentile;
            if (!(confidence > 0 && confidence <= 1)) {
                throw new IllegalArgumentException("qualityGate.confidence must be in (0, 1], got " + confidence);
            }
            if (!(radiusPercentile > 0 && radiusPercentile <= 100)) {
                throw new IllegalArgumentException("qualityGate.radiusPercentile must be in (0, 100], got " + radiusPercentile);
            }
        }
    }

    /**
     * The gain evaluation: classifiers, repeats and the low-data fractions of the real train rows. {@code ceiling}
     * (default on) also measures, at every sweep fraction below 1, the gain of adding held-back REAL train rows
     * in the planned synthetic amount instead of synthetic rows: the most a perfect generator could add there.
     */
    public record Evaluation(List<String> classifiers, Integer repeats, List<Double> fractions, Boolean lowDataSweep,
                             Integer sweepGanSteps, Boolean ceiling, String protocol, Averaged averaged) {
        /** The ordinary protocol (row trials and a row-fraction sweep) with the keys of before. */
        public Evaluation(List<String> classifiers, Integer repeats, List<Double> fractions, Boolean lowDataSweep,
                          Integer sweepGanSteps, Boolean ceiling) {
            this(classifiers, repeats, fractions, lowDataSweep, sweepGanSteps, ceiling, null, null);
        }

        public Evaluation {
            protocol = protocol == null ? "ordinary" : protocol;
            if (!protocol.equals("ordinary") && !protocol.equals("averaged")) {
                throw new IllegalArgumentException("evaluation.protocol must be ordinary or averaged, got '" + protocol + "'");
            }
            if (averaged != null && !protocol.equals("averaged")) {
                throw new IllegalArgumentException("evaluation.averaged is given but evaluation.protocol is '" + protocol
                        + "'; set protocol to averaged or drop the section");
            }
            if (protocol.equals("averaged") && averaged == null) {
                averaged = new Averaged(null, null, null, null);
            }
            ceiling = ceiling == null || ceiling;
            classifiers = classifiers == null ? List.of("logistic") : List.copyOf(classifiers);
            repeats = repeats == null ? 5 : repeats;
            fractions = fractions == null ? List.of(0.1, 0.25, 0.5, 1.0) : List.copyOf(fractions);
            lowDataSweep = lowDataSweep == null || lowDataSweep;
            if (classifiers.isEmpty()) {
                throw new IllegalArgumentException("evaluation.classifiers must name at least one classifier");
            }
            for (String c : classifiers) {
                try {
                    Classifiers.byName(c);
                } catch (RuntimeException ex) {
                    throw new IllegalArgumentException("evaluation.classifiers: " + ex.getMessage(), ex);
                }
            }
            if (repeats < 1) {
                throw new IllegalArgumentException("evaluation.repeats must be >= 1, got " + repeats);
            }
            for (double f : fractions) {
                if (!(f > 0 && f <= 1)) {
                    throw new IllegalArgumentException("evaluation.fractions must be in (0, 1], got " + f);
                }
            }
            if (sweepGanSteps != null && sweepGanSteps < 1) {
                throw new IllegalArgumentException("evaluation.sweepGanSteps must be >= 1, got " + sweepGanSteps);
            }
        }
    }

    /**
     * The participant-averaged protocol's settings ({@link AveragedProtocol}): the sweep over the number of training
     * participants drawn per repeat from a pool of {@code poolParticipants} train groups; {@code syntheticRatio}
     * synthetic participants per class per real training participant (k = round(ratio x P), at least 1); the
     * baselines, augmenter names (oversample and noise act on participant averages, the others on trials).
     */
    public record Averaged(List<Integer> trainParticipants, Integer poolParticipants, Double syntheticRatio,
                           List<String> baselines) {
        /** Under --quick: the smallest participant count only. */
        Averaged quick() {
            return new Averaged(List.of(trainParticipants.stream().min(Integer::compare).orElseThrow()), poolParticipants,
                    syntheticRatio, baselines);
        }

        public Averaged {
            trainParticipants = trainParticipants == null ? List.of(5, 10, 15, 20) : List.copyOf(trainParticipants);
            poolParticipants = poolParticipants == null ? 20 : poolParticipants;
            syntheticRatio = syntheticRatio == null ? 1.0 : syntheticRatio;
            baselines = baselines == null ? List.of("oversample", "noise") : List.copyOf(baselines);
            if (trainParticipants.isEmpty()) {
                throw new IllegalArgumentException("evaluation.averaged.trainParticipants must list at least one count");
            }
            for (int p : trainParticipants) {
                if (p < 1 || p > poolParticipants) {
                    throw new IllegalArgumentException("evaluation.averaged.trainParticipants must be between 1 and poolParticipants ("
                            + poolParticipants + ") participants, got " + p);
                }
            }
            if (poolParticipants < 1) {
                throw new IllegalArgumentException("evaluation.averaged.poolParticipants must be >= 1 participants, got " + poolParticipants);
            }
            if (!(syntheticRatio > 0) || !Double.isFinite(syntheticRatio)) {
                throw new IllegalArgumentException("evaluation.averaged.syntheticRatio must be > 0 synthetic participants per real one, got " + syntheticRatio);
            }
            for (String b : baselines) {
                if (b.equals(AveragedProtocol.REAL) || b.equals(AveragedProtocol.GAN)) {
                    throw new IllegalArgumentException("evaluation.averaged.baselines: '" + b + "' is always measured; list augmenters only");
                }
                try {
                    org.spectrogan.augment.augmenters.Augmenters.byName(b);
                } catch (RuntimeException ex) {
                    throw new IllegalArgumentException("evaluation.averaged.baselines: " + ex.getMessage(), ex);
                }
            }
        }
    }

    /**
     * The do-no-harm check: {@code fraction} of the train groups is held out; the GAN trains on the rest and the
     * synthetic rows must raise a classifier's balanced accuracy on the held-out groups by at least
     * {@code minGainPoints}.
     */
    public record Validation(Double fraction, Double minGainPoints, Integer repeats, Integer folds) {
        public Validation(Double fraction, Double minGainPoints, Integer repeats) {
            this(fraction, minGainPoints, repeats, null);
        }

        public Validation {
            folds = folds == null ? 3 : folds;
            if (folds < 2) {
                throw new IllegalArgumentException("validation.folds must be >= 2 group folds, got " + folds);
            }
            fraction = fraction == null ? 0.25 : fraction;
            minGainPoints = minGainPoints == null ? 0.0 : minGainPoints;
            repeats = repeats == null ? 3 : repeats;
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("validation.fraction must be between 0 and 1 (exclusive), got " + fraction);
            }
            if (repeats < 1) {
                throw new IllegalArgumentException("validation.repeats must be >= 1, got " + repeats);
            }
        }
    }

    private static final ObjectMapper MAPPER = StrictJson.mapper();

    /** Reads and validates a pipeline file; paths are resolved but the data is not read yet. */
    public static PipelineConfig load(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Raw raw = StrictJson.bind(file, StrictJson.readTree(file, "pipeline file"), Raw.class, "");
        if (raw == null) {
            throw SpectroganException.inFile(file, "empty pipeline file");
        }
        if (raw.input() == null || raw.input().data() == null || raw.input().data().isBlank()) {
            throw SpectroganException.inFile(file, "missing input.data (the recordings' path)");
        }
        if (raw.adapter() == null || raw.adapter().isBlank()) {
            throw SpectroganException.inFile(file, "missing adapter (a data-adapters/*.json file)");
        }
        if (raw.features() == null) {
            throw SpectroganException.inFile(file, "missing features section");
        }
        Path data = resolve(abs, raw.input().data(), "input.data");
        Path adapter = resolve(abs, raw.adapter(), "adapter");
        String name = raw.name() == null || raw.name().isBlank()
                ? abs.getFileName().toString().replaceFirst("\\.json$", "") : raw.name();
        // the name is the default output folder (out/<name>): one plain component, never a path out of out/
        org.spectrogan.common.AtomicFiles.requireSafeName(file, raw.name() == null || raw.name().isBlank() ? "the pipeline file's name" : "name", name);
        PipelineConfig c = new PipelineConfig(abs, name, raw.description() == null ? "" : raw.description(), data, adapter,
                raw.features(), raw.classes(),
                raw.split() == null ? new Split(null, null, null, null, null) : raw.split(),
                raw.gan() == null ? GanSection.empty() : raw.gan(),
                raw.synthesis() == null ? new Synthesis(null, null, null, null) : raw.synthesis(),
                raw.qualityGate() == null ? new QualityGate(null, null, null) : raw.qualityGate(),
                raw.evaluation() == null ? new Evaluation(null, null, null, null, null, null) : raw.evaluation(),
                raw.validation() == null ? new Validation(null, null, null) : raw.validation(),
                raw.force() != null && raw.force(), raw.smoothing() == null ? 1 : raw.smoothing().windows(), 0);
        c.sweepGanConfig();
        return c;
    }

    /**
     * Resolves {@code relative} against the pipeline file's folder, its repository root (the nearest folder
     * upwards with a pom.xml or a pipelines/ folder) and the working folder; the first existing path wins.
     */
    static Path resolve(Path pipelineFile, String relative, String key) {
        Path given = Path.of(relative);
        if (given.isAbsolute()) {
            if (!Files.exists(given)) {
                throw SpectroganException.inFile(pipelineFile, key + " '" + relative + "' does not exist");
            }
            return given.normalize();
        }
        Map<String, Path> candidates = new LinkedHashMap<>();
        Path dir = pipelineFile.getParent();
        candidates.put("the pipeline's folder", dir.resolve(given).normalize());
        Path root = repoRoot(pipelineFile);
        if (root != null) {
            candidates.put("the repository root", root.resolve(given).normalize());
        }
        candidates.put("the working folder", Path.of("").toAbsolutePath().resolve(given).normalize());
        for (Path p : candidates.values()) {
            if (Files.exists(p)) {
                return p;
            }
        }
        throw SpectroganException.inFile(pipelineFile, key + " '" + relative + "' does not exist (looked in "
                + candidates.entrySet().stream().map(e -> e.getValue().toString()).distinct().collect(Collectors.joining(", ")) + ")");
    }

    /** The repository root above a pipeline file: the nearest folder with a pom.xml, or null. */
    static Path repoRoot(Path pipelineFile) {
        for (Path d = pipelineFile.getParent(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        return null;
    }

    /** A pipeline's config as JSON, for the manifest (paths as given after resolution). */
    public JsonNode toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("file", file.toString());
        n.put("name", name);
        n.put("description", description);
        n.put("data", dataPath.toString());
        n.put("adapter", adapterPath.toString());
        n.set("features", features);
        n.set("classes", MAPPER.valueToTree(classes));
        n.set("split", MAPPER.valueToTree(split));
        n.set("gan", MAPPER.valueToTree(gan));
        n.set("synthesis", MAPPER.valueToTree(synthesis));
        n.set("qualityGate", MAPPER.valueToTree(qualityGate));
        n.set("evaluation", MAPPER.valueToTree(evaluation));
        n.set("validation", MAPPER.valueToTree(validation));
        n.put("force", force);
        n.put("smoothingWindows", smoothingWindows);
        return n;
    }

    /** The shared mapper (strict about unknown keys). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
