package org.spectrogan.augment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.Gan;
import org.spectrogan.gan.GanConfig;
import org.spectrogan.gan.GanModel;
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

        Trainer GAN = (data, config, outDir, listener) -> Gan.train(data, config, outDir, false, listener);
    }

    /** The section over the paper defaults of its loss; an invalid combination names the pipeline file. */
    public static GanConfig config(PipelineConfig.GanSection s, Path pipelineFile) {
        GanConfig.Loss loss = "wgan-clip".equals(s.loss()) ? GanConfig.Loss.WGAN_CLIP : GanConfig.Loss.WGAN_GP;
        GanConfig d = GanConfig.defaults(loss);
        try {
            return new GanConfig(loss,
                    or(s.steps(), d.steps()),
                    or(s.batch(), d.batchSize()),
                    or(s.nCritic(), d.nCritic()),
                    or(s.latent(), d.latentDim()),
                    s.hidden() == null ? d.hidden() : s.hidden(),
                    or(s.learningRate(), d.learningRate()),
                    or(s.beta1(), d.beta1()),
                    or(s.beta2(), d.beta2()),
                    or(s.lambda(), d.gradientPenaltyLambda()),
                    or(s.clip(), d.clipValue()),
                    or(s.seed(), d.seed()),
                    s.engine() == null ? d.engine() : s.engine(),
                    or(s.threads(), d.threads()),
                    or(s.checkpointEvery(), d.checkpointEvery()),
                    or(s.earlyStopPatienceSteps(), d.earlyStopPatienceSteps()),
                    s.critic() == null ? d.critic() : GanConfig.Critic.parse(s.critic()),
                    or(s.emaDecay(), d.emaDecay()),
                    s.generatorConditioning() == null ? d.generatorConditioning()
                            : GanConfig.GeneratorConditioning.parse(s.generatorConditioning()));
        } catch (IllegalArgumentException e) {
            throw org.spectrogan.common.SpectroganException.inFile(pipelineFile, "gan: " + e.getMessage(), e);
        }
    }

    private static <T> T or(T v, T d) {
        return v == null ? d : v;
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
