package org.spectrogan.augment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.Gan;
import org.spectrogan.gan.GanConfig;
import org.spectrogan.gan.GanModel;
import org.spectrogan.gan.QualityPoint;
import org.spectrogan.gan.SampleScorer;
import org.spectrogan.gan.TrainingListener;
import org.spectrogan.gan.TrainingSet;

/** The bridge from a pipeline's gan section and feature tables to the gan package. */
public final class GanSettings {
    private GanSettings() {
    }

    /** Trains a GAN; {@link Gan#train} in production, a stand-in in tests of the pipeline's own logic. */
    @FunctionalInterface
    public interface Trainer {
        GanModel train(TrainingSet data, GanConfig config, Path outDir, TrainingListener listener);

        /**
         * Trains with {@code scorer} choosing the kept snapshot under {@code gan.selectBy: quality} (null: no
         * scorer, as {@link #train(TrainingSet, GanConfig, Path, TrainingListener)}). A stand-in that does not
         * override this ignores the scorer.
         */
        default GanModel train(TrainingSet data, GanConfig config, Path outDir, TrainingListener listener,
                               SampleScorer scorer) {
            return train(data, config, outDir, listener);
        }

        Trainer GAN = new Trainer() {
            @Override
            public GanModel train(TrainingSet data, GanConfig config, Path outDir, TrainingListener listener) {
                return Gan.train(data, config, outDir, false, listener);
            }

            @Override
            public GanModel train(TrainingSet data, GanConfig config, Path outDir, TrainingListener listener,
                                  SampleScorer scorer) {
                return Gan.train(data, config, outDir, false, listener, scorer);
            }
        };
    }

    /** The share of a GAN's rows (whole groups) held out to score its snapshots under {@code gan.selectBy: quality}. */
    public static final double QUALITY_HELD_OUT_FRACTION = 0.25;

    /** What a GAN under {@code gan.selectBy: quality} trains on ({@code gan}) and the scorer of its snapshots. */
    public record QualityRows(FeatureTable gan, FeatureTable heldOut, SampleScorer scorer) {
    }

    /**
     * Splits {@code rows} by group into the GAN's rows and {@link #QUALITY_HELD_OUT_FRACTION} held-out rows (seeded
     * by {@code seed}) and builds the quality score on them: balanced label fidelity under {@code judge} trained on
     * the GAN's rows minus the mean per-class MMD^2 to the held-out rows ({@link GanAugmenter#qualityScorer}). Only
     * {@code rows} are used, so a GAN of a check fold or sweep subset is still chosen without its validation or
     * test rows. Fewer than 2 groups, or a class left without rows on either side: a one-line error.
     */
    public static QualityRows qualityRows(FeatureTable rows, List<String> classNames, Classifier judge,
                                   long seed) {
        GroupSplit.Parts parts = GroupSplit.holdOut(rows, QUALITY_HELD_OUT_FRACTION, seed ^ QUALITY_SPLIT_SALT,
                "gan.selectBy quality (held-out groups to score the GAN's snapshots)");
        FeatureTable gan = parts.train(rows);
        FeatureTable heldOut = parts.heldOut(rows);
        if (gan.labels().size() < classNames.size() || heldOut.labels().size() < classNames.size()) {
            throw new SpectroganException("gan.selectBy quality: holding out "
                    + Math.round(100 * QUALITY_HELD_OUT_FRACTION) + "% of the "
                    + rows.rows().stream().map(FeatureTable.Row::group).distinct().count() + " groups to score the GAN leaves a class without rows (GAN rows " + gan.countsByLabel()
                    + ", held out " + heldOut.countsByLabel() + "); use selectBy wasserstein on data this small");
        }
        return new QualityRows(gan, heldOut, new HeldOutScorer(gan, heldOut, classNames, judge, seed));
    }

    /**
     * The quality scorer of {@link #qualityRows} ({@link GanAugmenter#qualityScorer}), equal to any other built from
     * equal rows, classes, judge and seed, so that a scored GAN trained up front ({@link PreparedGans}) is handed
     * out only to the call with the same scorer. Its judge trains on the first score (a GAN prepared up front
     * and asked for again builds it once).
     */
    static final class HeldOutScorer implements SampleScorer {
        private final FeatureTable gan;
        private final FeatureTable heldOut;
        private final List<String> classNames;
        private final Classifier judge;
        private final long seed;
        private SampleScorer built;

