package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/** The gain evaluation finds help where synthetic rows carry information, and harm where they mislead. */
class GainEvaluationTest {
    // 4 classes in 8 dims, overlapping: few real rows train a poor model, many good synthetic rows a better one
    private static final FeatureTable REAL_TRAIN = Blobs.make(4, 6, 8, 1.2, FeatureTable.REAL, 3, 21);
    private static final FeatureTable REAL_TEST = Blobs.make(4, 100, 8, 1.2, FeatureTable.REAL, 3, 22);
    private static final FeatureTable GOOD_SYNTH = Blobs.make(4, 150, 8, 1.2, FeatureTable.SYNTHETIC, 1, 23);

    @Test
    void syntheticRowsFromTheTrueDistributionHelp() {
        List<GainEvaluation.Trial> trials = GainEvaluation.repeatedTrials(REAL_TRAIN, GOOD_SYNTH, REAL_TEST, 5, 0.8, 1);
        List<GainEvaluation.ClassifierGain> gains = GainEvaluation.evaluate(trials, List.of(Classifiers.byName("logreg")));
        GainEvaluation.ClassifierGain g = gains.get(0);
        assertEquals(5, g.trials());
        Summary gain = g.gain().get(Metric.BALANCED_ACCURACY);
        assertTrue(gain.aboveZero(), "gain " + gain);
        assertTrue(g.syntheticOnly().get(Metric.BALANCED_ACCURACY).mean() > g.real().get(Metric.BALANCED_ACCURACY).mean());
        Verdict v = Verdict.of(gains, List.of(), Metric.BALANCED_ACCURACY);
        assertEquals(1, v.helped());
        assertTrue(v.headline().startsWith("Augmentation helped"), v.headline());
    }

    @Test
    void syntheticRowsWithWrongLabelsHurt() {
        // shift every synthetic label to the next class
        List<FeatureTable.Row> wrong = new ArrayList<>();
        for (FeatureTable.Row r : GOOD_SYNTH.rows()) {
            int k = Integer.parseInt(r.label().substring(1));
            wrong.add(new FeatureTable.Row("c" + ((k + 1) % 4), r.group(), r.source(), r.t0(), r.values()));
        }
        FeatureTable bad = new FeatureTable(GOOD_SYNTH.featureNames(), wrong);
        List<GainEvaluation.ClassifierGain> gains = GainEvaluation.evaluate(
                GainEvaluation.repeatedTrials(REAL_TRAIN, bad, REAL_TEST, 5, 0.8, 1), List.of(Classifiers.byName("logreg")));
        assertTrue(gains.get(0).gain().get(Metric.BALANCED_ACCURACY).belowZero(), "gain " + gains.get(0).gain());
        Verdict v = Verdict.of(gains, List.of(), Metric.BALANCED_ACCURACY);
        assertEquals(1, v.hurt());
        assertTrue(v.headline().startsWith("Augmentation did not help"), v.headline());
        assertTrue(v.cases().get(0).sentence().startsWith("Hurt: logreg"), v.cases().get(0).sentence());
    }

    @Test
    void realArmOfATrialIsTheSameWithOrWithoutSyntheticRows() {
        // paired design: the real arm does not depend on the synthetic rows
        List<GainEvaluation.Trial> a = GainEvaluation.repeatedTrials(REAL_TRAIN, GOOD_SYNTH, REAL_TEST, 3, 0.8, 4);
        List<GainEvaluation.Trial> b = GainEvaluation.repeatedTrials(REAL_TRAIN, new FeatureTable(REAL_TRAIN.featureNames(), List.of()), REAL_TEST, 3, 0.8, 4);
        GainEvaluation.ClassifierGain ga = GainEvaluation.evaluate(a, List.of(Classifiers.byName("svm"))).get(0);
        GainEvaluation.ClassifierGain gb = GainEvaluation.evaluate(b, List.of(Classifiers.byName("svm"))).get(0);
        assertEquals(ga.real(), gb.real());
        // no synthetic rows: augmented = real, zero gain, no synthetic-only arm
        assertEquals(gb.real(), gb.augmented());
        assertEquals(0.0, gb.gain().get(Metric.ACCURACY).mean(), 0);
        assertNull(gb.syntheticOnly());
        // identical trials: a zero-width interval is no evidence either way
        Verdict v = Verdict.of(List.of(gb), List.of(), Metric.BALANCED_ACCURACY);
        assertEquals(1, v.unclear());
        assertTrue(v.cases().get(0).sentence().contains("every trial gave the same value, so there is no interval"),
                v.cases().get(0).sentence());
    }

    @Test
    void subsamplingIsStratifiedByClassAndGroup() {
        FeatureTable t = Blobs.make(2, 100, 2, 1, FeatureTable.REAL, 4, 5); // 25 rows per (class, group)
        FeatureTable s = Subsampling.stratified(t, 0.25, 8);
        assertEquals(Map.of("c0", 25, "c1", 25), s.countsByLabel());
        for (String label : List.of("c0", "c1")) {
            for (int g = 0; g < 4; g++) {
                String group = "g" + g;
                long n = s.rows().stream().filter(r -> r.label().equals(label) && r.group().equals(group)).count();
                assertTrue(n == 6 || n == 7, label + "/" + group + ": " + n);
            }
        }
        // tiny classes keep at least two rows
        FeatureTable small = Subsampling.stratified(Blobs.make(2, 5, 2, 1, FeatureTable.REAL, 1, 5), 0.1, 1);
        assertEquals(Map.of("c0", 2, "c1", 2), small.countsByLabel());
        assertEquals(t, Subsampling.stratified(t, 1.0, 1));
    }

