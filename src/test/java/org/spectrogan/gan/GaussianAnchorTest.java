package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.LedoitWolf;
import org.spectrogan.common.ZScore;

/**
 * The Gaussian-anchored generator ({@link GanConfig.Anchor#GAUSSIAN}): with its residual at zero (the snapshot of
 * step 0, which quality selection can keep) it samples the class-conditional Ledoit-Wolf Gaussian of the training
 * rows (per-class mean and covariance within a tolerance computed from the sample size); its output layer starts at
 * zero and every other initial weight is the plain generator's; the anchor is applied in training (the classes are
 * learned where they are); resume is bit-identical; the option is in the resume key, left out of JSON when none,
 * refused by the stacked trainer and named in its errors.
 */
class GaussianAnchorTest {
    @TempDir
    Path tmp;

    /** Two classes of three correlated features in very different units (x2 = x0 + x1 + noise). */
    static TrainingSet correlated(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 80;
        double[][] x = new double[2 * n][];
        int[] cls = new int[2 * n];
        for (int i = 0; i < x.length; i++) {
            int c = i / n;
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            x[i] = new double[] {10 + 4 * c + a, -5 + 2 * (1 - 2 * c) * b + 0.8 * a, 100 + 30 * c + 5 * (a + b) + 2 * rng.nextGaussian()};
            cls[i] = c;
        }
        return new TrainingSet(x, cls, List.of("class0", "class1"), List.of("f0", "f1", "f2"), Map.of("synthetic", "none"));
    }

    static GanConfig anchored(int steps) {
        return GanTestData.small(GanConfig.Loss.WGAN_GP, steps, "PyTorch").toBuilder()
                .optAnchor(GanConfig.Anchor.GAUSSIAN).build();
    }

    /** The reference: class c's Ledoit-Wolf mean and covariance in z units (population z-score), mapped to units. */
    static double[][] reference(TrainingSet data, int c, double[] meanOut) {
        ZScore z = ZScore.fit(data.x(), ZScore.ConstantColumns.PIN);
        int d = data.featureNames().size();
        List<double[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < data.x().length; i++) {
            if (data.classIndex()[i] == c) {
                double[] r = new double[d];
                for (int j = 0; j < d; j++) {
                    r[j] = z.apply(j, data.x()[i][j]);
                }
                rows.add(r);
            }
        }
        LedoitWolf.Estimate e = LedoitWolf.fit(rows.toArray(new double[0][]));
        assertTrue(e.shrinkage() > 0 && e.shrinkage() < 1, "a real shrinkage: " + e.shrinkage());
        double[][] cov = new double[d][d];
        for (int a = 0; a < d; a++) {
            meanOut[a] = z.invert(a, e.mean()[a]);
            double sa = z.invert(a, 1) - z.invert(a, 0);
            for (int b = 0; b < d; b++) {
                double sb = z.invert(b, 1) - z.invert(b, 0);
                cov[a][b] = sa * sb * e.covariance()[a][b];
            }
        }
        return cov;
    }

