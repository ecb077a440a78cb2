package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.features.FeatureTable;

/** train and generate end to end through the CLI, and each bad input the GAN issue lists. */
class TrainGenerateCommandTest {
    @TempDir
    Path tmp;

    private static final String[] SMALL = {"--steps", "20", "--batch", "16", "--latent", "4", "--hidden", "16,16",
        "--checkpoint-every", "10", "--quiet"};

    /** A features CSV: label, group, source, t0, then the given rows as text. */
    private Path csv(String name, String header, String... rows) throws Exception {
        Path p = tmp.resolve(name);
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (String r : rows) {
            sb.append(r).append('\n');
        }
        Files.writeString(p, sb.toString());
        return p;
    }

    private Path goodCsv() throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        String[] rows = new String[40];
        for (int i = 0; i < rows.length; i++) {
            String label = i % 2 == 0 ? "open" : "closed";
            double base = i % 2 == 0 ? 1 : 5;
            rows[i] = label + ",s" + (i % 4) + ",real," + i + "," + (base + rng.nextGaussian()) + "," + (100 + base + rng.nextGaussian());
        }
        return csv("good.csv", "label,group,source,t0,alpha,beta", rows);
    }

    private static int run(StringBuilder err, String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            var cl = Main.newCommandLine();
            java.io.StringWriter sw = new java.io.StringWriter();
            cl.setErr(new java.io.PrintWriter(sw, true));
            int status = cl.execute(args);
            err.append(sw).append(buf.toString(StandardCharsets.UTF_8));
            return status;
        } finally {
            System.setErr(old);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void trainThenGenerateWritesSyntheticRowsInTheTrainingSchema() throws Exception {
        Path features = goodCsv();
        Path model = tmp.resolve("model");
        StringBuilder err = new StringBuilder();
        assertEquals(0, run(err, concat(new String[] {"train", "--features", features.toString(), "--out", model.toString()}, SMALL)), err.toString());
        assertTrue(Files.isRegularFile(model.resolve("loss.png")));
        Path out = tmp.resolve("synthetic.csv");
        assertEquals(0, run(err, "generate", "--model", model.toString(), "--counts", "open=3,closed=5", "--out", out.toString()), err.toString());
        FeatureTable t = FeatureTable.read(out);
        assertEquals(java.util.List.of("alpha", "beta"), t.featureNames());
        assertEquals(java.util.Map.of("closed", 5, "open", 3), t.countsByLabel());
        assertTrue(t.rows().stream().allMatch(r -> r.source().equals(FeatureTable.SYNTHETIC)));
        // original units: beta is around 100, not a z-score
        assertTrue(t.rows().stream().allMatch(r -> r.values()[1] > 80 && r.values()[1] < 125), "beta in original units");
        // an existing --out is refused without --overwrite (issue 14), replaced with it
        assertEquals(2, run(err, "generate", "--model", model.toString(), "--per-class", "4", "--out", out.toString()));
        assertEquals(8, FeatureTable.read(out).size(), "the refused run left the file as it was");
        assertEquals(0, run(err, "generate", "--model", model.toString(), "--per-class", "4", "--out", out.toString(), "--overwrite"));
        assertEquals(8, FeatureTable.read(out).size());
        // again without --resume into the same folder: refused
        assertEquals(2, run(err, concat(new String[] {"train", "--features", features.toString(), "--out", model.toString()}, SMALL)));
        assertTrue(err.toString().contains("--resume"), err.toString());
    }

    private void assertBadTraining(Path features, String expected) {
        StringBuilder err = new StringBuilder();
        int status = run(err, concat(new String[] {"train", "--features", features.toString(), "--out", tmp.resolve("bad").toString()}, SMALL));
        assertEquals(2, status, err.toString());
        assertTrue(err.toString().contains(expected), "expected '" + expected + "' in: " + err);
        assertTrue(err.toString().contains(features + ": "), "the message names the file: " + err);
    }

    @Test
    void oneClassOnlyIsAClearError() throws Exception {
        assertBadTraining(csv("one.csv", "label,a", "x,1", "x,2", "x,3"),
                "a conditional GAN needs at least two classes; column 'label' has only 'x' (3 rows)");
    }

    @Test
    void aClassWithTooFewRowsIsAClearError() throws Exception {
        assertBadTraining(csv("few.csv", "label,a", "x,1", "x,2", "y,3"), "class 'y' has 1 training row");
    }

    @Test
    void nanAndInfinityAreClearErrors() throws Exception {
        assertBadTraining(csv("nan.csv", "label,a", "x,1", "x,NaN", "y,3", "y,4"), "not finite");
        assertBadTraining(csv("inf.csv", "label,a", "x,1", "x,2", "y,Infinity", "y,4"), "not finite");
    }

    @Test
    void nonNumericCellIsAClearError() throws Exception {
        assertBadTraining(csv("text.csv", "label,a", "x,1", "x,two", "y,3", "y,4"), "not a number: 'two'");
    }

    @Test
    void fewerRowsThanABatchAndAConstantColumnAreHandled() throws Exception {
        Path features = csv("tiny.csv", "label,a,const", "x,1,5", "x,2,5", "y,7,5", "y,8,5");
        Path model = tmp.resolve("tiny");
        StringBuilder err = new StringBuilder();
        assertEquals(0, run(err, concat(new String[] {"train", "--features", features.toString(), "--out", model.toString()}, SMALL)), err.toString());
        Path out = tmp.resolve("tiny-synth.csv");
        assertEquals(0, run(err, "generate", "--model", model.toString(), "--per-class", "10", "--out", out.toString()), err.toString());
        assertTrue(FeatureTable.read(out).rows().stream().allMatch(r -> r.values()[1] == 5.0));
    }

    @Test
    void unknownClassInCountsIsAClearError() throws Exception {
        Path model = tmp.resolve("m2");
        StringBuilder err = new StringBuilder();
        assertEquals(0, run(err, concat(new String[] {"train", "--features", goodCsv().toString(), "--out", model.toString()}, SMALL)), err.toString());
        assertEquals(2, run(err, "generate", "--model", model.toString(), "--counts", "nope=3", "--out", tmp.resolve("x.csv").toString()));
        assertTrue(err.toString().contains("class 'nope' is not in the model"), err.toString());
    }

    @Test
    void missingOrForeignModelFolderIsAClearError() throws Exception {
        StringBuilder err = new StringBuilder();
        Files.createDirectories(tmp.resolve("empty"));
        assertEquals(2, run(err, "generate", "--model", tmp.resolve("empty").toString(), "--per-class", "1", "--out", tmp.resolve("x.csv").toString()));
        assertTrue(err.toString().contains("not a spectrogan model folder"), err.toString());
    }
}
