package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spectrogan.augment.augmenters.Augmenter;
import org.spectrogan.augment.augmenters.MixupAugmenter;
import org.spectrogan.augment.augmenters.SmoteAugmenter;
import org.spectrogan.common.ZScore;
import org.spectrogan.features.FeatureTable;

/**
 * The interpolation-anchored (refiner) generators {@link GanConfig.Anchor#SMOTE} and {@link GanConfig.Anchor#MIXUP}:
 * with the residual at zero (step 0, kept by quality selection) every generated row lies on a segment between two
 * real rows of its class and the rows have the moments of the {@code smote} / {@code mixup} augmenter's rows computed
 * here from the same training rows (mixup also its closed-form variance); the stored rows are the z-scored training
 * rows; resume is bit-identical; a class mix and bad names.
 */
class InterpolationAnchorTest {
    @TempDir
    Path tmp;

    static GanConfig anchored(GanConfig.Anchor kind, int steps) {
        return GanTestData.small(GanConfig.Loss.WGAN_GP, steps, "PyTorch").toBuilder().optAnchor(kind).build();
    }

    /** The step-0 model (residual zero): quality selection with a scorer that prefers its first call. */
    private GanModel stepZero(TrainingSet data, GanConfig.Anchor kind, String dir) {
        GanConfig config = anchored(kind, 10).toBuilder().optSelectBy(GanConfig.SelectBy.QUALITY).optScoreEverySteps(5).build();
        GanModel model = Gan.train(data, config, tmp.resolve(dir), false, TrainingListener.NONE,
                new QualitySelectionTest.ScriptedScorer(1));
        assertEquals(0, model.selectedStep());
        return model;
    }

