package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.evaluate.Report;
import org.spectrogan.evaluate.ReportWriter;
import org.spectrogan.features.FeatureTable;

/** {@code spectrogan evaluate} end to end on small CSVs, and every bad input it must refuse. */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    private static FeatureTable blobs(List<String> labels, int perClass, List<String> columns, String source, long seed) {
        Random rng = new Random(seed);
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int k = 0; k < labels.size(); k++) {
            for (int i = 0; i < perClass; i++) {
                double[] v = new double[columns.size()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = rng.nextGaussian() + (j == k ? 1.5 : 0) + 10 * j;
                }
                rows.add(new FeatureTable.Row(labels.get(k), "s" + (i % 3), source, i, v));
            }
        }
        return new FeatureTable(columns, rows);
    }

    private static final List<String> COLS = List.of("alpha", "beta", "gamma", "delta");

    private Path write(String name, FeatureTable t) {
        Path p = dir.resolve(name);
        t.write(p);
        return p;
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void writesReportsAndPlots() throws Exception {
        List<String> labels = List.of("open", "closed", "blink");
        Path train = write("train.csv", blobs(labels, 10, COLS, "real", 1));
        Path synth = write("synthetic.csv", blobs(labels, 40, COLS, "synthetic", 2));
        Path test = write("test.csv", blobs(labels, 30, COLS, "real", 3));
        Path out = dir.resolve("report");
        Result r = run("evaluate", "--train", train.toString(), "--synthetic", synth.toString(), "--test", test.toString(),
                "--out", out.toString(), "--classifier", "logreg,tree", "--repeats", "5", "--fractions", "0.5,1", "--seed", "3");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Report: "), r.out());
        Report report = ReportWriter.fromJson(Files.readString(out.resolve("report.json")));
        assertEquals(2, report.gain().size());
        assertEquals(5, report.gain().get(0).trials());
        assertEquals(2, report.sweep().size());
        assertEquals(3, report.fidelity().classes().size());
        assertEquals(3, report.inputs().size());
        assertEquals(64, report.inputs().get(0).sha256().length());
        // 2 classifiers x (full data + the sweep's 50% point): the sweep's 100% point is the full-data comparison,
        // judged once (from the full-data trials, which redraw the real rows)
        assertEquals(2 + 2, report.verdict().cases().size());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains(report.verdict().headline()));
        for (String png : List.of("gain.png", "sweep.png", "feature-profiles.png", "pca.png")) {
            assertTrue(md.contains("](" + png + ")"), png);
            var img = ImageIO.read(out.resolve(png).toFile());
            assertTrue(img.getWidth() >= 500 && img.getHeight() >= 300, png);
        }
        try (var s = Files.list(out)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files left");
        }
        // the ceiling at 50%: 5 real rows per class left outside each subset, fewer than the 32 synthetic ones a trial adds
        assertEquals(2, report.sweep().get(0).ceiling().size());
        assertTrue(report.sweep().get(1).ceiling().isEmpty());
        assertEquals(15.0, report.sweep().get(0).meanCeilingRows(), 0);
        assertEquals(5, report.sweep().get(0).ceilingCappedTrials());
        assertTrue(md.contains("ceiling: + held-back real rows (points) |") && md.contains("(15 rows) |") && md.contains("Ceiling at 50% capped"), md);
        assertTrue(r.out().contains("logreg at 50%, ceiling (15 held-back real rows instead of synthetic ones, 96 asked for: capped)"), r.out());
        Path noCeiling = dir.resolve("no-ceiling");
        Result off = run("evaluate", "--train", train.toString(), "--synthetic", synth.toString(), "--test", test.toString(),
                "--out", noCeiling.toString(), "--classifier", "logreg", "--repeats", "3", "--fractions", "0.5", "--quiet", "--no-ceiling");
        assertEquals(0, off.status(), off.err());
        Report offReport = ReportWriter.fromJson(Files.readString(noCeiling.resolve("report.json")));
        assertTrue(offReport.sweep().get(0).ceiling().isEmpty());
        assertFalse(Files.readString(noCeiling.resolve("report.md")).contains("ceiling"));

        // the same folder again: refused, then allowed with --overwrite
        Result again = run("evaluate", "--train", train.toString(), "--synthetic", synth.toString(), "--test", test.toString(),
                "--out", out.toString(), "--classifier", "logreg", "--repeats", "2", "--quiet");
        assertEquals(Main.EXIT_BAD_INPUT, again.status());
        assertTrue(again.err().contains(out.toString()) && again.err().contains("--overwrite"), again.err());
        Result forced = run("evaluate", "--train", train.toString(), "--synthetic", synth.toString(), "--test", test.toString(),
                "--out", out.toString(), "--classifier", "logreg", "--repeats", "2", "--quiet", "--overwrite");
        assertEquals(0, forced.status(), forced.err());
        assertTrue(forced.err().isEmpty(), forced.err());
    }

    private void assertBadInput(String expectedFile, String expectedText, Path train, Path synth, Path test) {
        Result r = run("evaluate", "--train", train.toString(), "--synthetic", synth.toString(), "--test", test.toString(),
                "--out", dir.resolve("out-bad").toString(), "--classifier", "logreg", "--repeats", "2", "--quiet");
        assertEquals(Main.EXIT_BAD_INPUT, r.status(), r.err());
        assertTrue(r.err().contains(expectedFile), "error should name " + expectedFile + ": " + r.err());
        assertTrue(r.err().contains(expectedText), "error should say '" + expectedText + "': " + r.err());
        assertFalse(Files.exists(dir.resolve("out-bad")), "a failed run leaves no output folder");
        try (var s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".out-bad")), "temporary folder left");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badInputsAreClearErrorsNamingTheFile() {
        List<String> labels = List.of("a", "b");
        Path train = write("train.csv", blobs(labels, 8, COLS, "real", 1));
        Path synth = write("synthetic.csv", blobs(labels, 8, COLS, "synthetic", 2));
        Path test = write("test.csv", blobs(labels, 8, COLS, "real", 3));

        Path missing = dir.resolve("nope.csv");
        assertBadInput(missing.toString(), "no such file", train, missing, test);

        Path otherCols = write("other-cols.csv", blobs(labels, 8, List.of("alpha", "beta", "theta", "delta"), "synthetic", 4));
        assertBadInput(otherCols.toString(), "feature columns differ", train, otherCols, test);
        Path fewerCols = write("fewer-cols.csv", blobs(labels, 8, List.of("alpha", "beta"), "real", 4));
        assertBadInput(fewerCols.toString(), "2 feature columns", train, synth, fewerCols);

        Path unknownClass = write("test-c.csv", blobs(List.of("a", "c"), 8, COLS, "real", 5));
        assertBadInput(unknownClass.toString(), "class 'c' (8 rows) does not occur in " + train, train, synth, unknownClass);

        Path oneClass = write("one.csv", blobs(List.of("a"), 8, COLS, "real", 6));
        assertBadInput(oneClass.toString(), "only one class", oneClass, synth, test);

        Result badName = run("evaluate", "--train", train.toString(), "--synthetic", synth.toString(), "--test", test.toString(),
                "--out", dir.resolve("o").toString(), "--classifier", "bayes");
        assertEquals(Main.EXIT_BAD_INPUT, badName.status());
        assertTrue(badName.err().contains("unknown classifier 'bayes'"), badName.err());
    }
}
