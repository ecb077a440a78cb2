package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;

class AveragedProtocolTest {
    private static final Path FILE = Path.of("p.json");

    /** The mean of group g's rows of class c, written out here with plain loops. */
    private static double[] meanOf(FeatureTable t, String g, String c) {
        double[] s = new double[t.featureCount()];
        int n = 0;
        for (FeatureTable.Row r : t.rows()) {
            if (r.group().equals(g) && r.label().equals(c)) {
                n++;
                for (int j = 0; j < s.length; j++) {
                    s[j] += r.values()[j];
                }
            }
        }
        for (int j = 0; j < s.length; j++) {
            s[j] /= n;
        }
        return s;
    }

    @Test
    void averagesOnePerGroupAndClassEqualTheMeans() {
        FeatureTable t = Tables.gaussian(2, 4, 7, 5, 1.0, 3);
        FeatureTable avg = AveragedProtocol.averages(t);
        assertEquals(8, avg.size());
        for (FeatureTable.Row r : avg.rows()) {
            assertArrayEquals(meanOf(t, r.group(), r.label()), r.values(), 1e-12, r.group() + "/" + r.label());
            assertEquals(FeatureTable.REAL, r.source());
        }
    }

    @Test
    void medianTrialsPerGroupAndClass() {
        FeatureTable t = Tables.gaussian(2, 3, 4, 2, 1.0, 3);
        // 6 cells of 4 rows; drop rows so the cells hold 4, 4, 4, 4, 1, 2 -> sorted 1 2 4 4 4 4, lower middle 4
        List<FeatureTable.Row> rows = new ArrayList<>();
        int[] seen = new int[2];
        for (FeatureTable.Row r : t.rows()) {
            if (r.group().equals("g2")) {
                int c = r.label().equals("c0") ? 0 : 1;
                if (seen[c]++ >= (c == 0 ? 1 : 2)) {
                    continue;
                }
            }
            rows.add(r);
        }
        assertEquals(4, AveragedProtocol.medianTrialsPerGroupClass(new FeatureTable(t.featureNames(), rows)));
        // all cells of 1, 2, 3 rows -> median 2
        FeatureTable small = new FeatureTable(t.featureNames(), List.of(
                row("c0", "a", 1), row("c0", "b", 1), row("c0", "b", 2), row("c1", "a", 1), row("c1", "a", 2), row("c1", "a", 3)));
        assertEquals(2, AveragedProtocol.medianTrialsPerGroupClass(small)); // cells of 1, 2 and 3 rows
    }

    private static FeatureTable.Row row(String label, String group, double v) {
        return new FeatureTable.Row(label, group, FeatureTable.REAL, 0, new double[] {v, -v});
    }

