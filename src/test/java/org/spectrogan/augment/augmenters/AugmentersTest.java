package org.spectrogan.augment.augmenters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spectrogan.common.LedoitWolfTest;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureTable;

/** Every simple augmenter against what it promises, checked by independent code in the test. */
class AugmentersTest {
    static final List<String> FEATURES = List.of("f0", "f1", "f2");

    /** Three classes far apart, features on different scales, {@code perClass} rows each over 4 groups. */
    static FeatureTable table(int perClass, long seed) {
        Random rng = new Random(seed);
        List<FeatureTable.Row> rows = new ArrayList<>();
        String[] labels = {"a", "b", "c"};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < perClass; i++) {
                double u = rng.nextGaussian();
                double[] v = {100 * c + u, 1000 * c + 5 * (0.6 * u + 0.8 * rng.nextGaussian()), -3 * c + 0.1 * rng.nextGaussian()};
                rows.add(new FeatureTable.Row(labels[c], "g" + (i % 4), FeatureTable.REAL, i, v));
            }
        }
        return new FeatureTable(FEATURES, rows);
    }

    @Test
    void everyAugmenterGivesExactCountsPerClassAndIsDeterministicPerSeed() {
        FeatureTable t = table(30, 1);
        Map<String, Integer> want = Map.of("a", 7, "b", 0, "c", 13);
        for (String name : Augmenters.NAMES) {
            Augmenter a = Augmenters.byName(name);
            assertEquals(name, a.name());
            FeatureTable s = a.synthesize(t, want, 42);
            if (name.equals("none")) {
                assertEquals(0, s.size());
                continue;
            }
            assertEquals(Map.of("a", 7, "c", 13), s.countsByLabel(), name);
            assertEquals(FEATURES, s.featureNames());
            assertTrue(s.rows().stream().allMatch(r -> r.source().equals(FeatureTable.SYNTHETIC)), name);
            FeatureTable again = a.synthesize(t, want, 42);
            FeatureTable other = a.synthesize(t, want, 43);
            boolean differs = false;
            for (int i = 0; i < s.size(); i++) {
                assertArrayEquals(s.rows().get(i).values(), again.rows().get(i).values(), 0, name + " row " + i);
                differs |= !java.util.Arrays.equals(s.rows().get(i).values(), other.rows().get(i).values());
            }
            assertTrue(differs, name + ": another seed should give other rows");
        }
    }

    @Test
    void badRequestsAreRefusedClearly() {
        FeatureTable t = table(5, 2);
        SpectroganException e = assertThrows(SpectroganException.class, () -> Augmenters.byName("gann"));
        assertTrue(e.getMessage().contains("gann") && e.getMessage().contains("gaussian"), e.getMessage());
        for (String name : Augmenters.NAMES) {
            if (!name.equals("none")) {
                assertThrows(IllegalArgumentException.class, () -> Augmenters.byName(name).synthesize(t, Map.of("zebra", 3), 1), name);
                assertThrows(IllegalArgumentException.class, () -> Augmenters.byName(name).synthesize(t, Map.of("a", -1), 1), name);
            }
        }
    }

    @Test
    void gaussianSamplesConvergeToTheFittedMeanAndCovariance() {
        FeatureTable t = table(40, 3);
        int n = 40000;
        FeatureTable s = new GaussianAugmenter().synthesize(t, Map.of("b", n), 9);
        GaussianAugmenter.ClassGaussian g = GaussianAugmenter.fit(t, "b");
        // the fitted mean is the class mean
        double[][] real = Augmenters.rowsOf(t, "b");
        for (int j = 0; j < 3; j++) {
            double m = 0;
            for (double[] r : real) {
                m += r[j] / real.length;
            }
            assertEquals(m, g.mean()[j], 1e-9 * (1 + Math.abs(m)));
        }
        assertTrue(g.shrinkage() > 0 && g.shrinkage() < 1, "shrinkage " + g.shrinkage());
        double[][] x = s.matrix();
        double[] mean = new double[3];
        for (double[] r : x) {
            for (int j = 0; j < 3; j++) {
                mean[j] += r[j] / n;
            }
        }
        for (int a = 0; a < 3; a++) {
            double sd = Math.sqrt(g.covariance()[a][a]);
            assertEquals(g.mean()[a], mean[a], 4 * sd / Math.sqrt(n), "mean " + a);
            for (int b = 0; b < 3; b++) {
                double c = 0;
                for (double[] r : x) {
                    c += (r[a] - mean[a]) * (r[b] - mean[b]) / (n - 1);
                }
                double sab = Math.sqrt(g.covariance()[a][a] * g.covariance()[b][b]);
                // standard error of a sample covariance is at most sqrt(2/n) * sd_a * sd_b for Gaussians
                assertEquals(g.covariance()[a][b], c, 5 * Math.sqrt(2.0 / n) * sab, "cov " + a + "," + b);
            }
        }
    }

    @Test
    void gaussianCovarianceIsTheLedoitWolfEstimateInZUnitsOfAllTrainRows() {
        FeatureTable t = table(12, 4);
        double[][] all = t.matrix();
        double[] scale = new double[3];
        double[] centre = new double[3];
        for (int j = 0; j < 3; j++) {
            for (double[] r : all) {
                centre[j] += r[j] / all.length;
            }
            for (double[] r : all) {
                scale[j] += (r[j] - centre[j]) * (r[j] - centre[j]) / all.length;
            }
            scale[j] = Math.sqrt(scale[j]);
        }
        double[][] z = new double[12][3];
        double[][] rows = Augmenters.rowsOf(t, "c");
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 3; j++) {
                z[i][j] = (rows[i][j] - centre[j]) / scale[j];
            }
        }
        double[] ref = LedoitWolfTest.naive(z);
        GaussianAugmenter.ClassGaussian g = GaussianAugmenter.fit(t, "c");
        assertEquals(ref[0], g.shrinkage(), 1e-10);
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertEquals(ref[1 + 3 * a + b] * scale[a] * scale[b], g.covariance()[a][b], 1e-9 * scale[a] * scale[b]);
            }
        }
    }

    @Test
    void gaussianOfAOneRowClassRepeatsThatRow() {
        FeatureTable t = table(10, 5).filter(r -> !r.label().equals("a") || r.t0() == 0);
        FeatureTable s = new GaussianAugmenter().synthesize(t, Map.of("a", 4), 1);
        double[] only = Augmenters.rowsOf(t, "a")[0];
        for (FeatureTable.Row r : s.rows()) {
            assertArrayEquals(only, r.values(), 1e-9);
        }
    }

    @Test
    void smoteRowsLieOnSegmentsToOneOfTheKNearestSameClassRows() {
        FeatureTable t = table(20, 6);
        int k = 3;
        FeatureTable s = new SmoteAugmenter(k).synthesize(t, Map.of("a", 40, "b", 40, "c", 40), 11);
        double[] scale = Augmenters.columnScales(t.matrix());
        for (FeatureTable.Row r : s.rows()) {
            double[][] x = Augmenters.rowsOf(t, r.label());
            boolean found = false;
            for (int a = 0; a < x.length && !found; a++) {
                // the k nearest of a, by brute force in z units
                List<Integer> order = new ArrayList<>();
                for (int b = 0; b < x.length; b++) {
                    if (b != a) {
                        order.add(b);
                    }
                }
                final int q = a;
                order.sort((u, v) -> Double.compare(zDist(x[q], x[u], scale), zDist(x[q], x[v], scale)));
                for (int b : order.subList(0, k)) {
                    found |= onSegment(r.values(), x[a], x[b]);
                }
            }
            assertTrue(found, "SMOTE row of " + r.label() + " not between a row and one of its " + k + " nearest");
        }
    }

    @Test
    void mixupRowsLieBetweenTwoRowsOfTheirOwnClass() {
        FeatureTable t = table(15, 7);
        FeatureTable s = new MixupAugmenter(1.0).synthesize(t, Map.of("a", 30, "b", 30, "c", 30), 3);
        int interior = 0;
        for (FeatureTable.Row r : s.rows()) {
            double[][] x = Augmenters.rowsOf(t, r.label());
            boolean found = false;
            for (int a = 0; a < x.length && !found; a++) {
                for (int b = a; b < x.length && !found; b++) {
                    found = onSegment(r.values(), x[a], x[b]);
                }
            }
            assertTrue(found, "mixup row of class " + r.label() + " is not between two rows of that class");
            boolean copy = false;
            for (double[] v : x) {
                copy |= zDist(v, r.values(), new double[] {1, 1, 1}) < 1e-12;
            }
            interior += copy ? 0 : 1;
        }
        assertTrue(interior > 80, "with alpha 1 nearly every row is a proper mixture: " + interior);
    }

    @Test
    void noiseIsJitterOfTheStatedSizeInZUnitsAroundRealRows() {
        // one class of rows 0.35 z units apart (features on very different scales), so each jittered row's
        // nearest real row is its base
        List<FeatureTable.Row> grid = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            grid.add(new FeatureTable.Row("a", "g" + i, FeatureTable.REAL, 0, new double[] {10 * i, 1000 * ((i * 3) % 10), 0.01 * ((i * 7) % 10)}));
        }
        FeatureTable t = new FeatureTable(FEATURES, grid);
        double sigma = 0.05;
        FeatureTable s = new NoiseAugmenter(sigma).synthesize(t, Map.of("a", 3000), 2);
        double[] scale = Augmenters.columnScales(t.matrix());
        double[][] x = Augmenters.rowsOf(t, "a");
        double[] sumSq = new double[3];
        for (FeatureTable.Row r : s.rows()) {
            double[] base = x[0];
            for (double[] v : x) {
                if (zDist(v, r.values(), scale) < zDist(base, r.values(), scale)) {
                    base = v;
                }
            }
            for (int j = 0; j < 3; j++) {
                double e = (r.values()[j] - base[j]) / scale[j];
                sumSq[j] += e * e / s.size();
            }
        }
        for (int j = 0; j < 3; j++) {
            // the nearest real row is the base almost always (rows are far apart in z units relative to sigma)
            assertEquals(sigma, Math.sqrt(sumSq[j]), 0.1 * sigma, "feature " + j);
        }
    }

    @Test
    void oversampleRowsAreCopiesOfSameClassRows() {
        FeatureTable t = table(10, 9);
        FeatureTable s = new OversampleAugmenter().synthesize(t, Map.of("a", 50, "c", 5), 4);
        java.util.Set<Integer> distinct = new java.util.HashSet<>();
        for (FeatureTable.Row r : s.rows()) {
            double[][] x = Augmenters.rowsOf(t, r.label());
            int hit = -1;
            for (int i = 0; i < x.length; i++) {
                if (java.util.Arrays.equals(x[i], r.values())) {
                    hit = i;
                }
            }
            assertTrue(hit >= 0, "oversampled row is not a copy of a row of " + r.label());
            if (r.label().equals("a")) {
                distinct.add(hit);
            }
        }
        assertTrue(distinct.size() >= 8, "50 draws from 10 rows should reach most of them: " + distinct.size());
        assertNotEquals(0, s.size());
    }

    static double zDist(double[] a, double[] b, double[] scale) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double e = (a[j] - b[j]) / scale[j];
            s += e * e;
        }
        return s;
    }

    /** Whether {@code s = a + l (b - a)} for one l in [0, 1] (to 1e-9 relative). */
    static boolean onSegment(double[] s, double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int j = 0; j < s.length; j++) {
            num += (s[j] - a[j]) * (b[j] - a[j]);
            den += (b[j] - a[j]) * (b[j] - a[j]);
        }
        double l = den == 0 ? 0 : num / den;
        if (l < -1e-12 || l > 1 + 1e-12) {
            return false;
        }
        for (int j = 0; j < s.length; j++) {
            double want = a[j] + l * (b[j] - a[j]);
            if (Math.abs(want - s[j]) > 1e-9 * (1 + Math.abs(s[j]))) {
                return false;
            }
        }
        return true;
    }
}
