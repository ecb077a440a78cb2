package org.spectrogan.cli;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.spectrogan.common.SpectroganException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spectrogan bench gan}: WGAN-GP generator steps/s and peak RSS, ours (DJL, a child JVM per size) side by
 * side with the same loop in PyTorch (bench/wgan_gp_torch.py with /usr/bin/python3, when torch is installed).
 */
@Command(name = "gan", mixinStandardHelpOptions = true, description = {
    "WGAN-GP generator steps/s and peak RSS, side by side with the same loop in PyTorch.",
    "At 70 and 320 features (5 classes, latent 64, hidden 256,256, batch 64, n_critic 5); each run is a separate process."})
public final class BenchGanCommand implements Callable<Integer> {
    private static final Pattern RESULT = Pattern.compile(
            "RESULT steps_per_s=([0-9.]+) steps_per_cpu_s=([0-9.]+) peak_rss_mb=([0-9.-]+) engine=(.*)");
    /** The launcher's MKL vendor fix (src/main/native/mkl_cpu_dispatch.c), as it appears in LD_PRELOAD. */
    private static final String VENDOR_FIX = "libspectrogan-mkl-dispatch.so";

    @Option(names = "--steps", defaultValue = "5000", description = "Generator steps per run (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--features", defaultValue = "70,320", split = ",", description = "Feature counts (default ${DEFAULT-VALUE}).")
    List<Integer> features;

    @Option(names = "--classes", defaultValue = "5", description = "Classes (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--threads", defaultValue = "1", description = "Intra-op threads for both (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--engine", defaultValue = "PyTorch", description = "Our engine: PyTorch or MXNet (default ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with torch (default ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--rounds", defaultValue = "1", description = {
        "Alternating ours/PyTorch pairs per size; with more than one, the median of the pairs' ratios is printed",
        "(robust to other load on a shared machine; default ${DEFAULT-VALUE})."})
    int rounds;

    @Option(names = "--stock-mkl-too", description = {
        "When the launcher's MKL vendor fix is on (src/main/native/mkl_cpu_dispatch.c), also run ours with MKL's",
        "stock dispatch in every round, to show what the fix is worth."})
    boolean stockMklToo;

    @Option(names = "--heap", defaultValue = "1g", description = "Child JVM -Xmx (default ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--models", split = ",", description = {
        "Also train K models as one stack (e.g. 1,4,16; PyTorch) in every round and print model-steps/s (K times",
        "the stack's steps/s, comparable with one GAN's steps/s) side by side with one GAN alone and PyTorch."})
    List<Integer> models = new ArrayList<>();

    @Option(names = "--sweep", defaultValue = "0", description = {
        "Then train N GANs of a sweep's shape (--sweep-features features, 3 classes, data sets of 30 and 120 rows",
        "per class in turn, checkpoints and loss plots written) stacked and one after another, alternating per",
        "round, and print both wall times (0 = off; default ${DEFAULT-VALUE})."})
    int sweep;

    @Option(names = "--sweep-steps", defaultValue = "200", description = "Steps per GAN of --sweep (default ${DEFAULT-VALUE}).")
    int sweepSteps;

    @Option(names = "--sweep-features", split = ",", defaultValue = "320", description = "Features of --sweep, one or more (default ${DEFAULT-VALUE}).")
    List<Integer> sweepFeatures;

    @Option(names = "--sweep-arms", split = ",", defaultValue = "sequential:1,sequential:2,parallel:1,stacked:1,stacked:2",
            description = {"The schedules of --sweep as schedule:threads; schedule is sequential (one after another),",
                "parallel (GanScheduler's workers, as many as cores / threads and the budget allow) or stacked; the first",
                "is the reference of the speed-ups and of the weights' equality (default ${DEFAULT-VALUE})."})
    List<String> sweepArms;

    @Option(names = "--sweep-only", description = "Skip the single-GAN rounds; run only --sweep.")
    boolean sweepOnly;

    @Option(names = "--before", description = {
        "Another build of spectrogan (its target/spectrogan.jar, e.g. main's) to run in every round too, right after",
        "ours, with the same JVM options as ours; prints its steps/s and the medians of ours / before."})
    Path before;

