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
                        GeneratorConditioning generatorConditioning) {

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
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("ema decay must be in [0, 1) (0 = off), got " + emaDecay);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch must be >= 2 rows, got " + batchSize);
        }
        if (nCritic < 1) {
            throw new IllegalArgumentException("n-critic must be >= 1, got " + nCritic);
        }
        if (latentDim < 1) {
            throw new IllegalArgumentException("latent must be >= 1, got " + latentDim);
        }
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden widths must be one or more positive numbers, got " + hidden);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpoint-every must be >= 0 steps, got " + checkpointEvery);
        }
        if (earlyStopPatienceSteps < 0) {
            throw new IllegalArgumentException("early-stop patience must be >= 0 steps (0 = off), got "
                    + earlyStopPatienceSteps);
        }
    }

    /** Settings without early stopping. */
    public GanConfig(Loss loss, int steps, int batchSize, int nCritic, int latentDim, List<Integer> hidden,
                     double learningRate, double beta1, double beta2, double gradientPenaltyLambda, double clipValue,
                     long seed, String engine, int threads, int checkpointEvery) {
        this(loss, steps, batchSize, nCritic, latentDim, hidden, learningRate, beta1, beta2, gradientPenaltyLambda,
                clipValue, seed, engine, threads, checkpointEvery, 0);
    }

    /** Settings with the default critic and weight average. */
    public GanConfig(Loss loss, int steps, int batchSize, int nCritic, int latentDim, List<Integer> hidden,
                     double learningRate, double beta1, double beta2, double gradientPenaltyLambda, double clipValue,
                     long seed, String engine, int threads, int checkpointEvery, int earlyStopPatienceSteps) {
        this(loss, steps, batchSize, nCritic, latentDim, hidden, learningRate, beta1, beta2, gradientPenaltyLambda,
                clipValue, seed, engine, threads, checkpointEvery, earlyStopPatienceSteps, DEFAULT_CRITIC,
                DEFAULT_EMA_DECAY, DEFAULT_GENERATOR_CONDITIONING);
    }

    /** The paper defaults for {@code loss}, 2,000 steps, seed 42, PyTorch, one thread. */
    public static GanConfig defaults(Loss loss) {
        return loss == Loss.WGAN_GP
                ? new GanConfig(loss, 2000, 64, 5, 64, List.of(256, 256), 1e-4, 0.0, 0.9, 10.0, 0.0, 42L, "PyTorch", 1, 500)
                : new GanConfig(loss, 2000, 64, 5, 64, List.of(256, 256), 5e-5, 0.0, 0.0, 0.0, 0.01, 42L, "PyTorch", 1, 500);
    }

    /**
     * Everything that changes the training trajectory: two configurations with equal keys train the same weights
     * step for step, so a checkpoint written under one may be resumed under the other. Left out are only the
     * total {@code steps} (a resumed run may go further), {@code threads} and {@code checkpointEvery}.
     */
    public record ResumeKey(Loss loss, int batchSize, int nCritic, int latentDim, List<Integer> hidden,
                            double learningRate, double beta1, double beta2, double gradientPenaltyLambda,
                            double clipValue, long seed, String engine, int earlyStopPatienceSteps,
                            Critic critic, double emaDecay, GeneratorConditioning generatorConditioning) {
    }

    /** This configuration's {@link ResumeKey} (the engine under its canonical name). */
    public ResumeKey resumeKey() {
        return new ResumeKey(loss, batchSize, nCritic, latentDim, hidden, learningRate, beta1, beta2,
                gradientPenaltyLambda, clipValue, seed, Engines.canonicalName(engine), earlyStopPatienceSteps,
                critic, emaDecay, generatorConditioning);
    }

    public GanConfig withSteps(int newSteps) {
        return new GanConfig(loss, newSteps, batchSize, nCritic, latentDim, hidden, learningRate, beta1, beta2,
                gradientPenaltyLambda, clipValue, seed, engine, threads, checkpointEvery, earlyStopPatienceSteps,
                critic, emaDecay, generatorConditioning);
    }

    public GanConfig withSeed(long newSeed) {
        return new GanConfig(loss, steps, batchSize, nCritic, latentDim, hidden, learningRate, beta1, beta2,
                gradientPenaltyLambda, clipValue, newSeed, engine, threads, checkpointEvery, earlyStopPatienceSteps,
                critic, emaDecay, generatorConditioning);
    }

    public GanConfig withCritic(Critic newCritic) {
        return new GanConfig(loss, steps, batchSize, nCritic, latentDim, hidden, learningRate, beta1, beta2,
                gradientPenaltyLambda, clipValue, seed, engine, threads, checkpointEvery, earlyStopPatienceSteps,
                newCritic, emaDecay, generatorConditioning);
    }

    public GanConfig withEmaDecay(double newDecay) {
        return new GanConfig(loss, steps, batchSize, nCritic, latentDim, hidden, learningRate, beta1, beta2,
                gradientPenaltyLambda, clipValue, seed, engine, threads, checkpointEvery, earlyStopPatienceSteps,
                critic, newDecay, generatorConditioning);
    }

    public GanConfig withGeneratorConditioning(GeneratorConditioning conditioning) {
        return new GanConfig(loss, steps, batchSize, nCritic, latentDim, hidden, learningRate, beta1, beta2,
                gradientPenaltyLambda, clipValue, seed, engine, threads, checkpointEvery, earlyStopPatienceSteps,
                critic, emaDecay, conditioning);
    }

    public GanConfig withEarlyStopPatienceSteps(int patienceSteps) {
        return new GanConfig(loss, steps, batchSize, nCritic, latentDim, hidden, learningRate, beta1, beta2,
                gradientPenaltyLambda, clipValue, seed, engine, threads, checkpointEvery, patienceSteps,
                critic, emaDecay, generatorConditioning);
    }
}