        HeldOutScorer(FeatureTable gan, FeatureTable heldOut, List<String> classNames, Classifier judge, long seed) {
            this.gan = gan;
            this.heldOut = heldOut;
            this.classNames = List.copyOf(classNames);
            this.judge = judge;
            this.seed = seed;
        }

        private synchronized SampleScorer built() {
            if (built == null) {
                built = GanAugmenter.qualityScorer(gan, heldOut, classNames, judge, seed);
            }
            return built;
        }

        @Override
        public double score(double[][] samples, int[] labels) {
            return built().score(samples, labels);
        }

        @Override
        public int rowsPerClass() {
            return built().rowsPerClass();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HeldOutScorer h && h.seed == seed && h.judge.name().equals(judge.name())
                    && h.classNames.equals(classNames) && h.heldOut.sameContent(heldOut) && h.gan.sameContent(gan);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(seed, judge.name(), heldOut.size(), gan.size());
        }
    }

    /** Mixed into the GAN's seed for the quality split, so it differs from the other group splits of a run. */
    private static final long QUALITY_SPLIT_SALT = 0x5e1ec7ed5c0e5L;

    /**
     * One GAN a run trained and the generator it kept, for report.json's {@code extra.ganSelection.gans}. Its role:
     * {@code run} is {@code dataset} (the written rows' procedure), {@code fold} (another test fold's, K group folds)
     * or {@code sweep} (a low-data sweep subset's, at {@code fraction}, repeat {@code repeat}); {@code testFold} the
     * test fold (K group folds; null with one test part); {@code checkFold} the do-no-harm check's inner fold whose
     * train groups the GAN saw (1-based; null: the run's GAN on all its rows). {@code trainRows} the rows it trained
     * on (under {@code quality} without the held-out scoring groups), {@code steps} the steps trained,
     * {@code chosenStep} the kept generator's step, {@code chosenScore} its quality score (NaN without scores) of
     * {@code scores} taken. {@code draw} (the participant-averaged protocol) is a draw's GAN: {@code trainParticipants}
     * its training participants, {@code repeat} its repeat.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ChosenStep(String run, Double fraction, Integer trainParticipants, Integer repeat, Integer testFold,
                             Integer checkFold, int trainRows, int steps, int chosenStep, double chosenScore, int scores) {
        /** A GAN of one run of the procedure, its role not yet known (the run's caller gives it, {@link #as}). */
        static ChosenStep of(GanModel model, Integer checkFold, int trainRows) {
            Selection s = Selection.of(model, null);
            return new ChosenStep(null, null, null, null, null, checkFold, trainRows, s.steps(), s.chosenStep(), s.chosenScore(),
                    s.scores().size());
        }

        /** This GAN with its run's role. */
        ChosenStep as(String run, Double fraction, Integer repeat, Integer testFold) {
            return new ChosenStep(run, fraction, trainParticipants, repeat, testFold, checkFold, trainRows, steps, chosenStep,
                    chosenScore, scores);
        }

