package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.augment.DropFixture;
import org.spectrogan.common.AtomicFiles;

/**
 * Every command that writes refuses an existing output unless --overwrite, --overwrite replaces only what
 * spectrogan wrote, and a pipeline's name never takes the output out of out/. Each check happens before any
 * input is read (the inputs here need not even exist).
 */
class OutputSafetyTest {
    @TempDir
    Path dir;

    private Path userFolder() throws Exception {
        Path user = Files.createDirectories(dir.resolve("user"));
        Files.writeString(user.resolve("loss.csv"), "my own numbers\n");
        Files.writeString(user.resolve("report.json"), "{\"mine\": true}\n");
        return user;
    }

    private void assertUntouched(Path user) throws Exception {
        assertEquals("my own numbers\n", Files.readString(user.resolve("loss.csv")));
        assertEquals("{\"mine\": true}\n", Files.readString(user.resolve("report.json")));
        try (var s = Files.list(user)) {
            assertEquals(2, s.count(), "nothing added to the user's folder");
        }
    }

    @Test
    void aPipelineNameNeverEscapesTheOutputRoot() throws Exception {
        DropFixture f = new DropFixture(dir, "");
        for (String name : List.of("../../escaped", "/tmp/abs", "a/b", "..")) {
            Path p = dir.resolve("bad.json");
            Files.writeString(p, Files.readString(f.pipeline).replace("\"name\": \"drops\"", "\"name\": \"" + name + "\""));
            CliRun r = CliRun.of("augment", p.toString(), "--overwrite", "--no-progress");
            assertEquals(Main.EXIT_BAD_INPUT, r.status(), r.err());
            assertTrue(r.err().contains(p + ": name '" + name + "'"), r.err());
        }
        assertTrue(Files.notExists(dir.resolve("escaped")) && Files.notExists(dir.getParent().resolve("escaped")));
    }

    @Test
    void augmentEvaluateAndRenderNeverReplaceAUsersFolder() throws Exception {
        DropFixture f = new DropFixture(dir, "");
        Path user = userFolder();
        for (String[] args : List.of(
                new String[] {"augment", f.pipeline.toString(), "--out", user.toString(), "--overwrite", "--no-progress"},
                new String[] {"evaluate", "--train", "t.csv", "--synthetic", "s.csv", "--test", "u.csv", "--out", user.toString(), "--overwrite"},
                new String[] {"render", "--features", "f.csv", "--out", user.toString(), "--overwrite"})) {
            CliRun r = CliRun.of(args);
            assertEquals(Main.EXIT_BAD_INPUT, r.status(), args[0] + ": " + r.err());
            assertTrue(r.err().contains("was not written by spectrogan"), args[0] + ": " + r.err());
            assertUntouched(user);
            CliRun without = CliRun.of(List.of(args).subList(0, args.length - (args[0].equals("augment") ? 2 : 1)).toArray(String[]::new));
            assertEquals(Main.EXIT_BAD_INPUT, without.status(), args[0] + ": " + without.err());
            assertTrue(without.err().contains("already exists"), args[0] + ": " + without.err());
            assertUntouched(user);
        }
    }

    @Test
    void trainNeverWritesIntoAUsersFolderAndNeedsAFlagForItsOwn() throws Exception {
        Path user = userFolder();
        for (String[] flags : List.of(new String[0], new String[] {"--overwrite"}, new String[] {"--resume"})) {
            String[] args = concat(new String[] {"train", "--features", "absent.csv", "--out", user.toString(), "--quiet"}, flags);
            CliRun r = CliRun.of(args);
            assertEquals(Main.EXIT_BAD_INPUT, r.status(), r.err());
            assertTrue(r.err().contains("holds files spectrogan did not write"), r.err());
            assertUntouched(user);
        }
        // a model folder of spectrogan's: continued only with --resume, trained again only with --overwrite
        Path model = Files.createDirectories(dir.resolve("model"));
        AtomicFiles.writeMarker(model, "train");
        Files.writeString(model.resolve("LATEST"), "checkpoints/step-00000010\n");
        CliRun r = CliRun.of("train", "--features", "absent.csv", "--out", model.toString(), "--quiet");
        assertEquals(Main.EXIT_BAD_INPUT, r.status());
        assertTrue(r.err().contains("already holds a trained model; pass --resume to continue it, --overwrite"), r.err());
        CliRun both = CliRun.of("train", "--features", "absent.csv", "--out", model.toString(), "--resume", "--overwrite");
        assertTrue(both.err().contains("--resume and --overwrite exclude each other"), both.err());
        assertTrue(Files.exists(model.resolve("LATEST")), "a refused run deletes nothing");
    }

    @Test
    void generateAndFeaturesRefuseExistingFilesAndSidecars() throws Exception {
        Path csv = Files.writeString(dir.resolve("rows.csv"), "mine\n");
        CliRun g = CliRun.of("generate", "--model", dir.resolve("no-model").toString(), "--per-class", "3", "--out", csv.toString());
        assertEquals(Main.EXIT_BAD_INPUT, g.status());
        assertTrue(g.err().contains(csv + ": already exists"), g.err());
        assertEquals("mine\n", Files.readString(csv));
        CliRun go = CliRun.of("generate", "--model", dir.resolve("no-model").toString(), "--per-class", "3", "--out", csv.toString(), "--overwrite");
        assertTrue(go.err().contains("no such model folder"), "with --overwrite the check passes: " + go.err());

        // features: the CSV is new but a sidecar of the same name exists
        Path out = dir.resolve("de.csv");
        Path meta = Files.writeString(dir.resolve("de.csv.meta.json"), "{\"mine\": 1}");
        String[] base = {"features", "--input", dir.resolve("absent").toString(), "--kind", "de", "--window-s", "1", "--step-s", "1", "--out", out.toString()};
        CliRun fm = CliRun.of(base);
        assertEquals(Main.EXIT_BAD_INPUT, fm.status());
        assertTrue(fm.err().contains(meta + ": already exists"), fm.err());
        Files.delete(meta);
        Path npy = Files.writeString(dir.resolve("de.csv.npy"), "mine");
        CliRun fn = CliRun.of(concat(base, new String[] {"--npy"}));
        assertTrue(fn.err().contains(npy + ": already exists"), fn.err());
        assertEquals("mine", Files.readString(npy));
        CliRun fo = CliRun.of(concat(base, new String[] {"--npy", "--overwrite"}));
        assertTrue(fo.err().contains("no such file or folder"), "with --overwrite the check passes: " + fo.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
