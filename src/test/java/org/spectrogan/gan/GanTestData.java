package org.spectrogan.gan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small synthetic training sets with known class distributions. */
final class GanTestData {
    private GanTestData() {
    }

    /** Class c's feature j ~ N(mean[c][j], sd[c][j]) in original units; {@code n} rows per class. */
    static TrainingSet gaussians(double[][] mean, double[][] sd, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int k = mean.length;
        int d = mean[0].length;
        double[][] x = new double[k * n][];
        int[] cls = new int[k * n];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                double[] row = new double[d];
                for (int j = 0; j < d; j++) {
                    row[j] = mean[c][j] + sd[c][j] * rng.nextGaussian();
                }
                x[c * n + i] = row;
                cls[c * n + i] = c;
            }
        }
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            classes.add("class" + c);
        }
        List<String> features = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            features.add("f" + j);
        }
        return new TrainingSet(x, cls, classes, features, Map.of("synthetic", "none"));
    }

    static TrainingSet twoClasses(long seed) {
        return gaussians(new double[][] {{10, -5, 100}, {14, 5, 130}}, new double[][] {{1, 2, 5}, {1, 2, 5}}, 60, seed);
    }

    static GanConfig small(GanConfig.Loss loss, int steps, String engine) {
        return GanConfig.builder().setLoss(loss).optSteps(steps).optBatchSize(32).optLatentDim(8).optHidden(List.of(32, 32))
                .optLearningRate(5e-4).optClipValue(loss == GanConfig.Loss.WGAN_CLIP ? 0.05 : 0).optSeed(7L).optEngine(engine)
                .optThreads(1).optCheckpointEvery(0).build();
    }

    static double[] columnMeans(double[][] rows) {
        double[] m = new double[rows[0].length];
        for (double[] r : rows) {
            for (int j = 0; j < m.length; j++) {
                m[j] += r[j] / rows.length;
            }
        }
        return m;
    }
}
