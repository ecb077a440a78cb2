package org.spectrogan.augment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A folder of one-channel text recordings at {@link #RATE_HZ} in class folders a/ and b/ (group = subject from the
 * name), with files the reader must leave out (not matching the include glob, hidden) and recordings shorter than
 * one feature window, plus the pipeline and adapter that read it. The expected counts are kept while the files
 * are written, so tests compare the program's counts with what was actually put on disk.
 */
public final class DropFixture {
    public static final int RATE_HZ = 128;
    public static final double WINDOW_SECONDS = 1.0;
    public final Path data;
    public final Path pipeline;
    /** Every regular file written under {@link #data}. */
    public final List<String> allFiles = new ArrayList<>();
    public final List<String> notIncluded = new ArrayList<>();
    public final List<String> hidden = new ArrayList<>();
    /** Recordings read (long and short). */
    public final List<String> recordings = new ArrayList<>();
    /** Recordings shorter than one window, by file name. */
    public final List<String> tooShort = new ArrayList<>();
    /** Windows a 1 s window / 1 s step cuts from the long recordings. */
    public int windowsCut;

    public DropFixture(Path dir, String extraPipeline) throws IOException {
        data = dir.resolve("recordings");
        SplittableRandom rnd = new SplittableRandom(5);
        int window = (int) (RATE_HZ * WINDOW_SECONDS);
        for (String cls : List.of("a", "b")) {
            Files.createDirectories(data.resolve(cls));
            for (int s = 1; s <= 6; s++) {
                int n = window * (6 + s % 3) + 17;
                count(write(cls, "s" + s + "_long.txt", n, rnd, cls.equals("a") ? 1.0 : 3.0), n, window);
                if (s <= 2 || cls.equals("b") && s == 5) {
                    int shortN = 40 + 17 * s; // s = 5 gives 125 samples: one short of a window
                    count(write(cls, "s" + s + "_short.TXT", shortN, rnd, 1.0), shortN, window);
                }
            }
            other(cls + "/notes.pdf", notIncluded);
            other(cls + "/.hidden_" + cls + ".txt", hidden);
        }
        other("README.md", notIncluded);
        Path adapter = dir.resolve("adapter.json");
        Files.writeString(adapter, "{\"format\": \"text\", \"rateHz\": " + RATE_HZ + ", \"labelFrom\": \"folder\","
                + " \"groupFrom\": \"regex:^(s\\\\d+)_\", \"groupGroup\": 1, \"include\": \"*.txt\"}");
        pipeline = dir.resolve("drops.json");
        Files.writeString(pipeline, "{\"name\": \"drops\", \"input\": {\"data\": \"recordings\"}, \"adapter\": \"adapter.json\","
                + " \"features\": {\"kind\": \"de\", \"windowSeconds\": " + WINDOW_SECONDS + ", \"stepSeconds\": " + WINDOW_SECONDS + "},"
                + " \"split\": {\"testFraction\": 0.34, \"seed\": 3}, \"gan\": {\"steps\": 3, \"batch\": 8},"
                + " \"evaluation\": {\"classifiers\": [\"logreg\"], \"repeats\": 1, \"fractions\": [1.0], \"lowDataSweep\": false},"
                + " \"validation\": {\"repeats\": 1}" + extraPipeline + "}");
    }

    /** Counted from the sample count as written: too short, or the windows a 1 s step cuts. */
    private void count(String name, int n, int window) {
        if (n < window) {
            tooShort.add(name);
        } else {
            windowsCut += (n - window) / window + 1;
        }
    }

    private String write(String cls, String name, int n, SplittableRandom rnd, double scale) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(String.format(Locale.ROOT, "%.5f%n", scale * (rnd.nextDouble() - 0.5) + Math.sin(i * 0.3 * scale)));
        }
        Files.writeString(data.resolve(cls).resolve(name), b);
        allFiles.add(cls + "/" + name);
        recordings.add(cls + "/" + name);
        return name;
    }

    private void other(String rel, List<String> into) throws IOException {
        Files.writeString(data.resolve(rel), "not a recording\n");
        allFiles.add(rel);
        into.add(rel);
    }
}
