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
 */
public final class GanBenchmark {
    private GanBenchmark() {
    }

    public static void main(String[] args) {
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
