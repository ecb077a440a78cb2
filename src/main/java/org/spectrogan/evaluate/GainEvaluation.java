package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.spectrogan.features.FeatureTable;

/**
 * Does synthetic data help a downstream classifier? Each {@link Trial} trains every classifier on
 * (a) the real training rows, (b) real + synthetic rows, (c) synthetic rows only (train on synthetic, test on
 * real), and scores each on the trial's real test rows. Over the trials it reports, per classifier and arm,
 * the mean and 95% t-interval of accuracy, balanced accuracy, macro-F1 and each class's recall, and the paired gain
 * (b minus a, same trial) with the t-interval of the paired differences.
 */
public final class GainEvaluation {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GainEvaluation.class);

    private GainEvaluation() {
    }

    /** The three training sets compared. */
    public enum Arm {
        REAL("real only"),
        AUGMENTED("real + synthetic"),
        SYNTHETIC_ONLY("synthetic only");

        private final String title;

        Arm(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** One repeat or fold: what to train on, what to test on, and the classifier seed. */
    public record Trial(FeatureTable realTrain, FeatureTable synthetic, FeatureTable realTest, long seed) {
        public Trial {
            Objects.requireNonNull(realTrain, "realTrain");
            Objects.requireNonNull(synthetic, "synthetic");
            Objects.requireNonNull(realTest, "realTest");
            if (!realTrain.featureNames().equals(realTest.featureNames())
                    || (synthetic.size() > 0 && !realTrain.featureNames().equals(synthetic.featureNames()))) {
                throw new IllegalArgumentException("train, synthetic and test tables must have the same feature columns");
            }
        }
    }

    /**
     * Per-trial scores and their summaries for one classifier. {@code syntheticOnly} is null when some trial's
     * synthetic rows hold fewer than two classes (nothing to train on). {@code gain} = augmented minus real,
     * paired by trial; {@code syntheticOnlyGap} = synthetic-only minus real, paired (null with syntheticOnly).
     */
    public record ClassifierGain(String classifier, String description, int trials,
                                 MetricSummaries real, MetricSummaries augmented, MetricSummaries syntheticOnly,
                                 MetricSummaries gain, MetricSummaries syntheticOnlyGap) {
        public MetricSummaries arm(Arm arm) {
            return switch (arm) {
                case REAL -> real;
                case AUGMENTED -> augmented;
                case SYNTHETIC_ONLY -> syntheticOnly;
            };
        }
    }

    /** Runs every trial for every classifier. */
    public static List<ClassifierGain> evaluate(List<Trial> trials, List<Classifier> classifiers) {
        return evaluate(trials, classifiers, s -> { });
    }

    /** As {@link #evaluate(List, List)}, telling {@code progress} about each fit ("logreg trial 2/5 real + synthetic"). */
    public static List<ClassifierGain> evaluate(List<Trial> trials, List<Classifier> classifiers, Consumer<String> progress) {
        return evaluate(trials, classifiers, progress, new FitCache());
    }

    /**
     * As {@link #evaluate(List, List, Consumer)}, with every fit's score taken from {@code fits} when an earlier
     * evaluation sharing it made the same fit (same classifier, seed, training and test rows), and kept there for
     * later ones. The figures are those of fitting again; {@code progress} hears only the fits made.
     */
    public static List<ClassifierGain> evaluate(List<Trial> trials, List<Classifier> classifiers, Consumer<String> progress,
                                                FitCache fits) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("no trials to evaluate");
        }
        if (classifiers.isEmpty()) {
            throw new IllegalArgumentException("no classifiers to evaluate");
        }
        boolean tstr = true;
        for (Trial t : trials) {
            tstr &= t.synthetic().labels().size() >= 2;
        }
        int n = trials.size();
        boolean withSyntheticOnly = tstr;
        Consumer<String> told = synchronizedConsumer(progress);
        FitCache.Counts before = fits.counts();
        long start = System.nanoTime();
        // every (classifier, trial) fit on its own seed and tables: independent, so run on the cores (same numbers)
        List<ConfusionMatrix[]> scored = org.spectrogan.common.Workers.indexed(classifiers.size() * n, k -> {
            Classifier c = classifiers.get(k / n);
            int i = k % n;
            Trial t = trials.get(i);
            String where = c.name() + " trial " + (i + 1) + "/" + n + " ";
            ConfusionMatrix cmReal = fits.score(c, t.realTrain(), t.seed(), t.realTest(), () -> told.accept(where + Arm.REAL.title()));
            ConfusionMatrix cmAug = cmReal;
            if (t.synthetic().size() > 0) {
                cmAug = fits.score(c, t.realTrain().concat(t.synthetic()), t.seed(), t.realTest(),
                        () -> told.accept(where + Arm.AUGMENTED.title()));
            }
            ConfusionMatrix cmSyn = null;
            if (withSyntheticOnly) {
                cmSyn = fits.score(c, t.synthetic(), t.seed(), t.realTest(), () -> told.accept(where + Arm.SYNTHETIC_ONLY.title()));
            }
            return new ConfusionMatrix[] {cmReal, cmAug, cmSyn};
        });
        if (LOG.isDebugEnabled()) {
            FitCache.Counts after = fits.counts();
            StringBuilder per = new StringBuilder();
            after.secondsByClassifier().forEach((name, sec) -> per.append(per.length() == 0 ? "" : ", ").append(String.format(
                    java.util.Locale.ROOT, "%s %.1f s", name, sec - before.secondsByClassifier().getOrDefault(name, 0.0))));
            LOG.debug(String.format(java.util.Locale.ROOT, "%d trials (%d train rows in the first) x %d classifiers: %d fits, %d reused; "
                            + "%.1f s wall, %.1f s fitting (%s)", n, trials.get(0).realTrain().size(), classifiers.size(),
                    after.fits() - before.fits(), after.reused() - before.reused(), (System.nanoTime() - start) / 1e9,
                    after.fitSeconds() - before.fitSeconds(), per));
        }
        List<ClassifierGain> out = new ArrayList<>();
        for (int ci = 0; ci < classifiers.size(); ci++) {
            Classifier c = classifiers.get(ci);
            List<ConfusionMatrix> real = new ArrayList<>();
            List<ConfusionMatrix> aug = new ArrayList<>();
            List<ConfusionMatrix> syn = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ConfusionMatrix[] cms = scored.get(ci * n + i);
                real.add(cms[0]);
                aug.add(cms[1]);
                if (tstr) {
                    syn.add(cms[2]);
                }
            }
            out.add(new ClassifierGain(c.name(), c.description(), n, MetricSummaries.of(real), MetricSummaries.of(aug),
                    tstr ? MetricSummaries.of(syn) : null, MetricSummaries.pairedDifference(real, aug),
                    tstr ? MetricSummaries.pairedDifference(real, syn) : null));
        }
        return out;
    }

    /** {@code c} called under one lock, so progress callbacks from several workers do not interleave. */
    static Consumer<String> synchronizedConsumer(Consumer<String> c) {
        Object lock = new Object();
        return s -> {
            synchronized (lock) {
                c.accept(s);
            }
        };
    }

    /**
     * {@code repeats} trials on fixed tables: each draws {@link Subsampling#stratified} {@code fraction} of the
     * real training rows and the same fraction of the synthetic rows (stratified by class and group) with its
     * own seed, and fits the classifiers with that seed; the test rows stay whole. The same real subset serves
     * both the real and the augmented arm of a trial, so the gain is paired. With {@code fraction = 1} only
     * the classifiers' own randomness varies (none for LibLinear: the interval then has width zero).
     */
    public static List<Trial> repeatedTrials(FeatureTable realTrain, FeatureTable synthetic, FeatureTable realTest,
                                             int repeats, double fraction, long seed) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1: " + repeats);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Trial> trials = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            long s = rng.nextLong();
            FeatureTable train = Subsampling.stratified(realTrain, fraction, s);
            FeatureTable syn = synthetic.size() == 0 ? synthetic : Subsampling.stratified(synthetic, fraction, s ^ 0x5DEECE66DL);
            trials.add(new Trial(train, syn, realTest, s));
        }
        return trials;
    }

    /** Default share of rows each repeat draws in {@link #repeatedTrials}. */
    public static final double DEFAULT_REPEAT_FRACTION = 0.8;

    /** The confusion matrix of {@code model} on {@code test}. */
    public static ConfusionMatrix score(Classifier.Fitted model, FeatureTable test) {
        String[] truth = new String[test.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = test.rows().get(i).label();
        }
        return ConfusionMatrix.of(truth, model.predict(test));
    }
}
