package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;

/**
 * Stacked training against single runs: four GANs on data sets of different sizes with their own seeds, trained as
 * one stack, end where each trained alone ends (up to float rounding), bit-identically run to run; early stopping
 * is per model; a stacked run resumes to the uninterrupted result.
 */
class StackedTrainingTest {
    /**
     * Max relative weight difference allowed after 200 steps, stacked against single. The two paths do the same
     * arithmetic in a different order (batched products against plain products with the bias fused in), so they
     * differ in the last bit of some products from the first step; 200 Adam steps amplify that (Adam's step is
     * g / sqrt(v), about lr * sign(g) early on, so a gradient near zero can flip its step). Measured: well under
     * 1e-3 relative to each tensor's largest weight; a real error (a model seeing another's rows, a wrong axis,
     * a missed update) moves weights by about the learning rate times the steps, 5e-4 x 200 = 0.1, relative
     * to weights of about 0.2-1: 10% or more. (Measured on this machine at these shapes: 0, the stacked run was
     * bit-identical to the single runs; that is not promised for other shapes and CPUs, hence the tolerance.)
     */
    static final double TOLERANCE = 2e-3;

    @TempDir
    Path tmp;

    private static List<TrainingSet> sets() {
        List<TrainingSet> sets = new ArrayList<>();
        int[] rowsPerClass = {12, 25, 40, 60};
        for (int m = 0; m < rowsPerClass.length; m++) {
            sets.add(GanTestData.gaussians(new double[][] {{10, -5, 100}, {14, 5, 130}},
                    new double[][] {{1, 2, 5}, {1, 2, 5}}, rowsPerClass[m], 100 + m));
        }
        return sets;
    }

    private List<StackedTraining.Job> jobs(String prefix) {
        List<StackedTraining.Job> jobs = new ArrayList<>();
        List<TrainingSet> sets = sets();
        for (int m = 0; m < sets.size(); m++) {
            jobs.add(new StackedTraining.Job(sets.get(m), 1000 + 7L * m, tmp.resolve(prefix + m)));
        }
        return jobs;
    }

    private static void closeAll(List<GanModel> models) {
        models.forEach(GanModel::close);
    }

    /** Max over tensors of max |a - b| / max |b| between two model folders' generator and critic weights. */
    static double maxRelativeWeightDifference(Path a, Path b) {
        Checkpoint.Loaded la = Checkpoint.read(a);
        Checkpoint.Loaded lb = Checkpoint.read(b);
        double worst = 0;
        int compared = 0;
        for (String name : lb.names()) {
            if (name.contains("optimiser")) {
                continue;
            }
            float[] x = la.tensor(name);
            float[] y = lb.tensor(name);
            assertEquals(y.length, x.length, name);
            double diff = 0;
            double scale = 0;
            for (int i = 0; i < y.length; i++) {
                diff = Math.max(diff, Math.abs(x[i] - y[i]));
                scale = Math.max(scale, Math.abs(y[i]));
            }
            worst = Math.max(worst, diff / Math.max(scale, 1e-12));
            compared++;
        }
        assertEquals(12, compared, "generator and critic, three layers each, weights and biases");
        return worst;
    }

    @Test
    void fourStackedModelsEndWhereEachTrainedAloneEnds() throws Exception {
        GanConfig config = GanTestData.small(GanConfig.Loss.WGAN_GP, 200, "PyTorch");
        List<StackedTraining.Job> jobs = jobs("stacked");
        closeAll(StackedTraining.trainAll(jobs, config, StackedTraining.DEFAULT_MEMORY_BUDGET_BYTES, false));
        double worst = 0;
        for (StackedTraining.Job job : jobs) {
            Path single = tmp.resolve("single-" + job.outDir().getFileName());
            Gan.train(job.data(), config.toBuilder().optSeed(job.seed()).build(), single, false, TrainingListener.NONE).close();
            double d = maxRelativeWeightDifference(job.outDir(), single);
            worst = Math.max(worst, d);
            assertTrue(d < TOLERANCE, job.outDir().getFileName() + ": max relative weight difference " + d);
            assertEquals(Files.readAllLines(single.resolve("loss.csv")).size(),
                    Files.readAllLines(job.outDir().resolve("loss.csv")).size());
            assertEquals(Checkpoint.read(single).state().dataSha256(), Checkpoint.read(job.outDir()).state().dataSha256());
        }
        // the models differ from one another by far more than the tolerance (each saw its own rows and seed)
        double between = maxRelativeWeightDifference(jobs.get(0).outDir(), jobs.get(1).outDir());
        assertTrue(between > 100 * TOLERANCE, "two different models differ by only " + between);
        System.out.printf("stacked vs single, 4 models x 200 steps: worst max relative weight difference %.3g "
                + "(between two different models: %.3g)%n", worst, between);
    }

