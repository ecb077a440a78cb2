package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureTable;

/** An augment output folder: marked as spectrogan's, replaced only when marked, leftovers of a killed run removed. */
class OutputFolderTest {
    @TempDir
    Path dir;

    private AugmentJob job() throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\", \"features\": {\"kind\": \"de\"},"
                + " \"split\": {\"testFraction\": 0.25, \"seed\": 3}, \"gan\": {\"steps\": 3, \"batch\": 8},"
                + " \"evaluation\": {\"classifiers\": [\"logreg\"], \"repeats\": 1, \"fractions\": [1.0], \"lowDataSweep\": false},"
                + " \"validation\": {\"repeats\": 1}}");
        FeatureTable t = Tables.gaussian(2, 8, 6, 4, 1.0, 5);
        return new AugmentJob(PipelineConfig.load(p), Pipeline.Budget.full(), cfg -> new AugmentJob.Loaded(t, 1.0, List.of(), null),
                FakeGan.trainer(0.0), Progress.NONE);
    }

    @Test
    void aKilledRunsTemporaryGoesAndOnlyOurOwnFolderIsReplaced() throws Exception {
        Path out = dir.resolve("run");
        // what augment killed with -9 leaves: a hidden, half-written temporary folder of a process now gone
        long dead = deadPid();
        Path leftover = Files.createDirectories(dir.resolve(".run.tmp-" + dead + "-8127"));
        Files.writeString(leftover.resolve(AugmentJob.DATASET), "half");
        AugmentJob job = job();
        job.run(out, false);
        assertFalse(Files.exists(leftover), "the killed run's temporary folder was removed");
        assertTrue(AtomicFiles.isOwned(out), "the output folder carries the marker");
        assertTrue(Files.readString(out.resolve(AtomicFiles.MARKER)).contains("\"command\": \"augment " + dir.resolve("p.json")));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.map(q -> q.getFileName().toString()).filter(n -> n.startsWith(".run.")).toList(),
                    "no temporary left beside the output");
        }

        // again without --overwrite: refused before any work; with it: replaced as a whole
        Files.writeString(out.resolve("stale.txt"), "from before");
        String m = assertThrows(SpectroganException.class, () -> job.run(out, false)).getMessage();
        assertTrue(m.contains("already exists"), m);
        job.run(out, true);
        assertFalse(Files.exists(out.resolve("stale.txt")), "replaced, not merged");
        assertTrue(Files.isRegularFile(out.resolve(AugmentJob.MANIFEST)));

        // a folder of the user's is never replaced, even with --overwrite
        Path user = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(user.resolve("notes.txt"), "keep");
        FakeGan.TRAINED.clear();
        m = assertThrows(SpectroganException.class, () -> job.run(user, true)).getMessage();
        assertTrue(m.contains("was not written by spectrogan"), m);
        assertEquals("keep", Files.readString(user.resolve("notes.txt")));
        assertTrue(FakeGan.TRAINED.isEmpty(), "refused before any GAN trained");
    }

    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
