package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.features.FeatureTable;

class QualityGateTest {
    @Test
    void dropsRowsThatLookLikeAnotherClassOrLieFarAway() {
        FeatureTable real = Tables.gaussian(2, 6, 20, 4, 4.0, 1);
        QualityGate gate = new QualityGate(real, real.labels(), Classifiers.byName("logreg"), 1);
        List<FeatureTable.Row> syn = new ArrayList<>();
        // class c0's real mean has +4 on even columns; 10 good rows, 10 rows drawn at c1's mean, 10 far away
        for (int i = 0; i < 10; i++) {
            syn.add(new FeatureTable.Row("c0", "s", "synthetic", 0, new double[] {4, 0, 4, 0}));
            syn.add(new FeatureTable.Row("c0", "s", "synthetic", 0, new double[] {0, 4, 0, 4}));
            syn.add(new FeatureTable.Row("c0", "s", "synthetic", 0, new double[] {40, 0, 40, 0}));
        }
        QualityGate.Result r = gate.apply(new FeatureTable(real.featureNames(), syn),
                new QualityGate.Level("t", true, 0.9, 95));
        assertEquals(30, r.offered());
        assertEquals(10, r.droppedByConfidence());
        assertEquals(10, r.droppedByRadius());
        assertEquals(10, r.kept().size());
        for (FeatureTable.Row k : r.kept().rows()) {
            assertEquals(4.0, k.values()[0]);
        }
        QualityGate.Result off = gate.apply(new FeatureTable(real.featureNames(), syn), QualityGate.Level.off());
        assertEquals(30, off.kept().size());
    }

    @Test
    void aClassWhoseRowsAllFailIsNamedInTheReport() {
        // class c0's rows at its real mean pass; every c1 row lies far off c1's support (the generator ignored c1)
        FeatureTable real = Tables.gaussian(2, 6, 20, 4, 4.0, 1);
        QualityGate gate = new QualityGate(real, real.labels(), Classifiers.byName("logreg"), 1);
        List<FeatureTable.Row> syn = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            syn.add(new FeatureTable.Row("c0", "s", "synthetic", 0, new double[] {4, 0, 4, 0}));
            syn.add(new FeatureTable.Row("c1", "s", "synthetic", 0, new double[] {0, 40, 0, 40}));
        }
        QualityGate.Result r = gate.apply(new FeatureTable(real.featureNames(), syn), new QualityGate.Level("t", true, 0.9, 95));
        Pipeline.GateCounts counts = Pipeline.GateCounts.of(r, "t");
        assertEquals(10, counts.perClass().get("c1").droppedByRadius());
        assertEquals("The quality gate dropped every synthetic row of c1 (10 offered: 0 as confidently another class, 10 beyond the class radius),"
                + " so the synthetic rows hold none of that class: the augmenter's rows of it lie off the real class's support or look like another class.",
                counts.emptiedClassesSentence());
        // both classes kept: no sentence
        QualityGate.Result all = gate.apply(new FeatureTable(real.featureNames(), syn.subList(0, 1)), new QualityGate.Level("t", true, 0.9, 95));
        assertEquals(null, Pipeline.GateCounts.of(all, "t").emptiedClassesSentence());
    }

    @Test
    void percentileMatchesNumpyLinear() {
        double[] v = {1, 2, 3, 4};
        assertEquals(2.5, QualityGate.percentile(v, 50), 1e-12);
        assertEquals(3.85, QualityGate.percentile(v, 95), 1e-12); // numpy.percentile([1,2,3,4], 95)
        assertEquals(4.0, QualityGate.percentile(v, 100), 1e-12);
    }

    @Test
    void realRowsMostlyPassTheirOwnGate() {
        FeatureTable real = Tables.gaussian(3, 5, 20, 6, 3.0, 2);
        QualityGate gate = new QualityGate(real, real.labels(), Classifiers.byName("logreg"), 1);
        QualityGate.Result r = gate.apply(real, new QualityGate.Level("t", true, 0.9, 95));
        assertTrue(r.droppedByRadius() <= 0.06 * real.size() + 3, "radius drops " + r.droppedByRadius());
        assertTrue(r.kept().size() >= 0.85 * real.size(), "kept " + r.kept().size());
    }
}
