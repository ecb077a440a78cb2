package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/** MMD, memorisation, diversity and the whole fidelity summary against known answers. */
class FidelityTest {
    @Test
    void mmdOfTheSameSampleIsZeroAndOfSameDistributionIsNearZero() {
        Random rng = new Random(1);
        double[][] x = Blobs.gaussian(300, new double[3], 1.0, rng);
        double[][] y = Blobs.gaussian(300, new double[3], 1.0, rng);
        double h = Fidelity.medianPairwiseDistance(x);
        // identical sets: kxx + kyy - 2 kxy where kxy includes the diagonal ones: small but exactly computable
        double same = Fidelity.mmd2Unbiased(x, x, h);
        assertTrue(Math.abs(same) < 0.01, "MMD^2 of a set with itself: " + same);
        double fresh = Fidelity.mmd2Unbiased(x, y, h);
        assertTrue(Math.abs(fresh) < 0.01, "MMD^2 of two samples of one distribution: " + fresh);
    }

    @Test
    void mmdOfShiftedGaussiansMatchesTheClosedForm() {
        Random rng = new Random(7);
        int d = 2;
        double s = 1.0;
        double h = 1.5;
        for (double shift : new double[] {0.5, 1.0, 2.0}) {
            double[] mu = {shift, 0};
            double[][] x = Blobs.gaussian(1200, new double[d], s, rng);
            double[][] y = Blobs.gaussian(1200, mu, s, rng);
            double a = Math.pow(h * h / (h * h + 2 * s * s), d / 2.0);
            double expected = 2 * a * (1 - Math.exp(-shift * shift / (2 * (h * h + 2 * s * s))));
            double got = Fidelity.mmd2Unbiased(x, y, h);
            assertEquals(expected, got, 0.012 + 0.05 * expected, "shift " + shift);
        }
    }

    @Test
    void medianHeuristicAndPercentileMatchHandValues() {
        double[][] pts = {{0}, {1}, {3}};
        // distances 1, 3, 2 -> median 2
        assertEquals(2.0, Fidelity.medianPairwiseDistance(pts), 1e-12);
        assertEquals(2.0, Fidelity.meanPairwiseDistance(pts), 1e-12);
        // numpy.percentile([1,2,3,4,5], 1) = 1.04
        assertEquals(1.04, Fidelity.percentile(new double[] {5, 3, 1, 2, 4}, 1), 1e-12);
    }

    @Test
    void copiesAreAllMemorisedAndFreshSamplesAlmostNever() {
        Random rng = new Random(3);
        double[][] real = Blobs.gaussian(400, new double[4], 1.0, rng);
        assertEquals(1.0, Fidelity.memorisedShare(real, real.clone()), 0);
        double[][] nearCopies = new double[real.length][];
        for (int i = 0; i < real.length; i++) {
            nearCopies[i] = real[i].clone();
            nearCopies[i][0] += 1e-6;
        }
        assertEquals(1.0, Fidelity.memorisedShare(real, nearCopies), 0);
        double fresh = Fidelity.memorisedShare(real, Blobs.gaussian(400, new double[4], 1.0, rng));
        assertTrue(fresh < 0.05, "fresh samples memorised: " + fresh);
    }

    @Test
    void evaluateSeparatesGoodSynthesisFromCollapsedCopies() {
        FeatureTable real = Blobs.make(2, 150, 4, 3.0, FeatureTable.REAL, 3, 11);
        FeatureTable good = Blobs.make(2, 150, 4, 3.0, FeatureTable.SYNTHETIC, 3, 12);
        Fidelity.Result g = Fidelity.evaluate(real, good, Classifiers.byName("logreg"), 5);
        assertTrue(g.labelFidelity() > 0.9, "label fidelity " + g.labelFidelity());
        assertTrue(g.memorisedShare() < 0.05, "memorised " + g.memorisedShare());
        for (Fidelity.ClassFidelity c : g.classes()) {
            assertTrue(c.mmd2RealVsSynthetic() < 0.02, c.label() + " MMD " + c.mmd2RealVsSynthetic());
            assertTrue(Math.abs(c.diversityRatio() - 1) < 0.15, c.label() + " diversity " + c.diversityRatio());
            assertTrue(Math.abs(c.principalVarianceRatio() - 1) < 0.35, c.label() + " principal variance " + c.principalVarianceRatio());
        }

        // collapsed generator: every synthetic row of a class is the same real row
        List<FeatureTable.Row> collapsed = new ArrayList<>();
        for (String label : real.labels()) {
            FeatureTable.Row first = real.filter(r -> r.label().equals(label)).rows().get(0);
            for (int i = 0; i < 50; i++) {
                double[] v = first.values().clone();
                v[0] += 1e-3 * i;
                collapsed.add(new FeatureTable.Row(label, "", FeatureTable.SYNTHETIC, 0, v));
            }
        }
        Fidelity.Result c = Fidelity.evaluate(real, new FeatureTable(real.featureNames(), collapsed), Classifiers.byName("logreg"), 5);
        assertTrue(c.memorisedShare() > 0.5, "memorised " + c.memorisedShare());
        for (Fidelity.ClassFidelity cf : c.classes()) {
            assertTrue(cf.diversityRatio() < 0.05, cf.label() + " diversity " + cf.diversityRatio());
            assertTrue(cf.mmd2RealVsSynthetic() > 5 * Math.abs(cf.mmd2RealVsReal()) + 0.05,
                    cf.label() + " MMD " + cf.mmd2RealVsSynthetic() + " vs real-real " + cf.mmd2RealVsReal());
        }
    }

    @Test
    void independentFeaturesWithRightMarginalsShowInThePrincipalVarianceRatio() {
        // real: 20 features driven by one common factor (strong correlation); synthetic: each feature drawn
        // independently with the real marginal mean and variance
        Random rng = new Random(17);
        int d = 20;
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("f" + j);
        }
        List<FeatureTable.Row> real = new ArrayList<>();
        List<FeatureTable.Row> synth = new ArrayList<>();
        for (String label : List.of("a", "b")) {
            double offset = label.equals("a") ? 0 : 1;
            for (int i = 0; i < 200; i++) {
                double f = 3 * rng.nextGaussian();
                double[] v = new double[d];
                double[] w = new double[d];
                for (int j = 0; j < d; j++) {
                    v[j] = offset + f + 0.5 * rng.nextGaussian();
                    w[j] = offset + Math.sqrt(9 + 0.25) * rng.nextGaussian();
                }
                real.add(new FeatureTable.Row(label, "", FeatureTable.REAL, 0, v));
                synth.add(new FeatureTable.Row(label, "", FeatureTable.SYNTHETIC, 0, w));
            }
        }
        Fidelity.Result r = Fidelity.evaluate(new FeatureTable(names, real), new FeatureTable(names, synth), Classifiers.byName("logreg"), 3);
        for (Fidelity.ClassFidelity c : r.classes()) {
            // along the common-factor axis the real variance is ~20 * 9, the independent synthetic one ~9
            assertTrue(c.principalVarianceRatio() < 0.3, c.label() + " principal variance " + c.principalVarianceRatio());
        }
    }
}