    @Option(names = "--memory-budget-mib", defaultValue = "1024", description = {
        "Memory budget of one stack for --sweep, in MiB; it sets how many models are stacked (default ${DEFAULT-VALUE})."})
    long memoryBudgetMib;

    @Override
    public Integer call() throws Exception {
        if (steps < 20) {
            throw new SpectroganException("--steps must be >= 20, got " + steps);
        }
        if (rounds < 1) {
            throw new SpectroganException("--rounds must be >= 1, got " + rounds);
        }
        if (before != null && !Files.isRegularFile(before)) {
            throw new SpectroganException("--before: no such jar: " + before);
        }
        Path script = extractScript();
        String torchProblem = torchProblem(script);
        System.out.printf("WGAN-GP, %d classes, latent 64, hidden 256,256, batch 64, n_critic 5, %d steps, %d thread(s)%n",
                classes, steps, threads);
        boolean vendorFix = vendorFixPreloaded();
        System.out.println("MKL dispatch (ours): " + (vendorFix
                ? "by instruction set (the launcher's vendor fix is preloaded; SPECTROGAN_MKL_VENDOR_FIX=0 turns it off)"
                : "MKL's stock dispatch (by CPU vendor)"));
        if (stockMklToo && !vendorFix) {
            System.out.println("--stock-mkl-too: nothing to compare, ours already runs MKL's stock dispatch.");
        }
        if (torchProblem != null) {
            System.out.println("PyTorch reference not run: " + torchProblem + " (apt-get install -y python3-torch); ours only.");
        }
        System.out.printf("%-9s %-26s %10s %14s %13s%n", "features", "implementation", "steps/s", "steps/cpu-s", "peak RSS MB");
        if (models.stream().anyMatch(k -> k < 1)) {
            throw new SpectroganException("--models must be >= 1 each, got " + models);
        }
        if (sweep < 0 || sweepSteps < 20) {
            throw new SpectroganException("--sweep must be >= 0 and --sweep-steps >= 20, got " + sweep + " and " + sweepSteps);
        }
        if (sweepOnly && sweep > 0) {
            System.out.println("--sweep-only: single-GAN rounds skipped");
        } else if (!models.isEmpty()) {
            stackedRounds(torchProblem, script);
        } else {
            singleRounds(torchProblem, script, vendorFix);
        }
        if (sweep > 0) {
            sweepRounds();
        }
        Files.deleteIfExists(script);
        return 0;
    }

