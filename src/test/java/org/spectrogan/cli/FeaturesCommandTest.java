package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.SharedData;
import org.spectrogan.features.FeatureMeta;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.features.WavWriter;

class FeaturesCommandTest {
    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    static void assertBadInput(CliRun r, String... fragments) {
        assertEquals(Main.EXIT_BAD_INPUT, r.status(), r.err() + r.out());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        }
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void eegmmiDeToCsvWithSidecarAndNoSilentOverwrite(@TempDir Path dir) {
        String edf = SharedData.require("data/eegmmi-s001/S001R04.edf").toString();
        Path out = dir.resolve("de.csv");
        CliRun r = run("features", "--input", edf, "--kind", "de", "--window-s", "2", "--step-s", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        FeatureTable t = FeatureTable.read(out);
        assertEquals(320, t.featureCount());
        assertEquals("Fc5_delta_de", t.featureNames().get(0));
        assertEquals(List.of("T0", "T1", "T2"), t.labels());
        FeatureMeta meta = FeatureMeta.readBeside(out);
        assertEquals(160.0, meta.sampleRateHz());
        assertEquals(160, meta.npersegSamples());
        assertEquals(64, meta.channels().size());
        assertBadInput(run("features", "--input", edf, "--kind", "de", "--window-s", "2", "--step-s", "1", "--out", out.toString()),
                "already exists", "--overwrite");
        CliRun again = run("features", "--input", edf, "--kind", "bandpower", "--window-s", "2", "--step-s", "1",
                "--channels", "C3,C4", "--bands", "mu:8-13,beta:13-30", "--out", out.toString(), "--overwrite");
        assertEquals(0, again.status(), again.err());
        assertEquals(List.of("C3_mu_bp", "C3_beta_bp", "C4_mu_bp", "C4_beta_bp"), FeatureTable.read(out).featureNames());
    }

    @Test
    void badValuesAreNamedWithTheirUnits(@TempDir Path dir) {
        String edf = SharedData.require("data/eegmmi-s001/S001R04.edf").toString();
        String out = dir.resolve("x.csv").toString();
        assertBadInput(run("features", "--input", edf, "--kind", "de", "--window-s", "200", "--step-s", "1", "--out", out),
                "window 200 s", "longer than the recording");
        assertBadInput(run("features", "--input", edf, "--kind", "de", "--window-s", "1", "--step-s", "1", "--nperseg", "320", "--out", out),
                "nperseg 320 samples", "window 1 s (160 samples");
        assertBadInput(run("features", "--input", edf, "--kind", "de", "--window-s", "2", "--step-s", "1",
                "--bands", "alpha:8-14,high:60-90", "--out", out), "high:60-90 Hz", "Nyquist frequency 80 Hz");
        assertBadInput(run("features", "--input", edf, "--kind", "de", "--window-s", "5", "--step-s", "1", "--out", out),
                "no window left after labelling", "5 s");
        assertBadInput(run("features", "--input", edf, "--kind", "spectrum", "--window-s", "2", "--step-s", "1", "--out", out),
                "unknown feature kind 'spectrum'");
        assertFalse(Files.exists(dir.resolve("x.csv")));
    }

    @Test
    void differingSampleRatesAreRefused(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("wavs"));
        WavWriter.write(folder.resolve("a.wav"), new double[8000], 8000);
        WavWriter.write(folder.resolve("b.wav"), new double[16000], 16000);
        assertBadInput(run("features", "--input", folder.toString(), "--kind", "logmel", "--window-s", "0.5",
                "--out", dir.resolve("x.csv").toString()), "sample rates differ", "8000 Hz", "16000 Hz");
    }

    @Test
    void fsddLogmelPatchesRenderBackToWav(@TempDir Path dir) throws Exception {
        Path recs = SharedData.require("data/fsdd/recordings");
        Path folder = Files.createDirectories(dir.resolve("digits"));
        for (String f : List.of("0_george_0.wav", "1_george_0.wav", "0_jackson_0.wav")) {
            Files.copy(recs.resolve(f), folder.resolve(f));
        }
        Path csv = dir.resolve("mel.csv");
        CliRun r = run("features", "--input", folder.toString(), "--label-from", "regex:^(\\d)_([a-z]+)_\\d+\\.wav$",
                "--group-from", "regex", "--kind", "logmel", "--patch-frames", "24", "--n-mels", "32",
                "--nperseg", "256", "--hop", "64", "--pad-short", "--out", csv.toString());
        assertEquals(0, r.status(), r.err());
        FeatureTable t = FeatureTable.read(csv);
        assertEquals(32 * 24, t.featureCount());
        assertEquals(List.of("0", "1"), t.labels());
        Path wavs = dir.resolve("render");
        CliRun rr = run("render", "--features", csv.toString(), "--out", wavs.toString(), "--iterations", "16", "--max-clips", "3");
        assertEquals(0, rr.status(), rr.err());
        assertTrue(rr.out().contains("wrote 3 WAV"), rr.out());
        assertTrue(Files.exists(wavs.resolve("renderings.csv")));
        assertBadInput(run("render", "--features", csv.toString(), "--out", wavs.toString()), "already exists");
    }

    @Test
    void renderRefusesEegFeaturesAndMissingSidecar(@TempDir Path dir) throws Exception {
        String edf = SharedData.require("data/eegmmi-s001/S001R04.edf").toString();
        Path csv = dir.resolve("de.csv");
        assertEquals(0, run("features", "--input", edf, "--kind", "de", "--window-s", "2", "--step-s", "1", "--out", csv.toString()).status());
        assertBadInput(run("render", "--features", csv.toString(), "--out", dir.resolve("w").toString()), "cannot render de features");
        Files.delete(FeatureMeta.sidecarOf(csv));
        assertBadInput(run("render", "--features", csv.toString(), "--out", dir.resolve("w").toString()), "de.csv.meta.json is missing");
    }
}
