package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureTable;

/** Every Tribuo-backed classifier learns separable blobs, gives proper scores and is reproducible. */
class ClassifiersTest {
    private static final FeatureTable TRAIN = Blobs.make(3, 60, 5, 4.0, FeatureTable.REAL, 4, 1);
    private static final FeatureTable TEST = Blobs.make(3, 40, 5, 4.0, FeatureTable.REAL, 4, 2);

    @Test
    void eachClassifierLearnsSeparableBlobs() {
        for (String name : Classifiers.NAMES) {
            Classifier c = Classifiers.byName(name);
            Classifier.Fitted m = c.fit(TRAIN, 3);
            assertEquals(List.of("c0", "c1", "c2"), m.classes());
            double acc = GainEvaluation.score(m, TEST).accuracy();
            assertTrue(acc > 0.9, name + " accuracy " + acc);
            double[][] p = m.predictProba(TEST);
            String[] pred = m.predict(TEST);
            int agree = 0;
            for (int i = 0; i < p.length; i++) {
                double s = 0;
                int best = 0;
                for (int k = 0; k < p[i].length; k++) {
                    assertTrue(p[i][k] >= 0 && p[i][k] <= 1, name + " score out of [0,1]");
                    s += p[i][k];
                    best = p[i][k] > p[i][best] ? k : best;
                }
                assertEquals(1.0, s, 1e-9, name + " scores sum");
                agree += m.classes().get(best).equals(pred[i]) ? 1 : 0;
            }
            assertTrue(agree >= 0.97 * p.length, name + ": argmax of scores agrees with predict on " + agree + "/" + p.length);
        }
    }

    @Test
    void everyClassifierRefusesZeroRowsAndOneClassNamingItself() {
        FeatureTable none = TRAIN.filter(r -> false);
        FeatureTable oneClass = TRAIN.filter(r -> r.label().equals("c1"));
        for (String name : Classifiers.NAMES) {
            Classifier c = Classifiers.byName(name);
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> c.fit(none, 1));
            assertEquals("cannot train " + name + " on zero rows", empty.getMessage());
            IllegalArgumentException single = assertThrows(IllegalArgumentException.class, () -> c.fit(oneClass, 1));
            assertEquals("cannot train " + name + " on one class only ([c1])", single.getMessage());
        }
    }

    @Test
    void scaleOfAFeatureDoesNotMatterBecauseOfStandardisation() {
        // multiply one informative column by 1e6: a linear model without standardisation would be crippled
        FeatureTable scaledTrain = scale(TRAIN, 1, 1e6);
        FeatureTable scaledTest = scale(TEST, 1, 1e6);
        Classifier.Fitted plain = Classifiers.byName("logreg").fit(TRAIN, 1);
        Classifier.Fitted scaled = Classifiers.byName("logreg").fit(scaledTrain, 1);
        assertArrayEquals(plain.predict(TEST), scaled.predict(scaledTest));
    }

    @Test
    void sameSeedSameModelAndSeedMattersForTheForest() {
        Classifier forest = Classifiers.byName("forest");
        double[][] a = forest.fit(TRAIN, 5).predictProba(TEST);
        double[][] b = forest.fit(TRAIN, 5).predictProba(TEST);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0);
        }
        // on overlapping blobs the vote shares depend on the bootstrap samples, so another seed differs
        FeatureTable hard = Blobs.make(2, 80, 3, 1.0, FeatureTable.REAL, 2, 9);
        double[][] c = forest.fit(hard, 5).predictProba(hard);
        double[][] d = forest.fit(hard, 6).predictProba(hard);
        boolean differ = false;
        for (int i = 0; i < c.length && !differ; i++) {
            differ = c[i][0] != d[i][0];
        }
        assertTrue(differ, "forest ignores its seed");
    }

    @Test
    void unknownNameAndOneClassAreRejected() {
        SpectroganException e = assertThrows(SpectroganException.class, () -> Classifiers.byName("bayes"));
        assertTrue(e.getMessage().contains("bayes") && e.getMessage().contains("logreg") && e.getMessage().contains("mlp"), e.getMessage());
        assertEquals(List.of("logreg", "svm"), Classifiers.byNames("logreg, SVM").stream().map(Classifier::name).toList());
        FeatureTable oneClass = TRAIN.filter(r -> r.label().equals("c0"));
        assertThrows(IllegalArgumentException.class, () -> Classifiers.byName("svm").fit(oneClass, 1));
    }

    private static FeatureTable scale(FeatureTable t, int column, double factor) {
        return new FeatureTable(t.featureNames(), t.rows().stream().map(r -> {
            double[] v = r.values().clone();
            v[column] *= factor;
            return new FeatureTable.Row(r.label(), r.group(), r.source(), r.t0(), v);
        }).toList());
    }
}
