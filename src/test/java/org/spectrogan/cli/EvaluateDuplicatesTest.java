package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.features.FeatureTable;

/** {@code spectrogan evaluate} names test rows equal to train rows in one warning line and in the report. */
class EvaluateDuplicatesTest {
    @TempDir
    Path dir;

    private static List<FeatureTable.Row> rows(String group, String source, int n, long seed) {
        Random rng = new Random(seed);
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String label = i % 2 == 0 ? "open" : "closed";
            rows.add(new FeatureTable.Row(label, group, source, i, new double[] {rng.nextGaussian() + (i % 2), rng.nextGaussian()}));
        }
        return rows;
    }

    @Test
    void testRowsEqualToTrainRowsGiveOneWarningLineAndAReportNote() throws Exception {
        List<String> cols = List.of("f0", "f1");
        List<FeatureTable.Row> train = rows("s1", FeatureTable.REAL, 20, 1);
        List<FeatureTable.Row> test = new ArrayList<>(rows("s2", FeatureTable.REAL, 20, 2));
        // two test rows repeat train rows value for value (another group, the same label)
        test.set(0, new FeatureTable.Row("open", "s2", FeatureTable.REAL, 0, train.get(4).values().clone()));
        test.set(1, new FeatureTable.Row("closed", "s2", FeatureTable.REAL, 1, train.get(7).values().clone()));
        Path trainCsv = dir.resolve("train.csv");
        Path testCsv = dir.resolve("test.csv");
        Path synthCsv = dir.resolve("synthetic.csv");
        new FeatureTable(cols, train).write(trainCsv);
        new FeatureTable(cols, test).write(testCsv);
        new FeatureTable(cols, rows("g", FeatureTable.SYNTHETIC, 20, 3)).write(synthCsv);
        Path out = dir.resolve("report");

        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Main.run("evaluate", "--train", trainCsv.toString(), "--synthetic", synthCsv.toString(), "--test",
                    testCsv.toString(), "--out", out.toString(), "--classifier", "logreg", "--repeats", "2", "--quiet");
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, stderr);
        String expected = "warning: 2 test rows equal train rows value for value (s1 (train, 2 rows) = s2 (test, 2 rows)): "
                + "leakage between train and test; they stay in the test rows, so the classifiers are tested partly on rows they trained on";
        assertEquals(1, stderr.lines().filter(l -> l.startsWith("warning:")).count(), stderr);
        assertTrue(stderr.lines().anyMatch(expected::equals), stderr);
        assertTrue(Files.readString(out.resolve("report.md")).contains(expected));
        JsonNode d = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("extra").get("duplicates");
        assertEquals(2, d.get("splits").get(0).get("testRows").asInt(), d.toString());
        assertEquals(0, d.get("droppedTestRows").asInt());

        // without a repeated row: no warning, no extra
        new FeatureTable(cols, rows("s2", FeatureTable.REAL, 20, 2)).write(testCsv);
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err2, true, StandardCharsets.UTF_8));
            status = Main.run("evaluate", "--train", trainCsv.toString(), "--synthetic", synthCsv.toString(), "--test",
                    testCsv.toString(), "--out", out.toString(), "--overwrite", "--classifier", "logreg", "--repeats", "2", "--quiet");
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertEquals(0, status, err2.toString(StandardCharsets.UTF_8));
        assertFalse(err2.toString(StandardCharsets.UTF_8).contains("warning:"));
        assertFalse(Files.readString(out.resolve("report.md")).contains("value for value"));
    }
}
