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
    static QualityRows qualityRows(FeatureTable rows, List<String> classNames, Classifier judge,
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
        return new QualityRows(gan, heldOut, GanAugmenter.qualityScorer(gan, heldOut, classNames, judge, seed));
    }

    /** Mixed into the GAN's seed for the quality split, so it differs from the other group splits of a run. */
    private static final long QUALITY_SPLIT_SALT = 0x5e1ec7ed5c0e5L;

    /**
     * How the kept generator of {@code model} was chosen, for report.json and report.md: {@code selectBy}, the chosen
     * step, its score (NaN without scores) and the score curve (empty under {@code wasserstein}).
     */
    public record Selection(String selectBy, int scoreEverySteps, int steps, int chosenStep, double chosenScore,
                            List<QualityPoint> scores) {
        public Selection {
            scores = List.copyOf(scores);
        }

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
            return new Selection(config.selectBy().cliName(), config.scoreEverySteps(), trained, chosen, score, q);
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
