package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.adapters.ReadReport;

/** Nothing is dropped silently: files not read and recordings too short are counted in manifest.json and the log. */
class DroppedCountsTest {
    @TempDir
    Path dir;

    @Test
    void manifestAndLogCountEveryFileAndRecordingLeftOut() throws Exception {
        DropFixture f = new DropFixture(dir, "");
        List<String> notes = new ArrayList<>();
        Progress log = new Progress() {
            @Override
            public void note(String line) {
                notes.add(line);
            }
        };
        PipelineConfig cfg = PipelineConfig.load(f.pipeline);
        Path out = dir.resolve("out");
        new AugmentJob(cfg, Pipeline.Budget.full(), RecordingsLoader.INSTANCE, FakeGan.trainer(0.0), log).run(out, false);

        JsonNode d = new ObjectMapper().readTree(out.resolve(AugmentJob.MANIFEST).toFile()).get("dropped");
        JsonNode files = d.get("files");
        assertEquals(f.allFiles.size(), files.get("filesFound").asInt(), d.toString());
        assertEquals(f.recordings.size(), files.get("recordingsRead").asInt(), d.toString());
        assertEquals(f.notIncluded.size(), files.get("skipped").get(ReadReport.NOT_INCLUDED).get("count").asInt(), d.toString());
        assertEquals(f.hidden.size(), files.get("skipped").get(ReadReport.HIDDEN).get("count").asInt(), d.toString());
        String example = files.get("skipped").get(ReadReport.NOT_INCLUDED).get("example").asText();
        assertTrue(f.notIncluded.stream().anyMatch(n -> n.endsWith(Path.of(example).getFileName().toString())), example);

        JsonNode w = d.get("windows");
        assertEquals(f.recordings.size(), w.get("recordingsRead").asInt(), w.toString());
        assertEquals(f.recordings.size() - f.tooShort.size(), w.get("recordingsKept").asInt(), w.toString());
        assertEquals(f.windowsCut, w.get("windowsCut").asInt(), w.toString());
        assertEquals(1, w.get("drops").size(), w.toString());
        JsonNode drop = w.get("drops").get(0);
        assertEquals("too-short", drop.get("reason").asText());
        assertEquals(f.tooShort.size(), drop.get("recordings").asInt());
        assertTrue(f.tooShort.contains(drop.get("example").asText()), drop.toString());

        // the real rows in the outputs are the windows the extraction kept (nothing else dropped them)
        JsonNode counts = new ObjectMapper().readTree(out.resolve(AugmentJob.MANIFEST).toFile()).get("counts");
        int real = sum(counts.get(AugmentJob.DATASET).get("real")) + sum(counts.get(AugmentJob.TEST).get("real"));
        assertEquals(f.windowsCut, real);
        assertTrue(d.get("rows").isEmpty(), d.toString());

        // every recording read is hashed from its bytes on disk; the files not read are not
        JsonNode hashes = new ObjectMapper().readTree(out.resolve(AugmentJob.MANIFEST).toFile()).get("inputHashes");
        for (String r : f.recordings) {
            Path file = f.data.resolve(r);
            String key = out.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
            assertTrue(hashes.has(key), "manifest paths are relative to the output folder: " + key + " in " + hashes);
            assertEquals(org.spectrogan.common.Hashing.sha256(Files.readAllBytes(file)), hashes.get(key).asText(), r);
        }
        assertEquals(f.recordings.size() + 2, hashes.size(), "recordings plus the pipeline and adapter files: " + hashes);

        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("files: read " + f.recordings.size() + " of " + f.allFiles.size() + " found; not read: "
                + f.notIncluded.size() + " file(s): " + ReadReport.NOT_INCLUDED), notes.get(0));
        assertTrue(notes.get(1).startsWith("windows: dropped " + f.tooShort.size() + " of " + f.recordings.size()
                + " recordings shorter than one window"), notes.get(1));
    }

    @Test
    void rowsThePipelineLeavesOutAreCountedToo() throws Exception {
        DropFixture f = new DropFixture(dir, ", \"classes\": [\"a\", \"b\"]");
        PipelineConfig cfg = PipelineConfig.load(f.pipeline);
        AugmentJob.Loaded loaded = new AugmentJob(cfg, new Pipeline.Budget(0, true), RecordingsLoader.INSTANCE,
                FakeGan.trainer(0.0), Progress.NONE).prepare();
        // fewer rows than the --quick cap: nothing cut; every class listed: nothing left out
        assertTrue(f.windowsCut < PipelineConfig.QUICK_MAX_ROWS);
        assertTrue(loaded.dropped().rows().isEmpty(), loaded.dropped().rows().toString());
        assertEquals(f.windowsCut, loaded.rows().size());
        Dropped more = loaded.dropped().withRows("quickRowCap", 7).withRows("quickRowCap", 0);
        assertEquals(7, more.rows().get("quickRowCap"));
        assertTrue(more.lines().get(2).equals("rows: left out 7 by the --quick row cap"), more.lines().toString());
    }

    @Test
    void aBatchLargerThanTheFitRowsNamesBothNumbersBeforeAnyTraining() throws Exception {
        DropFixture f = new DropFixture(dir, "");
        Files.writeString(f.pipeline, Files.readString(f.pipeline).replace("\"batch\": 8", "\"batch\": 100000"));
        FakeGan.TRAINED.clear();
        AugmentJob job = new AugmentJob(PipelineConfig.load(f.pipeline), Pipeline.Budget.full(), RecordingsLoader.INSTANCE,
                FakeGan.trainer(0.0), Progress.NONE);
        String m = org.junit.jupiter.api.Assertions.assertThrows(org.spectrogan.common.SpectroganException.class,
                () -> job.run(dir.resolve("out"), false)).getMessage();
        assertTrue(m.startsWith(f.pipeline + ": gan.batch is 100000 rows, more than the "), m);
        assertTrue(FakeGan.TRAINED.isEmpty(), "no GAN trained");
        assertTrue(Files.notExists(dir.resolve("out")));
    }

    private static int sum(JsonNode byClass) {
        int n = 0;
        for (JsonNode v : byClass) {
            n += v.asInt();
        }
        return n;
    }
}
