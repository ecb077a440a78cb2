package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} names every file it found but did not read, per reason, with an example. */
class InspectSkippedFilesTest {
    @TempDir
    Path tmp;

    @Test
    void filesNotReadAreCountedInTextAndJson() throws IOException {
        for (String name : new String[] {"a.TXT", "b.txt", "c.txt"}) {
            Files.writeString(tmp.resolve(name), "1\n2\n3\n4\n");
        }
        Files.writeString(tmp.resolve("notes.pdf"), "x");
        Files.writeString(tmp.resolve("other.md"), "x");
        CliRun run = CliRun.of("inspect", tmp.toString(), "--rate-hz", "10", "--include", "*.txt");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("recordings:  3 (of 5 files found)"), run.out());
        assertTrue(run.out().contains("not read:    2 file(s): name does not match include (e.g. notes.pdf)"), run.out());

        CliRun json = CliRun.of("inspect", tmp.toString(), "--rate-hz", "10", "--include", "*.txt", "--json");
        assertEquals(0, json.status(), json.err());
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertEquals(5, j.get("filesFound").asInt());
        assertEquals(2, j.get("skipped").get("name does not match include").get("count").asInt());
    }
}
