package org.spectrogan.gan;

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
                        SelectBy selectBy, int scoreEverySteps) {

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
                default -> throw new IllegalArgumentException("selectBy '" + name
                        + "' is not known; choose wasserstein or quality");
            };
        }

        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The critic's default conditioning (chosen from fit-part figures, docs/notes/h12g.md). */
    public static final Critic DEFAULT_CRITIC = Critic.CONCAT;
    /** The default decay of the generator's weight average (0 = off). */
    public static final double DEFAULT_EMA_DECAY = 0.0;

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
                default -> throw new IllegalArgumentException("generator conditioning '" + name
                        + "' is not known; choose embedding or onehot");
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
                default -> throw new IllegalArgumentException("critic '" + name
                        + "' is not known; choose projection or concat");
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
                default -> throw new IllegalArgumentException("loss '" + name + "' is not known; choose wgan-gp or wgan-clip");
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
        if (scoreEverySteps == 0) {
            scoreEverySteps = DEFAULT_SCORE_EVERY_STEPS;
        }
        if (scoreEverySteps < 1) {
            throw new IllegalArgumentException("score-every must be >= 1 generator steps, got " + scoreEverySteps);
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("ema decay must be in [0, 1) (0 = off), got " + emaDecay);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1 generator steps, got " + steps);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch must be >= 2 rows, got " + batchSize);
        }
        if (nCritic < 1) {
            throw new IllegalArgumentException("n-critic must be >= 1 critic iterations per generator step, got " + nCritic);
        }
        if (latentDim < 1) {
            throw new IllegalArgumentException("latent must be >= 1 dimensions, got " + latentDim);
        }
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden widths must be one or more layer widths >= 1 unit, got " + hidden);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0 (per step), got " + learningRate);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 threads, got " + threads);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpoint-every must be >= 0 steps, got " + checkpointEvery);
        }
        if (earlyStopPatienceSteps < 0) {
            throw new IllegalArgumentException("early-stop patience must be >= 0 steps (0 = off), got "
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
        return builder().setLoss(loss).optSteps(steps).optBatchSize(batchSize).optNCritic(nCritic).optLatentDim(latentDim)
                .optHidden(hidden).optLearningRate(learningRate).optBeta1(beta1).optBeta2(beta2)
                .optGradientPenaltyLambda(gradientPenaltyLambda).optClipValue(clipValue).optSeed(seed).optEngine(engine)
                .optThreads(threads).optCheckpointEvery(checkpointEvery).optEarlyStopPatienceSteps(earlyStopPatienceSteps)
                .optCritic(critic).optEmaDecay(emaDecay).optGeneratorConditioning(generatorConditioning)
                .optDiffAugment(diffAugment).optSelectBy(selectBy).optScoreEverySteps(scoreEverySteps);
    }

    /**
     * Builds a {@link GanConfig}. {@code setLoss} is required; a setting not given takes the paper default of the
     * loss (WGAN-GP: Adam 1e-4, betas 0/0.9, lambda 10; weight-clipped WGAN: RMSProp 5e-5, clip 0.01; both: 2,000
     * steps, batch 64, n_critic 5, latent 64, hidden 256x256, seed 42, PyTorch, 1 thread, a checkpoint every 500
     * steps, no early stop). {@link #build()} validates and names the bad value with its unit.
     */
    public static final class Builder {
        private Loss loss;
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
        private Critic critic;
        private Double emaDecay;
        private GeneratorConditioning generatorConditioning;
        private DiffAugment.Strength diffAugment;
        private SelectBy selectBy;
        private Integer scoreEverySteps;

        private Builder() {
        }

        public Builder setLoss(Loss loss) {
            this.loss = loss;
            return this;
        }

        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        public Builder optBatchSize(int rows) {
            this.batchSize = rows;
            return this;
        }

        public Builder optNCritic(int nCritic) {
            this.nCritic = nCritic;
            return this;
        }

        public Builder optLatentDim(int dimensions) {
            this.latentDim = dimensions;
            return this;
        }

        public Builder optHidden(List<Integer> widths) {
            this.hidden = widths;
            return this;
        }

        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optBeta1(double beta1) {
            this.beta1 = beta1;
            return this;
        }

        public Builder optBeta2(double beta2) {
            this.beta2 = beta2;
            return this;
        }

        public Builder optGradientPenaltyLambda(double lambda) {
            this.gradientPenaltyLambda = lambda;
            return this;
        }

        public Builder optClipValue(double clip) {
            this.clipValue = clip;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optEngine(String engine) {
            this.engine = engine;
            return this;
        }

        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder optCheckpointEvery(int steps) {
            this.checkpointEvery = steps;
            return this;
        }

        public Builder optEarlyStopPatienceSteps(int steps) {
            this.earlyStopPatienceSteps = steps;
            return this;
        }

        /** How the critic sees the class (default {@link #DEFAULT_CRITIC}). */
        public Builder optCritic(Critic critic) {
            this.critic = critic;
            return this;
        }

        /** Decay of the generator's weight average, in [0, 1) (0 = off, the default {@link #DEFAULT_EMA_DECAY}). */
        public Builder optEmaDecay(double decay) {
            this.emaDecay = decay;
            return this;
        }

        /** How the generator sees the class (default {@link #DEFAULT_GENERATOR_CONDITIONING}). */
        public Builder optGeneratorConditioning(GeneratorConditioning conditioning) {
            this.generatorConditioning = conditioning;
            return this;
        }

        /**
         * Differentiable augmentation of the rows the critic sees (default {@link #DEFAULT_DIFF_AUGMENT}, off), e.g.
         * {@code new DiffAugment.Strength(0.1, 0.1, 0, 0, 0, 0)}.
         */
        public Builder optDiffAugment(DiffAugment.Strength strength) {
            this.diffAugment = strength;
            return this;
        }

        /** Which generator is kept (default {@link #DEFAULT_SELECT_BY}). */
        public Builder optSelectBy(SelectBy selectBy) {
            this.selectBy = selectBy;
            return this;
        }

        /** Generator steps between quality scores under {@link SelectBy#QUALITY} (default {@link #DEFAULT_SCORE_EVERY_STEPS}). */
        public Builder optScoreEverySteps(int steps) {
            this.scoreEverySteps = steps;
            return this;
        }

        /** The validated configuration; an invalid setting is an IllegalArgumentException naming it, its value and unit. */
        public GanConfig build() {
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
                    checkScoreEvery(or(scoreEverySteps, DEFAULT_SCORE_EVERY_STEPS)));
        }

        private static int checkScoreEvery(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("score-every must be >= 1 generator steps, got " + steps);
            }
            return steps;
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
                            DiffAugment.Strength diffAugment, SelectBy selectBy, int scoreEverySteps) {
    }

    /** This configuration's {@link ResumeKey} (the engine under its canonical name). */
    public ResumeKey resumeKey() {
        return new ResumeKey(loss, batchSize, nCritic, latentDim, hidden, learningRate, beta1, beta2,
                gradientPenaltyLambda, clipValue, seed, Engines.canonicalName(engine), earlyStopPatienceSteps,
                critic, emaDecay, generatorConditioning, diffAugment, selectBy, scoreEverySteps);
    }
}
