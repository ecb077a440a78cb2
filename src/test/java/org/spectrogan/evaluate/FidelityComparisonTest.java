package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/** {@link Fidelity#compare}: against naive computations written here and against cases with known answers. */
class FidelityComparisonTest {
    static final Classifier LOGREG = Classifiers.byName("logreg");

    @Test
    void perClassMmdMatchesANaiveComputation() {
        FeatureTable train = Blobs.make(2, 40, 3, 2.0, FeatureTable.REAL, 4, 1);
        FeatureTable held = Blobs.make(2, 30, 3, 2.0, FeatureTable.REAL, 4, 2);
        FeatureTable syn = Blobs.make(2, 35, 3, 2.5, FeatureTable.SYNTHETIC, 1, 3);
        Fidelity.Comparison c = Fidelity.compare(train, held, syn, LOGREG, 1);
        // z-score on all real train rows (population sd), by hand
        double[][] all = train.matrix();
        int d = 3;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] r : all) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / all.length;
            }
        }
        for (double[] r : all) {
            for (int j = 0; j < d; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / all.length;
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j]);
        }
        assertEquals(2, c.classes().size());
        for (Fidelity.ClassMmd m : c.classes()) {
            double[][] r = z(train, m.label(), mean, sd);
            double[][] s = z(syn, m.label(), mean, sd);
            double[][] h = z(held, m.label(), mean, sd);
            List<Double> dist = new ArrayList<>();
            double[][] pooled = new double[r.length + s.length][];
            System.arraycopy(r, 0, pooled, 0, r.length);
            System.arraycopy(s, 0, pooled, r.length, s.length);
            for (int i = 0; i < pooled.length; i++) {
                for (int j = i + 1; j < pooled.length; j++) {
                    dist.add(Math.sqrt(sq(pooled[i], pooled[j])));
                }
            }
            double[] sorted = dist.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            assertEquals(median, m.bandwidth(), 1e-12, "median heuristic, class " + m.label());
            assertEquals(naiveMmd2(r, s, median), m.mmd2TrainVsSynthetic(), 1e-12, "class " + m.label());
            assertEquals(naiveMmd2(r, h, median), m.mmd2TrainVsHeldOut(), 1e-12, "class " + m.label());
            assertEquals(40, m.realTrainRows());
            assertEquals(35, m.syntheticRows());
            assertEquals(30, m.heldOutRows());
        }
    }

    @Test
    void faithfulSynthesisLooksLikeHeldOutRealRows() {
        FeatureTable train = Blobs.make(3, 120, 4, 3.0, FeatureTable.REAL, 4, 11);
        FeatureTable held = Blobs.make(3, 120, 4, 3.0, FeatureTable.REAL, 4, 12);
        FeatureTable syn = Blobs.make(3, 120, 4, 3.0, FeatureTable.SYNTHETIC, 1, 13);
        Fidelity.Comparison c = Fidelity.compare(train, held, syn, LOGREG, 2);
        assertEquals(c.heldOutAccuracy(), c.labelFidelity(), 0.06, "synthetic rows as recognisable as real held-out ones");
        assertTrue(c.heldOutAccuracy() > 0.8, "separable blobs: " + c.heldOutAccuracy());
        assertEquals(1.0, c.syntheticOverRealRatio(), 0.08, "train-on-synthetic as good as train-on-real");
        assertEquals(c.heldOutBalancedAccuracy(), c.trainOnRealBalancedAccuracy(), 0);
        for (Fidelity.ClassMmd m : c.classes()) {
            assertTrue(Math.abs(m.mmd2TrainVsSynthetic()) < 0.03, m.toString());
            assertTrue(Math.abs(m.mmd2TrainVsHeldOut()) < 0.03, m.toString());
        }
        assertEquals(1.0, c.memorisation().medianRatio(), 0.25, c.memorisation().toString());
        assertTrue(c.memorisation().shareCloserThanHeldOutP5() < 0.15, c.memorisation().toString());
    }

    @Test
    void shiftedSynthesisHasLargerMmdThanRealRows() {
        FeatureTable train = Blobs.make(2, 150, 2, 3.0, FeatureTable.REAL, 4, 21);
        FeatureTable held = Blobs.make(2, 150, 2, 3.0, FeatureTable.REAL, 4, 22);
        List<FeatureTable.Row> shifted = new ArrayList<>();
        for (FeatureTable.Row r : Blobs.make(2, 150, 2, 3.0, FeatureTable.SYNTHETIC, 1, 23).rows()) {
            double[] v = r.values().clone();
            v[1] += 1.5;
            shifted.add(new FeatureTable.Row(r.label(), r.group(), r.source(), 0, v));
        }
        Fidelity.Comparison c = Fidelity.compare(train, held, new FeatureTable(train.featureNames(), shifted), LOGREG, 3);
        for (Fidelity.ClassMmd m : c.classes()) {
            assertTrue(m.mmd2TrainVsSynthetic() > 5 * Math.abs(m.mmd2TrainVsHeldOut()) + 0.02, m.toString());
        }
    }

    @Test
    void swappedLabelsAreCaughtByLabelFidelityAndTrainOnSynthetic() {
        FeatureTable train = Blobs.make(2, 100, 3, 4.0, FeatureTable.REAL, 4, 31);
        FeatureTable held = Blobs.make(2, 100, 3, 4.0, FeatureTable.REAL, 4, 32);
        List<FeatureTable.Row> swapped = new ArrayList<>();
        List<String> labels = train.labels();
        for (FeatureTable.Row r : Blobs.make(2, 100, 3, 4.0, FeatureTable.SYNTHETIC, 1, 33).rows()) {
            String other = labels.get(1 - labels.indexOf(r.label()));
            swapped.add(new FeatureTable.Row(other, r.group(), r.source(), 0, r.values()));
        }
        Fidelity.Comparison c = Fidelity.compare(train, held, new FeatureTable(train.featureNames(), swapped), LOGREG, 4);
        assertTrue(c.labelFidelity() < 0.1, "label fidelity " + c.labelFidelity());
        assertTrue(c.heldOutAccuracy() > 0.9, "held-out accuracy " + c.heldOutAccuracy());
        assertTrue(c.trainOnSyntheticBalancedAccuracy() < 0.1, "TSTR " + c.trainOnSyntheticBalancedAccuracy());
    }

    @Test
    void copiesOfTrainingRowsAreMemorised() {
        FeatureTable train = Blobs.make(2, 80, 3, 3.0, FeatureTable.REAL, 4, 41);
        FeatureTable held = Blobs.make(2, 80, 3, 3.0, FeatureTable.REAL, 4, 42);
        List<FeatureTable.Row> copies = new ArrayList<>();
        for (FeatureTable.Row r : train.rows()) {
            copies.add(new FeatureTable.Row(r.label(), "synthetic", FeatureTable.SYNTHETIC, 0, r.values().clone()));
        }
        Fidelity.Comparison c = Fidelity.compare(train, held, new FeatureTable(train.featureNames(), copies), LOGREG, 5);
        assertEquals(0.0, c.memorisation().syntheticMedianDistance(), 0);
        assertEquals(0.0, c.memorisation().medianRatio(), 0);
        assertEquals(1.0, c.memorisation().shareCloserThanHeldOutP5(), 0);
        assertTrue(c.memorisation().heldOutMedianDistance() > 0.1);
    }

    @Test
    void emptyOrMismatchedInputIsRefused() {
        FeatureTable train = Blobs.make(2, 10, 3, 3.0, FeatureTable.REAL, 2, 1);
        FeatureTable none = train.filter(r -> false);
        assertThrows(IllegalArgumentException.class, () -> Fidelity.compare(train, train, none, LOGREG, 1));
        FeatureTable other = Blobs.make(2, 10, 2, 3.0, FeatureTable.SYNTHETIC, 1, 2);
        assertThrows(IllegalArgumentException.class, () -> Fidelity.compare(train, train, other, LOGREG, 1));
    }

    static double[][] z(FeatureTable t, String label, double[] mean, double[] sd) {
        return t.rows().stream().filter(r -> r.label().equals(label)).map(r -> {
            double[] v = new double[mean.length];
            for (int j = 0; j < v.length; j++) {
                v[j] = (r.values()[j] - mean[j]) / sd[j];
            }
            return v;
        }).toArray(double[][]::new);
    }

    static double sq(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return s;
    }

    /** Unbiased MMD^2 with k(a, b) = exp(-|a-b|^2 / (2 h^2)), written from the definition (Gretton et al. 2012, eq. 3). */
    static double naiveMmd2(double[][] x, double[][] y, double h) {
        int m = x.length;
        int n = y.length;
        double xx = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i != j) {
                    xx += Math.exp(-sq(x[i], x[j]) / (2 * h * h));
                }
            }
        }
        double yy = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    yy += Math.exp(-sq(y[i], y[j]) / (2 * h * h));
                }
            }
        }
        double xy = 0;
        for (double[] a : x) {
            for (double[] b : y) {
                xy += Math.exp(-sq(a, b) / (2 * h * h));
            }
        }
        return xx / (m * (m - 1.0)) + yy / (n * (n - 1.0)) - 2 * xy / ((double) m * n);
    }

}
