package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/**
 * The fast {@link MlpClassifier} (batched passes, transposed weights, preallocated buffers) against the naive
 * per-row implementation it replaced ({@link NaiveMlpClassifier}, kept as a test-only reference): losses,
 * gradients, fitted weights and predictions equal bit for bit on random shapes (one and two hidden layers, 2-10
 * classes, batches that do not divide the rows) and on a real table (Sleep-EDF's 18 features).
 */
class MlpFastAgainstNaiveTest {
    /** Layer sizes: input 1-20, one or two hidden layers of 1-40, 2-10 classes. */
    private static int[] randomLayers(Random r, boolean twoHidden) {
        int in = 1 + r.nextInt(20);
        int k = 2 + r.nextInt(9);
        return twoHidden ? new int[] {in, 1 + r.nextInt(40), 1 + r.nextInt(40), k} : new int[] {in, 1 + r.nextInt(40), k};
    }

    private static void assertBitsEqual(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " of " + expected.length + " is " + actual[i]
                        + ", the naive code gives " + expected[i]);
            }
        }
    }

    @Test
    void lossAndGradientEqualTheNaiveNetworkBitForBit() {
        Random r = new Random(2026);
        for (int trial = 0; trial < 60; trial++) {
            int[] layers = randomLayers(r, trial % 2 == 1);
            SplittableRandom init = new SplittableRandom(trial);
            NaiveMlpClassifier.Network naive = NaiveMlpClassifier.Network.init(layers, init);
            for (int i = 0; i < naive.params.length; i++) {
                naive.params[i] += 0.2 * r.nextGaussian(); // non-zero biases too
            }
            MlpClassifier.Network fast = new MlpClassifier.Network(layers, naive.params.clone());
            int m = 1 + r.nextInt(45);
            double[][] x = new double[m][layers[0]];
            int[] y = new int[m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < layers[0]; j++) {
                    x[i][j] = r.nextInt(7) == 0 ? 0.0 : 1.5 * r.nextGaussian();
                }
                y[i] = r.nextInt(layers[layers.length - 1]);
            }
            double decay = trial % 3 == 0 ? 0.0 : 1e-3 * (1 + r.nextInt(50));
            String what = "layers " + Arrays.toString(layers) + ", " + m + " rows, decay " + decay;
            double[] gn = new double[naive.params.length];
            double[] gf = new double[naive.params.length];
            Arrays.fill(gf, Double.NaN); // the fast pass must overwrite every element
            double ln = naive.lossAndGradient(x, y, decay, gn);
            double lf = fast.lossAndGradient(x, y, decay, gf);
            assertBitsEqual(new double[] {ln}, new double[] {lf}, what + ", loss");
            assertBitsEqual(gn, gf, what + ", gradient");
            assertBitsEqual(new double[] {naive.lossAndGradient(x, y, decay, null)},
                    new double[] {fast.lossAndGradient(x, y, decay, null)}, what + ", loss without gradient");
            assertTrue(Arrays.stream(gn).anyMatch(g -> g != 0.0), what + ": a gradient that is all zeros proves nothing");
        }
    }

    @Test
    void aRowWithAnInfiniteOrNaNInputGivesTheNaiveGradient() {
        // layer 0 has more outputs than inputs (its gradient is summed transposed, which adds the zero-delta terms
        // the naive loop skips): a non-finite input takes the skipping loop, so NaNs land where the naive ones do
        int[] layers = {3, 9, 2};
        for (double bad : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
            NaiveMlpClassifier.Network naive = NaiveMlpClassifier.Network.init(layers, new SplittableRandom(4));
            for (int o = 0; o < layers[1]; o++) {
                // input 0's weights all of the sign that sends an infinite input 0 to -inf in every hidden unit:
                // the row's hidden outputs are all 0, its loss finite and its hidden deltas all zero
                double w = Math.abs(naive.params[o * layers[0]]) + 0.1;
                naive.params[o * layers[0]] = bad > 0 ? -w : w;
            }
            MlpClassifier.Network fast = new MlpClassifier.Network(layers, naive.params.clone());
            double[][] x = {{0.5, -1.0, 2.0}, {bad, 0.3, -0.2}, {1.0, 1.0, 1.0}};
            int[] y = {0, 1, 1};
            double[] gn = new double[naive.params.length];
            double[] gf = new double[naive.params.length];
            double ln = naive.lossAndGradient(x, y, 1e-3, gn);
            double lf = fast.lossAndGradient(x, y, 1e-3, gf);
            assertEquals(ln, lf, 0.0, "loss with input " + bad); // assertEquals treats NaN as equal to NaN
            for (int i = 0; i < gn.length; i++) {
                assertEquals(gn[i], gf[i], 0.0, "gradient element " + i + " with input " + bad);
            }
            if (!Double.isNaN(bad)) {
                // 0 * inf is NaN: had the zero-delta terms of the infinite row been added, these would be NaN
                assertTrue(Double.isFinite(ln) && Arrays.stream(gf).allMatch(Double::isFinite),
                        "finite loss and gradient with input " + bad + ": " + Arrays.toString(gf));
            }
        }
    }

    @Test
    void theChunkedLossOverShuffledRowsEqualsTheNaiveLoss() {
        Random r = new Random(77);
        for (int trial = 0; trial < 20; trial++) {
            int[] layers = randomLayers(r, trial % 2 == 0);
            NaiveMlpClassifier.Network naive = NaiveMlpClassifier.Network.init(layers, new SplittableRandom(trial));
            MlpClassifier.Network fast = new MlpClassifier.Network(layers, naive.params.clone());
            int n = 30 + r.nextInt(200);
            double[][] all = new double[n][layers[0]];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < layers[0]; j++) {
                    all[i][j] = r.nextGaussian();
                }
                y[i] = r.nextInt(layers[layers.length - 1]);
            }
            int[] rows = new int[n / 2 + 1]; // some rows, in a shuffled order, one twice
            for (int i = 0; i < rows.length; i++) {
                rows[i] = r.nextInt(n);
            }
            double[][] x = new double[rows.length][];
            int[] yr = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                x[i] = all[rows[i]];
                yr[i] = y[rows[i]];
            }
            int capacity = 1 + r.nextInt(rows.length + 5); // chunks that need not divide the rows
            double expected = naive.lossAndGradient(x, yr, 0.0, null);
            double actual = new MlpClassifier.Pass(fast, capacity).loss(all, y, rows);
            assertBitsEqual(new double[] {expected}, new double[] {actual},
                    "layers " + Arrays.toString(layers) + ", " + rows.length + " rows in chunks of " + capacity);
        }
    }

    /** A table of {@code n} rows over {@code classes} classes (class-dependent means, some constant column). */
    private static FeatureTable table(Random r, int n, int d, int classes) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("f" + j);
        }
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i < classes ? i : r.nextInt(classes); // every class present
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = j == d - 1 && d > 2 ? 3.0 : r.nextGaussian() + (j % classes == k ? 1.5 : 0.0);
            }
            rows.add(new FeatureTable.Row("c" + k, "g" + (i % 3), FeatureTable.REAL, i, v));
        }
        return new FeatureTable(names, rows);
    }

    private static void assertSameModel(NaiveMlpClassifier naive, MlpClassifier fast, FeatureTable train, long seed,
                                        double[][] test, String what) {
        NaiveMlpClassifier.MlpFitted a = (NaiveMlpClassifier.MlpFitted) naive.fit(train, seed);
        MlpClassifier.MlpFitted b = (MlpClassifier.MlpFitted) fast.fit(train, seed);
        assertEquals(a.classes(), b.classes(), what);
        assertBitsEqual(a.net().params, b.net().params, what + ", fitted weights");
        double[][] pa = a.predictProba(test);
        double[][] pb = b.predictProba(test);
        assertEquals(pa.length, pb.length);
        for (int i = 0; i < pa.length; i++) {
            assertBitsEqual(pa[i], pb[i], what + ", probabilities of test row " + i);
        }
        assertArrayEquals(a.predict(test), b.predict(test), what + ", predicted labels");
    }

    @Test
    void fitsEqualTheNaiveFitsBitForBitOnRandomShapes() {
        Random r = new Random(16);
        int notDividing = 0;
        for (int trial = 0; trial < 16; trial++) {
            boolean twoHidden = trial % 2 == 1;
            int classes = 2 + trial % 9;
            int d = 1 + r.nextInt(12);
            int n = classes + 20 + r.nextInt(150);
            int batch = 3 + r.nextInt(30);
            int[] hidden = twoHidden ? new int[] {1 + r.nextInt(24), 1 + r.nextInt(24)} : new int[] {1 + r.nextInt(40)};
            double decay = trial % 4 == 0 ? 0.0 : 1e-4 * (1 + r.nextInt(20));
            int patience = 2 + r.nextInt(4); // small: early stopping happens within the epochs
            double validation = 0.1 + 0.3 * r.nextDouble();
            FeatureTable train = table(r, n, d, classes);
            double[][] test = table(r, 40, d, classes).matrix();
            NaiveMlpClassifier naive = new NaiveMlpClassifier(hidden, 3e-3, decay, batch, 25, patience, validation);
            MlpClassifier fast = new MlpClassifier(hidden, 3e-3, decay, batch, 25, patience, validation);
            // the fit part is about (1 - validation) of the rows; count the trials where the last batch is short
            notDividing += Math.round(n * (1 - validation)) % batch != 0 ? 1 : 0;
            assertSameModel(naive, fast, train, 100 + trial, test, "trial " + trial + ": " + n + " rows, " + d
                    + " features, " + classes + " classes, hidden " + Arrays.toString(hidden) + ", batch " + batch);
        }
        assertTrue(notDividing >= 8, "most trials have a short last batch: " + notDividing);
        // one row per class: no validation rows, every epoch's weights are kept
        Random q = new Random(5);
        FeatureTable tiny = table(q, 4, 3, 4);
        assertSameModel(new NaiveMlpClassifier(new int[] {5}, 1e-2, 1e-4, 3, 12, 3, 0.2),
                new MlpClassifier(new int[] {5}, 1e-2, 1e-4, 3, 12, 3, 0.2), tiny, 9, tiny.matrix(), "one row per class");
    }

    @Test
    void theShippedMlpOnSleepEdfFeaturesGivesTheNaiveModelAndPredictions() {
        // train: every 6th epoch of all subjects but one (a few thousand rows, so the naive fit stays quick);
        // test: that subject's epochs
        SleepEdfSplit split = SleepEdfSplit.leaveFirstSubjectOut(6, 3000);
        FeatureTable trainTable = split.train();
        FeatureTable testTable = split.test();
        assertSameModel(NaiveMlpClassifier.standard(), MlpClassifier.standard(), trainTable, 3, testTable.matrix(),
                "sleep-edf, " + trainTable.size() + " train rows");
    }
}