    @Test
    void aStackedRunIsBitIdenticalRunToRunAndWhateverItsStackSize() throws Exception {
        GanConfig config = GanTestData.small(GanConfig.Loss.WGAN_GP, 60, "PyTorch");
        List<StackedTraining.Job> a = jobs("a");
        List<StackedTraining.Job> b = jobs("b");
        closeAll(StackedTraining.trainAll(a, config, StackedTraining.DEFAULT_MEMORY_BUDGET_BYTES, false));
        closeAll(StackedTraining.trainAll(b, config, StackedTraining.DEFAULT_MEMORY_BUDGET_BYTES, false));
        for (int m = 0; m < a.size(); m++) {
            assertArrayEquals(GanTrainingTest.weights(a.get(m).outDir()), GanTrainingTest.weights(b.get(m).outDir()));
            assertEquals(Files.readString(a.get(m).outDir().resolve("loss.csv")),
                    Files.readString(b.get(m).outDir().resolve("loss.csv")));
        }
        // a budget of one model's bytes: four stacks of one, the same models up to rounding
        long one = StackedTraining.bytesPerModel(config, 3, 2);
        assertEquals(1, StackedTraining.modelsPerStack(config, 3, 2, one));
        assertEquals(4, StackedTraining.modelsPerStack(config, 3, 2, 4 * one + 1));
        List<StackedTraining.Job> c = jobs("c");
        closeAll(StackedTraining.trainAll(c, config, one, false));
        for (int m = 0; m < a.size(); m++) {
            double d = maxRelativeWeightDifference(c.get(m).outDir(), a.get(m).outDir());
            assertTrue(d < TOLERANCE, "stacks of one against a stack of four: " + d);
        }
    }

    @Test
    void earlyStoppingIsDecidedPerModelAsInASingleRun() throws Exception {
        GanConfig config = GanTestData.small(GanConfig.Loss.WGAN_GP, 150, "PyTorch").toBuilder().optEarlyStopPatienceSteps(24).build();
        List<StackedTraining.Job> jobs = jobs("early");
        List<Integer> stacked = new ArrayList<>();
        List<GanModel> models = StackedTraining.trainAll(jobs, config, StackedTraining.DEFAULT_MEMORY_BUDGET_BYTES, false);
        for (GanModel m : models) {
            stacked.add(m.lossHistory().size());
        }
        closeAll(models);
        List<Integer> single = new ArrayList<>();
        for (StackedTraining.Job job : jobs) {
            try (GanModel m = Gan.train(job.data(), config.toBuilder().optSeed(job.seed()).build(), tmp.resolve("s" + job.seed()), false,
                    TrainingListener.NONE)) {
                single.add(m.lossHistory().size());
            }
        }
        System.out.println("early stopping, steps per model: stacked " + stacked + ", single " + single);
        assertEquals(single, stacked);
        assertTrue(stacked.stream().distinct().count() > 1 && stacked.stream().anyMatch(s -> s < 150),
                "the test needs models that stop at different steps: " + stacked);
    }

    @Test
    void aStackedRunResumesToTheUninterruptedResult() throws Exception {
        GanConfig full = GanTestData.small(GanConfig.Loss.WGAN_GP, 40, "PyTorch");
        List<StackedTraining.Job> whole = jobs("whole");
        closeAll(StackedTraining.trainAll(whole, full, StackedTraining.DEFAULT_MEMORY_BUDGET_BYTES, false));
        List<StackedTraining.Job> part = jobs("part");
        closeAll(StackedTraining.trainAll(part, full.toBuilder().optSteps(15).build(), StackedTraining.DEFAULT_MEMORY_BUDGET_BYTES, false));
        SpectroganException e = assertThrows(SpectroganException.class,
                () -> StackedTraining.trainAll(part, full, StackedTraining.DEFAULT_MEMORY_BUDGET_BYTES, false));
        assertTrue(e.getMessage().contains("already holds a trained model"), e.getMessage());
        List<GanModel> resumed = StackedTraining.trainAll(part, full, StackedTraining.DEFAULT_MEMORY_BUDGET_BYTES, true);
        for (GanModel m : resumed) {
            assertEquals(40, m.lossHistory().size());
        }
        closeAll(resumed);
        for (int m = 0; m < whole.size(); m++) {
            assertArrayEquals(GanTrainingTest.weights(whole.get(m).outDir()), GanTrainingTest.weights(part.get(m).outDir()));
            assertEquals(Files.readString(whole.get(m).outDir().resolve("loss.csv")),
                    Files.readString(part.get(m).outDir().resolve("loss.csv")));
        }
    }

    @Test
    void badJobsAreRefusedBeforeTraining() {
        GanConfig config = GanTestData.small(GanConfig.Loss.WGAN_GP, 5, "PyTorch");
        TrainingSet good = GanTestData.twoClasses(1);
        Path same = tmp.resolve("same");
        SpectroganException e = assertThrows(SpectroganException.class, () -> StackedTraining.trainAll(
                List.of(new StackedTraining.Job(good, 1, same), new StackedTraining.Job(good, 2, same)), config,
                StackedTraining.DEFAULT_MEMORY_BUDGET_BYTES, false));
        assertTrue(e.getMessage().contains("two jobs"), e.getMessage());
        double[][] x = good.x().clone();
        x[2] = x[2].clone();
        x[2][0] = Double.NaN;
        TrainingSet bad = new TrainingSet(x, good.classIndex(), good.classNames(), good.featureNames(), null);
        e = assertThrows(SpectroganException.class, () -> StackedTraining.trainAll(
                List.of(new StackedTraining.Job(good, 1, tmp.resolve("g")), new StackedTraining.Job(bad, 2, tmp.resolve("b"))),
                config, StackedTraining.DEFAULT_MEMORY_BUDGET_BYTES, false));
        assertTrue(e.getMessage().contains("not finite"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("g")), "nothing trained before the bad job was found");
    }
}
