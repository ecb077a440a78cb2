package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/**
 * {@link Fidelity.QualityScore}: balanced label fidelity minus the mean per-class MMD^2 to the held-out rows, the
 * MMD part against a naive computation written here (z units of the fit rows, bandwidth the median pairwise
 * distance of the class's fit and held-out rows), and the ordering it must give: faithful rows above shifted
 * rows above rows with swapped labels.
 */
class QualityScoreTest {
    static final Classifier LOGREG = Classifiers.byName("logreg");

    static String[] labels(FeatureTable t) {
        String[] y = new String[t.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = t.rows().get(i).label();
        }
        return y;
    }

    @Test
    void theMmdPartMatchesANaiveComputationAndTheScoreIsFidelityMinusMmd() {
        FeatureTable fit = Blobs.make(2, 40, 3, 3.0, FeatureTable.REAL, 4, 1);
        FeatureTable held = Blobs.make(2, 30, 3, 3.0, FeatureTable.REAL, 4, 2);
        FeatureTable syn = Blobs.make(2, 35, 3, 2.0, FeatureTable.SYNTHETIC, 1, 3);
        Fidelity.QualityScore.Parts p = Fidelity.qualityScore(fit, held, LOGREG, 5).score(syn.matrix(), labels(syn));
        double[] mean = new double[3];
        double[] sd = new double[3];
        double[][] all = fit.matrix();
        for (double[] r : all) {
            for (int j = 0; j < 3; j++) {
                mean[j] += r[j] / all.length;
            }
        }
        for (double[] r : all) {
            for (int j = 0; j < 3; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / all.length;
            }
        }
        for (int j = 0; j < 3; j++) {
            sd[j] = Math.sqrt(sd[j]);
        }
        double sum = 0;
        for (String c : List.of("c0", "c1")) {
            double[][] r = FidelityComparisonTest.z(fit, c, mean, sd);
            double[][] h = FidelityComparisonTest.z(held, c, mean, sd);
            double[][] s = FidelityComparisonTest.z(syn, c, mean, sd);
            List<Double> dist = new ArrayList<>();
            double[][] pooled = new double[r.length + h.length][];
            System.arraycopy(r, 0, pooled, 0, r.length);
            System.arraycopy(h, 0, pooled, r.length, h.length);
            for (int i = 0; i < pooled.length; i++) {
                for (int j = i + 1; j < pooled.length; j++) {
                    dist.add(Math.sqrt(FidelityComparisonTest.sq(pooled[i], pooled[j])));
                }
            }
            double[] sorted = dist.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            sum += FidelityComparisonTest.naiveMmd2(s, h, median);
        }
        assertEquals(sum / 2, p.meanMmd2(), 1e-12);
        assertEquals(p.labelFidelityBalanced() - p.meanMmd2(), p.score(), 1e-15);
        Classifier.Fitted onFit = LOGREG.fit(fit, 5);
        assertEquals(Fidelity.meanClassShareRight(labels(syn), onFit.predict(syn.matrix())), p.labelFidelityBalanced(),
                1e-15);
    }

    @Test
    void faithfulRowsScoreAboveShiftedRowsAboveSwappedLabels() {
        FeatureTable fit = Blobs.make(3, 60, 4, 3.0, FeatureTable.REAL, 4, 11);
        FeatureTable held = Blobs.make(3, 40, 4, 3.0, FeatureTable.REAL, 4, 12);
        Fidelity.QualityScore q = Fidelity.qualityScore(fit, held, LOGREG, 1);
        FeatureTable faithful = Blobs.make(3, 50, 4, 3.0, FeatureTable.SYNTHETIC, 1, 13);
        double[][] shifted = faithful.matrix();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = shifted[i].clone();
            shifted[i][3] += 2.5; // a shift along a column no class is separated on keeps the labels recognisable
        }
        String[] truth = labels(faithful);
        String[] swapped = new String[truth.length];
        for (int i = 0; i < truth.length; i++) {
            swapped[i] = "c" + ((Integer.parseInt(truth[i].substring(1)) + 1) % 3);
        }
        Fidelity.QualityScore.Parts good = q.score(faithful.matrix(), truth);
        Fidelity.QualityScore.Parts moved = q.score(shifted, truth);
        Fidelity.QualityScore.Parts wrong = q.score(faithful.matrix(), swapped);
        assertTrue(good.labelFidelityBalanced() > 0.9 && Math.abs(good.meanMmd2()) < 0.05, good.toString());
        assertTrue(moved.meanMmd2() > 10 * Math.abs(good.meanMmd2()) + 0.1, moved.toString());
        assertTrue(good.score() > moved.score() && moved.score() > wrong.score(),
                good + " > " + moved + " > " + wrong);
        assertEquals(good, q.score(faithful.matrix(), truth), "deterministic");
        assertThrows(IllegalArgumentException.class, () -> q.score(new double[0][], new String[0]));
    }
}
