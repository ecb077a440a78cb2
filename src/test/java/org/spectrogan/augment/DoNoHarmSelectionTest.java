package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.spectrogan.augment.augmenters.Augmenter;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.evaluate.ScriptedClassifier;
import org.spectrogan.features.FeatureTable;

/**
 * h12j (issue 12 part 3): the do-no-harm check validates what is written, and the best of several settings is not
 * admitted on its own luck. Constructed cases: the effect of each setting on each speaker is scripted, so every
 * count and gain below is known from the construction.
 */
class DoNoHarmSelectionTest {
    static final int SPEAKERS = 40;
    /** The check's 5 folds of 8 speakers (stratifiedGroupFolds with the check's seed 3). */
    static final List<List<String>> FOLDS = DoNoHarm.stratifiedGroupFolds(layout(), 5, 3);
    static final int PER = 10;

    /** f0 = speaker, f1 = class (0/1), f2 = row number 0..PER-1 within speaker and class. */
    static FeatureTable layout() {
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int s = 0; s < SPEAKERS; s++) {
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < PER; i++) {
                    rows.add(new FeatureTable.Row(Integer.toString(c), "speaker" + s, FeatureTable.REAL, i, new double[] {s, c, i}));
                }
            }
        }
        return new FeatureTable(List.of("f0", "f1", "f2"), rows);
    }

    /**
     * An augmenter that, like the GAN behind its quality gate, keeps only some of the rows asked for: half of each
     * class's request (rounded down), copies of the class's first training row with f0 = -1 - marker (so a judge
     * can tell whose rows it was trained with).
     */
    record Halving(int marker) implements Augmenter {
        @Override
        public String name() {
            return "halving" + marker;
        }

        @Override
        public String description() {
            return "keeps half the rows asked for";
        }

        @Override
        public FeatureTable synthesize(FeatureTable trainRows, Map<String, Integer> rowsPerClass, long seed) {
            List<FeatureTable.Row> out = new ArrayList<>();
            for (var e : new TreeMap<>(rowsPerClass).entrySet()) {
                FeatureTable.Row first = trainRows.rows().stream().filter(r -> r.label().equals(e.getKey())).findFirst().orElseThrow();
                for (int i = 0; i < e.getValue() / 2; i++) {
                    double[] x = first.values().clone();
                    x[0] = -1 - marker;
                    out.add(new FeatureTable.Row(e.getKey(), "synthetic", FeatureTable.SYNTHETIC, 0, x));
                }
            }
            return new FeatureTable(trainRows.featureNames(), out);
        }
    }

    /**
     * Right on rows with row number below 6 when trained on real rows only; trained with the rows of augmenter
     * {@code k} (its marker), below 6 + delta(k, speaker) with delta from {@link #delta}.
     */
    static Classifier markedJudge() {
        return markedJudge(DoNoHarmSelectionTest::delta);
    }

    static Classifier markedJudge(java.util.function.IntBinaryOperator effect) {
        return new ScriptedClassifier("marked", null, (train, seed) -> {
            int marker = train.rows().stream().filter(r -> r.source().equals(FeatureTable.SYNTHETIC))
                    .mapToInt(r -> -1 - (int) r.values()[0]).findFirst().orElse(-1);
            return row -> {
                int speaker = (int) row[0];
                int c = (int) row[1];
                int limit = 6 + (marker < 0 ? 0 : effect.applyAsInt(marker, speaker));
                return Integer.toString(row[2] < limit ? c : 1 - c);
            };
        });
    }

    /** The bootstrap seed of {@link #check}: the check's seed 3 plus 5 (GroupCheck.run). */
    static final long BOOTSTRAP_SEED = 3 + 5;
    static final int SETTINGS = 8;

    /**
     * Setting k's effect on a speaker in rows of 10 per class (so in 10-point steps of balanced accuracy). Within
     * every fold the same mix, so the folds agree: of its 8 speakers (by rank j within the fold) 4 gain a row, 2
     * lose one, 2 are unchanged, +2.5 points pooled for every setting; which ranks gain differs between settings
     * (rank j moved to (3j + k) mod 8, fold f's ranks shifted by f x k as well), so the settings are noisy in
     * different places.
     */
    static int delta(int k, int speaker) {
        String g = "speaker" + speaker;
        for (int f = 0; f < FOLDS.size(); f++) {
            int j = FOLDS.get(f).indexOf(g);
            if (j >= 0) {
                int pos = Math.floorMod(3 * j + k + f * k, 8);
                return pos < 4 ? 1 : pos < 6 ? -1 : 0;
            }
        }
        throw new IllegalStateException(g);
    }

    static DoNoHarm.GroupDecision check(List<DoNoHarm.Setting> settings) {
        return check(settings, markedJudge());
    }

    static DoNoHarm.GroupDecision check(List<DoNoHarm.Setting> settings, Classifier judge) {
        return DoNoHarm.groupCheck().setJudge(judge).setPlan(counts -> counts).optFolds(5)
                .optLowerPercentile(5).optRepeats(1).optSeed(3).build().run(layout(), settings);
    }

    @Test
    void theAmountValidatedIsTheAmountWritten() {
        // the augmenter keeps half of what it is asked for (as a gate would); the written rows at amount x s are the
        // first round(s x planned) of each class of its rows at the full plan (SyntheticRows), so at x0.5 they are
        // all of its rows (min(planned / 2, round(planned / 2))) and at x0.25 a quarter of the plan
        Halving aug = new Halving(0);
        DoNoHarm.GroupDecision d = check(List.of(new DoNoHarm.Setting(aug, 1.0), new DoNoHarm.Setting(aug, 0.5),
                new DoNoHarm.Setting(aug, 0.25)));
        FeatureTable t = layout();
        for (int s = 0; s < 3; s++) {
            double scale = d.trials().get(s).setting().amountScale();
            for (DoNoHarm.FoldTrial ft : d.trials().get(s).foldTrials()) {
                Set<String> held = new HashSet<>(d.folds().get(ft.fold()));
                Map<String, Integer> fit = t.filter(r -> !held.contains(r.group())).countsByLabel();
                int expected = 0;
                for (int n : fit.values()) {
                    expected += Math.min(n / 2, (int) Math.round(scale * n));
                }
                assertEquals(expected, ft.syntheticRows(), "amount x" + scale + ", fold " + ft.fold());
                // and exactly what the written procedure keeps from the augmenter's rows at the full plan
                FeatureTable fitRows = t.filter(r -> !held.contains(r.group()));
                assertEquals(DoNoHarm.takePerClass(aug.synthesize(fitRows, fit, 1), fit, scale).size(), ft.syntheticRows());
            }
        }
        // every fold's fit part holds 32 speakers: 320 rows per class, 160 kept by the augmenter
        assertEquals(2 * 160, d.trials().get(1).foldTrials().get(0).syntheticRows(), "x0.5: all the augmenter's rows, not a quarter of the plan");
        assertEquals(2 * 80, d.trials().get(2).foldTrials().get(0).syntheticRows());
    }

    @Test
    void theBestOfSeveralSettingsIsNotAdmittedOnItsOwnLuck() {
        List<DoNoHarm.Setting> settings = new ArrayList<>();
        for (int k = 0; k < SETTINGS; k++) {
            settings.add(new DoNoHarm.Setting(new Halving(k), 1.0));
        }
        DoNoHarm.GroupDecision d = check(settings);
        FeatureTable t = layout();
        List<String> truth = DoNoHarm.labels(t);
        List<String> groups = t.rows().stream().map(FeatureTable.Row::group).toList();
        double[] base = new double[t.size()];
        double[][] with = new double[settings.size()][t.size()];
        for (int i = 0; i < t.size(); i++) {
            double[] x = t.rows().get(i).values();
            base[i] = x[2] < 6 ? 1 : 0;
            for (int k = 0; k < settings.size(); k++) {
                with[k][i] = x[2] < 6 + delta(k, (int) x[0]) ? 1 : 0;
            }
        }
        List<Integer> foldOf = foldOfRows(t, d.folds());
        double[] bounds = DoNoHarm.simultaneousLowerBounds(truth, groups, foldOf, base, with, BOOTSTRAP_SEED, 5);
        for (int k = 0; k < settings.size(); k++) {
            DoNoHarm.GroupTrial trial = d.trials().get(k);
            assertEquals(2.5, trial.gainPoints(), 1e-9, "every setting: (4 - 2) x 10 / 8 points");
            for (int s = 0; s < SPEAKERS; s++) {
                assertEquals(10.0 * delta(k, s), trial.gainPointsByGroup().get("speaker" + s), 1e-9);
            }
            // the check's bound is the simultaneous one of the correctness computed here
            assertEquals(bounds[k], trial.gainLowerPoints(), 1e-9);
            // alone (same fold-then-group resampling), each setting's p5 is above zero: the rule before, a
            // percentile of the chosen setting alone, would have admitted it
            double alone = DoNoHarm.simultaneousLowerBounds(truth, groups, foldOf, base, new double[][] {with[k]}, BOOTSTRAP_SEED, 5)[0];
            assertTrue(alone > 0, "setting " + k + " alone: p5 " + alone);
            assertTrue(trial.gainLowerPoints() < alone, "simultaneous bound below the single one");
        }
        DoNoHarm.GroupTrial best = d.trials().get(0);
        assertTrue(best.gainLowerPoints() < 0, "simultaneous p5 " + best.gainLowerPoints());
        assertFalse(d.admitted(), d.summary());
        assertTrue(d.summary().contains("simultaneous over the " + SETTINGS + " settings tried"), d.summary());

        // the same first setting tried alone: the bound is its own percentile, and it is admitted
        DoNoHarm.GroupDecision alone = check(List.of(settings.get(0)));
        assertEquals(d.folds(), alone.folds());
        assertEquals(DoNoHarm.simultaneousLowerBounds(truth, groups, foldOf, base, new double[][] {with[0]}, BOOTSTRAP_SEED, 5)[0],
                alone.trials().get(0).gainLowerPoints(), 1e-9);
        assertTrue(alone.admitted(), alone.summary());
    }

    /** Each row's fold (index into {@code folds}, which list groups). */
    static List<Integer> foldOfRows(FeatureTable t, List<List<String>> folds) {
        List<Integer> out = new ArrayList<>();
        for (FeatureTable.Row r : t.rows()) {
            int f = -1;
            for (int k = 0; k < folds.size(); k++) {
                if (folds.get(k).contains(r.group())) {
                    f = k;
                }
            }
            out.add(f);
        }
        return out;
    }

    @Test
    void simultaneousBoundsOfOneSettingOrOfCopiesAreThePlainPercentile() {
        FeatureTable t = layout();
        List<String> truth = DoNoHarm.labels(t);
        List<String> groups = t.rows().stream().map(FeatureTable.Row::group).toList();
        double[] base = new double[t.size()];
        double[] with = new double[t.size()];
        double[] other = new double[t.size()];
        for (int i = 0; i < t.size(); i++) {
            double[] x = t.rows().get(i).values();
            base[i] = x[2] < 6 ? 1 : 0;
            with[i] = x[2] < 6 + delta(0, (int) x[0]) ? 1 : 0;
            other[i] = x[2] < 6 + delta(3, (int) x[0]) ? 1 : 0;
        }
        for (double p : new double[] {5, 10, 25}) {
            double plain = DoNoHarm.bootstrapGainPercentile(truth, groups, base, with, 11, p);
            assertEquals(plain, DoNoHarm.simultaneousLowerBounds(truth, groups, null, base, new double[][] {with}, 11, p)[0], 1e-9);
            double[] copies = DoNoHarm.simultaneousLowerBounds(truth, groups, null, base, new double[][] {with, with, with}, 11, p);
            for (double c : copies) {
                assertEquals(plain, c, 1e-9, "identical settings are one setting");
            }
            // a second, differently placed setting can only widen the bound: max over settings >= each one
            double[] two = DoNoHarm.simultaneousLowerBounds(truth, groups, null, base, new double[][] {with, other}, 11, p);
            assertTrue(two[0] <= plain + 1e-9, two[0] + " vs " + plain);
            assertTrue(two[1] <= DoNoHarm.bootstrapGainPercentile(truth, groups, base, other, 11, p) + 1e-9);
        }
    }

    @Test
    void foldsThatDisagreeAreNotOutvotedByTheirGroups() {
        // every speaker of folds 0-3 gains a row (+10 points), every speaker of fold 4 loses one: +6 points pooled,
        // 32 of 40 groups say "helps". But the folds are the replications of the augmenter (each its own GAN and
        // fit): one of 5 harms as much as the others help, and the written rows are a sixth draw.
        DoNoHarm.Setting one = new DoNoHarm.Setting(new Halving(0), 1.0);
        DoNoHarm.GroupDecision d = check(List.of(one), markedJudge((k, speaker) -> FOLDS.get(4).contains("speaker" + speaker) ? -1 : 1));
        assertEquals(FOLDS, d.folds());
        DoNoHarm.GroupTrial t = d.trials().get(0);
        assertEquals((32 * 10.0 - 8 * 10.0) / 40, t.gainPoints(), 1e-9);
        for (DoNoHarm.FoldTrial ft : t.foldTrials()) {
            assertEquals(ft.fold() == 4 ? -10.0 : 10.0, ft.gainPoints(), 1e-9, "fold " + ft.fold());
        }
        FeatureTable rows = layout();
        List<String> truth = DoNoHarm.labels(rows);
        List<String> groups = rows.rows().stream().map(FeatureTable.Row::group).toList();
        double[] base = new double[rows.size()];
        double[] with = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] x = rows.rows().get(i).values();
            base[i] = x[2] < 6 ? 1 : 0;
            with[i] = x[2] < 6 + (FOLDS.get(4).contains("speaker" + (int) x[0]) ? -1 : 1) ? 1 : 0;
        }
        // a bootstrap of the 40 groups alone is sure of a gain (the rule before)
        assertTrue(DoNoHarm.bootstrapGainPercentile(truth, groups, base, with, BOOTSTRAP_SEED, 5) > 2);
        // resampling the 5 folds: 3 or more draws of fold 4 (binomial(5, 1/5): 5.8%) give 10 - 4 x 3 = -2 points
        assertEquals(-2.0, t.gainLowerPoints(), 1e-9);
        assertFalse(d.admitted(), d.summary());

        // the same share of hurt groups spread over the folds (2 of each fold's 8): the folds agree and it is admitted
        java.util.Set<String> hurt = new HashSet<>();
        for (List<String> f : FOLDS) {
            hurt.addAll(f.subList(0, 2));
        }
        DoNoHarm.GroupDecision spread = check(List.of(one), markedJudge((k, speaker) -> hurt.contains("speaker" + speaker) ? -1 : 1));
        assertEquals((30 * 10.0 - 10 * 10.0) / 40, spread.trials().get(0).gainPoints(), 1e-9);
        for (DoNoHarm.FoldTrial ft : spread.trials().get(0).foldTrials()) {
            assertEquals(5.0, ft.gainPoints(), 1e-9);
        }
        assertTrue(spread.admitted(), spread.summary());
    }
}
