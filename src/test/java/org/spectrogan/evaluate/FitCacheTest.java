package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/**
 * {@link FitCache}: a fit with the same classifier, seed, training rows and test rows is made once per cache, and
 * the figures of evaluations sharing a cache are the figures of evaluations that fit everything again.
 */
class FitCacheTest {
    /** The same rows as new objects (values copied): equal content, other identities. */
    private static FeatureTable copy(FeatureTable t) {
        return new FeatureTable(t.featureNames(), t.rows().stream()
                .map(r -> new FeatureTable.Row(r.label(), r.group(), r.source(), r.t0(), r.values().clone())).toList());
    }

    @Test
    void aFitIsMadeOnceForTheSameClassifierSeedAndRowsAndAgainWhenAnyDiffers() {
        FeatureTable train = Blobs.make(3, 30, 4, 2.0, FeatureTable.REAL, 3, 1);
        FeatureTable test = Blobs.make(3, 20, 4, 2.0, FeatureTable.REAL, 2, 2);
        RecordingClassifier logreg = new RecordingClassifier("logreg");
        FitCache cache = new FitCache();
        List<String> told = new ArrayList<>();

        ConfusionMatrix first = cache.score(logreg, train, 5, test, () -> told.add("fit"));
        assertEquals(1, logreg.fits.size());
        assertEquals(List.of("fit"), told, "told before the fit");
        // equal content in new objects: the same fit, not told again
        ConfusionMatrix again = cache.score(logreg, copy(train), 5, copy(test), () -> told.add("fit"));
        assertSame(first, again);
        assertEquals(1, logreg.fits.size());
        assertEquals(List.of("fit"), told);

        // another seed, another classifier instance, other training rows, other test rows: each a fit of its own
        cache.score(logreg, train, 6, test, () -> { });
        RecordingClassifier otherLogreg = new RecordingClassifier("logreg");
        cache.score(otherLogreg, train, 5, test, () -> { });
        List<FeatureTable.Row> changed = new ArrayList<>(train.rows());
        FeatureTable.Row r0 = changed.get(0);
        double[] v = r0.values().clone();
        v[3] = Math.nextUp(v[3]);
        changed.set(0, new FeatureTable.Row(r0.label(), r0.group(), r0.source(), r0.t0(), v));
        cache.score(logreg, new FeatureTable(train.featureNames(), changed), 5, test, () -> { });
        cache.score(logreg, train.filter(r -> r != r0), 5, test, () -> { });
        FeatureTable.Row relabelled = new FeatureTable.Row("c1".equals(r0.label()) ? "c2" : "c1", r0.group(), r0.source(), r0.t0(), r0.values());
        List<FeatureTable.Row> relabel = new ArrayList<>(train.rows());
        relabel.set(0, relabelled);
        cache.score(logreg, new FeatureTable(train.featureNames(), relabel), 5, test, () -> { });
        cache.score(logreg, train, 5, test.filter(r -> !r.label().equals("c0")), () -> { });
        assertEquals(1 + 5, logreg.fits.size(), "seed, rows (one value one ulp off, one row fewer, one label) and test rows each differ");
        assertEquals(1, otherLogreg.fits.size());
        FitCache.Counts c = cache.counts();
        assertEquals(7, c.fits());
        assertEquals(1, c.reused());
        // the score is the fresh fit's
        assertEquals(GainEvaluation.score(Classifiers.byName("logreg").fit(train, 5), test).balancedAccuracy(),
                first.balancedAccuracy(), 0);
    }

    @Test
    void workersAskingForTheSameFitAtOnceGetOneFit() {
        FeatureTable train = Blobs.make(2, 40, 3, 1.5, FeatureTable.REAL, 2, 3);
        FeatureTable test = Blobs.make(2, 20, 3, 1.5, FeatureTable.REAL, 2, 4);
        RecordingClassifier mlp = new RecordingClassifier("mlp");
        FitCache cache = new FitCache();
        List<ConfusionMatrix> got = org.spectrogan.common.Workers.indexed(6, i -> cache.score(mlp, train, 9, test, () -> { }));
        assertEquals(1, mlp.fits.size());
        assertEquals(1, cache.counts().fits());
        assertEquals(5, cache.counts().reused());
        for (ConfusionMatrix cm : got) {
            assertSame(got.get(0), cm);
        }
    }

