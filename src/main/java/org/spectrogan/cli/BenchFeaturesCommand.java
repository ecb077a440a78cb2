package org.spectrogan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.spectrogan.adapters.AdapterSpec;
import org.spectrogan.adapters.Recording;
import org.spectrogan.adapters.Recordings;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureKind;
import org.spectrogan.features.FeatureSpec;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.features.Features;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spectrogan bench features}: differential-entropy windows per second over EDF files, reading included,
 * spectrogan (1 thread and N threads) next to python3 + numpy + scipy run in the same invocation.
 */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Benchmark DE feature extraction (reading included) against python3 + scipy in the same run.",
            "It reads all EDF files of --data, 64 channels, 2 s windows every 1 s, nperseg 160, every window (labels ignored)."})
public final class BenchFeaturesCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "Folder of EDF files (default ../shared/data/eegmmi-s001 beside the project).")
    Path data;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "5", description = "Timed passes per configuration (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5", description = "Untimed passes after the first (cold) one, so the JIT has compiled the hot loop (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", paramLabel = "N", description = "Threads of the parallel configuration (default: all processors).")
    int threads;

    @Option(names = "--python", paramLabel = "EXE", defaultValue = "python3", description = "The Python with numpy and scipy (default ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--no-python", description = "Skip the scipy side.")
    boolean noPython;

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    private static final FeatureSpec SPEC = FeatureSpec.builder().setKind(FeatureKind.DE).setWindowSeconds(2)
            .setStepSeconds(1).optNpersegSamples(160).build();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = commandSpec.commandLine().getOut();
        Path dir = data != null ? data : defaultData();
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".edf")).sorted().toList();
        } catch (IOException e) {
            throw SpectroganException.inFile(dir, "cannot list EDF files (" + e.getMessage() + ")");
        }
        if (files.isEmpty()) {
            throw SpectroganException.inFile(dir, "no .edf file in this folder");
        }
        if (repeats < 1) {
            throw new SpectroganException("--repeats must be at least 1, got " + repeats);
        }
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "DE features: %d EDF files in %s, window 2 s, step 1 s, nperseg 160, 5 bands; %d passes each%n",
                files.size(), dir, repeats);

        Pass[] single = timePasses(files, 1);
        Pass[] multi = n > 1 ? timePasses(files, n) : null;
        int windows = single[0].windows;
        double singleMedian = medianSeconds(single, 1);
        out.printf(Locale.ROOT, "spectrogan, 1 thread : %d windows, first (cold) pass %.3f s, median of %d passes after warm-up %.3f s -> %.0f windows/s%n",
                windows, single[0].seconds, repeats, singleMedian, windows / singleMedian);
        double best = singleMedian;
        String bestName = "1 thread";
        if (multi != null) {
            double m = medianSeconds(multi, 1);
            out.printf(Locale.ROOT, "spectrogan, %d threads: %d windows, first pass %.3f s, median of %d passes after warm-up %.3f s -> %.0f windows/s%n",
                    n, windows, multi[0].seconds, repeats, m, windows / m);
            if (m < best) {
                best = m;
                bestName = n + " threads";
            }
        }
        out.printf(Locale.ROOT, "spectrogan checksum (sum of all DE values): %.6f%n", single[0].checksum);
        if (noPython) {
            return 0;
        }
        JsonNode py = runScipy(files);
        out.printf(Locale.ROOT, "scipy %s (numpy %s, python %s):%n", py.path("scipy").asText(), py.path("numpy").asText(),
                py.path("python").asText());
        for (String way : List.of("loop", "vectorised")) {
            JsonNode r = py.path(way);
            double[] secs = new double[r.path("seconds").size()];
            for (int i = 0; i < secs.length; i++) {
                secs[i] = r.path("seconds").get(i).asDouble();
            }
            double m = median(secs, secs.length > 1 ? 1 : 0); // the first pass warms the file cache and imports
            int w = r.path("windows").asInt();
            out.printf(Locale.ROOT, "  scipy %-10s: %d windows, median of passes 2..%d %.3f s -> %.0f windows/s; checksum %.6f%n", way, w, secs.length, m, w / m,
                    r.path("checksum").asDouble());
            out.printf(Locale.ROOT, "  speed-up of spectrogan (1 thread) over scipy %s: %.1fx; spectrogan (%s): %.1fx%n", way,
                    (w / m) == 0 ? 0 : m / singleMedian, bestName, m / best);
        }
        return 0;
    }

    private record Pass(int windows, double seconds, double checksum) {
    }

    private static Path defaultData() {
        String root = System.getProperty("spectrogan.root");
        Path base = root != null ? Path.of(root) : Path.of("");
        return base.toAbsolutePath().resolveSibling("shared").resolve("data").resolve("eegmmi-s001").normalize();
    }

    /** Passes of read + extract over all files; files are spread over {@code threads} threads. */
    private Pass[] timePasses(List<Path> files, int threads) throws Exception {
        Pass[] passes = new Pass[repeats + 1];
        Pass cold = null;
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        try {
            for (int p = -warmup; p < passes.length; p++) {
                long t0 = System.nanoTime();
                int windows = 0;
                double checksum = 0;
                if (pool == null) {
                    for (Path f : files) {
                        FeatureTable t = oneFile(f);
                        windows += t.size();
                        checksum += sum(t);
                    }
                } else {
                    List<Future<FeatureTable>> futures = new ArrayList<>();
                    for (Path f : files) {
                        futures.add(pool.submit(() -> oneFile(f)));
                    }
                    for (Future<FeatureTable> fu : futures) {
                        FeatureTable t = fu.get();
                        windows += t.size();
                        checksum += sum(t);
                    }
                }
                Pass pass = new Pass(windows, (System.nanoTime() - t0) / 1e9, checksum);
                if (cold == null) {
                    cold = pass;
                }
                if (p >= 0) {
                    passes[p] = pass;
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdown();
                pool.awaitTermination(1, TimeUnit.MINUTES);
            }
        }
        passes[0] = cold;
        return passes;
    }

    private static FeatureTable oneFile(Path f) {
        Recording rec = Recordings.readFile(f, AdapterSpec.defaults()).withSegments(List.of());
        return Features.extract(List.of(rec), SPEC, 1);
    }

    private static double sum(FeatureTable t) {
        double s = 0;
        for (FeatureTable.Row r : t.rows()) {
            for (double v : r.values()) {
                s += v;
            }
        }
        return s;
    }

    /** Median of the pass times from index {@code from} (the first, cold pass is reported on its own). */
    private static double medianSeconds(Pass[] passes, int from) {
        double[] s = new double[passes.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = passes[i].seconds;
        }
        return median(s, Math.min(from, s.length - 1));
    }

    private static double median(double[] v, int from) {
        double[] s = Arrays.copyOfRange(v, from, v.length);
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private JsonNode runScipy(List<Path> files) throws IOException, InterruptedException {
        Path script = Files.createTempFile("spectrogan-de-scipy", ".py");
        try {
            try (InputStream in = BenchFeaturesCommand.class.getResourceAsStream("/org/spectrogan/bench/de_scipy.py")) {
                if (in == null) {
                    throw new IllegalStateException("bench script missing from the jar");
                }
                Files.write(script, in.readAllBytes());
            }
            List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--repeats", Integer.toString(repeats + 1)));
            for (Path f : files) {
                cmd.add(f.toString());
            }
            Process proc;
            try {
                proc = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            } catch (IOException e) {
                throw new SpectroganException("cannot run '" + python + "' for the scipy side (" + e.getMessage()
                        + "); install python3 with numpy and scipy, pass --python EXE, or --no-python");
            }
            String stdout = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(proc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (proc.waitFor() != 0) {
                throw new SpectroganException("the scipy side failed (" + python + "): "
                        + stderr.strip().lines().reduce((a, b) -> b).orElse("exit " + proc.exitValue()));
            }
            return new ObjectMapper().readTree(stdout);
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
