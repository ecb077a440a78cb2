package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.adapters.Recording;
import org.spectrogan.features.AudioRenderer;
import org.spectrogan.features.FeatureKind;
import org.spectrogan.features.FeatureMeta;
import org.spectrogan.features.FeatureSpec;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.features.Features;

/**
 * What Python reads from an augment folder (issue 15): a .meta.json beside every features CSV, labels that are
 * never numbers, distinct synthetic groups, manifest paths relative to the folder, and dataset.npz read back
 * with python3 + numpy against dataset.csv.
 */
class PythonOutputsTest {
    @TempDir
    Path dir;

    static final List<String> CHANNELS = List.of("Fz", "Cz", "Pz");
    static final List<String> BANDS = List.of("delta", "theta", "alpha", "beta", "gamma");

    PipelineConfig config(String kind) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\","
                + " \"features\": {\"kind\": \"" + kind + "\"}, \"split\": {\"testFraction\": 0.25, \"seed\": 3}, \"force\": true,"
                + " \"gan\": {\"steps\": 5, \"batch\": 16}, \"evaluation\": {\"classifiers\": [\"logreg\"], \"repeats\": 2, \"fractions\": [1.0]}}");
        return PipelineConfig.load(p);
    }

    /** Band features of 3 channels x 5 bands, numeric labels "0", "1", "2", 8 groups. */
    static FeatureTable bandTable() {
        List<String> names = new ArrayList<>();
        for (String c : CHANNELS) {
            for (String b : BANDS) {
                names.add(c + "_" + b + "_de");
            }
        }
        Random rnd = new Random(4);
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int g = 0; g < 8; g++) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 8; i++) {
                    double[] v = new double[names.size()];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = (j % 5 == c ? 1.5 : 0) + rnd.nextGaussian();
                    }
                    rows.add(new FeatureTable.Row(Integer.toString(c), "S" + g, FeatureTable.REAL, i, v));
                }
            }
        }
        return new FeatureTable(names, rows);
    }

    static FeatureMeta bandMeta(int features) {
        return new FeatureMeta(FeatureKind.DE, 128, 256, 128, 128, 128, 0, 0, 0, 0, 0, null, 0, 1, features, CHANNELS, null);
    }

    @Test
    void eegOutputsLoadInPythonAsTheyAreMeant() throws Exception {
        FeatureTable t = bandTable();
        FeatureMeta meta = bandMeta(t.featureCount());
        Path out = dir.resolve("out");
        new AugmentJob(config("de"), Pipeline.Budget.full(), cfg -> new AugmentJob.Loaded(t, 1.0, List.of(), null, meta),
                FakeGan.trainer(0.0), Progress.NONE).run(out, false);

        for (String csv : List.of("dataset.csv", "synthetic.csv", "test.csv")) {
            assertEquals(meta, FeatureMeta.readBeside(out.resolve(csv)), csv + ".meta.json");
            // labels: the CSV text itself; a cell that float() accepts is what pandas would read as a number
            for (String line : Files.readAllLines(out.resolve(csv)).subList(1, Files.readAllLines(out.resolve(csv)).size())) {
                String label = line.substring(0, line.indexOf(','));
                assertTrue(label.matches("class-[012]"), csv + ": label cell '" + label + "'");
            }
        }
        FeatureTable dataset = FeatureTable.read(out.resolve("dataset.csv"));
        FeatureTable synthetic = FeatureTable.read(out.resolve("synthetic.csv"));
        assertTrue(synthetic.size() > 0);
        Set<String> groups = new HashSet<>();
        int[] perClass = new int[3];
        for (FeatureTable.Row r : synthetic.rows()) {
            int c = r.label().charAt(r.label().length() - 1) - '0';
            assertEquals("synthetic-" + c + "-" + perClass[c]++, r.group());
            assertTrue(groups.add(r.group()), "group " + r.group() + " twice");
        }
        assertEquals(synthetic.size(), dataset.filter(r -> r.source().equals("synthetic")).size(), "force: all synthetic rows in dataset.csv");
        assertEquals(t.size() - FeatureTable.read(out.resolve("test.csv")).size(), dataset.filter(r -> r.source().equals("real")).size());

        JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        for (String key : List.of("file", "data", "adapter")) {
            String p = m.get("config").get(key).asText();
            assertFalse(Path.of(p).isAbsolute(), key + ": " + p);
            assertEquals(dir.resolve(key.equals("file") ? "p.json" : key.equals("data") ? "data.csv" : "adapter.json").toRealPath(),
                    out.resolve(p).toRealPath(), key);
            // the temp folder lies outside the repository (the working folder of the test run): absolute too
            assertEquals(out.resolve(p).normalize().toString(), m.get("absolutePaths").get(key).asText(), key);
        }
        m.get("inputHashes").fieldNames().forEachRemaining(k -> assertFalse(Path.of(k).isAbsolute(), k));
        assertEquals("class-1", m.get("csvLabels").get("1").asText());
        assertTrue(m.get("device").asText().startsWith("cpu") || m.get("device").asText().startsWith("gpu"), m.get("device").asText());
        assertTrue(m.get("outputSha256").has("dataset.npz"));

        // dataset.npz with python3 + numpy, checked against dataset.csv read by Python's csv module
        Path script = dir.resolve("check.py");
        Files.writeString(script, String.join("\n",
                "import csv, sys, numpy as np",
                "d = np.load(sys.argv[1])",
                "rows = list(csv.reader(open(sys.argv[2])))",
                "head, body = rows[0], rows[1:]",
                "n, f = len(body), len(head) - 4",
                "assert d['X'].shape == (n, f) and d['X'].dtype == np.float64, d['X'].shape",
                "assert list(d['feature_names']) == head[4:]",
                "assert list(d['y']) == [r[0] for r in body] and list(d['group']) == [r[1] for r in body]",
                "assert list(d['source']) == [r[2] for r in body]",
                "assert np.array_equal(d['t0'], np.array([float(r[3]) for r in body]))",
                "assert np.array_equal(d['X'], np.array([[float(v) for v in r[4:]] for r in body]))",
                "chans = [str(c) for c in d['channels']]",
                "assert d['X_shaped'].shape == (n, len(chans), f // len(chans)), d['X_shaped'].shape",
                "assert list(d['axes']) == ['row', 'channel', 'band']",
                "for i in range(n):",
                "    for c, ch in enumerate(chans):",
                "        for k, band in enumerate(['delta', 'theta', 'alpha', 'beta', 'gamma']):",
                "            assert d['X_shaped'][i, c, k] == float(body[i][head.index(ch + '_' + band + '_de')])",
                "for r in body:",
                "    try:",
                "        float(r[0]); sys.exit('label reads as a number: ' + r[0])",
                "    except ValueError:",
                "        pass",
                "print('ok', n, f, chans)", ""));
        String result = python(script, out.resolve("dataset.npz"), out.resolve("dataset.csv"));
        assertEquals("ok " + dataset.size() + " 15 ['Fz', 'Cz', 'Pz']", result.strip());
    }

    @Test
    void renderReadsTheSyntheticCsvOfAnAudioRun() throws Exception {
        double rate = 8000;
        FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.LOGMEL).optNpersegSamples(256).optHopSamples(64)
                .optNMels(20).optPatchFrames(8).build();
        List<FeatureTable.Row> rows = new ArrayList<>();
        FeatureMeta meta = null;
        for (int c = 0; c < 2; c++) {
            for (int g = 0; g < 8; g++) {
                float[][] x = new float[1][(int) (0.4 * rate)];
                for (int i = 0; i < x[0].length; i++) {
                    x[0][i] = (float) (0.3 * Math.sin(2 * Math.PI * (400 + 900 * c + 25 * g) * i / rate));
                }
                Recording rec = new Recording(x, rate, List.of("a"), "", Path.of(c + "_" + g + ".wav"), "wav", "g" + g, List.of());
                meta = Features.meta(List.of(rec), spec);
                for (FeatureTable.Row r : Features.extract(List.of(rec), spec).rows()) {
                    rows.add(new FeatureTable.Row(Integer.toString(c), "g" + g, FeatureTable.REAL, r.t0(), r.values()));
                }
            }
        }
        FeatureTable t = new FeatureTable(Features.extract(List.of(new Recording(new float[1][(int) (0.4 * rate)], rate, List.of("a"), "",
                Path.of("z.wav"), "wav", "z", List.of())), spec).featureNames(), rows);
        FeatureMeta m = meta;
        Path out = dir.resolve("audio-out");
        new AugmentJob(config("logmel"), Pipeline.Budget.full(), cfg -> new AugmentJob.Loaded(t, 0.1, List.of(), null, m),
                FakeGan.trainer(0.0), Progress.NONE).run(out, false);
        Path synthetic = out.resolve("synthetic.csv");
        FeatureTable syn = FeatureTable.read(synthetic);
        // what `spectrogan render --features out/synthetic.csv` does: the sidecar beside it and the table
        List<AudioRenderer.Rendered> clips = AudioRenderer.render(syn, FeatureMeta.readBeside(synthetic), dir.resolve("wav"),
                new AudioRenderer.Options(4, 0.99, 1L, 32, 4, 0.9));
        assertEquals(4, clips.size());
        for (AudioRenderer.Rendered r : clips) {
            assertTrue(Files.size(r.file()) > 44, r.file().toString());
        }
    }

    static String python(Path script, Path... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
        for (Path a : args) {
            cmd.add(a.toString());
        }
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.assumeTrue(false, "no python3 on this machine");
            return "";
        }
        Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "python3 has no numpy: dataset.npz not read back");
        Process run = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, run.exitValue(), text);
        return text;
    }
}
