package org.spectrogan.gan;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Validated GAN settings. Defaults follow the papers: WGAN-GP (lambda 10, n_critic 5, Adam 1e-4, betas 0/0.9)
 * and weight-clipped WGAN (RMSProp 5e-5, clip 0.01, n_critic 5, batch 64).
 *
 * <p>{@code earlyStopPatienceSteps} (0 = off): training stops before {@code steps} once the smoothed Wasserstein
 * estimate has passed its peak and has not reached a new low for that many steps; see {@link EarlyStopping}.
 */
public record GanConfig(Loss loss, int steps, int batchSize, int nCritic, int latentDim, List<Integer> hidden,
                        double learningRate, double beta1, double beta2, double gradientPenaltyLambda,
                        double clipValue, long seed, String engine, int threads, int checkpointEvery,
                        int earlyStopPatienceSteps, Critic critic, double emaDecay,
                        GeneratorConditioning generatorConditioning, DiffAugment.Strength diffAugment,
                        SelectBy selectBy, int scoreEverySteps, boolean emaWarmup, double auxClassifierWeight,
                        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Anchor.NoneFilter.class)
                        Anchor anchor) {

    /** The generator's default anchor: none (the plain generator). */
    public static final Anchor DEFAULT_ANCHOR = Anchor.NONE;

    /**
     * What the generator's output is added to. {@code NONE}: nothing, {@code x = G(z, y)}. {@code GAUSSIAN}: the
     * class-conditional Gaussian of the training rows (the {@code gaussian} augmenter's, Ledoit-Wolf covariance in the
     * GAN's z units), {@code x = mu_y + L_y e + G(z, y)} with {@code e ~ N(0, I)} a second noise stream and G's output
     * layer starting at zero, so step 0 samples the Gaussian and the adversarial game learns a residual (see
     * {@link GaussianAnchor}); {@code SMOTE} and {@code MIXUP} draw the base row {@code b} of {@code x = b + G(z, y)}
     * from the class's real training rows by the {@code smote} / {@code mixup} augmenter's rule (a refiner, see
     * {@link InterpolationAnchor}; the checkpoint then holds the training rows). Left out of JSON when {@code NONE}, so manifests and checkpoints of the default are
     * unchanged.
     */
    public enum Anchor {
        NONE, GAUSSIAN, SMOTE, MIXUP;

        /** {@code none}, {@code gaussian}, {@code smote} or {@code mixup} (case-insensitive). */
        public static Anchor parse(String name) {
            return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "none" -> NONE;
                case "gaussian" -> GAUSSIAN;
                case "smote" -> SMOTE;
                case "mixup" -> MIXUP;
                default -> throw new IllegalArgumentException("anchor must be none, gaussian, smote or mixup, got '"
                        + name + "'");
            };
        }

        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Jackson's filter: "equal" (left out) for {@link #NONE} and null. */
        public static final class NoneFilter {
            @Override
            public boolean equals(Object other) {
                return other == null || other == NONE;
            }

            @Override
            public int hashCode() {
                return 0;
            }
        }
    }

    /**
     * Default weight of the auxiliary classifier term (AC-GAN, Odena et al. 2017; see {@link WganGradients}) with the
     * projection critic: 0 (off). On the fit part, projection + 0.5 raised label fidelity and train-on-synthetic
     * accuracy on eeg-eye-state and fsdd, but as the default it made the do-no-harm check write rows that lower
     * delhi-epilepsy's test accuracy (docs/notes/h12h.md), so it stays off until measured at the augment level.
     * Needs {@link Critic#PROJECTION} (with the concat critic the default is always 0).
     */
    public static final double DEFAULT_AUX_CLASSIFIER_WEIGHT = 0.0;

    /** Differentiable augmentation before the critic; off until measured (docs/notes/h12c.md). */
    public static final DiffAugment.Strength DEFAULT_DIFF_AUGMENT = DiffAugment.Strength.OFF;
    /** How the generator that is kept is chosen (default: the last step, as before). */
    public static final SelectBy DEFAULT_SELECT_BY = SelectBy.WASSERSTEIN;
    /** Generator steps between two quality scores under {@link SelectBy#QUALITY}. */
    public static final int DEFAULT_SCORE_EVERY_STEPS = 100;

    /**
     * Which generator training keeps: {@code WASSERSTEIN}, the last step's (training length by {@code steps} and the
     * Wasserstein early stop, as before); {@code QUALITY}, the best-scoring snapshot under a {@link SampleScorer}
     * scored every {@code scoreEverySteps} steps (see {@link Gan#train(TrainingSet, GanConfig, java.nio.file.Path,
     * boolean, TrainingListener, SampleScorer)}).
     */
    public enum SelectBy {
        WASSERSTEIN, QUALITY;

        /** {@code wasserstein} or {@code quality} (case-insensitive). */
        public static SelectBy parse(String name) {
            return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "wasserstein" -> WASSERSTEIN;
                case "quality" -> QUALITY;
                default -> throw new IllegalArgumentException("selectBy must be wasserstein or quality, got '" + name + "'");
            };
        }

        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The critic's default conditioning (chosen from fit-part figures, docs/notes/h12g.md; h12h in its notes). */
    public static final Critic DEFAULT_CRITIC = Critic.CONCAT;
    /** The default decay of the generator's weight average (0 = off). */
    public static final double DEFAULT_EMA_DECAY = 0.0;
    /**
     * Whether the weight average warms up ({@link #emaDecayAt}) when it is on; on by default, since without it an
     * average of decay 0.999 over 1,000 steps still holds 0.999^1000 = 37% of the initial weights (docs/notes/h12c.md).
     */
    public static final boolean DEFAULT_EMA_WARMUP = true;
    /** The warm-up's constant: the decay after generator update t (0-based) is at most (1 + t) / (WARMUP + t). */
    public static final int EMA_WARMUP_OFFSET = 10;

    /**
     * The decay of the generator's weight average applied after generator update {@code t} (0-based: the update
     * that makes step t + 1): {@code emaDecay} without warm-up, else {@code min(emaDecay, (1 + t) / (10 + t))}
     * (the num_updates rule of TensorFlow's ExponentialMovingAverage). With warm-up the initial weights' share of
     * the average after T updates is at most prod_t (1 + t) / (10 + t) = 9! T! / (T + 9)! (below 1e-20 at T = 1000),
     * so the average covers the last part of training instead of the initialisation. A function of {@code t} alone,
     * so a resumed run applies the same decays as an uninterrupted one.
     */
    public static double emaDecayAt(double emaDecay, boolean warmup, long t) {
        if (!warmup) {
            return emaDecay;
        }
        return Math.min(emaDecay, (1.0 + t) / (EMA_WARMUP_OFFSET + t));
    }

    /** {@link #emaDecayAt(double, boolean, long)} of this configuration. */
    public double emaDecayAt(long t) {
        return emaDecayAt(emaDecay, emaWarmup, t);
    }

    /**
     * How the critic sees the class: {@code CONCAT} joins the one-hot class to its input; {@code PROJECTION}
     * (Miyato and Koyama 2018) scores {@code f(x, y) = (w + E[y]) . phi(x) + b} with a learned class embedding E.
     */
    /** The default class input of the generator. */
    public static final GeneratorConditioning DEFAULT_GENERATOR_CONDITIONING = GeneratorConditioning.ONEHOT;

    /**
     * How the generator sees the class: {@code ONEHOT} joins the one-hot class to its noise; {@code EMBEDDING}
     * joins a learned class embedding E_g[y] of {@link #GENERATOR_EMBEDDING_WIDTH} values instead.
     */
    public enum GeneratorConditioning {
        ONEHOT, EMBEDDING;

        /** {@code onehot} or {@code embedding} (case-insensitive). */
        public static GeneratorConditioning parse(String name) {
            return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "onehot", "one-hot" -> ONEHOT;
                case "embedding" -> EMBEDDING;
                default -> throw new IllegalArgumentException("generatorConditioning must be embedding or onehot, got '"
                        + name + "'");
            };
        }

        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Width of the generator's class embedding. */
    public static final int GENERATOR_EMBEDDING_WIDTH = 16;

    public enum Critic {
        CONCAT, PROJECTION;

        /** {@code concat} or {@code projection} (case-insensitive). */
        public static Critic parse(String name) {
            return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "concat" -> CONCAT;
                case "projection" -> PROJECTION;
                default -> throw new IllegalArgumentException("critic must be projection or concat, got '" + name + "'");
            };
        }

        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Loss {
        WGAN_GP, WGAN_CLIP;

        /** {@code wgan-gp} or {@code wgan-clip} (case-insensitive, '_' or '-'). */
        public static Loss parse(String name) {
            String n = name.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            return switch (n) {
                case "wgan-gp", "gp" -> WGAN_GP;
                case "wgan-clip", "clip", "wgan" -> WGAN_CLIP;
                default -> throw new IllegalArgumentException("loss must be wgan-gp or wgan-clip, got '" + name + "'");
            };
        }

        /** The command-line spelling. */
        public String cliName() {
            return this == WGAN_GP ? "wgan-gp" : "wgan-clip";
        }
    }

    public GanConfig {
        hidden = List.copyOf(hidden);
        if (critic == null) { // a checkpoint written before the option existed
            critic = Critic.CONCAT;
        }
        if (generatorConditioning == null) {
            generatorConditioning = GeneratorConditioning.ONEHOT;
        }
        if (diffAugment == null) { // a checkpoint written before the option existed
            diffAugment = DiffAugment.Strength.OFF;
        }
        if (selectBy == null) {
            selectBy = SelectBy.WASSERSTEIN;
        }
        if (anchor == null) { // a checkpoint written before the option existed, or the default left out of JSON
            anchor = Anchor.NONE;
        }
        if (scoreEverySteps == 0) { // likewise
            scoreEverySteps = DEFAULT_SCORE_EVERY_STEPS;
        }
        if (scoreEverySteps < 1) {
            throw new IllegalArgumentException("scoreEverySteps must be >= 1 generator steps, got " + scoreEverySteps);
        }
        if (!(auxClassifierWeight >= 0 && Double.isFinite(auxClassifierWeight))) {
            throw new IllegalArgumentException("auxClassifierWeight must be >= 0 and finite (weight of the auxiliary "
                    + "classifier's cross-entropy; 0 = off), got " + auxClassifierWeight);
        }
        if (auxClassifierWeight > 0 && critic != Critic.PROJECTION) {
            throw new IllegalArgumentException("auxClassifierWeight " + auxClassifierWeight + " needs critic projection "
                    + "(the concat critic sees the class in its input, so a class head on its features would read the "
                    + "class back instead of recognising it); got critic " + critic.cliName());
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("emaDecay must be in [0, 1) (0 = off), got " + emaDecay);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1 generator steps, got " + steps);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch must be >= 2 rows, got " + batchSize);
        }
        if (nCritic < 1) {
            throw new IllegalArgumentException("nCritic must be >= 1 critic iterations per generator step, got " + nCritic);
        }
        if (latentDim < 1) {
            throw new IllegalArgumentException("latent must be >= 1 dimensions, got " + latentDim);
        }
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden must list one or more layer widths >= 1 unit, got " + hidden);
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learningRate must be > 0 (per step), got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(gradientPenaltyLambda >= 0 && Double.isFinite(gradientPenaltyLambda))) {
            throw new IllegalArgumentException("lambda must be >= 0 (gradient-penalty weight), got " + gradientPenaltyLambda);
        }
        if (!(Double.isFinite(clipValue) && (loss == Loss.WGAN_CLIP ? clipValue > 0 : clipValue >= 0))) {
            throw new IllegalArgumentException("clip must be " + (loss == Loss.WGAN_CLIP ? "> 0" : ">= 0")
                    + " (weight-clipping bound), got " + clipValue);
        }
        if (engine == null || engine.isBlank()) {
            throw new IllegalArgumentException("engine must name an engine (e.g. PyTorch), got '" + engine + "'");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 threads, got " + threads);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpointEvery must be >= 0 steps (0 = only at the end), got " + checkpointEvery);
        }
        if (earlyStopPatienceSteps < 0) {
            throw new IllegalArgumentException("earlyStopPatienceSteps must be >= 0 steps (0 = off), got "
                    + earlyStopPatienceSteps);
        }
    }

    /** The paper defaults for {@code loss}, 2,000 steps, seed 42, PyTorch, one thread. */
    public static GanConfig defaults(Loss loss) {
        return builder().setLoss(loss).build();
    }

    /** A builder: {@link Builder#setLoss} is required; every other setting keeps the paper default of the loss. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every setting of this configuration (for a variant: {@code c.toBuilder().optSteps(8).build()}). */
    public Builder toBuilder() {
        Builder b = builder().setLoss(loss).optSteps(steps).optBatchSize(batchSize).optNCritic(nCritic).optLatentDim(latentDim)
                .optHidden(hidden).optLearningRate(learningRate).optBeta1(beta1).optBeta2(beta2)
                .optGradientPenaltyLambda(gradientPenaltyLambda).optClipValue(clipValue).optSeed(seed).optEngine(engine)
                .optThreads(threads).optCheckpointEvery(checkpointEvery).optEarlyStopPatienceSteps(earlyStopPatienceSteps)
                .optCritic(critic).optEmaDecay(emaDecay).optGeneratorConditioning(generatorConditioning)
                .optDiffAugment(diffAugment).optSelectBy(selectBy).optScoreEverySteps(scoreEverySteps)
                .optEmaWarmup(emaWarmup).optAnchor(anchor);
        if (auxClassifierWeight != defaultAuxClassifierWeight(critic)) { // else the critic's default, so that
            b.optAuxClassifierWeight(auxClassifierWeight);               // toBuilder().optCritic(CONCAT) works
        }
        return b;
    }

    /** The auxiliary classifier's default weight under {@code critic}: {@link #DEFAULT_AUX_CLASSIFIER_WEIGHT} with the
     * projection critic, 0 with the concat critic (which cannot have the term). */
    public static double defaultAuxClassifierWeight(Critic critic) {
        return critic == Critic.PROJECTION ? DEFAULT_AUX_CLASSIFIER_WEIGHT : 0.0;
    }

    /**
     * Builds a {@link GanConfig}. {@code setLoss} is required; a setting not given takes the paper default of the
     * loss (WGAN-GP: Adam 1e-4, betas 0/0.9, lambda 10; weight-clipped WGAN: RMSProp 5e-5, clip 0.01; both: 2,000
     * steps, batch 64, n_critic 5, latent 64, hidden 256x256, seed 42, PyTorch, 1 thread, a checkpoint every 500
     * steps, no early stop). {@link #build()} validates and names the bad value with its unit.
     *
     * <p>A pipeline file's {@code gan} section binds straight onto this builder (Jackson, through the
     * {@code @JsonProperty} names below, which are the file's keys): each key calls its {@code optX} method; the
     * names of the loss, critic and generator conditioning are parsed by {@link #build()}, so a bad name is an
     * error naming its key like any other bad value. (The record itself keeps its component names for the
     * manifest and checkpoints, which is why the file binds the builder rather than the record.)
     */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE,
            getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    public static final class Builder {
        private String loss;
        private Integer steps;
        private Integer batchSize;
        private Integer nCritic;
        private Integer latentDim;
        private List<Integer> hidden;
        private Double learningRate;
        private Double beta1;
        private Double beta2;
        private Double gradientPenaltyLambda;
        private Double clipValue;
        private Long seed;
        private String engine;
        private Integer threads;
        private Integer checkpointEvery;
        private Integer earlyStopPatienceSteps;
        private String critic;
        private Double emaDecay;
        /** The loss, critic and conditioning by name (the enums' {@code cliName}), parsed by {@link #build()}. */
        private String generatorConditioning;
        private DiffAugment.Strength diffAugment;
        private String selectBy;
        private Integer scoreEverySteps;
        private Boolean emaWarmup;
        private Double auxClassifierWeight;
        private String anchor;

        private Builder() {
        }

        public Builder setLoss(Loss loss) {
            return setLoss(loss == null ? null : loss.cliName());
        }

        /** {@link #setLoss(Loss) The loss} unless one is set already (a file's {@code gan} section may leave it out). */
        public Builder optDefaultLoss(Loss loss) {
            if (this.loss == null) {
                setLoss(loss);
            }
            return this;
        }

        @JsonProperty("steps")
        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        @JsonProperty("batch")
        public Builder optBatchSize(int rows) {
            this.batchSize = rows;
            return this;
        }

        @JsonProperty("nCritic")
        public Builder optNCritic(int nCritic) {
            this.nCritic = nCritic;
            return this;
        }

        @JsonProperty("latent")
        public Builder optLatentDim(int dimensions) {
            this.latentDim = dimensions;
            return this;
        }

        @JsonProperty("hidden")
        public Builder optHidden(List<Integer> widths) {
            this.hidden = widths;
            return this;
        }

        @JsonProperty("learningRate")
        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        @JsonProperty("beta1")
        public Builder optBeta1(double beta1) {
            this.beta1 = beta1;
            return this;
        }

        @JsonProperty("beta2")
        public Builder optBeta2(double beta2) {
            this.beta2 = beta2;
            return this;
        }

        @JsonProperty("lambda")
        public Builder optGradientPenaltyLambda(double lambda) {
            this.gradientPenaltyLambda = lambda;
            return this;
        }

        @JsonProperty("clip")
        public Builder optClipValue(double clip) {
            this.clipValue = clip;
            return this;
        }

        @JsonProperty("seed")
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        @JsonProperty("engine")
        public Builder optEngine(String engine) {
            this.engine = engine;
            return this;
        }

        @JsonProperty("threads")
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        @JsonProperty("checkpointEvery")
        public Builder optCheckpointEvery(int steps) {
            this.checkpointEvery = steps;
            return this;
        }

        @JsonProperty("earlyStopPatienceSteps")
        public Builder optEarlyStopPatienceSteps(int steps) {
            this.earlyStopPatienceSteps = steps;
            return this;
        }

        /** How the critic sees the class (default {@link #DEFAULT_CRITIC}). */
        public Builder optCritic(Critic critic) {
            return optCritic(critic == null ? null : critic.cliName());
        }

        /** Decay of the generator's weight average, in [0, 1) (0 = off, the default {@link #DEFAULT_EMA_DECAY}). */
        @JsonProperty("emaDecay")
        public Builder optEmaDecay(double decay) {
            this.emaDecay = decay;
            return this;
        }

        /** How the generator sees the class (default {@link #DEFAULT_GENERATOR_CONDITIONING}). */
        public Builder optGeneratorConditioning(GeneratorConditioning conditioning) {
            return optGeneratorConditioning(conditioning == null ? null : conditioning.cliName());
        }

        /**
         * Differentiable augmentation of the rows the critic sees (default {@link #DEFAULT_DIFF_AUGMENT}, off), e.g.
         * {@code new DiffAugment.Strength(0.1, 0.1, 0, 0, 0, 0)}; in a pipeline file
         * {@code "diffAugment": {"noise": 0.1, "scale": 0.1}} (keys left out are 0).
         */
        @JsonProperty("diffAugment")
        public Builder optDiffAugment(DiffAugment.Strength strength) {
            this.diffAugment = strength;
            return this;
        }

        /**
         * Which generator is kept (default {@link #DEFAULT_SELECT_BY}); {@code QUALITY} needs a {@link SampleScorer}
         * passed to {@link Gan#train} (the pipeline builds one from held-out groups of the GAN's rows).
         */
        public Builder optSelectBy(SelectBy selectBy) {
            this.selectBy = selectBy == null ? null : selectBy.cliName();
            return this;
        }

        /** Which generator is kept, by name ({@code wasserstein} or {@code quality}), parsed by {@link #build()}. */
        @JsonProperty("selectBy")
        public Builder optSelectBy(String name) {
            this.selectBy = name;
            return this;
        }

        /**
         * Generator steps between quality scores under {@link SelectBy#QUALITY} (default
         * {@link #DEFAULT_SCORE_EVERY_STEPS}); validated by {@link #build()}.
         */
        @JsonProperty("scoreEverySteps")
        public Builder optScoreEverySteps(int steps) {
            this.scoreEverySteps = steps;
            return this;
        }

        /** Whether the weight average warms up ({@link GanConfig#emaDecayAt}; default {@link #DEFAULT_EMA_WARMUP}). */
        @JsonProperty("emaWarmup")
        public Builder optEmaWarmup(boolean warmup) {
            this.emaWarmup = warmup;
            return this;
        }

        /**
         * Weight of the auxiliary classifier's cross-entropy (AC-GAN; default
         * {@link GanConfig#defaultAuxClassifierWeight}, 0 = off): a linear class head on the critic's top hidden
         * features, trained on the real rows with the critic and asked by the generator to recognise its rows' classes. Must be >= 0 and finite; > 0 needs
         * {@link Critic#PROJECTION} (validated by {@link #build()}).
         */
        @JsonProperty("auxClassifierWeight")
        public Builder optAuxClassifierWeight(double weight) {
            this.auxClassifierWeight = weight;
            return this;
        }

        /** What the generator's output is added to (default {@link GanConfig#DEFAULT_ANCHOR}, none). */
        public Builder optAnchor(Anchor anchor) {
            this.anchor = anchor == null ? null : anchor.cliName();
            return this;
        }

        /** The anchor by name ({@code none}, {@code gaussian}, {@code smote}, {@code mixup}), parsed by {@link #build()}. */
        @JsonProperty("anchor")
        public Builder optAnchor(String name) {
            this.anchor = name;
            return this;
        }

        // the names as a pipeline file gives them (parsed by build(), so a bad name is an error naming its key)

        /** The loss by name ({@code wgan-gp} or {@code wgan-clip}), parsed by {@link #build()}. */
        @JsonProperty("loss")
        public Builder setLoss(String name) {
            this.loss = name;
            return this;
        }

        /** The critic by name ({@code projection} or {@code concat}), parsed by {@link #build()}. */
        @JsonProperty("critic")
        public Builder optCritic(String name) {
            this.critic = name;
            return this;
        }

        /** The generator's conditioning by name ({@code embedding} or {@code onehot}), parsed by {@link #build()}. */
        @JsonProperty("generatorConditioning")
        public Builder optGeneratorConditioning(String name) {
            this.generatorConditioning = name;
            return this;
        }

        /** The validated configuration; an invalid setting is an IllegalArgumentException naming it, its value and unit. */
        public GanConfig build() {
            Loss loss = this.loss == null ? null : Loss.parse(this.loss);
            Critic critic = this.critic == null ? null : Critic.parse(this.critic);
            GeneratorConditioning generatorConditioning = this.generatorConditioning == null ? null
                    : GeneratorConditioning.parse(this.generatorConditioning);
            SelectBy selectBy = this.selectBy == null ? null : SelectBy.parse(this.selectBy);
            Anchor anchor = this.anchor == null ? null : Anchor.parse(this.anchor);
            if (scoreEverySteps != null && scoreEverySteps < 1) { // the record reads 0 as "left out" (old checkpoints)
                throw new IllegalArgumentException("scoreEverySteps must be >= 1 generator steps, got " + scoreEverySteps);
            }
            if (loss == null) {
                throw new IllegalArgumentException("a GAN configuration needs its loss (setLoss: wgan-gp or wgan-clip)");
            }
            boolean gp = loss == Loss.WGAN_GP;
            return new GanConfig(loss, or(steps, 2000), or(batchSize, 64), or(nCritic, 5), or(latentDim, 64),
                    hidden == null ? List.of(256, 256) : hidden, or(learningRate, gp ? 1e-4 : 5e-5),
                    or(beta1, 0.0), or(beta2, gp ? 0.9 : 0.0), or(gradientPenaltyLambda, gp ? 10.0 : 0.0),
                    or(clipValue, gp ? 0.0 : 0.01), or(seed, 42L), engine == null ? "PyTorch" : engine, or(threads, 1),
                    or(checkpointEvery, 500), or(earlyStopPatienceSteps, 0), or(critic, DEFAULT_CRITIC),
                    or(emaDecay, DEFAULT_EMA_DECAY), or(generatorConditioning, DEFAULT_GENERATOR_CONDITIONING),
                    or(diffAugment, DEFAULT_DIFF_AUGMENT), or(selectBy, DEFAULT_SELECT_BY),
                    or(scoreEverySteps, DEFAULT_SCORE_EVERY_STEPS), or(emaWarmup, DEFAULT_EMA_WARMUP),
                    or(auxClassifierWeight, defaultAuxClassifierWeight(or(critic, DEFAULT_CRITIC))), or(anchor, DEFAULT_ANCHOR));
        }

        private static <T> T or(T v, T d) {
            return v == null ? d : v;
        }
    }

    /**
     * Everything that changes the training trajectory: two configurations with equal keys train the same weights
     * step for step, so a checkpoint written under one may be resumed under the other. Left out are only the
     * total {@code steps} (a resumed run may go further), {@code threads} and {@code checkpointEvery}.
     */
    public record ResumeKey(Loss loss, int batchSize, int nCritic, int latentDim, List<Integer> hidden,
                            double learningRate, double beta1, double beta2, double gradientPenaltyLambda,
                            double clipValue, long seed, String engine, int earlyStopPatienceSteps,
                            Critic critic, double emaDecay, GeneratorConditioning generatorConditioning,
                            DiffAugment.Strength diffAugment, SelectBy selectBy, int scoreEverySteps,
                            boolean emaWarmup, double auxClassifierWeight,
                            @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Anchor.NoneFilter.class)
                            Anchor anchor) {
    }

    /** This configuration's {@link ResumeKey} (the engine under its canonical name). */
    public ResumeKey resumeKey() {
        return new ResumeKey(loss, batchSize, nCritic, latentDim, hidden, learningRate, beta1, beta2,
                gradientPenaltyLambda, clipValue, seed, Engines.canonicalName(engine), earlyStopPatienceSteps,
                critic, emaDecay, generatorConditioning, diffAugment, selectBy, scoreEverySteps, emaWarmup,
                auxClassifierWeight, anchor);
    }
}
