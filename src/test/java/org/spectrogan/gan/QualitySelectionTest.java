package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spectrogan.common.SpectroganException;

/**
 * Training with DiffAugment and with the generator chosen by a quality score: the chosen snapshot is bit-equal to
 * a run stopped at the chosen step, the scorer sees the generator of each scored step, resume is bit-identical
 * with both on (the transforms' stream comes from seed and step), and DiffAugment changes training but still
 * learns each class's location.
 */
class QualitySelectionTest {
    @TempDir
    Path tmp;

    static final DiffAugment.Strength ON = new DiffAugment.Strength(0.1, 0.1, 0.2, 0, 0, 0);

    /** Prefers the {@code preferred}-th call (1-based), recording the first sample of every call. */
    static final class ScriptedScorer implements SampleScorer {
        final int preferred;
        final List<double[]> firstRows = new ArrayList<>();
        final List<int[]> labelCounts = new ArrayList<>();

        ScriptedScorer(int preferred) {
            this.preferred = preferred;
        }

        @Override
        public double score(double[][] samples, int[] labels) {
            firstRows.add(samples[0].clone());
            int[] counts = new int[2];
            for (int l : labels) {
                counts[l]++;
            }
            labelCounts.add(counts);
            return firstRows.size() == preferred ? 1.0 : -firstRows.size();
        }

        @Override
        public int rowsPerClass() {
            return 7;
        }
    }

    static GanConfig config(int steps, double emaDecay, DiffAugment.Strength augment) {
        return GanTestData.small(GanConfig.Loss.WGAN_GP, steps, "PyTorch").toBuilder().optEmaDecay(emaDecay)
                .optDiffAugment(augment).optSelectBy(GanConfig.SelectBy.QUALITY).optScoreEverySteps(5).build();
    }

    @ParameterizedTest
    @CsvSource({"0", "0.9"})
    void theChosenSnapshotIsTheGeneratorOfARunStoppedThere(double emaDecay) {
        TrainingSet data = GanTestData.twoClasses(4);
        ScriptedScorer scorer = new ScriptedScorer(3); // steps 5, 10, 15, ...: prefers step 15
        try (GanModel chosen = Gan.train(data, config(30, emaDecay, ON), tmp.resolve("q"), false,
                TrainingListener.NONE, scorer);
             GanModel stopped = Gan.train(data, config(15, emaDecay, ON).toBuilder()
                     .optSelectBy(GanConfig.SelectBy.WASSERSTEIN).build(), tmp.resolve("s"), false, TrainingListener.NONE);
             GanModel last = Gan.train(data, config(30, emaDecay, ON).toBuilder()
                     .optSelectBy(GanConfig.SelectBy.WASSERSTEIN).build(), tmp.resolve("l"), false, TrainingListener.NONE)) {
            assertEquals(6, scorer.firstRows.size(), "scored at steps 5..30");
            assertArrayEquals(new int[] {7, 7}, scorer.labelCounts.get(0));
            assertEquals(15, chosen.selectedStep());
            assertEquals(List.of(5, 10, 15, 20, 25, 30), chosen.qualityScores().stream().map(QualityPoint::step).toList());
            assertEquals(30, chosen.lossHistory().size(), "training ran to its steps");
            for (String c : List.of("class0", "class1")) {
                double[][] a = chosen.generate(c, 6, 11);
                double[][] b = stopped.generate(c, 6, 11);
                for (int i = 0; i < a.length; i++) {
                    assertArrayEquals(b[i], a[i], 0.0, c + " row " + i);
                }
            }
            assertFalse(java.util.Arrays.equals(chosen.generate("class0", 1, 11)[0], last.generate("class0", 1, 11)[0]),
                    "the last step's generator differs from the chosen one");
            // the scorer saw the step-15 generator: its first row is the stopped model's first row of class0
            assertArrayEquals(stopped.generate("class0", 7, config(15, emaDecay, ON).seed())[0],
                    scorer.firstRows.get(2), 0.0);
        }
        assertTrue(Files.exists(tmp.resolve("q").resolve("quality.csv")));
        assertTrue(Files.exists(tmp.resolve("q").resolve("loss.png")));
    }

