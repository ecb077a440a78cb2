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