    @Test
    void lowDataSweepSynthesizesFromTheSubsetOnly() {
        FeatureTable train = Blobs.make(2, 40, 3, 2.0, FeatureTable.REAL, 4, 31);
        FeatureTable test = Blobs.make(2, 40, 3, 2.0, FeatureTable.REAL, 4, 32);
        AtomicInteger calls = new AtomicInteger();
        SyntheticSource source = (subset, seed) -> {
            calls.incrementAndGet();
            // "synthesize" by jittering the subset's own rows: proves the source only sees the subset
            for (FeatureTable.Row r : subset.rows()) {
                assertTrue(train.rows().contains(r));
            }
            return jittered(subset, seed);
        };
        List<LowDataSweep.Point> points = LowDataSweep.run(train, test, source, List.of(Classifiers.byName("logreg")),
                List.of(0.25, 1.0), 3, 7, s -> { });
        assertEquals(6, calls.get());
        assertEquals(2, points.size());
        assertEquals(20, points.get(0).realTrainRows());
        assertEquals(20.0, points.get(0).meanSyntheticRows(), 0);
        assertEquals(80, points.get(1).realTrainRows());
        assertEquals(3, points.get(1).classifiers().get(0).trials());
        // at 100% every trial trains the real arm on the same rows: LibLinear is deterministic, so zero spread
        assertEquals(0.0, points.get(1).classifiers().get(0).real().get(Metric.ACCURACY).sd(), 1e-12);
    }

    @Test
    void heldBackRowsComeFromOutsideTheSubsetInThePlannedAmount() {
        FeatureTable train = Blobs.make(2, 40, 3, 2.0, FeatureTable.REAL, 4, 41);
        FeatureTable subset = Subsampling.stratified(train, 0.25, 5);
        assertEquals(20, subset.size());
        FeatureTable extra = LowDataSweep.heldBack(train, subset, Map.of("c0", 5, "c1", 100), 9);
        Map<String, Integer> counts = extra.countsByLabel();
        assertEquals(5, counts.get("c0"));
        assertEquals(30, counts.get("c1"), "capped at the 30 c1 rows outside the subset");
        java.util.Set<double[]> inSubset = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        subset.rows().forEach(r -> inSubset.add(r.values()));
        java.util.Set<double[]> inTrain = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        train.rows().forEach(r -> inTrain.add(r.values()));
        for (FeatureTable.Row r : extra.rows()) {
            assertTrue(inTrain.contains(r.values()), "a held-back row is a real train row");
            assertTrue(!inSubset.contains(r.values()), "a held-back row is never one of the subset's rows");
        }
        // seeded: the same seed gives the same rows, another seed other c0 rows
        assertEquals(extra.rows(), LowDataSweep.heldBack(train, subset, Map.of("c0", 5, "c1", 100), 9).rows());
        assertTrue(!extra.filter(r -> r.label().equals("c0")).rows().equals(
                LowDataSweep.heldBack(train, subset, Map.of("c0", 5, "c1", 100), 10).filter(r -> r.label().equals("c0")).rows()));
        assertEquals(0, LowDataSweep.heldBack(train, subset, Map.of(), 9).size());
    }

    @Test
    void ceilingMeasuresWhatMoreRealRowsAddWhereCopiesAddNothing() {
        // 20 dims, overlapping classes: 10% of the rows (8 per class) train a poor model, 5x more real rows a better one
        FeatureTable train = Blobs.make(2, 80, 20, 1.0, FeatureTable.REAL, 4, 51);
        FeatureTable test = Blobs.make(2, 200, 20, 1.0, FeatureTable.REAL, 4, 52);
        SyntheticSource copies = (subset, seed) -> new FeatureTable(subset.featureNames(), subset.rows().stream()
                .map(r -> new FeatureTable.Row(r.label(), "synthetic", FeatureTable.SYNTHETIC, 0, r.values().clone())).toList());
        List<LowDataSweep.Point> points = LowDataSweep.run(train, test, copies, List.of(Classifiers.byName("logreg")),
                List.of(0.1, 1.0), 5, 3, subset -> Map.of("c0", 40, "c1", 40), s -> { });
        LowDataSweep.Point low = points.get(0);
        assertEquals(80.0, low.meanCeilingRows(), 0);
        Summary ceiling = low.ceiling().get(0).gain().get(Metric.BALANCED_ACCURACY);
        Summary copyGain = low.classifiers().get(0).gain().get(Metric.BALANCED_ACCURACY);
        assertTrue(ceiling.aboveZero() && ceiling.mean() > 0.05, "ceiling " + ceiling);
        assertTrue(ceiling.mean() > copyGain.mean() + 0.04, "ceiling " + ceiling + " vs copies " + copyGain);
        // same subsets and seeds: the real-only arm of the ceiling is the real-only arm of the gain
        assertEquals(low.classifiers().get(0).real().get(Metric.BALANCED_ACCURACY).mean(),
                low.ceiling().get(0).real().get(Metric.BALANCED_ACCURACY).mean(), 1e-12);
        assertTrue(points.get(1).ceiling().isEmpty(), "nothing is held back at 100%");
        assertTrue(LowDataSweep.run(train, test, copies, List.of(Classifiers.byName("logreg")), List.of(0.1), 2, 3, s -> { })
                .get(0).ceiling().isEmpty(), "no ceiling unless asked for");
    }

    /** The rows of {@code subset} as synthetic rows, each value jittered by N(0, 0.3^2) drawn with {@code seed}. */
    static FeatureTable jittered(FeatureTable subset, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        return new FeatureTable(subset.featureNames(), subset.rows().stream().map(r -> {
            double[] v = r.values().clone();
            for (int j = 0; j < v.length; j++) {
                v[j] += 0.3 * rng.nextGaussian();
            }
            return new FeatureTable.Row(r.label(), "", FeatureTable.SYNTHETIC, 0, v);
        }).toList());
    }
}
