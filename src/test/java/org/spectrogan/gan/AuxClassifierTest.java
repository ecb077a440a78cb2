package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spectrogan.common.SpectroganException;

/**
 * The auxiliary classifier setting: validated (>= 0, finite, needs the projection critic), off by default, in the
 * resume key; its head is checkpointed and a resumed run ends bit-identical to an uninterrupted one (both engines);
 * a checkpoint written before the setting existed reads as off; and the head learns the classes: trained with the
 * term, it puts the real rows in their class (computed here from the checkpoint's tensors by a plain-Java forward
 * pass).
 */
class AuxClassifierTest {
    @TempDir
    Path tmp;

    static GanConfig aux(int steps, double weight, String engine) {
        return ConditioningTest.projection(steps, 0, engine).toBuilder().optAuxClassifierWeight(weight).build();
    }

    @Test
    void theWeightIsValidatedDefaultsByCriticAndIsInTheResumeKey() {
        GanConfig plain = GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).build();
        assertEquals(GanConfig.Critic.CONCAT, plain.critic());
        assertEquals(0.0, plain.auxClassifierWeight(), "off by default");
        assertEquals(0.0, plain.toBuilder().optCritic(GanConfig.Critic.PROJECTION).build().auxClassifierWeight(),
                "off by default with the projection critic too");
        assertEquals(0.0, GanConfig.defaultAuxClassifierWeight(GanConfig.Critic.CONCAT));
        // an explicit weight survives toBuilder; switching such a configuration to concat is refused (below)
        GanConfig half = plain.toBuilder().optCritic(GanConfig.Critic.PROJECTION).optAuxClassifierWeight(0.5).build();
        assertEquals(0.5, half.toBuilder().build().auxClassifierWeight());
        assertThrows(IllegalArgumentException.class, () -> half.toBuilder().optCritic(GanConfig.Critic.CONCAT).build());
        for (double bad : new double[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> plain.toBuilder().optCritic(GanConfig.Critic.PROJECTION).optAuxClassifierWeight(bad).build());
            assertTrue(e.getMessage().startsWith("auxClassifierWeight must be >= 0") && e.getMessage().endsWith("got " + bad),
                    e.getMessage());
        }
        IllegalArgumentException concat = assertThrows(IllegalArgumentException.class,
                () -> plain.toBuilder().optAuxClassifierWeight(0.5).build());
        assertTrue(concat.getMessage().startsWith("auxClassifierWeight 0.5 needs critic projection")
                && concat.getMessage().endsWith("got critic concat") && !concat.getMessage().contains("\n"), concat.getMessage());
        GanConfig on = aux(10, 0.5, "PyTorch");
        assertEquals(0.5, on.auxClassifierWeight());
        assertEquals(on, on.toBuilder().build(), "toBuilder keeps the weight");
        assertFalse(on.resumeKey().equals(on.toBuilder().optAuxClassifierWeight(1.0).build().resumeKey()));
        assertFalse(on.resumeKey().equals(on.toBuilder().optAuxClassifierWeight(0).build().resumeKey()));
    }

    @Test
    void theStackedTrainerRefusesTheTermAndStackedTrainingTrainsSuchModelsOneByOne() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StackedTrainer(Engines.get("PyTorch"), aux(5, 0.5, "PyTorch"), 3, 2, List.of()));
        assertTrue(e.getMessage().contains("auxClassifierWeight 0.5"), e.getMessage());
        TrainingSet data = GanTestData.twoClasses(4);
        List<GanModel> models = StackedTraining.trainAll(List.of(new StackedTraining.Job(data, 3L, tmp.resolve("s"))),
                aux(5, 0.5, "PyTorch"), Long.MAX_VALUE, false);
        models.forEach(GanModel::close);
        Gan.train(data, aux(5, 0.5, "PyTorch").toBuilder().optSeed(3L).build(), tmp.resolve("one"), false,
                TrainingListener.NONE).close();
        assertArrayEquals(GanTrainingTest.weights(tmp.resolve("one")), GanTrainingTest.weights(tmp.resolve("s")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void theHeadIsCheckpointedAndResumeIsBitIdentical(String engine) throws Exception {
        TrainingSet data = GanTestData.twoClasses(4);
        GanConfig full = aux(20, 0.5, engine);
        Gan.train(data, full, tmp.resolve("full"), false, TrainingListener.NONE).close();
        Gan.train(data, full.toBuilder().optSteps(10).build(), tmp.resolve("part"), false, TrainingListener.NONE).close();
        Gan.train(data, full, tmp.resolve("part"), true, TrainingListener.NONE).close();
        assertArrayEquals(GanTrainingTest.weights(tmp.resolve("full")), GanTrainingTest.weights(tmp.resolve("part")));
        Checkpoint.Loaded loaded = Checkpoint.read(tmp.resolve("full"));
        int w = loaded.names().indexOf("critic.auxClassifier.weight");
        int b = loaded.names().indexOf("critic.auxClassifier.bias");
        assertTrue(w > loaded.names().indexOf("critic.embedding") && b == w + 1, loaded.names().toString());
        assertArrayEquals(new long[] {2, 32}, loaded.shapes().get(w));
        assertArrayEquals(new long[] {2}, loaded.shapes().get(b));
        // its optimiser state too: the critic's tensors are 3 layers x 2 + E + the head's 2 = 9, Adam keeps 2 each
        assertTrue(loaded.names().contains("critic.optimiser." + (9 * 2 - 1)), loaded.names().toString());
        assertFalse(loaded.names().contains("critic.optimiser." + (9 * 2)), loaded.names().toString());
        // another weight is another trajectory: resume refused
        SpectroganException e = assertThrows(SpectroganException.class, () -> Gan.train(data,
                full.toBuilder().optAuxClassifierWeight(1.0).optSteps(30).build(), tmp.resolve("part"), true,
                TrainingListener.NONE));
        assertTrue(e.getMessage().contains("settings differ"), e.getMessage());
        // and the term changes training
        Gan.train(data, aux(20, 0, engine), tmp.resolve("off"), false, TrainingListener.NONE).close();
        assertFalse(Checkpoint.read(tmp.resolve("off")).names().stream().anyMatch(n -> n.contains("auxClassifier")));
        assertFalse(java.util.Arrays.equals(GanTrainingTest.weights(tmp.resolve("off")),
                GanTrainingTest.weights(tmp.resolve("full"))));
    }

    @Test
    void aCheckpointWrittenBeforeTheSettingReadsAsOffAndResumes() throws Exception {
        TrainingSet data = GanTestData.twoClasses(4);
        GanConfig c = aux(20, 0, "PyTorch");
        Gan.train(data, c, tmp.resolve("full"), false, TrainingListener.NONE).close();
        Gan.train(data, c.toBuilder().optSteps(10).build(), tmp.resolve("old"), false, TrainingListener.NONE).close();
        Path state = Checkpoint.read(tmp.resolve("old")).directory().resolve("state.json");
        String json = Files.readString(state);
        String stripped = json.replaceAll(",\\s*\"auxClassifierWeight\"\\s*:\\s*0\\.0", "");
        assertTrue(json.contains("auxClassifierWeight") && !stripped.contains("auxClassifierWeight"), json);
        Files.writeString(state, stripped);
        assertEquals(0.0, Checkpoint.read(tmp.resolve("old")).state().config().auxClassifierWeight());
        Gan.train(data, c, tmp.resolve("old"), true, TrainingListener.NONE).close();
        assertArrayEquals(GanTrainingTest.weights(tmp.resolve("full")), GanTrainingTest.weights(tmp.resolve("old")));
    }

    @Test
    void theTrainedHeadPutsTheRealRowsInTheirClass() {
        // two classes: a head pushed the wrong way by its gradient would put nearly every row in the other class
        TrainingSet data = GanTestData.twoClasses(8);
        Gan.train(data, aux(200, 1.0, "PyTorch"), tmp.resolve("m"), false, TrainingListener.NONE).close();
        double trained = headAccuracy(Checkpoint.read(tmp.resolve("m")), data);
        assertTrue(trained >= 0.95, "trained head accuracy " + trained);
    }

    /** The share of {@code data}'s rows whose head logit is largest for their class: plain-Java critic forward. */
    static double headAccuracy(Checkpoint.Loaded m, TrainingSet data) {
        double[] mean = m.state().normalisationMean();
        double[] sd = m.state().normalisationStd();
        List<Integer> hidden = m.state().config().hidden();
        float[] headW = m.tensor("critic.auxClassifier.weight");
        float[] headB = m.tensor("critic.auxClassifier.bias");
        int correct = 0;
        for (int i = 0; i < data.x().length; i++) {
            double[] h = new double[mean.length];
            for (int j = 0; j < h.length; j++) {
                h[j] = (data.x()[i][j] - mean[j]) / sd[j];
            }
            for (int l = 0; l < hidden.size(); l++) {
                float[] w = m.tensor("critic.weight" + l);
                float[] b = m.tensor("critic.bias" + l);
                double[] z = new double[hidden.get(l)];
                for (int o = 0; o < z.length; o++) {
                    double s = b[o];
                    for (int j = 0; j < h.length; j++) {
                        s += w[o * h.length + j] * h[j];
                    }
                    z[o] = s > 0 ? s : Mlp.LEAKY_SLOPE * s;
                }
                h = z;
            }
            int best = -1;
            double top = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < headB.length; c++) {
                double s = headB[c];
                for (int j = 0; j < h.length; j++) {
                    s += headW[c * h.length + j] * h[j];
                }
                if (s > top) {
                    top = s;
                    best = c;
                }
            }
            correct += best == data.classIndex()[i] ? 1 : 0;
        }
        return correct / (double) data.x().length;
    }
}
