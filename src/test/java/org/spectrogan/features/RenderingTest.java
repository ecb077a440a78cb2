package org.spectrogan.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.SharedData;
import org.spectrogan.adapters.AdapterSpec;
import org.spectrogan.adapters.Recording;
import org.spectrogan.adapters.Recordings;

/**
 * Rendered audio has no spike at its edges (the inverse STFT used to divide by a near-zero window sum there and
 * the clip was normalised to that spike), and real rows rendered back are about as loud as the recording.
 */
class RenderingTest {
    /**
     * A one-patch clip (0.15 s) is cut anywhere in a word, so its median says little (near 0 in a pause): there no
     * sample of the first or last 10 ms may exceed this many times the clip's largest sample between them.
     * Measured on the four files below: at most 1.22 with the window-sum floor; 2.4 and 6.0 without it.
     */
    static final double EDGE_FACTOR_PATCH = 1.5;
    /**
     * A whole utterance starts and ends near silence: no sample of its first or last 10 ms may exceed this many
     * times its median absolute amplitude. Measured: at most 4.0 with the floor, 19 without it.
     */
    static final double EDGE_FACTOR_UTTERANCE = 6.0;

    private static final String[] FILES = {"0_george_0.wav", "3_jackson_12.wav", "7_theo_5.wav", "9_nicolas_30.wav"};

    @Test
    void inverseStftOfAKnownSignalIsExactInsideAndHasNoEdgeSpike() {
        int n = 2000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 * Math.sin(2 * Math.PI * 440 * i / 8000.0) + 0.2 * Math.sin(2 * Math.PI * 1234 * i / 8000.0);
        }
        Stft stft = new Stft(256, 256, 64);
        int frames = stft.frameCount(n);
        double[][] re = new double[frames][stft.binCount()];
        double[][] im = new double[frames][stft.binCount()];
        for (int t = 0; t < frames; t++) {
            stft.complex(x, t * 64, re[t], im[t]);
        }
        double[] y = stft.inverse(re, im);
        // inside (where the summed squared window is above the floor) the least-squares inverse is exact
        for (int i = 256; i < y.length - 256; i++) {
            assertEquals(x[i], y[i], 1e-9, "sample " + i);
        }
        for (int i = 0; i < y.length; i++) {
            assertTrue(Math.abs(y[i]) <= 0.7 + 1e-9, "sample " + i + " = " + y[i] + " exceeds the signal's peak");
        }
    }

    @Test
    void realPatchRowsRenderWithoutEdgeSpikesAndAtTheRecordingsLoudness(@TempDir Path dir) throws Exception {
        for (String name : FILES) {
            Recording rec = Recordings.readFile(SharedData.require("data/fsdd/recordings/" + name), AdapterSpec.defaults());
            FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.LOGMEL).optNpersegSamples(256).optHopSamples(64)
                    .optNMels(64).optPatchFrames(16).build();
            FeatureTable t = Features.extract(List.of(rec), spec);
            FeatureMeta meta = Features.meta(List.of(rec), spec);
            assertTrue(t.size() >= 1, name);
            // one clip per patch (as 'render' does by default)
            List<AudioRenderer.Rendered> clips = AudioRenderer.render(t, meta, dir.resolve(name + "-patches"), AudioRenderer.Options.defaults());
            for (AudioRenderer.Rendered c : clips) {
                assertEdgeNotAboveInterior(read(c.file()), 8000, EDGE_FACTOR_PATCH, name + " " + c.file().getFileName());
            }
            // the whole utterance: patches placed at their t0, one Griffin-Lim
            List<AudioRenderer.Rendered> whole = AudioRenderer.renderUtterances(t, meta, dir.resolve(name + "-whole"), AudioRenderer.Options.defaults());
            assertEquals(1, whole.size(), name + ": one utterance");
            double[] y = read(whole.get(0).file());
            assertNoEdgeSpike(y, 8000, EDGE_FACTOR_UTTERANCE, name + " whole");
            double lastT0 = t.rows().stream().mapToDouble(FeatureTable.Row::t0).max().orElseThrow();
            int covered = (int) Math.round(lastT0 * 8000) + 256 + 15 * 64;
            assertEquals(covered, y.length, name + ": the utterance spans every patch");
            float[] x = rec.channel(0);
            double rec1 = rms(x, 0, Math.min(x.length, covered));
            double out = rms(y, 0, y.length);
            assertTrue(out > rec1 / 2 && out < rec1 * 2, name + ": rendered RMS " + out + " vs recording " + rec1);
            System.out.printf(java.util.Locale.ROOT, "%s: recording RMS %.4f, rendered utterance RMS %.4f (%d patches)%n",
                    name, rec1, out, t.size());
        }
    }

    static void assertEdgeNotAboveInterior(double[] y, double rateHz, double factor, String what) {
        int edge = (int) Math.round(0.010 * rateHz);
        double edgeMax = 0;
        double interiorMax = 0;
        for (int i = 0; i < y.length; i++) {
            boolean atEdge = i < edge || i >= y.length - edge;
            if (atEdge) {
                edgeMax = Math.max(edgeMax, Math.abs(y[i]));
            } else {
                interiorMax = Math.max(interiorMax, Math.abs(y[i]));
            }
        }
        assertTrue(edgeMax <= factor * interiorMax, what + ": edge peak " + edgeMax + " vs interior peak " + interiorMax);
    }

    static void assertNoEdgeSpike(double[] y, double rateHz, double factor, String what) {
        int edge = (int) Math.round(0.010 * rateHz);
        double[] abs = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            abs[i] = Math.abs(y[i]);
        }
        double[] sorted = abs.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double edgeMax = 0;
        for (int i = 0; i < Math.min(edge, y.length); i++) {
            edgeMax = Math.max(edgeMax, Math.max(abs[i], abs[y.length - 1 - i]));
        }
        assertTrue(edgeMax <= factor * median, what + ": edge peak " + edgeMax + " vs median |x| " + median);
    }

    private static double[] read(Path wav) {
        float[] s = Recordings.readFile(wav, AdapterSpec.defaults()).channel(0);
        double[] d = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            d[i] = s[i];
        }
        return d;
    }

    private static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }

    private static double rms(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }
}
