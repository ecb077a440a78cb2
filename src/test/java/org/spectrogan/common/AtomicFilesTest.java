package org.spectrogan.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output safety in one place: names, the marker, replacement of spectrogan's own folders, stale temporaries, hashes. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aNameFromAPipelineFileIsOnePlainComponent() {
        Path file = dir.resolve("p.json");
        for (String bad : List.of("../../escaped", "..", ".", "/abs", "a/b", "a\\b", "C:evil", "x\u0000y", " ")) {
            String m = assertThrows(SpectroganException.class, () -> AtomicFiles.requireSafeName(file, "name", bad)).getMessage();
            assertTrue(m.startsWith(file + ": name '"), m);
            assertFalse(m.contains("\u0000"), m);
        }
        assertEquals("my-pipeline_2", AtomicFiles.requireSafeName(file, "name", "my-pipeline_2"));
    }

    @Test
    void overwriteReplacesOnlyAFolderSpectroganWrote() throws Exception {
        Path user = dir.resolve("user");
        Files.createDirectories(user);
        Files.writeString(user.resolve("thesis.tex"), "mine");
        assertTrue(assertThrows(SpectroganException.class, () -> AtomicFiles.requireReplaceableFolder(user, false))
                .getMessage().contains("already exists"));
        String m = assertThrows(SpectroganException.class, () -> AtomicFiles.requireReplaceableFolder(user, true)).getMessage();
        assertTrue(m.contains("was not written by spectrogan") && m.contains(AtomicFiles.MARKER), m);
        Path tmp = AtomicFiles.createTemporaryFolderBeside(user, "test");
        assertThrows(SpectroganException.class, () -> AtomicFiles.replaceFolder(tmp, user, true));
        assertEquals("mine", Files.readString(user.resolve("thesis.tex")), "the user's file is untouched");
        AtomicFiles.deleteTree(tmp);

        // a folder spectrogan wrote (the marker) is replaced as a whole, never merged
        Path ours = dir.resolve("ours");
        Path first = AtomicFiles.createTemporaryFolderBeside(ours, "test");
        Files.writeString(first.resolve("old.csv"), "old");
        AtomicFiles.replaceFolder(first, ours, false);
        assertTrue(AtomicFiles.isOwned(ours));
        assertTrue(Files.readString(ours.resolve(AtomicFiles.MARKER)).contains("\"command\": \"test\""));
        AtomicFiles.requireReplaceableFolder(ours, true);
        Path second = AtomicFiles.createTemporaryFolderBeside(ours, "test");
        Files.writeString(second.resolve("new.csv"), "new");
        assertThrows(SpectroganException.class, () -> AtomicFiles.replaceFolder(second, ours, false), "no --overwrite");
        AtomicFiles.replaceFolder(second, ours, true);
        assertTrue(Files.exists(ours.resolve("new.csv")) && Files.notExists(ours.resolve("old.csv")));
        assertEquals(List.of("ours"), visible(dir).stream().filter(n -> n.startsWith("ours") || n.contains(".ours.")).toList());

        // a marker-like file of the user's (without the signature) does not make a folder spectrogan's
        Files.writeString(user.resolve(AtomicFiles.MARKER), "{}");
        assertFalse(AtomicFiles.isOwned(user));
        // a file, not a folder, is never replaced
        Files.writeString(dir.resolve("file"), "x");
        assertThrows(SpectroganException.class, () -> AtomicFiles.requireReplaceableFolder(dir.resolve("file"), true));
    }

    @Test
    void temporariesOfAKilledRunAreRemovedAndThoseOfARunningOneKept() throws Exception {
        long dead = deadPid();
        long alive = ProcessHandle.current().pid();
        Path out = dir.resolve("X");
        Path staleDir = Files.createDirectories(dir.resolve(".X.tmp-" + dead + "-123"));
        Files.writeString(staleDir.resolve("dataset.csv"), "half written");
        Path staleOld = Files.createDirectories(dir.resolve(".X.old-" + dead + "-9"));
        Path staleFile = Files.writeString(dir.resolve(".X.tmp-" + dead + "-77.tmp"), "half");
        Path running = Files.createDirectories(dir.resolve(".X.tmp-" + alive + "-5"));
        Path otherTarget = Files.createDirectories(dir.resolve(".Y.tmp-" + dead + "-1"));
        Path unrelated = Files.createDirectories(dir.resolve(".X.tmp-notapid"));

        Path tmp = AtomicFiles.createTemporaryFolderBeside(out, "augment p.json");
        assertTrue(Files.notExists(staleDir) && Files.notExists(staleOld) && Files.notExists(staleFile), "stale temporaries removed");
        assertTrue(Files.exists(running), "a running process's temporary is kept");
        assertTrue(Files.exists(otherTarget) && Files.exists(unrelated), "only temporaries of this target are touched");
        assertTrue(tmp.getFileName().toString().startsWith(".X.tmp-" + alive + "-"), tmp.toString());
        assertTrue(AtomicFiles.isOwned(tmp));
        assertTrue(visible(dir).stream().noneMatch(n -> n.contains("tmp")), "temporaries are hidden: " + visible(dir));

        // single files: a killed write's temporary beside the target goes with the next write of it
        Path csv = dir.resolve("rows.csv");
        Path staleCsv = Files.writeString(dir.resolve(".rows.csv.tmp-" + dead + "-42.tmp"), "half");
        AtomicFiles.writeString(csv, "a,b\n");
        assertTrue(Files.notExists(staleCsv));
        assertEquals("a,b\n", Files.readString(csv));
    }

    @Test
    void zipEntriesAreHashedFromTheZipAndNeverFromAnUnrelatedFile() throws Exception {
        byte[] x = "1\n2\n3\n".getBytes(StandardCharsets.UTF_8);
        byte[] y = "4\n5\n".getBytes(StandardCharsets.UTF_8);
        Path zip = dir.resolve("data.zip");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("a/x.txt"));
            z.write(x);
            z.putNextEntry(new ZipEntry("y.txt"));
            z.write(y);
        }
        Files.write(zip, bytes.toByteArray());
        Path unrelated = Files.writeString(dir.resolve("unrelated.txt"), "someone else's file");
        // an entry named with an absolute path resolves, beside the zip, to that path on disk
        Path absoluteEntry = zip.resolve(unrelated.toString());
        assertEquals(unrelated, absoluteEntry);

        Map<String, String> h = Provenance.inputHashes(zip, List.of(zip.resolve("a/x.txt"), zip.resolve("y.txt"), absoluteEntry));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(zip.toString(), Hashing.sha256(zip));
        expected.put(zip.resolve("a/x.txt").toString(), Hashing.sha256(x));
        expected.put(zip.resolve("y.txt").toString(), Hashing.sha256(y));
        assertEquals(expected, h);

        // a folder input: files inside are hashed from disk, a path outside the input never
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Path inside = Files.write(folder.resolve("r.txt"), x);
        assertEquals(Map.of(inside.toString(), Hashing.sha256(x)), Provenance.inputHashes(folder, List.of(inside, unrelated)));
    }

    private static List<String> visible(Path d) throws Exception {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    /** The id of a process that has ended. */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        return pid;
    }
}
