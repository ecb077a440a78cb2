package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/** k-nearest neighbours against a naive computation, and the MLP's gradient, fits and determinism. */
class KnnMlpTest {
    private static double accuracy(Classifier.Fitted f, FeatureTable test) {
        String[] p = f.predict(test);
        int ok = 0;
        for (int i = 0; i < p.length; i++) {
            ok += p[i].equals(test.rows().get(i).label()) ? 1 : 0;
        }
        return ok / (double) p.length;
    }

    /** The majority label of the k nearest training rows (Euclidean, z-scored with the training rows' mean and population sd). */
    private static String[] naiveKnn(FeatureTable train, FeatureTable test, int k) {
        int d = train.featureCount();
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (FeatureTable.Row r : train.rows()) {
            for (int j = 0; j < d; j++) {
                mean[j] += r.values()[j] / train.size();
            }
        }
        for (FeatureTable.Row r : train.rows()) {
            for (int j = 0; j < d; j++) {
                sd[j] += Math.pow(r.values()[j] - mean[j], 2) / train.size();
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j]);
        }
        String[] out = new String[test.size()];
        for (int i = 0; i < test.size(); i++) {
            double[] q = test.rows().get(i).values();
            Integer[] idx = new Integer[train.size()];
            double[] dist = new double[train.size()];
            for (int t = 0; t < train.size(); t++) {
                idx[t] = t;
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double a = (q[j] - mean[j]) / sd[j];
                    double b = (train.rows().get(t).values()[j] - mean[j]) / sd[j];
                    s += (a - b) * (a - b);
                }
                dist[t] = s;
            }
            java.util.Arrays.sort(idx, (a, b) -> Double.compare(dist[a], dist[b]));
            java.util.Map<String, Integer> votes = new java.util.TreeMap<>();
            for (int t = 0; t < k; t++) {
                votes.merge(train.rows().get(idx[t]).label(), 1, Integer::sum);
            }
            out[i] = votes.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        }
        return out;
    }

    @Test
    void knnAgreesWithANaiveNearestNeighbourVote() {
        // overlapping two-class blobs (odd k, two classes: no tied vote)
        FeatureTable train = Blobs.make(2, 60, 3, 1.0, "real", 3, 5);
        FeatureTable test = Blobs.make(2, 40, 3, 1.0, "real", 3, 6);
        Classifier.Fitted knn = Classifiers.byName("knn").fit(train, 1);
        assertArrayEquals(naiveKnn(train, test, Classifiers.KNN_K), knn.predict(test));
        double[][] p = knn.predictProba(test);
        for (double[] row : p) {
            assertEquals(1.0, row[0] + row[1], 1e-9);
        }
    }

    @Test
    void knnSeparatesSeparableBlobsAndNotNoise() {
        FeatureTable train = Blobs.make(3, 50, 4, 6.0, "real", 3, 1);
        FeatureTable test = Blobs.make(3, 50, 4, 6.0, "real", 3, 2);
        assertTrue(accuracy(Classifiers.byName("knn").fit(train, 1), test) > 0.97);
        FeatureTable noiseTrain = Blobs.make(2, 100, 4, 0.0, "real", 3, 3);
        FeatureTable noiseTest = Blobs.make(2, 200, 4, 0.0, "real", 3, 4);
        double acc = accuracy(Classifiers.byName("knn").fit(noiseTrain, 1), noiseTest);
        assertTrue(acc > 0.38 && acc < 0.62, "chance on noise: " + acc);
    }

    /** Two classes that no line separates: class by the sign of x0 * x1 (XOR). */
    private static FeatureTable xor(int n, long seed) {
        Random rng = new Random(seed);
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = rng.nextDouble() * 2 - 1;
            double b = rng.nextDouble() * 2 - 1;
            rows.add(new FeatureTable.Row(a * b > 0 ? "same" : "diff", "g" + (i % 4), "real", i, new double[] {a, b}));
        }
        return new FeatureTable(List.of("x0", "x1"), rows);
    }

    @Test
    void mlpLearnsXorWhereLogisticRegressionCannot() {
        FeatureTable train = xor(600, 11);
        FeatureTable test = xor(400, 12);
        double mlp = accuracy(Classifiers.byName("mlp").fit(train, 3), test);
        double logreg = accuracy(Classifiers.byName("logreg").fit(train, 3), test);
        assertTrue(mlp > 0.9, "mlp on xor: " + mlp);
        assertTrue(logreg < 0.65, "logreg on xor: " + logreg);
    }

    @Test
    void mlpSeparatesBlobsIsChanceOnNoiseAndIsDeterministic() {
        FeatureTable train = Blobs.make(3, 60, 5, 5.0, "real", 3, 21);
        FeatureTable test = Blobs.make(3, 60, 5, 5.0, "real", 3, 22);
        Classifier mlp = Classifiers.byName("mlp");
        Classifier.Fitted a = mlp.fit(train, 7);
        assertTrue(accuracy(a, test) > 0.95);
        Classifier.Fitted b = mlp.fit(train, 7);
        double[][] pa = a.predictProba(test);
        double[][] pb = b.predictProba(test);
        for (int i = 0; i < pa.length; i++) {
            assertArrayEquals(pa[i], pb[i], 0.0, "same rows and seed, same model");
        }
        FeatureTable noiseTrain = Blobs.make(2, 100, 4, 0.0, "real", 3, 23);
        FeatureTable noiseTest = Blobs.make(2, 200, 4, 0.0, "real", 3, 24);
        double acc = accuracy(mlp.fit(noiseTrain, 7), noiseTest);
        assertTrue(acc > 0.38 && acc < 0.62, "chance on noise: " + acc);
    }

    @Test
    void mlpGradientMatchesCentralFiniteDifferencesForEveryWeight() {
        for (int[] layers : new int[][] {{3, 4, 3}, {3, 5, 4, 2}}) {
            SplittableRandom rng = new SplittableRandom(9);
            MlpClassifier.Network net = MlpClassifier.Network.init(layers, rng);
            Random r = new Random(4);
            for (int i = 0; i < net.params.length; i++) {
                net.params[i] += 0.1 * r.nextGaussian(); // non-zero biases too
            }
            double[][] x = new double[6][layers[0]];
            int[] y = new int[6];
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < layers[0]; j++) {
                    x[i][j] = r.nextGaussian();
                }
                y[i] = i % layers[layers.length - 1];
            }
            double decay = 0.01;
            double[] g = new double[net.params.length];
            net.lossAndGradient(x, y, decay, g);
            double h = 1e-6;
            double worst = 0;
            for (int p = 0; p < net.params.length; p++) {
                double keep = net.params[p];
                net.params[p] = keep + h;
                double up = net.lossAndGradient(x, y, decay, null);
                net.params[p] = keep - h;
                double down = net.lossAndGradient(x, y, decay, null);
                net.params[p] = keep;
                double fd = (up - down) / (2 * h);
                double err = Math.abs(fd - g[p]) / Math.max(1e-6, Math.abs(fd) + Math.abs(g[p]));
                worst = Math.max(worst, err);
            }
            assertTrue(worst < 1e-5, "worst relative gradient error " + worst + " for layers " + java.util.Arrays.toString(layers));
        }
    }
}
