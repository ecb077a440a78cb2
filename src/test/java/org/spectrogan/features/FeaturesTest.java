package org.spectrogan.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spectrogan.adapters.LabelledSegment;
import org.spectrogan.adapters.Recording;
import org.spectrogan.common.SpectroganException;

class FeaturesTest {

    static Recording noise(double rate, int samples, int channels, long seed, List<LabelledSegment> segs) {
        Random rnd = new Random(seed);
        float[][] x = new float[channels][samples];
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < channels; c++) {
            names.add("C" + c + "..");
            for (int t = 0; t < samples; t++) {
                x[c][t] = (float) (rnd.nextGaussian() * (c + 1) + Math.sin(2 * Math.PI * 10 * t / rate));
            }
        }
        return new Recording(x, rate, names, "uV", Path.of("r" + seed + ".edf"), "edf", "g" + seed, segs);
    }

    @Test
    void sharedSegmentGridGivesTheSameValuesAsWindowByWindow() {
        Recording rec = noise(128, 128 * 30, 3, 1, List.of());
        // step 1 s is a multiple of the Welch hop (64): grid path; step 0.75 s = 96 samples is not: direct path
        for (double step : new double[] {1.0, 0.75}) {
            FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.PSD).setWindowSeconds(2).setStepSeconds(step).build();
            FeatureTable t = Features.extract(List.of(rec), spec, 1);
            Welch w = new Welch(128, 128, 128);
            double[] psd = new double[w.binCount()];
            for (FeatureTable.Row row : t.rows()) {
                int start = (int) Math.round(row.t0() * 128);
                for (int c = 0; c < 3; c++) {
                    w.psd(rec.channel(c), start, 256, psd, new double[w.binCount()]);
                    for (int k = 0; k < psd.length; k++) {
                        assertEquals(psd[k], row.values()[c * psd.length + k], 1e-12 * psd[k], "step " + step);
                    }
                }
            }
            assertEquals("C0_psd_0Hz", t.featureNames().get(0));
            assertEquals("C2_psd_64Hz", t.featureNames().get(t.featureCount() - 1));
        }
    }

    @Test
    void bandPowerAndDeFollowTheDefinitionOnASine() {
        // a 10 Hz sine of amplitude A has power A^2/2, nearly all in the alpha band 8-14 Hz
        double rate = 256;
        Recording rec = TestSignals.sines(rate, 256 * 20, new double[] {10}, new double[] {3}, "s", List.of());
        FeatureSpec bp = FeatureSpec.builder().setKind(FeatureKind.BANDPOWER).setWindowSeconds(4).setStepSeconds(2).build();
        FeatureTable t = Features.extract(List.of(rec), bp);
        int alpha = t.featureNames().indexOf("ch_alpha_bp");
        for (FeatureTable.Row r : t.rows()) {
            assertEquals(4.5, r.values()[alpha], 0.02 * 4.5);
        }
        FeatureTable de = Features.extract(List.of(rec), bp.toBuilder().setKind(FeatureKind.DE).build());
        for (int i = 0; i < t.size(); i++) {
            for (int j = 0; j < t.featureCount(); j++) {
                double p = Math.max(t.rows().get(i).values()[j], Features.MIN_BAND_POWER);
                assertEquals(0.5 * Math.log(2 * Math.PI * Math.E * p), de.rows().get(i).values()[j], 1e-12);
            }
        }
    }

    @Test
    void labelPoliciesInsideAndMajority() {
        List<LabelledSegment> segs = List.of(new LabelledSegment(0, 3, "a"), new LabelledSegment(3, 4, "b"),
                new LabelledSegment(7, 3, "a"));
        Recording rec = noise(100, 1000, 1, 2, segs);
        FeatureSpec inside = FeatureSpec.builder().setKind(FeatureKind.DE).setWindowSeconds(2).setStepSeconds(1).build();
        FeatureTable t = Features.extract(List.of(rec), inside);
        // windows at 0..8 s; inside: [0,2) [1,3) -> a; [3,5) [4,6) [5,7) -> b; [7,9) [8,10) -> a
        assertEquals(List.of(0.0, 1.0, 3.0, 4.0, 5.0, 7.0, 8.0), t.rows().stream().map(FeatureTable.Row::t0).toList());
        assertEquals(List.of("a", "a", "b", "b", "b", "a", "a"), t.rows().stream().map(FeatureTable.Row::label).toList());
        assertEquals("g2", t.rows().get(0).group());
        FeatureTable m = Features.extract(List.of(rec), inside.toBuilder().optLabelPolicy(LabelPolicy.MAJORITY).build());
        // [2,4) is split 1 s / 1 s: no majority, dropped; [6,8) likewise
        assertEquals(List.of(0.0, 1.0, 3.0, 4.0, 5.0, 7.0, 8.0), m.rows().stream().map(FeatureTable.Row::t0).toList());
        FeatureSpec threeS = inside.toBuilder().setWindowSeconds(3).optLabelPolicy(LabelPolicy.MAJORITY).build();
        FeatureTable m3 = Features.extract(List.of(rec), threeS);
        // [1,4): a 2 s, b 1 s -> a; [2,5): b 2 s -> b
        assertEquals("a", m3.rows().get(1).label());
        assertEquals("b", m3.rows().get(2).label());
        assertEquals(8, m3.size());
    }

    @Test
    void channelSelectionByNameWithOrWithoutDots() {
        Recording rec = noise(100, 500, 3, 3, List.of());
        FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.DE).setWindowSeconds(2).setStepSeconds(1)
                .optChannels(List.of("C2", "c0..")).optBands(Band.parseList("alpha:8-12")).build();
        FeatureTable t = Features.extract(List.of(rec), spec);
        assertEquals(List.of("C2_alpha_de", "C0_alpha_de"), t.featureNames());
        SpectroganException e = assertThrows(SpectroganException.class, () -> Features.extract(List.of(rec),
                spec.toBuilder().optChannels(List.of("Cz")).build()));
        assertTrue(e.getMessage().contains("no channel 'Cz'"), e.getMessage());
    }

    @Test
    void badSpecsNameValueAndUnit() {
        Recording rec = noise(100, 500, 1, 4, List.of());
        FeatureSpec.Builder de = FeatureSpec.builder().setKind(FeatureKind.DE).setWindowSeconds(2).setStepSeconds(1);
        assertMessage(() -> Features.extract(List.of(rec), de.setWindowSeconds(6).build()), "window 6 s (600 samples at 100 Hz) is longer than the recording");
        assertMessage(() -> Features.extract(List.of(rec), de.setWindowSeconds(2).optNpersegSamples(256).build()), "nperseg 256 samples is longer than the window 2 s (200 samples at 100 Hz)");
        assertMessage(() -> Features.extract(List.of(rec), de.optNpersegSamples(0).optBands(Band.parseList("x:40-60")).build()), "band x:40-60 Hz reaches above the Nyquist frequency 50 Hz");
        assertMessage(() -> de.optBands(null).setStepSeconds(0).build(), "window step is missing");
        assertMessage(() -> Band.parseList("alpha:14-8"), "alpha: 14.0-8.0 Hz is not a frequency range");
        assertMessage(() -> Band.parseList("alpha=8-14"), "not NAME:LO-HI");
        assertMessage(() -> FeatureSpec.builder().setKind(FeatureKind.LOGMEL).optFmaxHz(8000).build().resolve(8000),
                "fmax 8000 Hz is above the Nyquist frequency 4000 Hz");
        Recording other = new Recording(new float[][] {new float[500]}, 200, List.of("C0.."), "", Path.of("b.edf"), "edf", "b", List.of());
        assertMessage(() -> Features.extract(List.of(rec, other), de.setStepSeconds(1).build()), "sample rates differ: r4.edf has 100 Hz, b.edf has 200 Hz");
        List<LabelledSegment> shortSegs = List.of(new LabelledSegment(0, 1, "a"), new LabelledSegment(1, 1, "b"));
        assertMessage(() -> Features.extract(List.of(rec.withSegments(shortSegs)), de.build()), "no window left after labelling");
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        SpectroganException e = assertThrows(SpectroganException.class, call);
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }

    @Test
    void specAndMetaRoundTripThroughJsonAndUnknownKeysAreRefused() {
        FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.MFCC).optNMels(40).optNMfcc(13).optPatchFrames(8)
                .optMelScale(MelScale.HTK).optBands(Band.parseList("a:1-2")).optPadShort(true).build();
        Recording rec = TestSignals.sines(8000, 8000, new double[] {440}, new double[] {0.5}, "s", List.of());
        FeatureMeta meta = Features.meta(List.of(rec), spec);
        FeatureMeta back = FeatureMeta.parse(meta.toJson());
        assertEquals(meta, back);
        assertEquals(FeatureKind.MFCC, back.kind());
        assertTrue(meta.toJson().contains("\"kind\" : \"mfcc\""), meta.toJson());
        assertMessage(() -> FeatureMeta.parse(meta.toJson().replace("\"nMels\"", "\"melCount\"")), "melCount");
        assertEquals(13 * 8, Features.extract(List.of(rec), spec).featureCount());
    }

    @Test
    void framesCountWholeFramesOnly() {
        assertEquals(3, Frames.count(10, 4, 3), "frames at 0, 3, 6; one at 9 would end at 13");
        assertEquals(1, Frames.count(4, 4, 9));
        assertEquals(0, Frames.count(3, 4, 1));
        assertEquals(1 + (5_000_000_000L - 1000) / 500, Frames.count(5_000_000_000L, 1000, 500));
    }

    @Test
    void monoMixIsTheMeanOverChannels() {
        float[] a = {1, 2, 3, -8};
        float[] b = {3, 4, 5.5f, 0};
        float[] c = {2, 0, 1, 2};
        assertArrayEquals(new float[] {2, 3, 4.25f, -4}, Features.monoMix(new float[][] {a, b}));
        assertArrayEquals(new float[] {2, 2, 9.5f / 3, -2}, Features.monoMix(new float[][] {a, b, c}));
        assertTrue(Features.monoMix(new float[][] {a}) == a, "one channel is not copied");
        assertThrows(IllegalArgumentException.class, () -> Features.monoMix(new float[][] {a, {1}}));
    }

    @Test
    void audioPatchesMixChannelsToMonoAndPadShortClips() {
        float[][] x = new float[2][1000];
        for (int t = 0; t < 1000; t++) {
            x[0][t] = (float) Math.sin(2 * Math.PI * 500 * t / 8000.0);
            x[1][t] = x[0][t];
        }
        Recording stereo = new Recording(x, 8000, List.of("L", "R"), "", Path.of("st.wav"), "wav", "st", List.of());
        Recording mono = new Recording(new float[][] {x[0]}, 8000, List.of("M"), "", Path.of("m.wav"), "wav", "m", List.of());
        FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.LOGMEL).optNpersegSamples(256).optHopSamples(64)
                .optNMels(32).optPatchFrames(20).optPadShort(true).build();
        // 1000 samples < 256 + 19*64 = 1472: padded to one window
        FeatureTable a = Features.extract(List.of(stereo), spec);
        FeatureTable b = Features.extract(List.of(mono), spec);
        assertEquals(1, a.size());
        assertArrayEquals(b.rows().get(0).values(), a.rows().get(0).values(), 1e-9);
        assertMessage(() -> Features.extract(List.of(mono), spec.toBuilder().optPadShort(false).build()),
                "is longer than the recording m.wav (0.125 s); use a shorter window or padShort");
    }
}
