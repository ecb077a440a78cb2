package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;

/** Checkpoints: a run killed mid-way resumes to the uninterrupted result; foreign or corrupt folders are refused. */
class CheckpointTest {
    @TempDir
    Path tmp;

    /** Child process entry: trains {@link #killedConfig()} on {@link GanTestData#twoClasses} into args[0]. */
    public static void main(String[] args) {
        Gan.train(GanTestData.twoClasses(6), killedConfig(), Path.of(args[0]), false, TrainingListener.NONE).close();
    }

    static GanConfig killedConfig() {
        GanConfig c = GanTestData.small(GanConfig.Loss.WGAN_GP, 1200, "PyTorch");
        return c.toBuilder().optBatchSize(8).optNCritic(2).optLatentDim(4).optHidden(List.of(8, 8)).optThreads(1)
                .optCheckpointEvery(50).build();
    }

    @Test
    void aProcessKilledAfterACheckpointResumesToTheUninterruptedResult() throws Exception {
        Path killed = tmp.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                CheckpointTest.class.getName(), killed.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(killed.resolve(Checkpoint.LATEST)) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(p.isAlive(), "the child must still be running when killed: " + Files.readString(tmp.resolve("child.log")));
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        int stepAtKill = Checkpoint.read(killed).state().step();
        assertTrue(stepAtKill < killedConfig().steps(), "killed mid-run at step " + stepAtKill);

        try (GanModel m = Gan.train(GanTestData.twoClasses(6), killedConfig(), killed, true, TrainingListener.NONE)) {
            assertEquals(killedConfig().steps(), m.lossHistory().size());
        }
        Gan.train(GanTestData.twoClasses(6), killedConfig(), tmp.resolve("whole"), false, TrainingListener.NONE).close();
        assertArrayEquals(GanTrainingTest.weights(tmp.resolve("whole")), GanTrainingTest.weights(killed));
        try (GanModel a = Gan.load(killed); GanModel b = Gan.load(tmp.resolve("whole"))) {
            assertArrayEquals(a.generate("class0", 5, 1)[4], b.generate("class0", 5, 1)[4], 0.0);
        }
    }

    private Path trained() {
        Path dir = tmp.resolve("model");
        Gan.train(GanTestData.twoClasses(2), GanTestData.small(GanConfig.Loss.WGAN_GP, 4, "PyTorch"), dir, false,
                TrainingListener.NONE).close();
        return dir;
    }

    private static Path latest(Path dir) throws Exception {
        return dir.resolve(Files.readString(dir.resolve(Checkpoint.LATEST)).trim());
    }

    @Test
    void aCheckpointFromAnotherFormatVersionIsRefused() throws Exception {
        Path dir = trained();
        Path state = latest(dir).resolve("state.json");
        Files.writeString(state, Files.readString(state).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
        SpectroganException e = assertThrows(SpectroganException.class, () -> Gan.load(dir));
        assertTrue(e.getMessage().contains("format version 99"), e.getMessage());
    }

    @Test
    void corruptWeightsAreRefused() throws Exception {
        Path dir = trained();
        Path weights = latest(dir).resolve("weights.bin");
        byte[] b = Files.readAllBytes(weights);
        b[b.length / 2] ^= 1;
        Files.write(weights, b);
        SpectroganException e = assertThrows(SpectroganException.class, () -> Gan.load(dir));
        assertTrue(e.getMessage().contains("weights.bin") && e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void corruptOrMissingStateIsRefused() throws Exception {
        Path dir = trained();
        Path state = latest(dir).resolve("state.json");
        Files.writeString(state, "{ not json");
        SpectroganException e = assertThrows(SpectroganException.class, () -> Gan.load(dir));
        assertTrue(e.getMessage().contains("state.json"), e.getMessage());
        Files.delete(state);
        e = assertThrows(SpectroganException.class, () -> Gan.load(dir));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        Files.writeString(dir.resolve(Checkpoint.LATEST), "../../etc");
        e = assertThrows(SpectroganException.class, () -> Gan.load(dir));
        assertTrue(e.getMessage().contains("LATEST"), e.getMessage());
    }

    @Test
    void resumeOnOtherDataOrSettingsIsRefused() {
        Path dir = trained();
        GanConfig config = GanTestData.small(GanConfig.Loss.WGAN_GP, 8, "PyTorch");
        SpectroganException e = assertThrows(SpectroganException.class,
                () -> Gan.train(GanTestData.twoClasses(3), config, dir, true, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("different data"), e.getMessage());
        e = assertThrows(SpectroganException.class,
                () -> Gan.train(GanTestData.twoClasses(2), config.toBuilder().optSeed(99).build(), dir, true, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("settings differ"), e.getMessage());
    }

    @Test
    void trainingSetProblemsAreClearErrors() {
        TrainingSet good = GanTestData.twoClasses(1);
        double[][] x = good.x().clone();
        x[3] = x[3].clone();
        x[3][1] = Double.NaN;
        SpectroganException e = assertThrows(SpectroganException.class, () -> Gan.train(new TrainingSet(x, good.classIndex(),
                good.classNames(), good.featureNames(), null), GanTestData.small(GanConfig.Loss.WGAN_GP, 2, "PyTorch"),
                tmp.resolve("nan"), false, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("row 4, feature 'f1'") && e.getMessage().contains("not finite"), e.getMessage());
        e = assertThrows(SpectroganException.class, () -> Gan.train(new TrainingSet(good.x(), new int[good.x().length],
                List.of("only"), good.featureNames(), null), GanTestData.small(GanConfig.Loss.WGAN_GP, 2, "PyTorch"),
                tmp.resolve("one"), false, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("at least two classes"), e.getMessage());
    }
}
