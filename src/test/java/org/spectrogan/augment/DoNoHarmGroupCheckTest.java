package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.spectrogan.augment.augmenters.Augmenters;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.evaluate.ScriptedClassifier;
import org.spectrogan.features.FeatureTable;

/**
 * The do-no-harm check one group cannot fool, on fsdd's layout (speakers as groups, every speaker says every
 * digit). A scripted judge makes the effect of synthetic rows known exactly: it reads the true class, the speaker
 * and a row number from the features, and is right on a chosen set of rows with and without synthetic rows.
 */
class DoNoHarmGroupCheckTest {
    static final int SPEAKERS = 6;
    static final int CLASSES = 4;
    static final int PER = 10;

    /** f0 = speaker index, f1 = class index, f2 = row number within speaker and class (0..PER-1). */
    static FeatureTable fsddLayout(int speakers, int classes) {
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int s = 0; s < speakers; s++) {
            for (int c = 0; c < classes; c++) {
                for (int i = 0; i < PER; i++) {
                    rows.add(new FeatureTable.Row(Integer.toString(c), "speaker" + s, FeatureTable.REAL, i, new double[] {s, c, i}));
                }
            }
        }
        return new FeatureTable(List.of("f0", "f1", "f2"), rows);
    }

    /** Right on rows whose row number passes {@code real} (trained on real rows only) or {@code with.get(speaker)}. */
    static Classifier scriptedJudge(IntPredicate real, Map<Integer, IntPredicate> with) {
        return new ScriptedClassifier("scripted", null, (train, seed) -> {
            boolean synthetic = ScriptedClassifier.hasSynthetic(train);
            return row -> {
                int speaker = (int) row[0];
                int c = (int) row[1];
                int n = (int) row[2];
                boolean right = synthetic ? with.get(speaker).test(n) : real.test(n);
                return Integer.toString(right ? c : (c + 1) % CLASSES);
            };
        });
    }

    static Map<Integer, IntPredicate> firstSpeakerElse(IntPredicate first, IntPredicate others) {
        Map<Integer, IntPredicate> m = new TreeMap<>();
        for (int s = 0; s < SPEAKERS; s++) {
            m.put(s, s == 0 ? first : others);
        }
        return m;
    }

    static DoNoHarm.GroupDecision groupCheck(FeatureTable t, Classifier judge) {
        return DoNoHarm.groupCheck().setJudge(judge).setPlan(counts -> counts).optSeed(3).build()
                .run(t, List.of(new DoNoHarm.Setting(Augmenters.byName("oversample"), 1.0),
                        new DoNoHarm.Setting(Augmenters.byName("oversample"), 0.5)));
    }

    @Test
    void oneSpeakerSayingHelpsWhileTheOthersSayHurtsAdmitsNothing() {
        FeatureTable t = fsddLayout(SPEAKERS, CLASSES);
        // real only: right on 7 of 10 rows; with synthetic rows: right on all of speaker0, on 5 of 10 elsewhere
        Classifier judge = scriptedJudge(n -> n < 7, firstSpeakerElse(n -> true, n -> n < 5));

        // speaker0 alone would say +30 points; the group check pools every speaker's out-of-fold rows
        DoNoHarm.GroupDecision d = groupCheck(t, judge);
        assertFalse(d.admitted(), d.summary());
        assertNull(d.chosen());
        DoNoHarm.GroupTrial trial = d.trials().get(0);
        assertEquals(30.0, trial.gainPointsByGroup().get("speaker0"), 1e-9);
        for (int s = 1; s < SPEAKERS; s++) {
            assertEquals(-20.0, trial.gainPointsByGroup().get("speaker" + s), 1e-9);
        }
        assertEquals((30.0 - 5 * 20.0) / SPEAKERS, trial.gainPoints(), 1e-9, "pooled over every training row");
        assertEquals(SPEAKERS, d.folds().stream().mapToInt(List::size).sum());
    }

    @Test
    void aPooledGainCarriedByOneSpeakerIsNotEnough() {
        FeatureTable t = fsddLayout(SPEAKERS, CLASSES);
        // speaker0: 40% -> 100%; the others: 40% -> 30%. Pooled +1.7 points, all of it from one speaker.
        Classifier judge = scriptedJudge(n -> n < 4, firstSpeakerElse(n -> true, n -> n < 3));
        DoNoHarm.GroupDecision d = groupCheck(t, judge);
        assertEquals((60.0 - 5 * 10.0) / SPEAKERS, d.trials().get(0).gainPoints(), 1e-9);
        assertTrue(d.trials().get(0).gainLowerPoints() < 0, "group bootstrap p10 " + d.trials().get(0).gainLowerPoints());
        assertFalse(d.admitted(), d.summary());
        assertTrue(d.summary().contains("not admitted"), d.summary());
    }

    @Test
    void aGainOnEverySpeakerIsAdmitted() {
        FeatureTable t = fsddLayout(SPEAKERS, CLASSES);
        Classifier judge = scriptedJudge(n -> n < 6, firstSpeakerElse(n -> n < 8, n -> n < 7));
        DoNoHarm.GroupDecision d = groupCheck(t, judge);
        assertTrue(d.admitted(), d.summary());
        assertEquals(1.0, d.chosen().setting().amountScale(), 0, "ties keep the first setting");
        assertEquals((20.0 + 5 * 10.0) / SPEAKERS, d.chosen().gainPoints(), 1e-9);
        assertTrue(d.chosen().gainLowerPoints() > 0);
        assertEquals(d.trainRows(), t.size());
        assertTrue(d.chosen().meanSyntheticRows() > 0);
        assertTrue(d.summary().startsWith("synthetic rows helped in 5-fold group cross-validation over 6 training groups"), d.summary());
    }

    @Test
    void fewerThanThreeGroupsPerClassRefusesInOneSentence() {
        // speakers 0 and 1 say every digit, speaker 2 only digit 0: digits 1..3 have two speakers
        FeatureTable t = fsddLayout(3, CLASSES).filter(r -> !r.group().equals("speaker2") || r.label().equals("0"));
        Classifier judge = scriptedJudge(n -> false, firstSpeakerElse(n -> true, n -> true));
        DoNoHarm.GroupDecision d = groupCheck(t, judge);
        assertFalse(d.admitted());
        assertTrue(d.trials().isEmpty(), "nothing is tried");
        assertEquals("synthetic rows were not admitted: class '1' has training rows in only 2 distinct groups "
                + "(speaker0, speaker1), and the do-no-harm check needs at least 3 per class so that no single group decides", d.summary());
    }

    @Test
    void noRowsAtAllIsNotAdmittedAndSaysSo() {
        FeatureTable t = fsddLayout(SPEAKERS, CLASSES);
        DoNoHarm.GroupDecision d = DoNoHarm.groupCheck().setJudge(scriptedJudge(n -> true, firstSpeakerElse(n -> true, n -> true)))
                .setPlan(c -> c).build().run(t, List.of(new DoNoHarm.Setting(Augmenters.byName("none"), 1.0)));
        assertFalse(d.admitted());
        assertTrue(d.summary().contains("no setting produced any rows"), d.summary());
    }

    @Test
    void foldsHoldEveryGroupOnceAndAreStratifiedByClass() {
        // one class per group (as on sets recorded one condition per session): 3 groups of class a, 3 of class b
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int g = 0; g < 6; g++) {
            for (int i = 0; i < 5 + g; i++) {
                rows.add(new FeatureTable.Row(g < 3 ? "a" : "b", "g" + g, FeatureTable.REAL, i, new double[] {i}));
            }
        }
        FeatureTable t = new FeatureTable(List.of("x"), rows);
        for (long seed = 0; seed < 10; seed++) {
            List<List<String>> folds = DoNoHarm.stratifiedGroupFolds(t, 3, seed);
            assertEquals(3, folds.size());
            Set<String> seen = new HashSet<>();
            for (List<String> f : folds) {
                assertEquals(2, f.size(), "folds " + folds);
                long a = f.stream().filter(g -> Integer.parseInt(g.substring(1)) < 3).count();
                assertEquals(1, a, "one group of each class per fold: " + folds);
                for (String g : f) {
                    assertTrue(seen.add(g), "group twice: " + g);
                }
            }
            assertEquals(6, seen.size());
        }
        // fewer groups than folds: one group per fold
        List<List<String>> loo = DoNoHarm.stratifiedGroupFolds(fsddLayout(4, 2), 5, 1);
        assertEquals(4, loo.size());
        assertTrue(loo.stream().allMatch(f -> f.size() == 1));
    }
}
