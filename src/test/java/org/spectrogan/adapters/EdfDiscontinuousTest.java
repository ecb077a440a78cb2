package org.spectrogan.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureKind;
import org.spectrogan.features.FeatureSpec;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.features.Features;
import org.spectrogan.features.LabelPolicy;

/**
 * Record start times of EDF+ files (the time-keeping TAL of each data record): the first record's start is the
 * origin of annotation onsets, and the gaps of an EDF+D file split the recording into pieces that no window
 * straddles. Expectations are worked out by hand from the EDF+ specification (edfplus.info, "time keeping of
 * data records").
 */
class EdfDiscontinuousTest {
    @TempDir
    Path tmp;

    /** Digital sample k of record r is 100 r + k, so the records can be told apart after reading. */
    private static int[] ramp(int records, int spr) {
        int[] d = new int[records * spr];
        for (int r = 0; r < records; r++) {
            for (int k = 0; k < spr; k++) {
                d[r * spr + k] = 100 * r + k;
            }
        }
        return d;
    }

    /** Physical = digital (range -32768..32767 on both sides). */
    private static EdfWriter identity(int spr, int records) {
        return new EdfWriter(spr, 1.0).channel("Cz", ramp(records, spr), -32768, 32767, -32768, 32767);
    }

    @Test
    void annotationOnsetsAreRelativeToTheFirstRecordStart() throws IOException {
        // EDF+C, 4 records of 1 s at 10 Hz; the first record starts 0.5 s after the header's start time.
        Path f = identity(10, 4).recordStarts(0.5, 1.5, 2.5, 3.5)
                .annotate(0.5, 1, "A")        // at the first sample: 0 s
                .annotate(2.0, 1.5, "B")      // 1.5 s after the first sample
                .annotate(0.3, 0.5, "clip")   // starts 0.2 s before the first sample: clipped to 0..0.3 s
                .annotate(0.2, 0.1, "early")  // ends 0.2 s before the first sample: left out
                .write(tmp.resolve("offset.edf"));
        Recording r = Recordings.readFile(f, AdapterSpec.defaults());
        assertEquals(List.of(new LabelledSegment(0, 1, "A"), new LabelledSegment(1.5, 1.5, "B"),
                new LabelledSegment(0, 0.3, "clip")), r.segments());
        assertEquals(1, r.pieces().size(), "EDF+C is one piece");
        assertEquals(4.0, r.spanSeconds(), 0.0);
        // Window 1 s, step 0.5 s: windows inside B [1.5, 3.0] start at 1.5 and 2.0 s (samples 15 and 20).
        FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.PSD).setWindowSeconds(1).setStepSeconds(0.5)
                .optNpersegSamples(10).optLabelPolicy(LabelPolicy.INSIDE).build();
        List<Features.Window> ws = Features.windows(r, r.sampleCount(), spec.resolve(10), LabelPolicy.INSIDE);
        assertEquals(List.of(new Features.Window(0, 0.0, "A"), new Features.Window(15, 1.5, "B"),
                new Features.Window(20, 2.0, "B")), ws);
    }

    @Test
    void aFirstRecordAtZeroLeavesOnsetsAsWritten() throws IOException {
        Path f = identity(10, 3).annotate(0.7, 1.2, "T1").write(tmp.resolve("zero.edf"));
        assertEquals(List.of(new LabelledSegment(0.7, 1.2, "T1")), Recordings.readFile(f, AdapterSpec.defaults()).segments());
    }

    /** A block that does not open with "+onset\x14\x14" keeps no time: its first annotation is no origin. */
    @Test
    void aFirstTalWithTextIsNotTheRecordStart() throws IOException {
        Path f = identity(10, 3).annotate(0.5, 1, "A").write(tmp.resolve("notime.edf"));
        byte[] b = java.nio.file.Files.readAllBytes(f);
        // record 0's annotation block: "+0\x14\x14\0+0.5\x15" "1\x14A\x14\0"; blank out its time-keeping TAL
        int block = 256 * 3 + 10 * 2;
        assertEquals("+0\u0014\u0014\u0000+0.5", new String(b, block, 9, java.nio.charset.StandardCharsets.US_ASCII));
        java.util.Arrays.fill(b, block, block + 5, (byte) 0);
        java.nio.file.Files.write(f, b);
        assertEquals(List.of(new LabelledSegment(0.5, 1, "A")), Recordings.readFile(f, AdapterSpec.defaults()).segments());
    }

    /**
     * EDF+D at 10 Hz, records of 1 s starting (after the header's start time) at 0.25, 1.25, 2.25 | 5.25, 6.25 |
     * 8.75 s: three pieces, at 0, 5.0 and 8.5 s on the recording's time axis, holding samples 0-29, 30-49, 50-59.
     */
    private Path gapped(String name) throws IOException {
        return identity(10, 6).discontinuous(true).recordStarts(0.25, 1.25, 2.25, 5.25, 6.25, 8.75)
                .annotate(0.25, 3, "L")     // 0..3 s: all of piece 0
                .annotate(5.25, 2, "R")     // 5..7 s: all of piece 1
                .annotate(3.25, 1, "X")     // 3..4 s: inside the first gap
                .write(tmp.resolve(name));
    }

    @Test
    void edfPlusDGapsSplitTheRecordingIntoPieces() throws IOException {
        Recording r = Recordings.readFile(gapped("gapped.edf"), AdapterSpec.defaults());
        assertEquals(List.of(new Recording.Piece(0, 30, 0.0), new Recording.Piece(30, 20, 5.0),
                new Recording.Piece(50, 10, 8.5)), r.pieces());
        assertEquals(60, r.sampleCount(), "samples are kept back to back, gaps are not filled");
        assertEquals(9.5, r.spanSeconds(), 1e-12);
        assertEquals(6.0, r.durationSeconds(), 1e-12);
        // Record 3 (digital 300..309) follows record 2 in the arrays and lies at 5.0 s.
        assertEquals(300f, r.channel(0)[30]);
        assertEquals(5.0, r.secondsAt(30), 1e-12);
        assertEquals(5.5, r.secondsAt(35), 1e-12);
        assertEquals(9.0, r.secondsAt(55), 1e-12);
        assertEquals(2.9, r.secondsAt(29), 1e-12);
        assertEquals(List.of(new LabelledSegment(0, 3, "L"), new LabelledSegment(5, 2, "R"),
                new LabelledSegment(3, 1, "X")), r.segments());
        RecordingSummary summary = RecordingSummary.of(List.of(r));
        assertEquals(2, summary.gaps());
        assertEquals(2.0 + 1.5, summary.gapSeconds(), 1e-12, "gaps 3..5 s and 7..8.5 s");
    }

    @Test
    void windowsNeverStraddleAGapAndTakeTheLabelOfTheirTrueTime() throws IOException {
        Recording r = Recordings.readFile(gapped("gapped.edf"), AdapterSpec.defaults());
        FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.PSD).setWindowSeconds(1).setStepSeconds(0.5)
                .optNpersegSamples(10).build();
        for (LabelPolicy policy : LabelPolicy.values()) {
            List<Features.Window> ws = Features.windows(r, r.sampleCount(), spec.resolve(10), policy);
            // Piece 0 (30 samples): windows at 0, 5, ..., 20 (a window at 25 would reach into the gap).
            // Piece 1 (20 samples): at samples 30, 35, 40 = 5.0, 5.5, 6.0 s, all inside R (5..7 s); read as
            // contiguous they would lie at 3.0-4.0 s and take X. Piece 2 (8.5-9.5 s) has no label.
            assertEquals(List.of(new Features.Window(0, 0.0, "L"), new Features.Window(5, 0.5, "L"),
                    new Features.Window(10, 1.0, "L"), new Features.Window(15, 1.5, "L"),
                    new Features.Window(20, 2.0, "L"), new Features.Window(30, 5.0, "R"),
                    new Features.Window(35, 5.5, "R"), new Features.Window(40, 6.0, "R")), ws, policy.id());
        }
    }

    /** A piece's features equal those of a contiguous file holding only that piece's records. */
    @Test
    void featuresOfAPieceEqualThoseOfThePieceAlone() throws IOException {
        int spr = 100;
        int[] all = new int[6 * spr];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < all.length; i++) {
            all[i] = rnd.nextInt(2000) - 1000;
        }
        // Records start at 0, 1, 2 | 3.37 (a gap of 0.37 s, not a whole number of hops) | 4.37, 5.37 s.
        Path d = new EdfWriter(spr, 1.0).channel("Cz", all, -1000, 1000, -1000, 1000).discontinuous(true)
                .recordStarts(0, 1, 2, 3.37, 4.37, 5.37).write(tmp.resolve("d.edf"));
        Path tail = new EdfWriter(spr, 1.0).channel("Cz", java.util.Arrays.copyOfRange(all, 3 * spr, 6 * spr),
                -1000, 1000, -1000, 1000).write(tmp.resolve("tail.edf"));
        FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.DE).setWindowSeconds(1).setStepSeconds(0.5)
                .optNpersegSamples(50).build();
        FeatureTable gappedRows = Features.extract(List.of(Recordings.readFile(d, AdapterSpec.defaults())), spec, 1);
        FeatureTable tailRows = Features.extract(List.of(Recordings.readFile(tail, AdapterSpec.defaults())), spec, 1);
        // 5 windows in each piece of 3 s: t0 0..2 s, then 3.37..5.37 s.
        assertEquals(10, gappedRows.size());
        double[] t0 = gappedRows.rows().stream().mapToDouble(FeatureTable.Row::t0).toArray();
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2, 3.37, 3.87, 4.37, 4.87, 5.37}, t0, 1e-12);
        for (int w = 0; w < 5; w++) {
            assertArrayEquals(tailRows.rows().get(w).values(), gappedRows.rows().get(5 + w).values(), 1e-12, "window " + w);
        }
    }

    /** An EDF+D file without a gap reads as the same file marked EDF+C (as MNE loads such files). */
    @Test
    void edfPlusDWithoutGapsIsOnePiece() throws IOException {
        Recording d = Recordings.readFile(identity(10, 3).discontinuous(true).annotate(1, 1, "a")
                .write(tmp.resolve("nogap.edf")), AdapterSpec.defaults());
        Recording c = Recordings.readFile(identity(10, 3).annotate(1, 1, "a").write(tmp.resolve("c.edf")), AdapterSpec.defaults());
        assertEquals(List.of(new Recording.Piece(0, 30, 0.0)), d.pieces());
        assertArrayEquals(c.channel(0), d.channel(0));
        assertEquals(c.segments(), d.segments());
    }

    @Test
    void piecesShorterThanAWindowAreSaidToBeSo() throws IOException {
        // 3 records of 1 s at 100 Hz, each after a gap: pieces of 1 s, 3 s of signal in all
        int[] x = new int[300];
        Path f = new EdfWriter(100, 1.0).channel("Cz", x, -1, 1, -32768, 32767).discontinuous(true)
                .recordStarts(0, 2, 4).write(tmp.resolve("short.edf"));
        Recording r = Recordings.readFile(f, AdapterSpec.defaults());
        FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.DE).setWindowSeconds(2).setStepSeconds(1).build();
        SpectroganException e = assertThrows(SpectroganException.class, () -> Features.extract(List.of(r), spec, 1));
        assertTrue(e.getMessage().contains("window 2 s (200 samples at 100 Hz) is longer than the recording " + f
                + " (1 s in its longest contiguous piece: it has gaps)"), e.getMessage());
    }

    @Test
    void overlappingRecordsAreRefusedNamingTheFileAndTimes() throws IOException {
        Path f = identity(10, 3).discontinuous(true).recordStarts(0, 1, 1.5).write(tmp.resolve("overlap.edf"));
        SpectroganException e = assertThrows(SpectroganException.class, () -> Recordings.readFile(f, AdapterSpec.defaults()));
        assertTrue(e.getMessage().contains("overlap.edf"), e.getMessage());
        assertTrue(e.getMessage().contains("record 2 starts at 1.5 s, before the end of record 1 at 2.0 s"), e.getMessage());
    }

    @Test
    void bdfPlusDGapsToo() throws IOException {
        Path f = new EdfWriter(4, 0.5).bdf(true).channel("A1", ramp(4, 4), -8388608, 8388607, -8388608, 8388607)
                .discontinuous(true).recordStarts(10, 10.5, 12, 12.5).annotate(12.25, 0.5, "ev").write(tmp.resolve("g.bdf"));
        Recording r = Recordings.readFile(f, AdapterSpec.defaults());
        assertEquals(List.of(new Recording.Piece(0, 8, 0.0), new Recording.Piece(8, 8, 2.0)), r.pieces());
        assertEquals(List.of(new LabelledSegment(2.25, 0.5, "ev")), r.segments());
        assertEquals(200f, r.channel(0)[8]);
    }
}