    /** Per size and round: one GAN alone, K stacked for every K of --models, PyTorch; medians of the ratios. */
    private void stackedRounds(String torchProblem, Path script) throws IOException, InterruptedException {
        System.out.println("model-steps/s: generator steps per second summed over the stack's models");
        for (int d : features) {
            Map<String, List<Double>> ratios = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                Map<String, String> ours = run(ourCommand(d), "ours", false);
                print(d, "one GAN (" + ours.get("engine") + ")", ours);
                double single = Double.parseDouble(ours.get("rate"));
                Double beforeRate = null;
                if (before != null) {
                    Map<String, String> b = run(beforeCommand(d), "before", false);
                    print(d, "before", b);
                    beforeRate = Double.parseDouble(b.get("rate"));
                    ratios.computeIfAbsent("one GAN / before", x -> new ArrayList<>()).add(single / beforeRate);
                }
                Double torchRate = null;
                if (torchProblem == null) {
                    Map<String, String> torch = run(torchCommand(script, d), "torch", false);
                    print(d, "PyTorch (" + torch.get("engine") + ")", torch);
                    torchRate = Double.parseDouble(torch.get("rate"));
                    ratios.computeIfAbsent("one GAN / PyTorch", x -> new ArrayList<>()).add(single / torchRate);
                    if (beforeRate != null) {
                        ratios.computeIfAbsent("before / PyTorch", x -> new ArrayList<>()).add(beforeRate / torchRate);
                    }
                }
                for (int k : models) {
                    List<String> cmd = javaPrefix();
                    cmd.addAll(List.of("org.spectrogan.gan.GanBenchmark", "stacked", Integer.toString(d),
                            Integer.toString(classes), Integer.toString(steps), Integer.toString(threads), Integer.toString(k)));
                    Map<String, String> r = run(cmd, "stacked", false);
                    print(d, k + " stacked, model-steps", r);
                    double rate = Double.parseDouble(r.get("rate"));
                    ratios.computeIfAbsent(k + " stacked / one GAN", x -> new ArrayList<>()).add(rate / single);
                    if (torchRate != null) {
                        ratios.computeIfAbsent(k + " stacked / PyTorch", x -> new ArrayList<>()).add(rate / torchRate);
                    }
                }
            }
            for (Map.Entry<String, List<Double>> e : ratios.entrySet()) {
                System.out.printf("%-9d %-26s %9.2fx  (median of %d: %s)%n", d, e.getKey(), median(e.getValue()),
                        e.getValue().size(), e.getValue().stream().map(x -> String.format("%.2f", x))
                                .collect(Collectors.joining(" ")));
            }
        }
    }

    /**
     * --sweep: N GANs through the public API in every arm of --sweep-arms (schedule:threads), alternating per
     * round, at every --sweep-features; prints wall time, peak RSS and whether each arm's models equal the first
     * arm's bit for bit (a hash of every model's weights.bin in job order).
     */
    private void sweepRounds() throws IOException, InterruptedException {
        List<String[]> arms = new ArrayList<>();
        for (String a : sweepArms) {
            String[] p = a.split(":");
            if (p.length != 2 || !List.of("sequential", "parallel", "stacked").contains(p[0]) || !p[1].matches("[1-9][0-9]*")) {
                throw new SpectroganException("--sweep-arms: expected schedule:threads with schedule sequential, parallel"
                        + " or stacked, got '" + a + "'");
            }
            arms.add(p);
        }
        for (int features : sweepFeatures) {
            System.out.printf("sweep-like: %d GANs, %d features, 3 classes, %d steps each, memory budget %d MiB%n", sweep,
                    features, sweepSteps, memoryBudgetMib);
            System.out.printf("%-5s %-34s %10s %13s %18s %12s%n", "round", "schedule", "wall s", "peak RSS MB", "weights sha",
                    "vs first");
            List<List<Double>> ratios = new ArrayList<>();
            for (int i = 0; i < arms.size(); i++) {
                ratios.add(new ArrayList<>());
            }
            for (int round = 0; round < rounds; round++) {
                double first = 0;
                String firstSha = null;
                for (int i = 0; i < arms.size(); i++) {
                    String[] arm = arms.get(i);
                    List<String> cmd = javaPrefix();
                    cmd.addAll(List.of("org.spectrogan.gan.GanBenchmark", "sweep", Integer.toString(features), "3",
                            Integer.toString(sweepSteps), arm[1], Integer.toString(sweep), Long.toString(memoryBudgetMib), arm[0]));
                    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                    pb.environment().put("OMP_NUM_THREADS", arm[1]);
                    Process p = pb.start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    Matcher m = Pattern.compile("RESULT wall_s=([0-9.]+) peak_rss_mb=([0-9.-]+) models_per_stack=(\\d+)"
                            + " weights_sha=([0-9a-f]+)").matcher(out);
                    if (p.waitFor() != 0 || !m.find()) {
                        throw new SpectroganException("bench gan --sweep: a run failed: " + tail(out));
                    }
                    double wall = Double.parseDouble(m.group(1));
                    if (i == 0) {
                        first = wall;
                        firstSha = m.group(4);
                    }
                    ratios.get(i).add(first / wall);
                    String name = switch (arm[0]) {
                        case "sequential" -> "one after another, " + arm[1] + " thread(s)";
                        case "parallel" -> "parallel workers, " + arm[1] + " thread(s) each";
                        default -> "stacked (" + m.group(3) + "/stack), " + arm[1] + " thread(s)";
                    };
                    System.out.printf("%-5d %-34s %10s %13s %18s %12s%n", round + 1, name, m.group(1), m.group(2), m.group(4),
                            String.format(java.util.Locale.ROOT, "%.2fx%s", first / wall,
                                    m.group(4).equals(firstSha) ? " same" : " DIFFERS"));
                }
            }
            for (int i = 1; i < arms.size(); i++) {
                System.out.printf("median speed-up of %s:%s over %s:%s (%d rounds): %.2fx%n", arms.get(i)[0], arms.get(i)[1],
                        arms.get(0)[0], arms.get(0)[1], rounds, median(ratios.get(i)));
            }
        }
    }

    private List<String> torchCommand(Path script, int d) {
        return List.of(python, script.toString(), Integer.toString(d), Integer.toString(classes), Integer.toString(steps),
                Integer.toString(threads));
    }

    /** One GAN alone against PyTorch (and stock MKL), as before --models. */
    private void singleRounds(String torchProblem, Path script, boolean vendorFix) throws IOException, InterruptedException {
        for (int d : features) {
            List<Double> ratios = new ArrayList<>();
            List<Double> cpuRatios = new ArrayList<>();
            List<Double> stockRatios = new ArrayList<>();
            List<Double> beforeRatios = new ArrayList<>();
            List<Double> beforeTorchRatios = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                Map<String, String> ours = run(ourCommand(d), "ours", false);
                print(d, "spectrogan (" + ours.get("engine") + ")", ours);
                Map<String, String> old = null;
                if (before != null) {
                    old = run(beforeCommand(d), "before", false);
                    print(d, "before", old);
                    beforeRatios.add(Double.parseDouble(ours.get("rate")) / Double.parseDouble(old.get("rate")));
                    System.out.printf("%-9d %-26s %9.2fx%n", d, "ours / before", beforeRatios.get(round));
                }
                Map<String, String> stock = null;
                if (vendorFix && stockMklToo) {
                    stock = run(ourCommand(d), "ours with stock MKL", true);
                    print(d, "spectrogan, stock MKL", stock);
                }
                if (torchProblem == null) {
                    Map<String, String> torch = run(torchCommand(script, d), "torch", false);
                    print(d, "PyTorch (" + torch.get("engine") + ")", torch);
                    ratios.add(Double.parseDouble(ours.get("rate")) / Double.parseDouble(torch.get("rate")));
                    cpuRatios.add(Double.parseDouble(ours.get("cpu")) / Double.parseDouble(torch.get("cpu")));
                    System.out.printf("%-9d %-26s %9.2fx %13.2fx%n", d, "ours / PyTorch", ratios.get(round),
                            cpuRatios.get(round));
                    if (old != null) {
                        beforeTorchRatios.add(Double.parseDouble(old.get("rate")) / Double.parseDouble(torch.get("rate")));
                        System.out.printf("%-9d %-26s %9.2fx%n", d, "before / PyTorch", beforeTorchRatios.get(round));
                    }
                    if (stock != null) {
                        stockRatios.add(Double.parseDouble(stock.get("rate")) / Double.parseDouble(torch.get("rate")));
                        System.out.printf("%-9d %-26s %9.2fx%n", d, "stock MKL / PyTorch", stockRatios.get(round));
                    }
                }
            }
            if (rounds > 1 && !ratios.isEmpty()) {
                System.out.printf("%-9d %-26s %9.2fx %13.2fx%n", d, "median of " + rounds + " pairs", median(ratios),
                        median(cpuRatios));
                if (!stockRatios.isEmpty()) {
                    System.out.printf("%-9d %-26s %9.2fx%n", d, "stock MKL, median", median(stockRatios));
                }
                if (!beforeTorchRatios.isEmpty()) {
                    System.out.printf("%-9d %-26s %9.2fx%n", d, "before / PyTorch, median", median(beforeTorchRatios));
                }
            }
            if (rounds > 1 && !beforeRatios.isEmpty()) {
                System.out.printf("%-9d %-26s %9.2fx  (%s)%n", d, "ours / before, median", median(beforeRatios),
                        beforeRatios.stream().map(x -> String.format("%.2f", x)).collect(Collectors.joining(" ")));
            }
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private List<String> javaPrefix() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.addAll(forwardedJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        return cmd;
    }

    /**
     * The options of this JVM that the children get too: the young generation's size and the collector, which the
     * launcher sets for every run (a fixed young generation keeps a training loop's garbage in memory that is
     * already mapped; letting G1 grow it touches fresh pages, each a page fault, for thousands of steps), so that
     * the bench measures what a user's run gets. The heap's maximum is --heap's.
     */
    static List<String> forwardedJvmOptions(List<String> parentOptions) {
        return parentOptions.stream().filter(o -> o.startsWith("-Xmn") || o.startsWith("-XX:NewSize=")
                || o.startsWith("-XX:MaxNewSize=") || o.matches("-XX:\\+Use\\w*GC")).toList();
    }

    /**
     * The --before build's benchmark: its own jar, with ours' JVM options (-Xmx and {@link #forwardedJvmOptions}),
     * so that the two builds differ only in their code.
     */
    private List<String> beforeCommand(int d) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.addAll(forwardedJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-cp");
        cmd.add(before.toAbsolutePath().toString());
        cmd.add("org.spectrogan.gan.GanBenchmark");
        cmd.addAll(List.of(Integer.toString(d), Integer.toString(classes), Integer.toString(steps),
                Integer.toString(threads), engine));
        return cmd;
    }

    private List<String> ourCommand(int d) {
        List<String> cmd = javaPrefix();
        cmd.add("org.spectrogan.gan.GanBenchmark");
        cmd.addAll(List.of(Integer.toString(d), Integer.toString(classes), Integer.toString(steps),
                Integer.toString(threads), engine));
        return cmd;
    }

    private static void print(int d, String name, Map<String, String> r) {
        System.out.printf("%-9d %-26s %10s %14s %13s%n", d, name, r.get("rate"), r.get("cpu"), r.get("rss"));
        System.out.flush();
    }

    /** Whether the launcher preloaded the MKL vendor fix into this JVM (and so into its children). */
    static boolean vendorFixPreloaded() {
        String preload = System.getenv("LD_PRELOAD");
        return preload != null && preload.contains(VENDOR_FIX);
    }

    private Map<String, String> run(List<String> command, String what, boolean withoutVendorFix)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (withoutVendorFix) {
            String kept = Arrays.stream(pb.environment().getOrDefault("LD_PRELOAD", "").split(":"))
                    .filter(x -> !x.isEmpty() && !x.contains(VENDOR_FIX)).collect(Collectors.joining(":"));
            if (kept.isEmpty()) {
                pb.environment().remove("LD_PRELOAD");
            } else {
                pb.environment().put("LD_PRELOAD", kept);
            }
        }
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("MKL_NUM_THREADS", Integer.toString(threads));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new SpectroganException("bench gan: the " + what + " run failed: " + tail(out));
        }
        Matcher m = RESULT.matcher(out);
        if (!m.find()) {
            throw new SpectroganException("bench gan: the " + what + " run printed no result: " + tail(out));
        }
        Map<String, String> r = new LinkedHashMap<>();
        r.put("rate", m.group(1));
        r.put("cpu", m.group(2));
        r.put("rss", m.group(3));
        r.put("engine", m.group(4).trim());
        return r;
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 400 ? t.substring(t.length() - 400) : t;
    }

    private static Path extractScript() throws IOException {
        Path script = Files.createTempFile("wgan_gp_torch", ".py");
        try (InputStream in = BenchGanCommand.class.getResourceAsStream("/bench/wgan_gp_torch.py")) {
            if (in == null) {
                throw new SpectroganException("bench gan: bench/wgan_gp_torch.py is missing from the build");
            }
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    /** Why the PyTorch reference cannot run, or null when it can. */
    private String torchProblem(Path script) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return python + " cannot import torch (" + tail(out).lines().reduce((a, b) -> b).orElse("") + ")";
            }
            return null;
        } catch (IOException e) {
            return python + " is not available";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