    @ParameterizedTest
    @CsvSource({"PyTorch,0", "PyTorch,0.9", "MXNet,0"})
    void resumeWithDiffAugmentAndQualitySelectionEndsBitIdentically(String engine, double emaDecay) throws Exception {
        TrainingSet data = GanTestData.twoClasses(5);
        GanConfig full = config(40, emaDecay, ON).toBuilder().optEngine(engine).build();
        Gan.train(data, full, tmp.resolve("full"), false, TrainingListener.NONE, new ScriptedScorer(3)).close();
        Gan.train(data, full.toBuilder().optSteps(20).build(), tmp.resolve("part"), false, TrainingListener.NONE,
                new ScriptedScorer(3)).close();
        // the resumed run's scorer continues counting where the first part's left off (calls 5.. are steps 25..)
        ScriptedScorer rest = new ScriptedScorer(3);
        for (int i = 0; i < 4; i++) {
            rest.firstRows.add(new double[0]);
        }
        try (GanModel resumed = Gan.train(data, full, tmp.resolve("part"), true, TrainingListener.NONE, rest);
             GanModel whole = Gan.load(tmp.resolve("full"))) {
            assertEquals(15, resumed.selectedStep());
            assertEquals(whole.qualityScores(), resumed.qualityScores());
            assertArrayEquals(whole.generate("class1", 5, 2)[4], resumed.generate("class1", 5, 2)[4], 0.0);
        }
        assertArrayEquals(GanTrainingTest.weights(tmp.resolve("full")), GanTrainingTest.weights(tmp.resolve("part")));
    }

    @Test
    void diffAugmentChangesTrainingAndIsInTheResumeKey() throws Exception {
        TrainingSet data = GanTestData.twoClasses(6);
        GanConfig plain = GanTestData.small(GanConfig.Loss.WGAN_GP, 10, "PyTorch");
        Gan.train(data, plain, tmp.resolve("plain"), false, TrainingListener.NONE).close();
        Gan.train(data, plain.toBuilder().optDiffAugment(ON).build(), tmp.resolve("aug"), false, TrainingListener.NONE)
                .close();
        assertFalse(java.util.Arrays.equals(GanTrainingTest.weights(tmp.resolve("plain")),
                GanTrainingTest.weights(tmp.resolve("aug"))), "the critic saw other rows");
        assertFalse(plain.resumeKey().equals(plain.toBuilder().optDiffAugment(ON).build().resumeKey()));
        assertFalse(plain.resumeKey().equals(plain.toBuilder().optSelectBy(GanConfig.SelectBy.QUALITY).build().resumeKey()));
        SpectroganException e = assertThrows(SpectroganException.class, () -> Gan.train(data,
                plain.toBuilder().optDiffAugment(ON).optSteps(20).build(), tmp.resolve("plain"), true, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("settings differ"), e.getMessage());
        e = assertThrows(SpectroganException.class, () -> Gan.train(data,
                plain.toBuilder().optSelectBy(GanConfig.SelectBy.QUALITY).build(), tmp.resolve("x"), false,
                TrainingListener.NONE));
        assertTrue(e.getMessage().contains("selectBy quality"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> plain.toBuilder().optScoreEverySteps(0).build());
        assertTrue(bad.getMessage().contains("scoreEverySteps") && bad.getMessage().contains("0"), bad.getMessage());
    }

    @Test
    void withDiffAugmentTheGeneratorStillLearnsEachClassLocation() {
        TrainingSet data = GanTestData.twoClasses(1);
        GanConfig c = GanTestData.small(GanConfig.Loss.WGAN_GP, 1000, "PyTorch").toBuilder()
                .optCritic(GanConfig.Critic.PROJECTION).optDiffAugment(ON).build();
        try (GanModel model = Gan.train(data, c, tmp.resolve("m"), false, TrainingListener.NONE)) {
            GanTestData.assertEachClassMeanNearItsRealMean(model, data);
        }
    }
}
