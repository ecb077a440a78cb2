package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/** The gain plot and the PCA plot with robust axes render; the axes ignore a few far outliers. */
class PlotsTest {
    /** PNGs go here so they can be looked at after the run (inside target/). */
    private static final Path OUT = Path.of(System.getProperty("spectrogan.root", "."), "target", "plots-test");

    @Test
    void robustRangeIgnoresTwoFarOutliers() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] pts = new double[1002][2];
        for (int i = 0; i < 1000; i++) {
            pts[i][0] = r.nextDouble(-1, 1);
            pts[i][1] = r.nextDouble(-1, 1);
        }
        pts[1000] = new double[] {1e3, 1e3};
        pts[1001] = new double[] {-1e3, 5e2};
        double[] xr = Plots.robustRange(pts, 0);
        // the 1st and 99th percentiles of U(-1, 1) lie near -0.98 and +0.98; widened by 10% of the span
        assertTrue(xr[0] > -1.3 && xr[0] < -1.1, "lower " + xr[0]);
        assertTrue(xr[1] < 1.3 && xr[1] > 1.1, "upper " + xr[1]);
    }

    @Test
    void gainAndPcaPlotsAreWritten() throws Exception {
        Files.createDirectories(OUT);
        FeatureTable real = withOutliers(Blobs.make(3, 60, 6, 1.0, FeatureTable.REAL, 3, 5));
        FeatureTable syn = Blobs.make(3, 60, 6, 1.2, FeatureTable.SYNTHETIC, 1, 6);
        Path pca = OUT.resolve("pca.png");
        Plots.pca(real, syn, pca);
        assertNotNull(ImageIO.read(pca.toFile()));

        List<GainEvaluation.ClassifierGain> full = List.of(
                IntervalsTest.gain("logreg", new double[] {0.50, 0.52, 0.49, 0.51, 0.53}, new double[] {0.55, 0.58, 0.53, 0.56, 0.57}),
                IntervalsTest.gain("svm", new double[] {0.60, 0.66, 0.62, 0.64, 0.61}, new double[] {0.59, 0.68, 0.60, 0.63, 0.62}),
                IntervalsTest.gain("tree", new double[] {0.40, 0.45}, new double[] {0.42, 0.41}));
        LowDataSweep.Point p25 = new LowDataSweep.Point(0.25, 20, 30, List.of(
                IntervalsTest.gain("logreg", new double[] {0.40, 0.35, 0.42, 0.38, 0.41}, new double[] {0.48, 0.47, 0.50, 0.44, 0.49}),
                IntervalsTest.gain("svm", new double[] {0.45, 0.40, 0.47, 0.44, 0.41}, new double[] {0.43, 0.42, 0.45, 0.40, 0.44})));
        Path gain = OUT.resolve("gain.png");
        Plots.gain(full, List.of(p25), Metric.ACCURACY, gain);
        var img = ImageIO.read(gain.toFile());
        assertNotNull(img);
        assertEquals(true, img.getWidth() >= 560);
    }

    @Test
    void bandFeaturesBecomeChannelByBandHeatmapsAndPatchesMelByTimeImages() throws Exception {
        Files.createDirectories(OUT);
        var eeg = org.spectrogan.adapters.Recordings.readFile(org.spectrogan.SharedData.require("data/eegmmi-s001/S001R03.edf"),
                org.spectrogan.adapters.AdapterSpec.defaults());
        FeatureTable de = org.spectrogan.features.Features.extract(List.of(eeg), org.spectrogan.features.FeatureSpec.builder()
                .setKind(org.spectrogan.features.FeatureKind.DE).setWindowSeconds(2).setStepSeconds(2).build());
        Plots.Layout layout = Plots.Layout.of(de.featureNames());
        assertEquals(eeg.channelCount(), layout.rows().size(), "one heatmap row per channel");
        assertEquals(5, layout.cols().size(), "one column per band");
        assertEquals(de.featureNames().get(6), layout.rows().get(1) + "_" + layout.cols().get(1) + "_de");
        Path eegPng = OUT.resolve("feature-profiles-eeg.png");
        Plots.featureProfiles(de, shifted(de, 0.3), eegPng);
        assertNotNull(ImageIO.read(eegPng.toFile()));

        var wav = org.spectrogan.adapters.Recordings.readFile(org.spectrogan.SharedData.require("data/fsdd/recordings/3_jackson_12.wav"),
                org.spectrogan.adapters.AdapterSpec.defaults());
        FeatureTable mel = org.spectrogan.features.Features.extract(List.of(wav), org.spectrogan.features.FeatureSpec.builder()
                .setKind(org.spectrogan.features.FeatureKind.LOGMEL).optNpersegSamples(256).optHopSamples(64).optNMels(40)
                .optPatchFrames(16).build());
        Plots.Layout ml = Plots.Layout.of(mel.featureNames());
        assertEquals(40, ml.rows().size(), "one row per mel band");
        assertEquals(16, ml.cols().size(), "one column per frame");
        assertTrue(ml.bottomUp());
        Path audioPng = OUT.resolve("feature-profiles-audio.png");
        Plots.featureProfiles(mel, shifted(mel, -3), audioPng);
        assertNotNull(ImageIO.read(audioPng.toFile()));
        // names of no known layout keep the line plot
        assertEquals(null, Plots.Layout.of(List.of("a", "b", "c")));
    }

    /** The table as synthetic rows, every value shifted by {@code by} in the first half of the columns. */
    private static FeatureTable shifted(FeatureTable t, double by) {
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (FeatureTable.Row r : t.rows()) {
            double[] v = r.values().clone();
            for (int j = 0; j < v.length / 2; j++) {
                v[j] += by;
            }
            rows.add(new FeatureTable.Row(r.label(), "synthetic", FeatureTable.SYNTHETIC, 0, v));
        }
        return new FeatureTable(t.featureNames(), rows);
    }

    private static FeatureTable withOutliers(FeatureTable t) {
        List<FeatureTable.Row> rows = new ArrayList<>(t.rows());
        FeatureTable.Row first = rows.get(0);
        double[] far = first.values().clone();
        java.util.Arrays.fill(far, 12);
        rows.add(new FeatureTable.Row(first.label(), first.group(), first.source(), 0, far));
        double[] far2 = first.values().clone();
        java.util.Arrays.fill(far2, -9);
        rows.add(new FeatureTable.Row(first.label(), first.group(), first.source(), 0, far2));
        return new FeatureTable(t.featureNames(), rows);
    }

    @Test
    void timeSeriesColumnsAreDetectedByOnePrefixAndIncreasingNumbers() {
        List<String> time = new ArrayList<>();
        for (int i = 1; i <= 128; i++) {
            time.add("Time" + i);
        }
        double[] x = Plots.timeSamples(time);
        assertNotNull(x);
        assertEquals(128, x.length);
        assertEquals(1.0, x[0]);
        assertEquals(128.0, x[127]);
        assertNotNull(Plots.timeSamples(List.of("Time1", "Time5", "Time9", "Time13", "Time17", "Time21", "Time25", "Time29")));
        assertEquals(null, Plots.timeSamples(time.subList(0, 7)), "fewer than 8 columns");
        List<String> mixed = new ArrayList<>(time);
        mixed.set(3, "Volt4");
        assertEquals(null, Plots.timeSamples(mixed), "two prefixes");
        List<String> back = new ArrayList<>(time);
        back.set(3, "Time2");
        assertEquals(null, Plots.timeSamples(back), "not increasing");
        assertEquals(null, Plots.timeSamples(List.of("Fp1_alpha_de", "Fp1_beta_de", "a1", "a2", "a3", "a4", "a5", "a6")));
    }

    @Test
    void timeSeriesBecomeClassAverageWaveformsWithSdBands() throws Exception {
        Files.createDirectories(OUT);
        SplittableRandom r = new SplittableRandom(5);
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 128; i++) {
            names.add("Time" + i);
        }
        List<FeatureTable.Row> real = new ArrayList<>();
        List<FeatureTable.Row> synth = new ArrayList<>();
        for (int k = 0; k < 80; k++) {
            for (String c : List.of("related", "unrelated")) {
                double amp = c.equals("related") ? 2 : -3;
                double[] v = new double[128];
                double[] w = new double[128];
                for (int j = 0; j < 128; j++) {
                    double bump = amp * Math.exp(-Math.pow((j - 70) / 12.0, 2));
                    v[j] = bump + r.nextGaussian();
                    w[j] = 0.8 * bump + 1.5 * r.nextGaussian();
                }
                real.add(new FeatureTable.Row(c, "p" + (k % 8), FeatureTable.REAL, 0, v));
                synth.add(new FeatureTable.Row(c, "synthetic", FeatureTable.SYNTHETIC, 0, w));
            }
        }
        Path png = OUT.resolve("waveforms.png");
        Plots.featureProfiles(new FeatureTable(names, real), new FeatureTable(names, synth), png);
        var img = ImageIO.read(png.toFile());
        assertEquals(2 * 560, img.getWidth(), "one panel per class");
        assertEquals(380, img.getHeight());
    }
}