    @Test
    void syntheticParticipantsAverageConsecutiveRunsOfN() {
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            rows.add(new FeatureTable.Row("a", "synthetic", FeatureTable.SYNTHETIC, 0, new double[] {i}));
        }
        for (int i = 0; i < 6; i++) {
            rows.add(new FeatureTable.Row("b", "synthetic", FeatureTable.SYNTHETIC, 0, new double[] {10 * i}));
        }
        FeatureTable trials = new FeatureTable(List.of("x"), rows);
        FeatureTable p = ParticipantSpread.participants(ParticipantSpread.POOLED, trials, trials, 3, Integer.MAX_VALUE, 0).participants();
        assertEquals(Map.of("a", 3, "b", 2), p.countsByLabel()); // 11 -> 3 full runs (2 left over), 6 -> 2
        assertEquals(1.0, p.rows().get(0).values()[0], 1e-12); // (0+1+2)/3
        assertEquals(7.0, p.rows().get(2).values()[0], 1e-12); // (6+7+8)/3
        assertEquals(40.0, p.rows().get(4).values()[0], 1e-12); // (30+40+50)/3
        assertEquals(5, new HashSet<>(p.rows().stream().map(FeatureTable.Row::group).toList()).size());
    }

    @Test
    void fixedTestParticipantsNeverTrainAndSyntheticCountsFollowTheRatio() {
        FeatureTable all = Tables.gaussian(2, 16, 6, 4, 1.5, 11);
        Set<String> testGroups = Set.of("g0", "g1", "g2", "g3");
        FeatureTable test = all.filter(r -> testGroups.contains(r.group()));
        FeatureTable train = all.filter(r -> !testGroups.contains(r.group()));
        Set<double[]> testValues = new HashSet<>();
        test.rows().forEach(r -> testValues.add(r.values()));
        FakeGan.TRAINED.clear();
        AveragedProtocol.Settings s = new AveragedProtocol.Settings(List.of(3, 6), 8, 1.5, List.of("oversample", "noise", "gaussian"), 5, 7);
        AveragedProtocol p = new AveragedProtocol(s, FakeGan.trainer(0), GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optSteps(1).build(),
                List.of("c0", "c1"), List.of(Classifiers.byName("logreg")), Map.of());
        AveragedProtocol.Result r = p.run(train, test, FILE, line -> { });

        assertEquals(testGroups, r.testParticipants());
        assertEquals(8, r.pool().size());
        assertTrue(Set.copyOf(train.rows().stream().map(FeatureTable.Row::group).toList()).containsAll(r.pool()));
        assertEquals(8, r.testAverages()); // 4 participants x 2 classes
        assertEquals(10, r.draws().size());
        assertEquals(10, FakeGan.TRAINED.size(), "one GAN per draw");
        for (AveragedProtocol.Draw d : r.draws()) {
            assertNull(d.skipped());
            assertEquals(d.trainParticipants(), d.participants().size());
            assertTrue(r.pool().containsAll(d.participants()));
            assertTrue(java.util.Collections.disjoint(d.participants(), testGroups));
            assertEquals(6, d.trialsPerAverage());
            assertEquals(Math.round(1.5 * d.trainParticipants()), d.syntheticPerClass());
        }
        // the draws differ between repeats
        assertTrue(r.draws().stream().filter(d -> d.trainParticipants() == 3).map(AveragedProtocol.Draw::participants).distinct().count() > 1);
        for (FakeGan g : FakeGan.TRAINED) {
            for (double[] x : g.data.x()) {
                for (FeatureTable.Row t : test.rows()) {
                    assertFalse(Arrays.equals(x, t.values()), "a test trial reached a GAN");
                }
            }
        }
        // 1 classifier x 2 counts x 5 arms, each over 5 repeats with an interval rule applied
        assertEquals(10, r.cells().size());
        for (AveragedProtocol.Cell c : r.cells()) {
            assertEquals(5, c.accuracy().n());
            assertEquals(c.arm().equals("real"), c.gainOverReal() == null);
        }
        assertEquals(2, AveragedProtocol.lines(r).size());
    }

    @Test
    void armTablesHoldRealAveragesPlusKSyntheticParticipantsPerClass() {
        FeatureTable rows = Tables.gaussian(2, 4, 6, 3, 1.0, 5);
        AveragedProtocol.Settings s = new AveragedProtocol.Settings(List.of(4), 4, 0.5, List.of("oversample", "noise", "mixup"), 1, 7);
        AveragedProtocol p = new AveragedProtocol(s, FakeGan.trainer(0), GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optSteps(1).build(),
                List.of("c0", "c1"), List.of(Classifiers.byName("logreg")), Map.of());
        Map<String, FeatureTable> arms = p.armTables(rows, 6, 2, 3);
        assertEquals(List.of("real", "gan", "oversample", "noise", "mixup"), new ArrayList<>(arms.keySet()));
        assertEquals(Map.of("c0", 4, "c1", 4), arms.get("real").countsByLabel());
        for (String a : List.of("gan", "oversample", "noise", "mixup")) {
            FeatureTable t = arms.get(a);
            assertEquals(Map.of("c0", 6, "c1", 6), t.countsByLabel(), a);
            assertEquals(4, t.filter(r -> r.source().equals(FeatureTable.SYNTHETIC)).size(), a);
        }
        // participant oversampling repeats real averages exactly
        Set<List<Double>> realAvgs = new HashSet<>();
        arms.get("real").rows().forEach(r -> realAvgs.add(Arrays.stream(r.values()).boxed().toList()));
        for (FeatureTable.Row r : arms.get("oversample").rows()) {
            assertTrue(realAvgs.contains(Arrays.stream(r.values()).boxed().toList()));
        }
    }

    /**
     * h13j: under {@code selectBy: quality} the draw's GAN is handed a scorer and trains on the trials of three
     * quarters of the draw's participants (every trial of each), the rest held out; the scorer rates the held-out
     * participants' own trials above the same trials with their labels swapped. Without it: all trials, no scorer.
     */
    @Test
    void underQualitySelectionTheDrawsGanTrainsOnThreeQuartersOfItsParticipantsAndIsScoredOnTheRest() {
        FeatureTable rows = Tables.gaussian(2, 8, 6, 4, 2.0, 23);
        List<org.spectrogan.gan.TrainingSet> data = new ArrayList<>();
        List<org.spectrogan.gan.SampleScorer> scorers = new ArrayList<>();
        List<GanConfig> configs = new ArrayList<>();
        GanSettings.Trainer recording = new GanSettings.Trainer() {
            @Override
            public org.spectrogan.gan.GanModel train(org.spectrogan.gan.TrainingSet d, GanConfig c, Path out,
                                                     org.spectrogan.gan.TrainingListener l) {
                return train(d, c, out, l, null);
            }

            @Override
            public org.spectrogan.gan.GanModel train(org.spectrogan.gan.TrainingSet d, GanConfig c, Path out,
                                                     org.spectrogan.gan.TrainingListener l, org.spectrogan.gan.SampleScorer sc) {
                data.add(d);
                scorers.add(sc);
                configs.add(c);
                return new FakeGan(d, 0, out);
            }
        };
        GanConfig plain = GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optSteps(1).build();
        GanConfig scored = plain.toBuilder().optSelectBy(GanConfig.SelectBy.QUALITY).optAnchor(GanConfig.Anchor.GAUSSIAN).build();
        AveragedProtocol.Settings s = new AveragedProtocol.Settings(List.of(8), 8, 1.0, List.of(), 1, 7);
        for (GanConfig gc : List.of(plain, scored)) {
            new AveragedProtocol(s, recording, gc, List.of("c0", "c1"), List.of(Classifiers.byName("logreg")), Map.of())
                    .armTables(rows, 6, 8, 3);
        }
        assertEquals(2, data.size());
        assertNull(scorers.get(0), "wasserstein selection: no scorer");
        assertEquals(rows.size(), data.get(0).x().length, "wasserstein selection: every trial");
        assertEquals(GanConfig.SelectBy.QUALITY, configs.get(1).selectBy());
        assertEquals(GanConfig.Anchor.GAUSSIAN, configs.get(1).anchor(), "the anchor reaches the draw's GAN");
        // the participants whose trials the scored GAN got, found by value
        Map<String, Integer> trialsOf = new java.util.TreeMap<>();
        for (double[] x : data.get(1).x()) {
            FeatureTable.Row owner = rows.rows().stream().filter(r -> Arrays.equals(r.values(), x)).findFirst().orElseThrow();
            trialsOf.merge(owner.group(), 1, Integer::sum);
        }
        assertEquals(6, trialsOf.size(), "8 participants, a quarter (2) held out");
        trialsOf.values().forEach(n -> assertEquals(12, n, "every trial of a kept participant (6 per class)"));
        FeatureTable heldOut = rows.filter(r -> !trialsOf.containsKey(r.group()));
        assertEquals(24, heldOut.size());
        org.spectrogan.gan.SampleScorer sc = scorers.get(1);
        double[][] x = heldOut.rows().stream().map(FeatureTable.Row::values).toArray(double[][]::new);
        int[] y = heldOut.rows().stream().mapToInt(r -> r.label().equals("c0") ? 0 : 1).toArray();
        int[] swapped = Arrays.stream(y).map(v -> 1 - v).toArray();
        assertTrue(sc.score(x, y) > sc.score(x, swapped) + 0.5,
                "held-out trials with their labels score above the same trials mislabelled: " + sc.score(x, y) + " vs " + sc.score(x, swapped));
    }

    /**
     * Every draw reports its GAN and the step that GAN kept (report.json extra.ganSelection.gans, role draw): under
     * quality selection the best-scoring step of the model's own score curve and the rows it trained on (three
     * quarters of the draw's participants, every trial of each); under wasserstein the last step and every trial.
     */
    @Test
    void everyDrawReportsItsGanAndTheStepItKept() {
        FeatureTable all = Tables.gaussian(2, 12, 6, 4, 2.0, 29);
        Set<String> testGroups = Set.of("g0", "g1", "g2", "g3");
        FeatureTable test = all.filter(r -> testGroups.contains(r.group()));
        FeatureTable train = all.filter(r -> !testGroups.contains(r.group()));
        // the model's score curve peaks at step 1 of 3 scored steps; its last step is 2
        List<org.spectrogan.gan.QualityPoint> curve = List.of(new org.spectrogan.gan.QualityPoint(0, 0.1),
                new org.spectrogan.gan.QualityPoint(1, 0.7), new org.spectrogan.gan.QualityPoint(2, 0.4));
        GanSettings.Trainer scoring = new GanSettings.Trainer() {
            @Override
            public org.spectrogan.gan.GanModel train(org.spectrogan.gan.TrainingSet d, GanConfig c, Path out,
                                                     org.spectrogan.gan.TrainingListener l) {
                return new FakeGan(d, 0, out);
            }

            @Override
            public org.spectrogan.gan.GanModel train(org.spectrogan.gan.TrainingSet d, GanConfig c, Path out,
                                                     org.spectrogan.gan.TrainingListener l, org.spectrogan.gan.SampleScorer sc) {
                FakeGan g = new FakeGan(d, 0, out);
                return new org.spectrogan.gan.GanModel() {
                    public List<String> classNames() { return g.classNames(); }
                    public List<String> featureNames() { return g.featureNames(); }
                    public double[][] generate(String className, int count, long seed) { return g.generate(className, count, seed); }
                    public Path directory() { return g.directory(); }
                    public List<org.spectrogan.gan.LossPoint> lossHistory() { return g.lossHistory(); }
                    public List<org.spectrogan.gan.QualityPoint> qualityScores() { return curve; }
                    public void close() { g.close(); }
                };
            }
        };
        AveragedProtocol.Settings s = new AveragedProtocol.Settings(List.of(4, 8), 8, 1.0, List.of(), 2, 7);
        GanConfig plain = GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optSteps(1).build();
        for (GanConfig gc : List.of(plain, plain.toBuilder().optSelectBy(GanConfig.SelectBy.QUALITY).build())) {
            boolean quality = gc.selectBy() == GanConfig.SelectBy.QUALITY;
            AveragedProtocol.Result r = new AveragedProtocol(s, scoring, gc, List.of("c0", "c1"),
                    List.of(Classifiers.byName("logreg")), Map.of()).run(train, test, FILE, line -> { });
            assertEquals(4, r.draws().size());
            for (AveragedProtocol.Draw d : r.draws()) {
                assertEquals(1, d.gans().size(), "one class GAN per draw");
                GanSettings.ChosenStep g = d.gans().get(0);
                assertEquals("draw", g.run());
                assertEquals(d.trainParticipants(), g.trainParticipants());
                assertEquals(d.repeat(), g.repeat());
                // 6 trials per participant and class, 2 classes; under quality a quarter of the participants held out
                int kept = quality ? d.trainParticipants() - d.trainParticipants() / 4 : d.trainParticipants();
                assertEquals(kept * 12, g.trainRows(), "rows the draw's GAN trained on");
                assertEquals(2, g.steps(), "the last step of the loss history");
                assertEquals(quality ? 1 : 2, g.chosenStep(), "quality: the best-scoring step; else the last");
                assertEquals(quality ? 3 : 0, g.scores());
                assertEquals(quality ? 0.7 : Double.NaN, g.chosenScore(), 1e-12);
            }
        }
    }

    @Test
    void poolLargerThanTheTrainGroupsIsAnError() {
        FeatureTable t = Tables.gaussian(2, 5, 2, 2, 1.0, 1);
        var e = assertThrows(org.spectrogan.common.SpectroganException.class, () -> AveragedProtocol.pool(t, 6, 1, FILE));
        assertTrue(e.getMessage().contains("poolParticipants is 6") && e.getMessage().contains("only 5 groups"), e.getMessage());
        assertEquals(new TreeSet<>(Set.of("g0", "g1", "g2", "g3", "g4")), AveragedProtocol.pool(t, 5, 1, FILE));
    }

    @Test
    void configIsValidatedAtLoad() {
        var bad = assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.Evaluation.builder().optProtocol("pooled").build());
        assertTrue(bad.getMessage().contains("evaluation.protocol must be ordinary or averaged, got 'pooled'"));
        var stray = assertThrows(IllegalArgumentException.class, () -> PipelineConfig.Evaluation.builder()
                .optAveraged(new PipelineConfig.Averaged(null, null, null, null)).build());
        assertTrue(stray.getMessage().contains("evaluation.averaged is given"));
        var big = assertThrows(IllegalArgumentException.class, () -> new PipelineConfig.Averaged(List.of(5, 25), 20, null, null));
        assertTrue(big.getMessage().contains("got 25"), big.getMessage());
        var aug = assertThrows(IllegalArgumentException.class, () -> new PipelineConfig.Averaged(null, null, null, List.of("warp")));
        assertTrue(aug.getMessage().contains("unknown augmenter 'warp'"), aug.getMessage());
        var d = PipelineConfig.Evaluation.builder().optProtocol("averaged").build();
        assertEquals(List.of(5, 10, 15, 20), d.averaged().trainParticipants());
        assertEquals(20, d.averaged().poolParticipants());
    }
}
