package org.spectrogan.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.spectrogan.SharedData;
import org.spectrogan.adapters.AdapterSpec;
import org.spectrogan.adapters.LabelledSegment;
import org.spectrogan.adapters.Recording;
import org.spectrogan.adapters.Recordings;
import org.spectrogan.common.SpectroganException;

/** What an extraction drops, counted per reason against counts computed independently in the tests. */
class ExtractionTest {
    private static final FeatureSpec PATCH = FeatureSpec.builder().setKind(FeatureKind.LOGMEL).optNpersegSamples(256)
            .optHopSamples(64).optNMels(32).optPatchFrames(20).build(); // window 256 + 19 * 64 = 1472 samples

    private static Recording clip(String name, int samples, String label) {
        float[] x = new float[samples];
        for (int t = 0; t < samples; t++) {
            x[t] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * t / 8000.0) + 0.1 * Math.sin(2 * Math.PI * 1234 * t / 8000.0));
        }
        return new Recording(new float[][] {x}, 8000, List.of("M"), "", Path.of(name), "wav", "spk",
                List.of(new LabelledSegment(0, samples / 8000.0, label)));
    }

    @Test
    void aPaddedShortClipKeepsItsLabelUnderBothPolicies() throws Exception {
        Recording shortClip = clip("3_a_1.wav", 1000, "3"); // 1000 < 1472 samples
        for (LabelPolicy policy : LabelPolicy.values()) {
            FeatureSpec spec = PATCH.toBuilder().optPadShort(true).optLabelPolicy(policy).build();
            Extraction e = Features.extraction(List.of(shortClip), spec, 1);
            assertEquals(1, e.table().size(), policy.id());
            assertEquals("3", e.table().rows().get(0).label(), policy.id());
            assertEquals(List.of(), e.drops(), policy.id());
            // the reference: the same clip zero-padded by hand, labelled over its whole (padded) length
            float[] padded = Arrays.copyOf(shortClip.channel(0), 1472);
            Recording byHand = new Recording(new float[][] {padded}, 8000, List.of("M"), "", Path.of("p.wav"), "wav", "spk",
                    List.of(new LabelledSegment(0, 1472 / 8000.0, "3")));
            FeatureTable ref = Features.extract(List.of(byHand), PATCH.toBuilder().optLabelPolicy(policy).build(), 1);
            assertArrayEquals(ref.rows().get(0).values(), e.table().rows().get(0).values(), 0.0, policy.id());
        }
        // without padShort, the short clip is counted as too short (the long one keeps its rows)
        Recording longClip = clip("3_a_2.wav", 4000, "3"); // 1 + (4000 - 1472) / 1280 = 2 windows
        Extraction e = Features.extraction(List.of(shortClip, longClip), PATCH, 1);
        assertEquals(2, e.table().size());
        assertEquals(new Extraction.Drop(DropReason.TOO_SHORT, 1, 0, "3_a_1.wav"), e.drop(DropReason.TOO_SHORT));
        assertEquals(2, e.recordingsRead());
        assertEquals(1, e.recordingsKept());
        assertTrue(e.summary().startsWith("dropped 1 of 2 recordings shorter than one window (e.g. 3_a_1.wav)"), e.summary());
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(e);
        assertEquals("{\"recordingsRead\":2,\"recordingsKept\":1,\"windowsCut\":2,\"drops\":[{\"reason\":\"too-short\","
                + "\"recordings\":1,\"windows\":0,\"example\":\"3_a_1.wav\"}]}", json);
    }

    @Test
    void windowsOutsideTheLabelsAndAmbiguousOnesAreCountedWithAnExample() {
        // 100 Hz, 30 s; windows of 2 s every 1 s start at 0..28 s (29 windows)
        List<LabelledSegment> segs = List.of(new LabelledSegment(0, 10, "A"), new LabelledSegment(15, 15, "B"),
                new LabelledSegment(20, 5, "C")); // (onset, duration)
        Recording rec = FeaturesTest.noise(100, 3000, 2, 5, segs);
        FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.DE).setWindowSeconds(2).setStepSeconds(1).build();
        int outside = 0;
        int ambiguous = 0;
        for (int s = 0; s + 2 <= 30; s++) {
            boolean inA = s + 2 <= 10;
            boolean inB = s >= 15 && s + 2 <= 30;
            boolean inC = s >= 20 && s + 2 <= 25;
            if (inB && inC) {
                ambiguous++;
            } else if (!inA && !inB && !inC) {
                outside++;
            }
        }
        Extraction e = Features.extraction(List.of(rec), spec, 1);
        assertEquals(29, e.windowsCut());
        assertEquals(new Extraction.Drop(DropReason.OUTSIDE_LABELS, 1, outside, "r5.edf at 9 s"), e.drop(DropReason.OUTSIDE_LABELS));
        assertEquals(new Extraction.Drop(DropReason.AMBIGUOUS_LABEL, 1, ambiguous, "r5.edf at 20 s"), e.drop(DropReason.AMBIGUOUS_LABEL));
        assertEquals(29 - outside - ambiguous, e.table().size());
        assertEquals(List.of(DropReason.OUTSIDE_LABELS, DropReason.AMBIGUOUS_LABEL), e.drops().stream().map(Extraction.Drop::reason).toList());
    }

    @Test
    void nothingLeftIsStillAnError() {
        assertThrows(SpectroganException.class, () -> Features.extraction(List.of(clip("a.wav", 100, "x")), PATCH, 1));
    }

    /** Samples of a PCM WAV from its header: the data chunk's size over the block align. */
    private static long wavSamples(Path wav) throws IOException {
        byte[] b;
        try (InputStream in = Files.newInputStream(wav)) {
            b = in.readAllBytes();
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = -1;
        int at = 12;
        while (at + 8 <= b.length) {
            String id = new String(b, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int size = buf.getInt(at + 4);
            if (id.equals("fmt ")) {
                blockAlign = buf.getShort(at + 8 + 12);
            } else if (id.equals("data")) {
                return Math.min(size, b.length - at - 8) / blockAlign;
            }
            at += 8 + size + (size & 1);
        }
        throw new IllegalStateException(wav + ": no data chunk");
    }

    @Test
    void fsddShortClipsAreCountedAndPaddedAsThePipelineAsks() throws IOException {
        Path folder = SharedData.require("data/fsdd/recordings");
        Path adapter = SharedData.projectRoot().resolve("data-adapters/fsdd.json");
        // the shipped pipeline's features: 256 + 15 * 200 = 3256 samples per patch, step one patch (3200)
        FeatureSpec fsdd = FeatureSpec.builder().setKind(FeatureKind.LOGMEL).optNpersegSamples(256).optHopSamples(200)
                .optNMels(20).optPatchFrames(16).build();
        int window = 3256;
        int step = 3200;
        List<Long> lengths = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".wav")).sorted().toList()) {
                lengths.add(wavSamples(f));
            }
        }
        long shortClips = lengths.stream().filter(n -> n < window).count();
        long windowsOfLong = lengths.stream().filter(n -> n >= window).mapToLong(n -> 1 + (n - window) / step).sum();
        assertTrue(shortClips > 0 && shortClips < lengths.size(), "fsdd has short and long clips: " + shortClips);

        List<Recording> recs = Recordings.read(folder, AdapterSpec.load(adapter));
        assertEquals(lengths.size(), recs.size());
        Extraction dropped = Features.extraction(recs, fsdd, 2);
        assertEquals(shortClips, dropped.drop(DropReason.TOO_SHORT).recordings());
        assertEquals(windowsOfLong, dropped.table().size());
        assertEquals(lengths.size() - shortClips, dropped.recordingsKept());

        Extraction padded = Features.extraction(recs, fsdd.toBuilder().optPadShort(true).build(), 2);
        assertEquals(List.of(), padded.drops(), padded.summary());
        assertEquals(windowsOfLong + shortClips, padded.table().size());
        assertEquals(lengths.size(), padded.recordingsKept());
    }
}
