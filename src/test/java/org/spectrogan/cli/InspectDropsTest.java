package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.adapters.ReadReport;
import org.spectrogan.augment.DropFixture;

/** {@code inspect --pipeline} counts the files not read and, with the pipeline's features, the recordings dropped. */
class InspectDropsTest {
    @TempDir
    Path dir;

    @Test
    void inspectWithAPipelineCountsFilesAndWindows() throws Exception {
        DropFixture f = new DropFixture(dir, "");
        CliRun text = CliRun.of("inspect", "--pipeline", f.pipeline.toString(), "--threads", "1");
        assertEquals(0, text.status(), text.err());
        String o = text.out();
        assertTrue(o.contains("recordings:  " + f.recordings.size() + " (of " + f.allFiles.size() + " files found)"), o);
        assertTrue(o.contains("not read:    " + f.notIncluded.size() + " file(s): " + ReadReport.NOT_INCLUDED), o);
        assertTrue(o.contains("not read:    " + f.hidden.size() + " file(s): " + ReadReport.HIDDEN), o);
        int kept = f.windowsCut; // every window of a long recording is inside its (whole-file) label
        assertTrue(o.contains("windows:     " + kept + " kept of " + f.windowsCut + " cut, from "
                + (f.recordings.size() - f.tooShort.size()) + " of " + f.recordings.size() + " recordings (de)"), o);
        assertTrue(o.contains("dropped:     " + f.tooShort.size() + " recordings shorter than one window (e.g. "), o);

        CliRun json = CliRun.of("inspect", f.data.toString(), "--pipeline", f.pipeline.toString(), "--json", "--threads", "1");
        assertEquals(0, json.status(), json.err());
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertEquals(f.allFiles.size(), j.get("filesFound").asInt());
        assertEquals(f.notIncluded.size(), j.get("skipped").get(ReadReport.NOT_INCLUDED).get("count").asInt());
        JsonNode w = j.get("features");
        assertEquals(f.recordings.size(), w.get("recordingsRead").asInt(), w.toString());
        assertEquals(f.windowsCut, w.get("windowsCut").asInt(), w.toString());
        assertEquals("too-short", w.get("drops").get(0).get("reason").asText());
        assertEquals(f.tooShort.size(), w.get("drops").get(0).get("recordings").asInt());
        assertTrue(f.tooShort.contains(w.get("drops").get(0).get("example").asText()));

        // without a pipeline there are no features: no windows line
        CliRun plain = CliRun.of("inspect", f.data.toString(), "--adapter", dir.resolve("adapter.json").toString());
        assertEquals(0, plain.status(), plain.err());
        assertTrue(!plain.out().contains("windows:"), plain.out());
        assertTrue(plain.out().contains("recordings:  " + f.recordings.size() + " (of " + f.allFiles.size() + " files found)"), plain.out());
    }
}