    @Test
    void atZeroResidualTheRowsHaveEachClassesLedoitWolfMeanAndCovarianceAndQualitySelectionCanKeepStepZero() {
        TrainingSet data = correlated(3);
        QualitySelectionTest.ScriptedScorer scorer = new QualitySelectionTest.ScriptedScorer(1); // the first call
        GanConfig config = anchored(10).toBuilder().optSelectBy(GanConfig.SelectBy.QUALITY).optScoreEverySteps(5).build();
        int n = 4000;
        try (GanModel model = Gan.train(data, config, tmp.resolve("m"), false, TrainingListener.NONE, scorer)) {
            assertEquals(List.of(0, 5, 10), model.qualityScores().stream().map(QualityPoint::step).toList(),
                    "step 0 is scored under the anchor");
            assertEquals(0, model.selectedStep());
            int d = 3;
            double[][][] refCov = new double[2][][];
            double[][] refMean = new double[2][d];
            double[][] genMean = new double[2][];
            for (int c = 0; c < 2; c++) {
                refCov[c] = reference(data, c, refMean[c]);
                double[][] rows = model.generate("class" + c, n, 21);
                genMean[c] = GanTestData.columnMeans(rows);
                double[][] genCov = new double[d][d];
                for (double[] r : rows) {
                    for (int a = 0; a < d; a++) {
                        for (int b = 0; b < d; b++) {
                            genCov[a][b] += (r[a] - genMean[c][a]) * (r[b] - genMean[c][b]) / (n - 1);
                        }
                    }
                }
                for (int a = 0; a < d; a++) {
                    // 5 standard errors of the sample mean and of the sample covariance of n normal rows
                    double meanTol = 5 * Math.sqrt(refCov[c][a][a] / n);
                    assertEquals(refMean[c][a], genMean[c][a], meanTol, "class " + c + " mean of f" + a);
                    for (int b = 0; b < d; b++) {
                        double covTol = 5 * Math.sqrt((refCov[c][a][a] * refCov[c][b][b] + refCov[c][a][b] * refCov[c][a][b]) / n);
                        assertEquals(refCov[c][a][b], genCov[a][b], covTol, "class " + c + " covariance f" + a + ",f" + b);
                    }
                }
            }
            // the tolerance is discriminating: the other class's mean is far outside it
            for (int a = 0; a < d; a++) {
                assertTrue(Math.abs(genMean[0][a] - refMean[1][a]) > 10 * Math.sqrt(refCov[1][a][a] / n), "f" + a);
            }
            assertTrue(Math.abs(refCov[1][0][1] - refCov[0][0][1]) > 0.2, "the classes' covariances differ");
            // a class mix gets sum_c w_c (mu_c + L_c e): its mean is the weighted mean of the class means, and a weight
            // of 1 on one class is that class's rows
            double[] mixMean = GanTestData.columnMeans(model.generateMix(Map.of("class0", 0.25, "class1", 0.75), n, 5));
            for (int a = 0; a < d; a++) {
                double expected = 0.25 * refMean[0][a] + 0.75 * refMean[1][a];
                double sd = Math.sqrt(refCov[0][a][a] + refCov[1][a][a]); // a bound on the mix's standard deviation
                assertEquals(expected, mixMean[a], 5 * sd / Math.sqrt(n), "mix mean of f" + a);
            }
            assertArrayEquals(model.generate("class1", 3, 8)[2], model.generateMix(Map.of("class1", 1.0), 3, 8)[2], 0.0);
        }
    }

    @Test
    void theOutputLayerStartsAtZeroAndEveryOtherInitialWeightIsThePlainGenerators() {
        TrainingSet data = GanTestData.twoClasses(2);
        float[][] rows = Gan.normalisedRows(data.x(), ZScore.fit(data.x(), ZScore.ConstantColumns.PIN));
        GanConfig plain = GanTestData.small(GanConfig.Loss.WGAN_GP, 5, "PyTorch");
        try (WganTrainer a = new WganTrainer(Engines.get("PyTorch"), plain, rows, data.classIndex(), 2);
             WganTrainer b = new WganTrainer(Engines.get("PyTorch"), anchored(5), rows, data.classIndex(), 2)) {
            List<float[]> pa = a.state.generator.split(a.state.generator.flat);
            List<float[]> pb = b.state.generator.split(b.state.generator.flat);
            int last = pa.size() - 2;
            for (int t = 0; t < last; t++) {
                assertArrayEquals(pa.get(t), pb.get(t), 0f, "tensor " + t);
            }
            for (int t = last; t < pa.size(); t++) {
                assertArrayEquals(new float[pa.get(t).length], pb.get(t), 0f, "output tensor " + t);
                assertTrue(pa.get(t)[0] != 0f);
            }
            assertArrayEquals(a.state.critic.flat.toFloatArray(), b.state.critic.flat.toFloatArray(), 0f);
        }
    }

    @Test
    void trainingAppliesTheAnchorSoTheClassesStayWhereTheyAre() {
        // were the shift left out of training, the residual would learn the rows themselves and the samples (residual
        // + shift) would sit one class mean (in z units) away from the real rows
        TrainingSet data = GanTestData.twoClasses(8);
        try (GanModel model = Gan.train(data, anchored(300), tmp.resolve("a"), false, TrainingListener.NONE)) {
            GanTestData.assertEachClassMeanNearItsRealMean(model, data);
            try (GanModel start = Gan.train(data, anchored(1), tmp.resolve("b"), false, TrainingListener.NONE)) {
                assertFalse(java.util.Arrays.equals(model.generate("class0", 1, 3)[0], start.generate("class0", 1, 3)[0]),
                        "the residual moved");
            }
        }
    }

