package org.spectrogan.augment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
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
                             ObjectNode features, List<String> classes, Split split, GanConfig gan,
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
        GanConfig g = gan.toBuilder().optSteps(budget.ganSteps() > 0 ? budget.ganSteps() : QUICK_GAN_STEPS).build();
        Evaluation e = evaluation.toBuilder().optSweepGanStepsAsGan().build();
        Validation v = validation;
        if (quick) {
            e = e.toBuilder().optRepeats(Math.min(2, evaluation.repeats())).optFractions(List.of(0.25))
                    .optAveraged(e.averaged() == null ? null : e.averaged().quick()).build();
            v = validation.toBuilder().optRepeats(1).build();
        }
        PipelineConfig c = new PipelineConfig(file, name, description, dataPath, adapterPath, features, classes, split,
                g, synthesis, qualityGate, e, v, force, smoothingWindows, quick ? QUICK_MAX_ROWS : maxRows);
        c.ganConfig();
        return c;
    }

    /** The GAN settings of the written dataset and of every fold (the file's {@code gan} section, validated at load). */
    public GanConfig ganConfig() {
        return gan;
    }

    /**
     * The GAN settings of a file's {@code gan} section (bound straight onto {@link GanConfig.Builder}; null: the
     * section is left out): the given keys over the paper defaults of the loss, WGAN-GP when the loss is left out.
     * A bad value is an error naming the file and the key, e.g. {@code p.json: gan.steps must be >= 1 generator
     * steps, got 0}.
     */
    static GanConfig ganConfig(Path file, GanConfig.Builder section) {
        GanConfig.Builder b = section == null ? GanConfig.builder() : section;
        try {
            return b.optDefaultLoss(GanConfig.Loss.WGAN_GP).build();
        } catch (IllegalArgumentException e) {
            throw SpectroganException.inFile(file, "gan." + e.getMessage(), e);
        }
    }

    /**
     * The GAN settings of the low-data sweep and of the averaged protocol's draws: {@link #ganConfig()} with
     * {@code evaluation.sweepGanSteps}, {@code sweepGanHidden}, {@code sweepGanAnchor} and {@code sweepGanSelectBy}
     * where set (the written dataset's GAN and the do-no-harm check's keep the {@code gan} section).
     */
    public GanConfig sweepGanConfig() {
        Integer s = evaluation.sweepGanSteps();
        List<Integer> h = evaluation.sweepGanHidden();
        GanConfig.Anchor a = evaluation.sweepGanAnchor();
        GanConfig.SelectBy q = evaluation.sweepGanSelectBy();
        if (s == null && h == null && a == null && q == null) {
            return ganConfig();
        }
        GanConfig.Builder b = ganConfig().toBuilder();
        if (s != null) {
            b.optSteps(s);
        }
        if (h != null) {
            b.optHidden(h);
        }
        if (a != null) {
            b.optAnchor(a);
        }
        if (q != null) {
            b.optSelectBy(q);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw SpectroganException.inFile(file, "evaluation.sweepGan*: " + e.getMessage(), e);
        }
    }

    /** The file as written: what Jackson binds before paths are resolved. */
    record Raw(String name, String description, Input input, String adapter, ObjectNode features,
               List<String> classes, Split split, GanConfig.Builder gan, Synthesis synthesis, QualityGate qualityGate,
               Evaluation evaluation, Validation validation, Boolean force, Smoothing smoothing) {
    }

    /** Optional: mean of each row with its neighbouring windows (same group and label); 1 = off. */
    @JsonDeserialize(builder = Smoothing.Builder.class)
    public record Smoothing(int windows) {
        public Smoothing {
            if (windows < 1) {
                throw new IllegalArgumentException("smoothing.windows must be >= 1 windows (1 = off), got " + windows);
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        /** {@code optWindows} (default 1 = off). */
        @JsonPOJOBuilder(withPrefix = "opt")
        public static final class Builder {
            private int windows = 1;

            public Builder optWindows(int windows) {
                this.windows = windows;
                return this;
            }

            public Smoothing build() {
                return new Smoothing(windows);
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
     * edge are dropped so no two overlapping windows fall into different groups. {@code testFraction} is null
     * exactly when {@code folds} > 0 or the split is automatic. {@code duplicates} (warn, drop, fail): what to do
     * with test rows equal, value for value, to a train row ({@link DuplicateRows}).
     */
    @JsonDeserialize(builder = Split.Builder.class)
    public record Split(Double testFraction, int folds, long seed, double blockSeconds, boolean blocksAcrossRecordings,
                        String duplicates) {
        /** Folds of the automatic split, when every class has {@link #AUTO_MIN_GROUPS_PER_CLASS} groups or more. */
        public static final int AUTO_FOLDS = 5;
        public static final int AUTO_MIN_GROUPS_PER_CLASS = 10;
        /** The test fraction of the automatic split with fewer groups (and of {@code folds: 0}). */
        public static final double DEFAULT_TEST_FRACTION = 0.25;

        public Split {
            if (testFraction != null && folds > 0) {
                throw new IllegalArgumentException("split: give either testFraction or folds, not both");
            }
            if (testFraction != null && !(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("split.testFraction must be between 0 and 1 (exclusive, share of the rows), got " + testFraction);
            }
            if (folds == 1 || folds < 0) {
                throw new IllegalArgumentException("split.folds must be >= 2 folds (or 0 for a test fraction), got " + folds);
            }
            if (!(blockSeconds >= 0) || !Double.isFinite(blockSeconds)) {
                throw new IllegalArgumentException("split.blockSeconds must be >= 0 s, got " + blockSeconds);
            }
            duplicates = duplicates == null ? DuplicateRows.DEFAULT_MODE : duplicates;
            if (!DuplicateRows.MODES.contains(duplicates)) {
                throw new IllegalArgumentException("split.duplicates must be warn, drop or fail (what to do with test rows equal, "
                        + "value for value, to a train row), got '" + duplicates + "'");
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

        public static Builder builder() {
            return new Builder();
        }

        /**
         * All optional: with neither a test fraction nor folds the split is automatic ({@link #automatic()});
         * {@code folds: 0} alone means a test fraction of {@link #DEFAULT_TEST_FRACTION}; seed 7, no time blocks.
         */
        @JsonPOJOBuilder(withPrefix = "opt")
        public static final class Builder {
            private Double testFraction;
            private Integer folds;
            private long seed = 7L;
            private double blockSeconds;
            private boolean blocksAcrossRecordings;
            private String duplicates = DuplicateRows.DEFAULT_MODE;

            public Builder optTestFraction(double fraction) {
                this.testFraction = fraction;
                return this;
            }

            public Builder optFolds(int folds) {
                this.folds = folds;
                return this;
            }

            public Builder optSeed(long seed) {
                this.seed = seed;
                return this;
            }

            public Builder optBlockSeconds(double seconds) {
                this.blockSeconds = seconds;
                return this;
            }

            public Builder optBlocksAcrossRecordings(boolean across) {
                this.blocksAcrossRecordings = across;
                return this;
            }

            /** warn (default), drop or fail: test rows equal to a train row ({@link DuplicateRows}). */
            public Builder optDuplicates(String mode) {
                this.duplicates = mode;
                return this;
            }

            public Split build() {
                Double fraction = testFraction == null && folds != null && folds == 0
                        ? Double.valueOf(DEFAULT_TEST_FRACTION) : testFraction;
                return new Split(fraction, folds == null ? 0 : folds, seed, blockSeconds, blocksAcrossRecordings, duplicates);
            }
        }
    }

    /**
     * How many synthetic rows per class: {@code balance}, {@code ratio} (k per real row) or {@code counts}.
     * {@code ratio} is 0 under {@code counts}; under {@code balance} it is the extra share on top of balancing.
     * {@code augmenter}: which augmenter(s) make the rows (see {@link #augmenters()}).
     */
    @JsonDeserialize(builder = Synthesis.Builder.class)
    public record Synthesis(String mode, double ratio, Map<String, Integer> counts, long seed, List<String> augmenter) {
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

        public Synthesis {
            counts = Map.copyOf(counts);
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
            switch (mode) {
                case "balance" -> {
                }
                case "ratio" -> {
                    if (!(ratio > 0) || !Double.isFinite(ratio)) {
                        throw new IllegalArgumentException("synthesis.ratio must be > 0 synthetic rows per real row, got " + ratio);
                    }
                }
                case "counts", "upTo" -> {
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

        public static Builder builder() {
            return new Builder();
        }

        /** All optional: mode ratio, ratio 1 (0 under balance; ignored under counts), no counts, seed 11. */
        @JsonPOJOBuilder(withPrefix = "opt")
        public static final class Builder {
            private String mode = "ratio";
            private Double ratio;
            private Map<String, Integer> counts = Map.of();
            private long seed = 11L;
            private List<String> augmenter = List.of(DEFAULT_AUGMENTER);

            public Builder optMode(String mode) {
                this.mode = mode;
                return this;
            }

            public Builder optRatio(double syntheticPerReal) {
                this.ratio = syntheticPerReal;
                return this;
            }

            public Builder optCounts(Map<String, Integer> rowsPerClass) {
                this.counts = rowsPerClass;
                return this;
            }

            public Builder optSeed(long seed) {
                this.seed = seed;
                return this;
            }

            /** One name or a list: the first makes the written rows, the others are measured beside it; {@code auto} lets the check choose. */
            @com.fasterxml.jackson.annotation.JsonFormat(with = com.fasterxml.jackson.annotation.JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            public Builder optAugmenter(List<String> names) {
                this.augmenter = names;
                return this;
            }

            public Synthesis build() {
                double r = switch (mode) {
                    case "counts", "upTo" -> 0.0;
                    case "balance" -> ratio == null ? 0.0 : ratio;
                    default -> ratio == null ? 1.0 : ratio;
                };
                return new Synthesis(mode, r, counts, seed, augmenter);
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
    @JsonDeserialize(builder = QualityGate.Builder.class)
    public record QualityGate(boolean enabled, double confidence, double radiusPercentile) {
        public QualityGate {
            if (!(confidence > 0 && confidence <= 1)) {
                throw new IllegalArgumentException("qualityGate.confidence must be in (0, 1] (a class probability), got " + confidence);
            }
            if (!(radiusPercentile > 0 && radiusPercentile <= 100)) {
                throw new IllegalArgumentException("qualityGate.radiusPercentile must be in (0, 100] percent, got " + radiusPercentile);
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        /** All optional: enabled, confidence 0.9, radius percentile 95. */
        @JsonPOJOBuilder(withPrefix = "opt")
        public static final class Builder {
            private boolean enabled = true;
            private double confidence = 0.9;
            private double radiusPercentile = 95.0;

            public Builder optEnabled(boolean enabled) {
                this.enabled = enabled;
                return this;
            }

            public Builder optConfidence(double probability) {
                this.confidence = probability;
                return this;
            }

            public Builder optRadiusPercentile(double percent) {
                this.radiusPercentile = percent;
                return this;
            }

            public QualityGate build() {
                return new QualityGate(enabled, confidence, radiusPercentile);
            }
        }
    }

    /**
     * The gain evaluation: classifiers, repeats and the low-data fractions of the real train rows. {@code ceiling}
     * (default on) also measures, at every sweep fraction below 1, the gain of adding held-back REAL train rows
     * in the planned synthetic amount instead of synthetic rows: the most a perfect generator could add there.
     * {@code sweepGanSteps} is null when the sweep trains as many steps as {@code gan.steps}; {@code sweepGanHidden}
     * (h16j) is null when the sweep's GANs have the layer widths of {@code gan.hidden}. {@code metrics} (h13c):
     * the {@link org.spectrogan.evaluate.ReportedMetric} names report.md and the summary show, e.g.
     * {@code ["balancedAccuracy", "macroF1", "recall:N1"]} (default accuracy, balancedAccuracy, macroF1).
     */
    @JsonDeserialize(builder = Evaluation.Builder.class)
    public record Evaluation(List<String> classifiers, int repeats, List<Double> fractions, boolean lowDataSweep,
                             Integer sweepGanSteps, boolean ceiling, String protocol, Averaged averaged, List<String> metrics,
                             List<Integer> sweepGanHidden, GanConfig.Anchor sweepGanAnchor, GanConfig.SelectBy sweepGanSelectBy) {
        /** The sweep's GANs as wide as {@code gan.hidden}. */
        public Evaluation(List<String> classifiers, int repeats, List<Double> fractions, boolean lowDataSweep,
                          Integer sweepGanSteps, boolean ceiling, String protocol, Averaged averaged, List<String> metrics) {
            this(classifiers, repeats, fractions, lowDataSweep, sweepGanSteps, ceiling, protocol, averaged, metrics, null, null, null);
        }

        /** With the default metrics. */
        public Evaluation(List<String> classifiers, int repeats, List<Double> fractions, boolean lowDataSweep,
                          Integer sweepGanSteps, boolean ceiling, String protocol, Averaged averaged) {
            this(classifiers, repeats, fractions, lowDataSweep, sweepGanSteps, ceiling, protocol, averaged, null);
        }

        public Evaluation {
            metrics = metrics == null ? org.spectrogan.evaluate.ReportedMetric.DEFAULT_NAMES : List.copyOf(metrics);
            if (metrics.isEmpty()) {
                throw new IllegalArgumentException("evaluation.metrics must name at least one metric");
            }
            for (String m : metrics) {
                try {
                    org.spectrogan.evaluate.ReportedMetric.parse(m);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("evaluation.metrics: " + ex.getMessage(), ex);
                }
            }
            classifiers = List.copyOf(classifiers);
            fractions = List.copyOf(fractions);
            if (!"ordinary".equals(protocol) && !"averaged".equals(protocol)) {
                throw new IllegalArgumentException("evaluation.protocol must be ordinary or averaged, got '" + protocol + "'");
            }
            if (averaged != null && !protocol.equals("averaged")) {
                throw new IllegalArgumentException("evaluation.averaged is given but evaluation.protocol is '" + protocol
                        + "'; set protocol to averaged or drop the section");
            }
            if (protocol.equals("averaged") && averaged == null) {
                averaged = new Averaged(null, null, null, null);
            }
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
                throw new IllegalArgumentException("evaluation.repeats must be >= 1 repeats, got " + repeats);
            }
            for (double f : fractions) {
                if (!(f > 0 && f <= 1)) {
                    throw new IllegalArgumentException("evaluation.fractions must be in (0, 1] (shares of the real train rows), got " + f);
                }
            }
            if (sweepGanSteps != null && sweepGanSteps < 1) {
                throw new IllegalArgumentException("evaluation.sweepGanSteps must be >= 1 generator steps, got " + sweepGanSteps);
            }
            if (sweepGanHidden != null) {
                if (sweepGanHidden.isEmpty() || sweepGanHidden.stream().anyMatch(h -> h == null || h < 1)) {
                    throw new IllegalArgumentException("evaluation.sweepGanHidden must list one or more layer widths >= 1 unit, got "
                            + sweepGanHidden);
                }
                sweepGanHidden = List.copyOf(sweepGanHidden);
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding this section's settings. */
        public Builder toBuilder() {
            Builder b = new Builder().optClassifiers(classifiers).optRepeats(repeats).optFractions(fractions)
                    .optLowDataSweep(lowDataSweep).optCeiling(ceiling).optProtocol(protocol).optAveraged(averaged)
                    .optMetrics(metrics);
            b.sweepGanSteps = sweepGanSteps;
            b.sweepGanHidden = sweepGanHidden;
            b.sweepGanAnchor = sweepGanAnchor == null ? null : sweepGanAnchor.cliName();
            b.sweepGanSelectBy = sweepGanSelectBy == null ? null : sweepGanSelectBy.cliName();
            return b;
        }

        /** All optional: logistic, 5 repeats, fractions 0.1/0.25/0.5/1, sweep and ceiling on, sweep steps and widths as gan.steps / gan.hidden. */
        @JsonPOJOBuilder(withPrefix = "opt")
        public static final class Builder {
            private List<String> classifiers = List.of("logistic");
            private int repeats = 5;
            private List<Double> fractions = List.of(0.1, 0.25, 0.5, 1.0);
            private boolean lowDataSweep = true;
            private Integer sweepGanSteps;
            private List<Integer> sweepGanHidden;
            private String sweepGanAnchor;
            private String sweepGanSelectBy;
            private boolean ceiling = true;
            private String protocol = "ordinary";
            private Averaged averaged;
            private List<String> metrics;

            public Builder optClassifiers(List<String> names) {
                this.classifiers = names;
                return this;
            }

            public Builder optRepeats(int repeats) {
                this.repeats = repeats;
                return this;
            }

            public Builder optFractions(List<Double> fractions) {
                this.fractions = fractions;
                return this;
            }

            public Builder optLowDataSweep(boolean on) {
                this.lowDataSweep = on;
                return this;
            }

            public Builder optSweepGanSteps(int steps) {
                this.sweepGanSteps = steps;
                return this;
            }

            /** The layer widths of the sweep's GANs (null, the default: those of {@code gan.hidden}). */
            public Builder optSweepGanHidden(List<Integer> widths) {
                this.sweepGanHidden = widths;
                return this;
            }

            /** The anchor of the sweep's and draws' GANs by name, none, gaussian, smote or mixup (null, the default: {@code gan.anchor}). */
            public Builder optSweepGanAnchor(String name) {
                this.sweepGanAnchor = name;
                return this;
            }

            /** The snapshot selection of the sweep's and draws' GANs, wasserstein or quality (null: {@code gan.selectBy}). */
            public Builder optSweepGanSelectBy(String name) {
                this.sweepGanSelectBy = name;
                return this;
            }

            /** The sweep trains as many steps as {@code gan.steps} (the default). */
            public Builder optSweepGanStepsAsGan() {
                this.sweepGanSteps = null;
                return this;
            }

            public Builder optCeiling(boolean on) {
                this.ceiling = on;
                return this;
            }

            /** {@code ordinary} (the default) or {@code averaged}. */
            public Builder optProtocol(String protocol) {
                this.protocol = protocol;
                return this;
            }

            /** The averaged protocol's settings (only with protocol averaged; null = its defaults). */
            public Builder optAveraged(Averaged averaged) {
                this.averaged = averaged;
                return this;
            }

            /** The metric names report.md and the summary show (see {@link Evaluation}). */
            public Builder optMetrics(List<String> metrics) {
                this.metrics = metrics;
                return this;
            }

            public Evaluation build() {
                GanConfig.Anchor anchor;
                GanConfig.SelectBy selectBy;
                try {
                    anchor = sweepGanAnchor == null ? null : GanConfig.Anchor.parse(sweepGanAnchor);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("evaluation.sweepGanAnchor: " + e.getMessage(), e);
                }
                try {
                    selectBy = sweepGanSelectBy == null ? null : GanConfig.SelectBy.parse(sweepGanSelectBy);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("evaluation.sweepGanSelectBy: " + e.getMessage(), e);
                }
                return new Evaluation(classifiers, repeats, fractions, lowDataSweep, sweepGanSteps, ceiling, protocol,
                        averaged, metrics, sweepGanHidden, anchor, selectBy);
            }
        }
    }

    /**
     * The participant-averaged protocol's settings ({@link AveragedProtocol}): the sweep over the number of training
     * participants drawn per repeat from a pool of {@code poolParticipants} train groups; {@code syntheticRatio}
     * synthetic participants per class per real training participant (k = round(ratio x P), at least 1); the
     * baselines, augmenter names (oversample and noise act on participant averages, the others on trials).
     * {@code firstRepeat} (h13c, default 0): the draws are repeats firstRepeat .. firstRepeat + repeats - 1, so a long
     * study can run in chunks (0 with 10 repeats, then 10 with 10 repeats) whose draws are exactly those of one run.
     * {@code syntheticSpread} (h13e, default pooled): how the synthetic participants vary ({@link ParticipantSpread});
     * a name or a list, the first makes the gan arm, every further one an arm gan:SPREAD on the same GAN trials
     * (participant and participantMix, h13h: on the trials of a second, participant-conditioned GAN,
     * {@link ParticipantCodes}).
     */
    public record Averaged(List<Integer> trainParticipants, Integer poolParticipants, Double syntheticRatio,
                           List<String> baselines, Integer firstRepeat,
                           @com.fasterxml.jackson.annotation.JsonFormat(with = com.fasterxml.jackson.annotation.JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                           List<String> syntheticSpread) {
        public Averaged(List<Integer> trainParticipants, Integer poolParticipants, Double syntheticRatio, List<String> baselines) {
            this(trainParticipants, poolParticipants, syntheticRatio, baselines, null);
        }

        public Averaged(List<Integer> trainParticipants, Integer poolParticipants, Double syntheticRatio, List<String> baselines,
                        Integer firstRepeat) {
            this(trainParticipants, poolParticipants, syntheticRatio, baselines, firstRepeat, null);
        }

        /** Under --quick: the smallest participant count only. */
        Averaged quick() {
            return new Averaged(List.of(trainParticipants.stream().min(Integer::compare).orElseThrow()), poolParticipants,
                    syntheticRatio, baselines, firstRepeat, syntheticSpread);
        }

        public Averaged {
            // h13e: how synthetic participants vary (ParticipantSpread); a name or a list (the first makes the gan arm)
            syntheticSpread = syntheticSpread == null ? List.of(ParticipantSpread.POOLED) : List.copyOf(syntheticSpread);
            if (syntheticSpread.isEmpty()) {
                throw new IllegalArgumentException("evaluation.averaged.syntheticSpread must name a spread ("
                        + ParticipantSpread.ALL_TEXT + ")");
            }
            for (String s : syntheticSpread) {
                if (!ParticipantSpread.ALL.contains(s)) {
                    throw new IllegalArgumentException("evaluation.averaged.syntheticSpread: unknown spread '"
                            + (s.length() <= 80 ? s : s.substring(0, 77) + "...") + "'; use " + ParticipantSpread.ALL_TEXT);
                }
            }
            if (new java.util.HashSet<>(syntheticSpread).size() < syntheticSpread.size()) {
                throw new IllegalArgumentException("evaluation.averaged.syntheticSpread names a spread twice: " + syntheticSpread);
            }
            firstRepeat = firstRepeat == null ? 0 : firstRepeat;
            if (firstRepeat < 0) {
                throw new IllegalArgumentException("evaluation.averaged.firstRepeat must be >= 0, got " + firstRepeat);
            }
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
     * The do-no-harm check: group cross-validation over the train groups ({@code folds} folds, {@code repeats}
     * classifier seeds each); the synthetic rows must raise the first classifier's pooled out-of-fold score in
     * {@code metric} (a {@link org.spectrogan.evaluate.ReportedMetric} name: balancedAccuracy, the default, accuracy,
     * macroF1 or recall:CLASS) by more than {@code minGainPoints}, with the bound above zero. {@code fraction} is the
     * share of train groups of the older single validation part (still checked to be drawable). {@code amounts}
     * are the shares of the planned synthetic rows the check tries for each augmenter (default 1, 0.5, 0.25).
     */
    @JsonDeserialize(builder = Validation.Builder.class)
    public record Validation(double fraction, double minGainPoints, int repeats, int folds, String metric,
                             List<Double> amounts) {
        /** The check's metric unless {@code validation.metric} says otherwise. */
        public static final String DEFAULT_METRIC = "balancedAccuracy";
        /** The shares of the planned rows the check tries unless {@code validation.amounts} says otherwise. */
        public static final List<Double> DEFAULT_AMOUNTS = List.of(1.0, 0.5, 0.25);

        public Validation {
            if (amounts == null || amounts.isEmpty()) {
                throw new IllegalArgumentException("validation.amounts must list at least one share of the planned synthetic rows, got " + amounts);
            }
            for (Double a : amounts) {
                if (a == null || !(a > 0 && a <= 1)) {
                    throw new IllegalArgumentException("validation.amounts: " + a
                            + " is not a share in (0, 1] of the planned synthetic rows (1.0 = the planned rows)");
                }
            }
            if (new java.util.HashSet<>(amounts).size() != amounts.size()) {
                throw new IllegalArgumentException("validation.amounts lists a share twice: " + amounts);
            }
            amounts = List.copyOf(amounts);
            try {
                org.spectrogan.evaluate.ReportedMetric.parse(metric);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("validation.metric: " + e.getMessage(), e);
            }
            if (folds < 2) {
                throw new IllegalArgumentException("validation.folds must be >= 2 group folds, got " + folds);
            }
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("validation.fraction must be between 0 and 1 (exclusive, share of the train groups), got " + fraction);
            }
            if (repeats < 1) {
                throw new IllegalArgumentException("validation.repeats must be >= 1 repeats, got " + repeats);
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding this section's settings. */
        public Builder toBuilder() {
            return new Builder().optFraction(fraction).optMinGainPoints(minGainPoints).optRepeats(repeats).optFolds(folds).optMetric(metric).optAmounts(amounts);
        }

        /** All optional: fraction 0.25, min gain 0 points, 3 repeats, 3 folds, metric balancedAccuracy, amounts 1 / 0.5 / 0.25. */
        @JsonPOJOBuilder(withPrefix = "opt")
        public static final class Builder {
            private double fraction = 0.25;
            private double minGainPoints;
            private int repeats = 3;
            private int folds = 3;
            private String metric = DEFAULT_METRIC;
            private List<Double> amounts = DEFAULT_AMOUNTS;

            public Builder optFraction(double fraction) {
                this.fraction = fraction;
                return this;
            }

            public Builder optMinGainPoints(double points) {
                this.minGainPoints = points;
                return this;
            }

            public Builder optRepeats(int repeats) {
                this.repeats = repeats;
                return this;
            }

            /** Group folds of the do-no-harm check (>= 2, default 3). */
            public Builder optFolds(int folds) {
                this.folds = folds;
                return this;
            }

            /** The metric the check judges on (default balancedAccuracy; e.g. macroF1 for a rare class). */
            public Builder optMetric(String metric) {
                this.metric = metric;
                return this;
            }

            /** Shares of the planned synthetic rows the check tries per augmenter (default 1, 0.5, 0.25). */
            public Builder optAmounts(List<Double> amounts) {
                this.amounts = amounts;
                return this;
            }

            public Validation build() {
                return new Validation(fraction, minGainPoints, repeats, folds, metric, amounts);
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
                raw.split() == null ? Split.builder().build() : raw.split(),
                ganConfig(file, raw.gan()),
                raw.synthesis() == null ? Synthesis.builder().build() : raw.synthesis(),
                raw.qualityGate() == null ? QualityGate.builder().build() : raw.qualityGate(),
                raw.evaluation() == null ? Evaluation.builder().build() : raw.evaluation(),
                raw.validation() == null ? Validation.builder().build() : raw.validation(),
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