    static double[][] classRows(TrainingSet data, int c) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < data.x().length; i++) {
            if (data.classIndex()[i] == c) {
                out.add(data.x()[i]);
            }
        }
        return out.toArray(new double[0][]);
    }

    /** The distance of {@code p} to the nearest segment between two of {@code rows}, in units of each column's scale. */
    static double distanceToNearestSegment(double[] p, double[][] rows, double[] scale) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < rows.length; i++) {
            for (int j = i; j < rows.length; j++) {
                double dd = 0;
                double dp = 0;
                for (int a = 0; a < p.length; a++) {
                    double d = (rows[j][a] - rows[i][a]) / scale[a];
                    dd += d * d;
                    dp += d * (p[a] - rows[i][a]) / scale[a];
                }
                double u = dd == 0 ? 0 : Math.max(0, Math.min(1, dp / dd));
                double s = 0;
                for (int a = 0; a < p.length; a++) {
                    double t = (p[a] - rows[i][a] - u * (rows[j][a] - rows[i][a])) / scale[a];
                    s += t * t;
                }
                best = Math.min(best, Math.sqrt(s));
            }
        }
        return best;
    }

    static double[][] covariance(double[][] rows, double[] mean) {
        int d = mean.length;
        double[][] s = new double[d][d];
        for (double[] r : rows) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    s[a][b] += (r[a] - mean[a]) * (r[b] - mean[b]) / (rows.length - 1);
                }
            }
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(value = GanConfig.Anchor.class, names = {"SMOTE", "MIXUP"})
    void atZeroResidualTheRowsAreTheAugmentersRowsOnSegmentsBetweenRealRowsOfTheClass(GanConfig.Anchor kind) {
        TrainingSet data = GaussianAnchorTest.correlated(3);
        int n = 4000;
        FeatureTable train = table(data);
        Augmenter augmenter = kind == GanConfig.Anchor.SMOTE ? new SmoteAugmenter(SmoteAugmenter.DEFAULT_NEIGHBOURS)
                : new MixupAugmenter(MixupAugmenter.DEFAULT_ALPHA);
        FeatureTable reference = augmenter.synthesize(train, Map.of("class0", n, "class1", n), 11);
        double[] scale = new double[3];
        ZScore z = ZScore.fit(data.x(), ZScore.ConstantColumns.PIN);
        for (int a = 0; a < 3; a++) {
            scale[a] = z.invert(a, 1) - z.invert(a, 0);
        }
        try (GanModel model = stepZero(data, kind, "m")) {
            for (int c = 0; c < 2; c++) {
                double[][] real = classRows(data, c);
                double[][] rows = model.generate("class" + c, n, 21);
                // structure: each row is a point between two real rows of its class (float32 z units: 1e-5)
                for (int r = 0; r < 50; r++) {
                    assertTrue(distanceToNearestSegment(rows[r], real, scale) < 1e-5, kind + " class " + c + " row " + r);
                }
                List<double[]> refList = new ArrayList<>();
                for (FeatureTable.Row row : reference.rows()) {
                    if (row.label().equals("class" + c)) {
                        refList.add(row.values());
                    }
                }
                double[][] ref = refList.toArray(new double[0][]);
                assertEquals(n, ref.length);
                double[] gm = GanTestData.columnMeans(rows);
                double[] rm = GanTestData.columnMeans(ref);
                double[][] gc = covariance(rows, gm);
                double[][] rc = covariance(ref, rm);
                double[][] realCov = covariance(real, GanTestData.columnMeans(real));
                for (int a = 0; a < 3; a++) {
                    // two independent samples of n rows: 5 standard errors of the difference
                    assertEquals(rm[a], gm[a], 5 * Math.sqrt(2 * rc[a][a] / n), kind + " class " + c + " mean f" + a);
                    for (int b = 0; b < 3; b++) {
                        double tol = 6 * Math.sqrt(2 * (rc[a][a] * rc[b][b] + rc[a][b] * rc[a][b]) / n);
                        assertEquals(rc[a][b], gc[a][b], tol, kind + " class " + c + " covariance f" + a + ",f" + b);
                    }
                    if (kind == GanConfig.Anchor.MIXUP) {
                        // closed form: l x_i + (1-l) x_j, x_i, x_j iid of the class, l ~ Beta(a, a):
                        // Var = (1 - 2 E[l (1-l)]) Var_pop(x), E[l (1-l)] = a^2 / (2a (2a + 1)) = a / (2 (2a + 1))
                        double alpha = MixupAugmenter.DEFAULT_ALPHA;
                        double factor = 1 - 2 * alpha / (2 * (2 * alpha + 1));
                        double pop = realCov[a][a] * (real.length - 1) / real.length;
                        double tol = 5 * Math.sqrt(2.0 / n) * pop;
                        assertEquals(factor * pop, gc[a][a], tol, "mixup variance f" + a);
                        // discriminating: the real rows' variance is outside that tolerance
                        assertTrue(Math.abs(pop - factor * pop) > 1.5 * tol);
                    }
                }
            }
            // a class mix: a weight of 1 on one class is that class's rows
            assertArrayEquals(model.generate("class1", 3, 8)[2], model.generateMix(Map.of("class1", 1.0), 3, 8)[2], 0.0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GanConfig.Anchor.class, names = {"SMOTE", "MIXUP"})
    void resumeIsBitIdenticalAndTheCheckpointHoldsTheZScoredTrainingRows(GanConfig.Anchor kind) throws Exception {
        TrainingSet data = GanTestData.twoClasses(5);
        GanConfig full = anchored(kind, 30);
        Gan.train(data, full, tmp.resolve("full"), false, TrainingListener.NONE).close();
        Gan.train(data, full.toBuilder().optSteps(15).build(), tmp.resolve("part"), false, TrainingListener.NONE).close();
        Checkpoint.Loaded half = Checkpoint.read(tmp.resolve("part"));
        float[] rows = half.tensor(InterpolationAnchor.ROWS);
        float[] rowClass = half.tensor(InterpolationAnchor.ROW_CLASS);
        assertEquals(data.x().length, rowClass.length);
        ZScore z = ZScore.fit(data.x(), ZScore.ConstantColumns.PIN);
        for (int i = 0; i < data.x().length; i++) {
            assertEquals(data.classIndex()[i], rowClass[i], 0.0);
            for (int j = 0; j < 3; j++) {
                assertEquals((float) z.apply(j, data.x()[i][j]), rows[i * 3 + j], 0.0);
            }
        }
        try (GanModel resumed = Gan.train(data, full, tmp.resolve("part"), true, TrainingListener.NONE);
             GanModel whole = Gan.load(tmp.resolve("full"))) {
            assertArrayEquals(whole.generate("class1", 5, 2)[4], resumed.generate("class1", 5, 2)[4], 0.0);
        }
        assertArrayEquals(GanTrainingTest.weights(tmp.resolve("full")), GanTrainingTest.weights(tmp.resolve("part")));
    }

    @Test
    void trainingAppliesTheSmoteAnchorSoTheClassesStayWhereTheyAre() {
        TrainingSet data = GanTestData.twoClasses(8);
        try (GanModel model = Gan.train(data, anchored(GanConfig.Anchor.SMOTE, 300), tmp.resolve("a"), false,
                TrainingListener.NONE)) {
            GanTestData.assertEachClassMeanNearItsRealMean(model, data);
            try (GanModel start = Gan.train(data, anchored(GanConfig.Anchor.SMOTE, 1), tmp.resolve("b"), false,
                    TrainingListener.NONE)) {
                assertFalse(java.util.Arrays.equals(model.generate("class0", 1, 3)[0], start.generate("class0", 1, 3)[0]),
                        "the residual moved");
            }
        }
    }

    @Test
    void namesParseAndABadNameListsTheFour() {
        assertEquals(GanConfig.Anchor.SMOTE, GanConfig.Anchor.parse(" SMOTE"));
        assertEquals(GanConfig.Anchor.MIXUP, GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optAnchor("mixup").build().anchor());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optAnchor("smoot").build());
        assertEquals("anchor must be none, gaussian, smote or mixup, got 'smoot'", e.getMessage());
        IllegalArgumentException stacked = assertThrows(IllegalArgumentException.class,
                () -> new StackedTrainer(Engines.get("PyTorch"), anchored(GanConfig.Anchor.SMOTE, 5), 3, 2, List.of()));
        assertTrue(stacked.getMessage().contains("anchor smote"), stacked.getMessage());
    }

    static FeatureTable table(TrainingSet data) {
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < data.x().length; i++) {
            rows.add(new FeatureTable.Row(data.classNames().get(data.classIndex()[i]), "g" + (i % 7), "s", 0.0, data.x()[i]));
        }
        return new FeatureTable(data.featureNames(), rows);
    }
}
