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

    /** A small configuration of the concat critic (the library default before h12h, which these tests were written for). */
    static GanConfig small(GanConfig.Loss loss, int steps, String engine) {
        return GanConfig.builder().setLoss(loss).optCritic(GanConfig.Critic.CONCAT).optSteps(steps).optBatchSize(32).optLatentDim(8).optHidden(List.of(32, 32))
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

    /**
     * For {@link #twoClasses} data (rows 0-59 class0, 60-119 class1, 3 features): 400 rows generated per class
     * have each feature's mean within 0.35 of the real class gap from that class's real mean.
     */
    static void assertEachClassMeanNearItsRealMean(GanModel model, TrainingSet data) {
        double[] m0 = columnMeans(model.generate("class0", 400, 3));
        double[] m1 = columnMeans(model.generate("class1", 400, 3));
        double[] r0 = columnMeans(java.util.Arrays.copyOfRange(data.x(), 0, 60));
        double[] r1 = columnMeans(java.util.Arrays.copyOfRange(data.x(), 60, 120));
        for (int j = 0; j < 3; j++) {
            double gap = Math.abs(r1[j] - r0[j]);
            org.junit.jupiter.api.Assertions.assertTrue(Math.abs(m0[j] - r0[j]) < 0.35 * gap,
                    "class0 feature " + j + ": " + m0[j] + " vs " + r0[j]);
            org.junit.jupiter.api.Assertions.assertTrue(Math.abs(m1[j] - r1[j]) < 0.35 * gap,
                    "class1 feature " + j + ": " + m1[j] + " vs " + r1[j]);
        }
    }
}