    @Test
    void aFailedFitIsNotRememberedAndFailsAgain() {
        FeatureTable oneClass = Blobs.make(2, 10, 3, 1.0, FeatureTable.REAL, 2, 5).filter(r -> r.label().equals("c0"));
        FeatureTable test = Blobs.make(2, 10, 3, 1.0, FeatureTable.REAL, 2, 6);
        RecordingClassifier logreg = new RecordingClassifier("logreg");
        FitCache cache = new FitCache();
        assertThrows(IllegalArgumentException.class, () -> cache.score(logreg, oneClass, 1, test, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> cache.score(logreg, oneClass, 1, test, () -> { }));
        assertEquals(2, logreg.fits.size());
        assertEquals(0, cache.counts().fits());
    }

    @Test
    void evaluationsSharingACacheGiveTheFiguresOfFittingAgainAndFitOnlyWhatIsNew() {
        // two evaluations of the same subsets and seeds with other synthetic rows, as the gain and a side-by-side arm
        FeatureTable train = Blobs.make(3, 40, 5, 1.5, FeatureTable.REAL, 4, 11);
        FeatureTable test = Blobs.make(3, 25, 5, 1.5, FeatureTable.REAL, 2, 12);
        FeatureTable synA = GainEvaluationTest.jittered(train, 13);
        FeatureTable synB = GainEvaluationTest.jittered(train, 14);
        int repeats = 4;
        List<GainEvaluation.Trial> a = GainEvaluation.repeatedTrials(train, synA, test, repeats, 0.8, 21);
        List<GainEvaluation.Trial> b = GainEvaluation.repeatedTrials(train, synB, test, repeats, 0.8, 21);
        RecordingClassifier logreg = new RecordingClassifier("logreg");
        RecordingClassifier mlp = new RecordingClassifier("mlp");
        List<Classifier> both = List.of(logreg, mlp);
        FitCache cache = new FitCache();
        List<GainEvaluation.ClassifierGain> gainA = GainEvaluation.evaluate(a, both, s -> { }, cache);
        assertEquals(3 * repeats, logreg.fits.size(), "real, real + synthetic, synthetic only per trial");
        List<String> told = Collections.synchronizedList(new ArrayList<>());
        List<GainEvaluation.ClassifierGain> gainB = GainEvaluation.evaluate(b, both, told::add, cache);
        assertEquals(5 * repeats, logreg.fits.size(), "b's real-only fits are a's");
        assertEquals(5 * repeats, mlp.fits.size());
        assertEquals(List.of(), told.stream().filter(s -> s.endsWith("real only")).toList(), "no real-only fit told for b");
        assertEquals(4 * repeats, told.size());

        // the same figures as evaluations with no cache, which fit everything
        List<Classifier> fresh = List.of(Classifiers.byName("logreg"), Classifiers.byName("mlp"));
        assertEquals(GainEvaluation.evaluate(a, fresh), gainA);
        assertEquals(GainEvaluation.evaluate(b, fresh), gainB);
        assertEquals(gainA.get(1).real(), gainB.get(1).real(), "the mlp's real-only figures are shared");
    }

    @Test
    void aSweepRunAgainWithTheSameCacheFitsOnlyTheNewCeilingAndGivesTheSameFigures() {
        // the ceiling at the amount admitted: the same sweep trials again, with another ceiling count
        FeatureTable train = Blobs.make(2, 40, 3, 1.5, FeatureTable.REAL, 4, 31);
        FeatureTable test = Blobs.make(2, 20, 3, 1.5, FeatureTable.REAL, 2, 32);
        SyntheticSource source = (subset, seed) -> GainEvaluationTest.jittered(subset, seed);
        List<LowDataSweep.Split> splits = List.of(new LowDataSweep.Split(train, test));
        RecordingClassifier logreg = new RecordingClassifier("logreg");
        FitCache cache = new FitCache();
        int repeats = 3;
        List<LowDataSweep.Point> first = LowDataSweep.run(splits, source, List.of(logreg), List.of(0.25), repeats, 5,
                (subset, syn) -> Map.of("c0", 6, "c1", 6), cache, s -> { });
        // gain: 3 fits per trial; ceiling: real + held-back and held-back only (its real-only fit is the gain's)
        assertEquals(repeats * (3 + 2), logreg.fits.size());
        List<LowDataSweep.Point> second = LowDataSweep.run(splits, source, List.of(logreg), List.of(0.25), repeats, 5,
                (subset, syn) -> Map.of("c0", 3, "c1", 3), cache, s -> { });
        assertEquals(repeats * (3 + 2 + 2), logreg.fits.size(), "only the new ceiling's two fits per trial");
        assertEquals(first.get(0).classifiers(), second.get(0).classifiers());

        List<Classifier> fresh = List.of(Classifiers.byName("logreg"));
        assertEquals(LowDataSweep.run(splits, source, fresh, List.of(0.25), repeats, 5,
                (subset, syn) -> Map.of("c0", 3, "c1", 3), new FitCache(), s -> { }).get(0).ceiling(), second.get(0).ceiling());
        assertEquals(LowDataSweep.run(splits, source, fresh, List.of(0.25), repeats, 5,
                (subset, syn) -> Map.of("c0", 6, "c1", 6), new FitCache(), s -> { }), first);
    }
}
