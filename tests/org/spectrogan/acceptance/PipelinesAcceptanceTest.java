package org.spectrogan.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.SharedData;
import org.spectrogan.cli.Main;

/** Every ready pipeline, end to end with a small budget (--quick: few GAN steps, 2 repeats, one sweep point). */
class PipelinesAcceptanceTest {
    @TempDir
    Path tmp;

    @Test
    void eegEyeState() throws Exception {
        Path csv = SharedData.require("data/eeg-eye-state/eeg-eye-state.csv");
        // 128 Hz: 1 s windows every 0.5 s, 5 s time blocks (pipelines/eeg-eye-state.json)
        var run = PipelineAcceptance.run("eeg-eye-state", tmp, ExpectedRows.eegEyeState(csv, 128, 64, 5 * 128), "--quick", "--no-progress");
        // one recording: groups are 10 s blocks of it
        assertTrue(run.test().rows().stream().allMatch(r -> r.group().contains("#b")), "time-block groups");
        assertEquals(70, run.dataset().featureCount(), "14 channels x 5 bands");
    }

    @Test
    void eegmmiS001() throws Exception {
        Path folder = SharedData.require("data/eegmmi-s001");
        // 160 Hz: 2 s windows every 1 s (pipelines/eegmmi-s001.json), classes rest / left_fist / right_fist
        var run = PipelineAcceptance.run("eegmmi-s001", tmp,
                ExpectedRows.eegmmi(folder, 2 * 160, 160, List.of("rest", "left_fist", "right_fist")), "--quick", "--no-progress");
        assertTrue(run.test().rows().stream().allMatch(r -> r.group().matches("R\\d\\d")), "runs are the groups");
        assertEquals(320, run.dataset().featureCount(), "64 channels x 5 bands");
    }

    @Test
    void delhiEpilepsy() throws Exception {
        Path folder = SharedData.require("data/delhi-epilepsy-mat");
        // 200 Hz: 2 s windows every 1 s (pipelines/delhi-epilepsy.json)
        var run = PipelineAcceptance.run("delhi-epilepsy", tmp, ExpectedRows.delhi(folder, 400, 200), "--quick", "--no-progress");
        assertEquals(3, run.test().labels().size());
    }

    @Test
    void fsdd() throws Exception {
        Path folder = SharedData.require("data/fsdd/recordings");
        // patches of 16 frames (nperseg 256, hop 200): 256 + 15 x 200 samples, one patch (3200 samples) apart
        var run = PipelineAcceptance.run("fsdd", tmp, ExpectedRows.fsdd(folder, 256 + 15 * 200, 16 * 200,
                org.spectrogan.augment.PipelineConfig.QUICK_MAX_ROWS), "--quick", "--no-progress");
        assertEquals(10, run.test().labels().size());
        assertWavs(run.out());
    }

    @Test
    void singingClips() throws Exception {
        Path folder = SharedData.require("data/singing-clips");
        // 22.05 kHz: 1024-sample frames every 512 samples, 0.1 s (2205-sample) time blocks (pipelines/singing-clips.json)
        var run = PipelineAcceptance.run("singing-clips", tmp, ExpectedRows.singing(folder, 1024, 512, 2205), "--quick", "--no-progress");
        assertEquals(4, run.test().labels().size());
        assertWavs(run.out());
    }

    @Test
    void anExistingOutputFolderIsRefused() throws Exception {
        SharedData.require("data/eeg-eye-state");
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("mine.txt"), "keep");
        int status = Main.run("augment", SharedData.projectRoot().resolve("pipelines/eeg-eye-state.json").toString(),
                "--out", out.toString(), "--quick", "--no-progress");
        assertEquals(Main.EXIT_BAD_INPUT, status);
        assertEquals("keep", Files.readString(out.resolve("mine.txt")));
    }

    private static void assertWavs(Path out) throws Exception {
        Path audio = out.resolve("audio");
        assertTrue(Files.isDirectory(audio), "no audio renderings");
        try (Stream<Path> files = Files.list(audio)) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".wav")), "no WAV in " + audio);
        }
    }
}