    @Test
    void resumeOfTheAnchoredGeneratorEndsBitIdenticallyAndReadsTheStoredAnchor() throws Exception {
        TrainingSet data = GanTestData.twoClasses(5);
        GanConfig full = anchored(30);
        Gan.train(data, full, tmp.resolve("full"), false, TrainingListener.NONE).close();
        Gan.train(data, full.toBuilder().optSteps(15).build(), tmp.resolve("part"), false, TrainingListener.NONE).close();
        Checkpoint.Loaded half = Checkpoint.read(tmp.resolve("part"));
        assertTrue(half.names().containsAll(List.of(GaussianAnchor.MEAN, GaussianAnchor.FACTOR)));
        try (GanModel resumed = Gan.train(data, full, tmp.resolve("part"), true, TrainingListener.NONE);
             GanModel whole = Gan.load(tmp.resolve("full"))) {
            assertArrayEquals(whole.generate("class1", 5, 2)[4], resumed.generate("class1", 5, 2)[4], 0.0);
        }
        assertArrayEquals(GanTrainingTest.weights(tmp.resolve("full")), GanTrainingTest.weights(tmp.resolve("part")));
        // the stored anchor is what generation uses: the class means of the stored mu are the real class means (z)
        float[] mu = half.tensor(GaussianAnchor.MEAN);
        ZScore z = ZScore.fit(data.x(), ZScore.ConstantColumns.PIN);
        double[] m0 = GanTestData.columnMeans(java.util.Arrays.copyOfRange(data.x(), 0, 60));
        for (int j = 0; j < 3; j++) {
            assertEquals(z.apply(j, m0[j]), mu[j], 1e-5);
        }
    }

    @Test
    void theAnchorIsInTheResumeKeyLeftOutOfJsonWhenNoneAndNamedInErrors() throws Exception {
        GanConfig plain = GanTestData.small(GanConfig.Loss.WGAN_GP, 5, "PyTorch");
        GanConfig anchored = plain.toBuilder().optAnchor(GanConfig.Anchor.GAUSSIAN).build();
        assertEquals(GanConfig.Anchor.NONE, plain.anchor());
        assertFalse(plain.resumeKey().equals(anchored.resumeKey()));
        assertEquals(GanConfig.Anchor.GAUSSIAN, anchored.toBuilder().build().anchor());
        ObjectMapper json = new ObjectMapper() // as Checkpoint reads state.json
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        assertFalse(json.writeValueAsString(plain).contains("anchor"), "the default's JSON is as before");
        assertTrue(json.writeValueAsString(anchored).contains("\"anchor\":\"GAUSSIAN\""));
        assertEquals(GanConfig.Anchor.GAUSSIAN, json.readValue(json.writeValueAsString(anchored), GanConfig.class).anchor());
        assertEquals(GanConfig.Anchor.NONE, json.readValue(json.writeValueAsString(plain), GanConfig.class).anchor());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optAnchor("gauss").build());
        assertEquals("anchor must be none, gaussian, smote or mixup, got 'gauss'", e.getMessage());
        // a model trained without the anchor refuses to resume with it
        TrainingSet data = GanTestData.twoClasses(1);
        Gan.train(data, plain, tmp.resolve("p"), false, TrainingListener.NONE).close();
        Exception refused = assertThrows(Exception.class,
                () -> Gan.train(data, anchored.toBuilder().optSteps(10).build(), tmp.resolve("p"), true, TrainingListener.NONE));
        assertTrue(refused.getMessage().contains("cannot resume"), refused.getMessage());
        assertTrue(Files.readString(tmp.resolve("p").resolve(Files.readString(tmp.resolve("p").resolve("LATEST")).trim())
                .resolve("state.json")).indexOf("anchor") < 0, "the default's state.json is as before");
    }

    @Test
    void theStackedTrainerRefusesTheAnchorAndStackedTrainingTrainsItAlone() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StackedTrainer(Engines.get("PyTorch"), anchored(5), 3, 2, List.of()));
        assertTrue(e.getMessage().contains("anchor gaussian"), e.getMessage());
        TrainingSet data = GanTestData.twoClasses(6);
        List<GanModel> models = StackedTraining.trainAll(List.of(new StackedTraining.Job(data, 7L, tmp.resolve("s"))),
                anchored(5), StackedTraining.DEFAULT_MEMORY_BUDGET_BYTES, false);
        try (GanModel alone = Gan.train(data, anchored(5), tmp.resolve("g"), false, TrainingListener.NONE)) {
            assertArrayEquals(alone.generate("class0", 3, 1)[2], models.get(0).generate("class0", 3, 1)[2], 0.0);
        } finally {
            models.forEach(GanModel::close);
        }
    }
}
