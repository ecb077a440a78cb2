package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GANs trained on parallel workers against the same GANs trained alone, one after another: every model's
 * checkpoint weights and loss history are byte-identical, early stopping included; a job that cannot train
 * gets its own error without stopping the others; the worker count follows the cores, threads and budget.
 */
class GanSchedulerTest {
    @TempDir
    Path tmp;

    private static List<GanScheduler.Job> jobs(Path dir) {
        int[] rowsPerClass = {12, 60, 40, 25, 1};
        List<GanScheduler.Job> jobs = new ArrayList<>();
        for (int m = 0; m < rowsPerClass.length; m++) {
            TrainingSet set = GanTestData.gaussians(new double[][] {{10, -5, 100}, {14, 5, 130}},
                    new double[][] {{1, 2, 5}, {1, 2, 5}}, rowsPerClass[m], 300 + m);
            GanConfig c = GanTestData.small(GanConfig.Loss.WGAN_GP, 60, "PyTorch").toBuilder().optSeed(2000 + 11L * m).build();
            if (m == 2) { // StackedTrainingTest's model that stops early (at step 61 of 150 on this machine)
                set = GanTestData.gaussians(new double[][] {{10, -5, 100}, {14, 5, 130}},
                        new double[][] {{1, 2, 5}, {1, 2, 5}}, 40, 102);
                c = GanTestData.small(GanConfig.Loss.WGAN_GP, 150, "PyTorch").toBuilder().optEarlyStopPatienceSteps(24).optSeed(1014).build();
            }
            // job 4 has 1 row per class: Gan.train refuses it (at least 2 per class)
            jobs.add(new GanScheduler.Job(set, c, dir.resolve("gan" + m)));
        }
        return jobs;
    }

    private static byte[] weights(Path modelDir) throws Exception {
        return org.spectrogan.ModelFiles.weightsBin(modelDir);
    }

    @Test
    void parallelWorkersGiveEachModelItsSingleRunBitForBit() throws Exception {
        List<GanScheduler.Job> alone = jobs(tmp.resolve("alone"));
        List<GanModel> single = new ArrayList<>();
        for (GanScheduler.Job job : alone.subList(0, 4)) {
            single.add(Gan.train(job.data(), job.config(), job.outDir(), false, TrainingListener.NONE));
        }
        List<GanScheduler.Job> together = jobs(tmp.resolve("together"));
        List<GanScheduler.Outcome> outcomes = GanScheduler.trainAll(together, 2);
        assertEquals(5, outcomes.size());
        for (int m = 0; m < 4; m++) {
            GanScheduler.Outcome o = outcomes.get(m);
            assertNull(o.error(), "job " + m);
            assertArrayEquals(weights(alone.get(m).outDir()), weights(together.get(m).outDir()), "weights of job " + m);
            assertEquals(Files.readString(alone.get(m).outDir().resolve("loss.csv")),
                    Files.readString(together.get(m).outDir().resolve("loss.csv")), "loss history of job " + m);
            assertArrayEquals(single.get(m).generate("class1", 5, 9)[3], o.model().generate("class1", 5, 9)[3]);
            o.model().close();
            single.get(m).close();
        }
        // the early-stopping job stopped before its 120 steps, at the step it stops alone
        List<String> lossLines = Files.readAllLines(together.get(2).outDir().resolve("loss.csv"));
        assertTrue(lossLines.size() - 1 < 150, "job 2 stops early: " + (lossLines.size() - 1) + " steps");
        // the job too small for its batch got its own one-line error
        assertNull(outcomes.get(4).model());
        assertNotNull(outcomes.get(4).error());
        assertTrue(outcomes.get(4).error().getMessage().contains("row"), outcomes.get(4).error().getMessage());
    }

    @Test
    void workersFollowCoresThreadsBudgetAndJobs() {
        GanConfig c = GanTestData.small(GanConfig.Loss.WGAN_GP, 10, "PyTorch");
        long one = StackedTraining.bytesPerModel(c, 3, 2);
        assertEquals(2, GanScheduler.workers(c, 3, 2, 100 * one, 2, 20));
        assertEquals(1, GanScheduler.workers(c, 3, 2, one, 2, 20), "budget of one model");
        assertEquals(1, GanScheduler.workers(c, 3, 2, 100 * one, 2, 1), "one job");
        assertEquals(4, GanScheduler.workers(c, 3, 2, 100 * one, 4, 20));
        GanConfig two = c.toBuilder().optThreads(2).build();
        assertEquals(1, GanScheduler.workers(two, 3, 2, 100 * one, 2, 20), "2 intra-op threads on 2 cores");
        GanConfig mxnet = c.toBuilder().optEngine("MXNet").optThreads(1).build();
        assertEquals(1, GanScheduler.workers(mxnet, 3, 2, 100 * one, 2, 20), "MXNet: one at a time");
    }
}
