package org.spectrogan.gan;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training loop alone on synthetic data (no checkpoints), for {@code spectrogan bench gan}: run in a child
 * JVM so that its peak RSS is its own. Prints one line: {@code RESULT steps_per_s=... peak_rss_mb=...}.
 * Arguments: features classes steps threads engine [batch latent hidden nCritic].
 *
 * <p>{@code stacked features classes steps threads K}: K models trained as one stack ({@link StackedTrainer}),
 * each on its own rows (50 to 200 per class) and seed; {@code steps_per_s} is then model-steps per second (K times
 * the stack's steps per second), comparable with one GAN's steps/s.
 *
 * <p>{@code sweep features classes steps threads N budgetMiB stacked|sequential|parallel}: N GANs of a sweep's shape
 * (data sets of 30 and 120 rows per class in turn, seeds 1..N, checkpoints and loss plots in a temporary folder)
 * through the public API, {@link StackedTraining#trainAll}, {@link GanScheduler#trainAll} on parallel workers or {@link Gan#train} one
 * after another; prints {@code RESULT wall_s=... peak_rss_mb=... weights_sha=...} (a hash of every model's
 * weight files in job order, to check that the schedules give the same models).
 */
public final class GanBenchmark {
    private GanBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args[0].equals("stacked")) {
            stacked(args);
            return;
        }
        if (args[0].equals("sweep")) {
            sweep(args);
            return;
        }
        int features = Integer.parseInt(args[0]);
        int classes = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        String engineName = args.length > 4 ? args[4] : "PyTorch";
        int batch = args.length > 5 ? Integer.parseInt(args[5]) : 64;
        int latent = args.length > 6 ? Integer.parseInt(args[6]) : 64;
        int hidden = args.length > 7 ? Integer.parseInt(args[7]) : 256;
        int nCritic = args.length > 8 ? Integer.parseInt(args[8]) : 5;
        int rowsPerClass = 200;
        SplittableRandom rng = new SplittableRandom(1);
        float[][] rows = new float[classes * rowsPerClass][features];
        int[] cls = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            cls[i] = i / rowsPerClass;
            for (int j = 0; j < features; j++) {
                rows[i][j] = (float) (rng.nextGaussian() + 0.5 * cls[i]);
            }
        }
        int warmup = Math.max(1, Math.min(50, steps / 10));
        GanConfig config = GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optSteps(steps).optBatchSize(batch)
                .optNCritic(nCritic).optLatentDim(latent).optHidden(List.of(hidden, hidden)).optClipValue(0).optSeed(42L)
                .optEngine(engineName).optThreads(threads).optCheckpointEvery(0).build();
        Engine engine = Engines.get(engineName);
        Engines.setThreads(engine, threads);
        long[] warm = new long[1];
        long[] warmCpu = new long[1];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long start;
        try (WganTrainer trainer = new WganTrainer(engine, config, rows, cls, classes)) {
            start = System.nanoTime();
            trainer.run(step -> {
                if (step == warmup) {
                    warm[0] = System.nanoTime();
                    warmCpu[0] = mx.getCurrentThreadCpuTime();
                }
                return true;
            });
        }
        long end = System.nanoTime();
        long endCpu = mx.getCurrentThreadCpuTime();
        double rate = (steps - warmup) / ((end - (warmup > 0 ? warm[0] : start)) / 1e9);
        double cpuRate = (steps - warmup) / ((endCpu - warmCpu[0]) / 1e9);
        System.out.printf("RESULT steps_per_s=%.2f steps_per_cpu_s=%.2f peak_rss_mb=%.1f engine=%s%n", rate, cpuRate,
                peakRssMb(), engine.getEngineName() + " " + engine.getVersion());
    }

    private static GanConfig benchConfig(int steps, int threads) {
        // the stacked trainer knows the concat critic only (no auxiliary classifier)
        return GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optCritic(GanConfig.Critic.CONCAT).optSteps(steps)
                .optThreads(threads).optCheckpointEvery(0).build();
    }

    private static void stacked(String[] args) {
        int features = Integer.parseInt(args[1]);
        int classes = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int k = Integer.parseInt(args[5]);
        GanConfig config = benchConfig(steps, threads);
        Engine engine = Engines.get("PyTorch");
        Engines.setThreads(engine, threads);
        List<StackedTrainer.Member> members = new java.util.ArrayList<>();
        for (int m = 0; m < k; m++) {
            int rowsPerClass = 50 * (1 + m % 4);
            SplittableRandom rng = new SplittableRandom(1 + m);
            float[][] rows = new float[classes * rowsPerClass][features];
            int[] cls = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                cls[i] = i / rowsPerClass;
                for (int j = 0; j < features; j++) {
                    rows[i][j] = (float) (rng.nextGaussian() + 0.5 * cls[i]);
                }
            }
            members.add(new StackedTrainer.Member(rows, cls, 42L + m, ModelState.initial(config, 42L + m, features, classes)));
        }
        int warmup = Math.max(1, Math.min(50, steps / 10));
        long[] warm = new long[2];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        try (StackedTrainer trainer = new StackedTrainer(engine, config, features, classes, members)) {
            trainer.run((step, readouts) -> {
                if (step == warmup) {
                    warm[0] = System.nanoTime();
                    warm[1] = mx.getCurrentThreadCpuTime();
                }
                return true;
            });
        }
        double rate = (double) k * (steps - warmup) / ((System.nanoTime() - warm[0]) / 1e9);
        double cpuRate = (double) k * (steps - warmup) / ((mx.getCurrentThreadCpuTime() - warm[1]) / 1e9);
        System.out.printf("RESULT steps_per_s=%.2f steps_per_cpu_s=%.2f peak_rss_mb=%.1f engine=%s%n", rate, cpuRate,
                peakRssMb(), engine.getEngineName() + " " + engine.getVersion());
    }

    private static void sweep(String[] args) throws IOException {
        int features = Integer.parseInt(args[1]);
        int classes = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int n = Integer.parseInt(args[5]);
        long budget = Long.parseLong(args[6]) << 20;
        String mode = args[7];
        boolean stacked = mode.equals("stacked");
        GanConfig config = benchConfig(steps, threads);
        Path dir = Files.createTempDirectory("spectrogan-bench-sweep");
        List<StackedTraining.Job> jobs = new java.util.ArrayList<>();
        List<String> classNames = new java.util.ArrayList<>();
        List<String> featureNames = new java.util.ArrayList<>();
        for (int c = 0; c < classes; c++) {
            classNames.add("c" + c);
        }
        for (int j = 0; j < features; j++) {
            featureNames.add("f" + j);
        }
        for (int m = 0; m < n; m++) {
            int rowsPerClass = m % 2 == 0 ? 30 : 120;
            SplittableRandom rng = new SplittableRandom(1 + m);
            double[][] x = new double[classes * rowsPerClass][features];
            int[] cls = new int[x.length];
            for (int i = 0; i < x.length; i++) {
                cls[i] = i / rowsPerClass;
                for (int j = 0; j < features; j++) {
                    x[i][j] = rng.nextGaussian() + 0.5 * cls[i];
                }
            }
            jobs.add(new StackedTraining.Job(new TrainingSet(x, cls, classNames, featureNames, null), 1 + m,
                    dir.resolve("gan" + m)));
        }
        long start = System.nanoTime();
        List<GanModel> models = new java.util.ArrayList<>();
        if (stacked) {
            models.addAll(StackedTraining.trainAll(jobs, config, budget, false));
        } else if (mode.equals("parallel")) {
            List<GanScheduler.Job> scheduled = new java.util.ArrayList<>();
            for (StackedTraining.Job job : jobs) {
                scheduled.add(new GanScheduler.Job(job.data(), config.toBuilder().optSeed(job.seed()).build(), job.outDir()));
            }
            int workers = GanScheduler.workers(config, features, classes, budget, Runtime.getRuntime().availableProcessors(),
                    jobs.size());
            for (GanScheduler.Outcome o : GanScheduler.trainAll(scheduled, workers)) {
                if (o.error() != null) {
                    throw o.error();
                }
                models.add(o.model());
            }
        } else {
            for (StackedTraining.Job job : jobs) {
                models.add(Gan.train(job.data(), config.toBuilder().optSeed(job.seed()).build(), job.outDir(), false, TrainingListener.NONE));
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        models.forEach(GanModel::close);
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (StackedTraining.Job job : jobs) {
            try (var files = Files.walk(job.outDir())) {
                for (Path f : files.filter(f -> f.getFileName().toString().equals("weights.bin")).sorted().toList()) {
                    sha.update(Files.readAllBytes(f));
                }
            }
        }
        String weightsSha = java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        org.spectrogan.common.AtomicFiles.deleteTree(dir);
        System.out.printf("RESULT wall_s=%.2f peak_rss_mb=%.1f models_per_stack=%d weights_sha=%s%n", wall, peakRssMb(),
                stacked ? StackedTraining.modelsPerStack(config, features, classes, budget) : 1, weightsSha);
    }

    /** VmHWM of this process in MB, or -1 where /proc is absent. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