        /** This GAN as the averaged protocol's draw of {@code trainParticipants} participants in {@code repeat}. */
        ChosenStep asDraw(int trainParticipants, int repeat) {
            return new ChosenStep("draw", null, trainParticipants, repeat, null, checkFold, trainRows, steps, chosenStep,
                    chosenScore, scores);
        }
    }

    /**
     * How the kept generator of {@code model} was chosen, for report.json and report.md: {@code selectBy}, the chosen
     * step, its score (NaN without scores) and the score curve (empty under {@code wasserstein}) of the written rows'
     * GAN; {@code gans} every GAN the run trained and used (the written rows' and its check folds', the other folds',
     * the sweep's; {@link ChosenStep}).
     */
    public record Selection(String selectBy, int scoreEverySteps, int steps, int chosenStep, double chosenScore,
                            List<QualityPoint> scores, List<ChosenStep> gans) {
        public Selection {
            scores = List.copyOf(scores);
            gans = gans == null ? List.of() : List.copyOf(gans);
        }

        /** {@code config} null: the selection's settings are not needed (a {@link ChosenStep}). */
        static Selection of(GanModel model, GanConfig config) {
            List<QualityPoint> q = model.qualityScores();
            int chosen = model.selectedStep();
            double score = Double.NaN;
            for (QualityPoint p : q) {
                if (p.step() == chosen) {
                    score = p.score();
                }
            }
            int trained = model.lossHistory().isEmpty() ? 0 : model.lossHistory().get(model.lossHistory().size() - 1).step();
            return new Selection(config == null ? null : config.selectBy().cliName(), config == null ? 0 : config.scoreEverySteps(),
                    trained, chosen, score, q, List.of());
        }

        /** This selection with every GAN of the run listed. */
        Selection withGans(List<ChosenStep> all) {
            return new Selection(selectBy, scoreEverySteps, steps, chosenStep, chosenScore, scores, all);
        }

        /** The line of report.md. */
        String sentence() {
            if (scores.isEmpty()) {
                return "GAN of the written rows: selectBy " + selectBy + ", the generator of the last step (" + chosenStep
                        + " of " + steps + " trained).";
            }
            return String.format(Locale.ROOT, "GAN of the written rows: selectBy %s, the generator of step %d of %d "
                            + "(quality score %.4f, the best of %d scores taken every %d steps on held-out groups of its train rows; "
                            + "the curve in model/quality.csv and loss.png).", selectBy, chosenStep, steps, chosenScore,
                    scores.size(), scoreEverySteps);
        }

        /**
         * report.md's line on every GAN of the run (null when none is listed): how many of each role, the median
         * and range of the kept steps and of the steps trained, and (with scores) of the chosen scores.
         */
        String gansSentence() {
            if (gans.isEmpty()) {
                return null;
            }
            Map<String, Integer> byRun = new java.util.LinkedHashMap<>();
            int checkFolds = 0;
            for (ChosenStep g : gans) {
                byRun.merge(g.run(), 1, Integer::sum);
                checkFolds += g.checkFold() == null ? 0 : 1;
            }
            StringBuilder roles = new StringBuilder();
            byRun.forEach((run, n) -> roles.append(roles.length() == 0 ? "" : ", ").append(run).append(' ').append(n));
            double[] chosen = gans.stream().mapToDouble(ChosenStep::chosenStep).toArray();
            double[] trained = gans.stream().mapToDouble(ChosenStep::steps).toArray();
            double[] score = gans.stream().mapToDouble(ChosenStep::chosenScore).filter(d -> !Double.isNaN(d)).toArray();
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                    "All %d GANs of the run (%s; %d of them the do-no-harm check's folds), selectBy %s: kept step median %s, range %s to %s, "
                            + "of median %s trained (range %s to %s)", gans.size(), roles, checkFolds, selectBy,
                    fmt(median(chosen)), fmt(min(chosen)), fmt(max(chosen)), fmt(median(trained)), fmt(min(trained)), fmt(max(trained))));
            if (score.length > 0) {
                b.append(String.format(Locale.ROOT, "; chosen quality score median %.4f, range %.4f to %.4f", median(score),
                        min(score), max(score)));
            }
            return b.append("; each GAN in report.json extra.ganSelection.gans.").toString();
        }

        private static double median(double[] v) {
            double[] s = v.clone();
            java.util.Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        private static double min(double[] v) {
            return java.util.Arrays.stream(v).min().orElse(Double.NaN);
        }

        private static double max(double[] v) {
            return java.util.Arrays.stream(v).max().orElse(Double.NaN);
        }

        private static String fmt(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
        }
    }

    /** The rows of {@code t} as a training set over {@code classNames}. */
    public static TrainingSet trainingSet(FeatureTable t, List<String> classNames, Map<String, String> inputHashes) {
        int[] idx = new int[t.size()];
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            index.put(classNames.get(c), c);
        }
        for (int i = 0; i < idx.length; i++) {
            idx[i] = index.get(t.rows().get(i).label());
        }
        return new TrainingSet(t.matrix(), idx, classNames, t.featureNames(), inputHashes);
    }

    /** Synthetic rows per class from {@code model} as a feature table ({@code source=synthetic}, group "synthetic"). */
    public static FeatureTable generate(GanModel model, List<String> featureNames, Map<String, Integer> counts, long seed) {
        List<FeatureTable.Row> rows = new ArrayList<>();
        int k = 0;
        for (var e : counts.entrySet()) {
            k++;
            if (e.getValue() <= 0) {
                continue;
            }
            double[][] x = model.generate(e.getKey(), e.getValue(), seed * 31 + k);
            for (double[] row : x) {
                rows.add(new FeatureTable.Row(e.getKey(), "synthetic", FeatureTable.SYNTHETIC, 0.0, row));
            }
        }
        return new FeatureTable(featureNames, rows);
    }
}
