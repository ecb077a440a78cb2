package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench quality}'s refusals come before any work, in one line naming the bad value or folder. */
class BenchQualityCommandTest {
    @TempDir
    Path dir;

    @Test
    void badBudgetsAndAUsersFolderAreRefusedBeforeAnyWork() throws Exception {
        Path p = Path.of("pipelines/eeg-eye-state.json");
        CliRun r = CliRun.of("bench", "quality", p.toString(), "--repeats", "0", "--out", dir.resolve("o").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("--repeats must be >= 1 repeats, got 0"), r.err());
        r = CliRun.of("bench", "quality", p.toString(), "--fractions", "0.25,1.0", "--out", dir.resolve("o").toString());
        assertTrue(r.err().contains("--fractions must be shares of the train rows in (0, 1), got [0.25, 1.0]"), r.err());
        r = CliRun.of("bench", "quality", p.toString(), "--steps", "-3", "--out", dir.resolve("o").toString());
        assertTrue(r.err().contains("--steps must be >= 1 generator steps, got -3"), r.err());
        // a folder of the user's is never replaced, whatever the flags
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep");
        r = CliRun.of("bench", "quality", p.toString(), "--out", mine.toString(), "--overwrite");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("was not written by spectrogan"), r.err());
        assertEquals("keep", Files.readString(mine.resolve("notes.txt")));
        // a missing pipeline file: named, nothing written
        r = CliRun.of("bench", "quality", dir.resolve("absent.json").toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("absent.json"), r.err());
        assertFalse(Files.exists(dir.resolve("o")));
    }
}
