package org.spectrogan.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.SharedData;
import org.spectrogan.adapters.AdapterSpec;
import org.spectrogan.adapters.Recording;
import org.spectrogan.adapters.Recordings;

class AudioFeaturesTest {

    @Test
    void stftMagnitudeMatchesScipyOnFsdd() throws Exception {
        TestSignals.Csv ref = TestSignals.readCsv(SharedData.require("reference/fsdd-0_george_0-stft-magnitude-nperseg256-hop64.csv"));
        Recording rec = Recordings.readFile(SharedData.require("data/fsdd/recordings/0_george_0.wav"), AdapterSpec.defaults());
        // as features: one frame per row, every hop
        FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.STFT).optNpersegSamples(256).optHopSamples(64)
                .optPatchFrames(1).build();
        FeatureTable t = Features.extract(List.of(rec), spec);
        int frames = ref.header().size() - 1;
        assertEquals(frames, t.size());
        assertEquals(129, t.featureCount());
        double worst = 0;
        for (int f = 0; f < frames; f++) {
            assertEquals(f * 64 / 8000.0, t.rows().get(f).t0(), 1e-12);
            for (int k = 0; k < 129; k++) {
                double e = ref.rows()[k][f + 1];
                double got = t.rows().get(f).values()[k];
                worst = Math.max(worst, Math.abs(got - e));
                assertEquals(e, got, 1e-6 * Math.max(1e-3, Math.abs(e)), "frame " + f + " bin " + k);
            }
        }
        System.out.println("fsdd STFT magnitude: worst absolute error " + worst);
        // as one patch of all frames: value[k * frames + t]
        FeatureSpec patch = spec.toBuilder().optPatchFrames(frames).build();
        FeatureTable p = Features.extract(List.of(rec), patch);
        assertEquals(1, p.size());
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < 129; k++) {
                assertEquals(t.rows().get(f).values()[k], p.rows().get(0).values()[k * frames + f], 0.0);
            }
        }
        assertEquals("stft_31.25Hz_t0", p.featureNames().get(frames));
    }

    @Test
    void melScalesMatchLibrosaFormulas() {
        assertEquals(15.0, MelScale.SLANEY.hzToMel(1000), 1e-12);
        assertEquals(3.0, MelScale.SLANEY.hzToMel(200), 1e-12);
        assertEquals(1000.0 * 6.4, MelScale.SLANEY.melToHz(15 + 27), 1e-9); // 27 log steps of ln(6.4)/27
        assertEquals(999.9855, MelScale.HTK.hzToMel(1000), 1e-4);
        Random rnd = new Random(3);
        for (int i = 0; i < 100; i++) {
            double hz = rnd.nextDouble() * 20000;
            for (MelScale s : MelScale.values()) {
                assertEquals(hz, s.melToHz(s.hzToMel(hz)), 1e-9 * (1 + hz));
            }
        }
    }

    @Test
    void slaneyNormalisedTrianglesHaveUnitAreaAndPinvInvertsSmoothSpectra() {
        double rate = 22050;
        int nfft = 2048;
        MelFilterbank fb = new MelFilterbank(rate, nfft, 40, 0, rate / 2, MelScale.SLANEY);
        double df = rate / nfft;
        for (int m = 0; m < 40; m++) {
            double area = 0;
            for (double w : fb.weights()[m]) {
                area += w * df;
            }
            assertEquals(1.0, area, 0.05, "mel " + m); // triangles sampled on the bin grid
        }
        // mel -> pinv -> mel is the identity on the mel side
        double[] mel = new double[40];
        Random rnd = new Random(5);
        for (int m = 0; m < 40; m++) {
            mel[m] = 0.5 + rnd.nextDouble();
        }
        double[] power = new double[fb.binCount()];
        double[] back = new double[40];
        fb.invert(mel, power);
        fb.apply(power, back);
        for (int m = 0; m < 40; m++) {
            assertEquals(mel[m], back[m], 1e-3 * mel[m], "mel " + m);
        }
    }

    @Test
    void dctIsOrthonormalAndMatchesTheDefinition() {
        int n = 12;
        Dct dct = new Dct(n, n);
        double[] x = new double[n];
        Random rnd = new Random(9);
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
        }
        double[] c = new double[n];
        dct.forward(x, c);
        // scipy.fft.dct(x, 2, norm="ortho"): c0 = sum(x) / sqrt(n)
        double sum = 0;
        double energyX = 0;
        double energyC = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i];
            energyX += x[i] * x[i];
            energyC += c[i] * c[i];
        }
        assertEquals(sum / Math.sqrt(n), c[0], 1e-12);
        assertEquals(energyX, energyC, 1e-10);
        double[] back = new double[n];
        dct.inverse(c, back);
        assertArrayEquals(x, back, 1e-12);
    }

    @Test
    void griffinLimRebuildsAChirpWithLowSpectralConvergence() {
        double rate = 8000;
        int n = 8000;
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            double s = t / rate;
            x[t] = 0.5 * Math.sin(2 * Math.PI * (200 * s + 400 * s * s)) + 0.2 * Math.sin(2 * Math.PI * 1200 * s);
        }
        Stft stft = new Stft(256, 256, 64);
        int frames = stft.frameCount(n);
        double[][] mag = new double[frames][stft.binCount()];
        for (int f = 0; f < frames; f++) {
            stft.magnitude(x, f * 64, mag[f]);
        }
        GriffinLim.Result r = GriffinLim.reconstruct(mag, 256, 256, 64, 60, 0.99, 1);
        System.out.println("Griffin-Lim on a chirp, 60 iterations: spectral convergence " + r.spectralConvergence());
        assertTrue(r.spectralConvergence() < 0.1, "spectral convergence " + r.spectralConvergence());
        GriffinLim.Result few = GriffinLim.reconstruct(mag, 256, 256, 64, 0, 0.99, 1);
        assertTrue(few.spectralConvergence() > 2 * r.spectralConvergence(), "random phases are worse: " + few.spectralConvergence());
    }

    @Test
    void logmelAndMfccRowsRenderToWavThroughTheSidecar(@TempDir Path dir) throws Exception {
        Recording rec = Recordings.readFile(SharedData.require("data/fsdd/recordings/0_george_0.wav"), AdapterSpec.defaults());
        for (FeatureKind kind : List.of(FeatureKind.LOGMEL, FeatureKind.MFCC, FeatureKind.STFT)) {
            FeatureSpec spec = FeatureSpec.builder().setKind(kind).optNpersegSamples(256).optHopSamples(64)
                    .optNMels(40).optNMfcc(40).optPatchFrames(16).build();
            FeatureTable t = Features.extract(List.of(rec), spec);
            FeatureMeta meta = Features.meta(List.of(rec), spec);
            Path csv = dir.resolve(kind.id() + ".csv");
            t.write(csv);
            meta.writeBeside(csv);
            FeatureMeta back = FeatureMeta.readBeside(csv);
            assertEquals(meta, back);
            List<AudioRenderer.Rendered> out = AudioRenderer.render(FeatureTable.read(csv), back, dir.resolve("wav-" + kind.id()));
            assertEquals(t.size(), out.size());
            for (AudioRenderer.Rendered r : out) {
                assertTrue(Files.size(r.file()) == 44 + 2L * (256 + 15 * 64), r.file().toString());
                assertTrue(r.spectralConvergence() < 0.5, kind + " " + r.spectralConvergence());
                Recording wav = Recordings.readFile(r.file(), AdapterSpec.defaults());
                assertEquals(8000.0, wav.sampleRateHz());
            }
            System.out.println(kind.id() + " render: " + out.size() + " clips, first spectral convergence "
                    + out.get(0).spectralConvergence());
        }
    }

    /** Log-mel of a known signal back through the mel pseudo-inverse and Griffin-Lim, judged against the true STFT. */
    @Test
    void logmelOfAChirpRendersCloseToItsTrueSpectrogram() {
        double rate = 8000;
        int frames = 60;
        int n = 256 + (frames - 1) * 64;
        float[][] x = new float[1][n];
        double[] xd = new double[n];
        for (int t = 0; t < n; t++) {
            double s = t / rate;
            xd[t] = 0.5 * Math.sin(2 * Math.PI * (300 * s + 600 * s * s));
            x[0][t] = (float) xd[t];
        }
        Recording rec = new Recording(x, rate, List.of("a"), "", Path.of("chirp.wav"), "wav", "c", List.of());
        FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.LOGMEL).optNpersegSamples(256).optHopSamples(64)
                .optNMels(80).optPatchFrames(frames).build();
        FeatureTable t = Features.extract(List.of(rec), spec);
        FeatureMeta meta = Features.meta(List.of(rec), spec);
        GriffinLim.Result r = AudioRenderer.renderRow(t.rows().get(0).values(), meta, AudioRenderer.Options.defaults());
        Stft stft = new Stft(256, 256, 64);
        double[][] truth = new double[frames][stft.binCount()];
        for (int f = 0; f < frames; f++) {
            stft.magnitude(xd, f * 64, truth[f]);
        }
        double sc = GriffinLim.spectralConvergence(truth, r.signal(), stft);
        System.out.println("chirp log-mel (80 mels) -> pinv -> Griffin-Lim: spectral convergence vs the true STFT " + sc
                + " (vs the pinv magnitude " + r.spectralConvergence() + ")");
        assertTrue(sc < 0.15, "spectral convergence " + sc);
    }

    @Test
    void wildSyntheticRowsStillRenderToFiniteAudio(@TempDir Path dir) throws Exception {
        Recording rec = TestSignals.sines(8000, 4000, new double[] {440}, new double[] {0.5}, "s", List.of());
        FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.MFCC).optNpersegSamples(256).optHopSamples(64)
                .optNMels(32).optNMfcc(13).optPatchFrames(8).build();
        FeatureMeta meta = Features.meta(List.of(rec), spec);
        double[] wild = new double[13 * 8];
        Random rnd = new Random(2);
        for (int i = 0; i < wild.length; i++) {
            wild[i] = rnd.nextGaussian() * 1e4;
        }
        FeatureTable t = new FeatureTable(Features.featureNames(spec.resolve(8000), List.of()),
                List.of(new FeatureTable.Row("x", "g", "synthetic", 0, wild)));
        List<AudioRenderer.Rendered> out = AudioRenderer.render(t, meta, dir, AudioRenderer.Options.defaults());
        assertEquals(1, out.size());
        assertTrue(Double.isFinite(out.get(0).spectralConvergence()));
        Recording back = Recordings.readFile(out.get(0).file(), AdapterSpec.defaults());
        for (float v : back.channel(0)) {
            assertTrue(Float.isFinite(v) && Math.abs(v) <= 1f);
        }
    }
}
