package org.spectrogan.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;

/**
 * One test per crash or allocation class of issue 14, each building its hostile bytes here: every one must end
 * in a one-line {@link SpectroganException} naming the file (or read correctly), never a library exception, an
 * out-of-memory error or an allocation beyond what the file holds.
 */
class HostileFilesTest {
    @TempDir
    Path tmp;

    /** Small limits, so an allocation driven by a header instead of the data fails the test. */
    static final ReadLimits SMALL = new ReadLimits(4_000_000, 16_000_000);

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private SpectroganException refused(Path p, String... words) {
        return refused(p, AdapterSpec.defaults(), words);
    }

    private SpectroganException refused(Path p, AdapterSpec spec, String... words) {
        SpectroganException e = assertThrows(SpectroganException.class, () -> Recordings.read(p, spec, SMALL));
        String m = e.getMessage();
        assertTrue(m.contains(p.getFileName().toString()), m);
        assertTrue(!m.contains("\n") && m.length() < 400, "one short line: " + m);
        for (String w : words) {
            assertTrue(m.contains(w), "'" + w + "' in: " + m);
        }
        return e;
    }

    @Test
    void edfRecordDurationThatMakesTheRateInfinite() throws IOException {
        refused(write("tiny.edf", HostileBytes.field(HostileBytes.edf(), 244, 8, "1e-320")), "sample rate");
    }

    @Test
    void edfZeroOrMinusOneRecordsOfTwentyMillionSamples() throws IOException {
        byte[] base = HostileBytes.edf(1, 16, 1, "1", "1");
        int sprOffset = 256 + 216;
        for (String records : new String[] {"0", "-1"}) {
            byte[] f = HostileBytes.field(HostileBytes.field(base, 236, 8, records), sprOffset, 8, "20000000");
            refused(write("big" + records + ".edf", f));
        }
    }

    @Test
    void edfWithZeroRecordsIsAnEmptyRecording() throws IOException {
        refused(write("empty.edf", HostileBytes.edf(2, 16, 0, "0", "1")), "0 data records");
    }

    @Test
    void edfInAZipWhoseHeaderPromisesMoreRecordsThanTheEntryHolds() throws IOException {
        // 64 signals x 500 samples per record x 1,000,000 records promised; the entry holds 2 records.
        byte[] f = HostileBytes.field(HostileBytes.edf(64, 500, 2, "2", "1"), 236, 8, "1000000");
        Path zip = write("claims.zip", HostileBytes.zip(Map.of("x.edf", f)));
        refused(zip, "truncated");
    }

    @Test
    void edfPhysicalRangeBeyondFloat() throws IOException {
        byte[] f = HostileBytes.field(HostileBytes.edf(1, 16, 2, "2", "1"), 256 + 104, 8, "-1e308");
        refused(write("range.edf", f), "float32");
    }

    @Test
    void edfAskingForMoreSamplesThanTheLimit() throws IOException {
        // A valid 4-record file read under a limit of 100 samples: refused before allocating, naming the property.
        Path p = write("ok.edf", HostileBytes.edf());
        SpectroganException e = assertThrows(SpectroganException.class,
                () -> Recordings.read(p, AdapterSpec.defaults(), new ReadLimits(100, 1000)));
        assertTrue(e.getMessage().contains(ReadLimits.MAX_SAMPLES_PROPERTY), e.getMessage());
        assertEquals(2 * 64, Recordings.read(p, AdapterSpec.defaults(), SMALL).get(0).sampleCount() * 2);
    }

    @Test
    void wavChunkSizeNearTwoToThe31() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(0x7FFFFFF9).put(new byte[24]);
        refused(write("chunk.wav", b.array()));
    }

    @Test
    void wavMuLawWithSixteenBits() throws IOException {
        refused(write("mulaw.wav", HostileBytes.wav(7, 16, 1, 8000, 32, -1)), "mu-law");
    }

    @Test
    void wavSampleRateZero() throws IOException {
        refused(write("rate0.wav", HostileBytes.wav(1, 16, 1, 0, 32, -1)), "0 Hz");
    }

    @Test
    void wavWithTensOfThousandsOfFloat64Channels() throws IOException {
        byte[] f = HostileBytes.wav(3, 64, 1, 8000, 8, -1);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 56753).putShort(32, (short) (56753 * 8));
        Path p = write("wide.wav", f);
        try {
            Recordings.read(p, AdapterSpec.defaults(), SMALL);
        } catch (SpectroganException e) {
            assertTrue(e.getMessage().contains("wide.wav"), e.getMessage());
        }
    }

    @Test
    void wavDataChunkSizeIsNotTrustedForAllocation() throws IOException {
        // 100 bytes of data announced as 0x7FFFFFF0: reading must not reserve for the announced size.
        Path p = write("trust.wav", HostileBytes.wav(1, 16, 1, 8000, 50, 0x7FFFFFF0L));
        SpectroganException e = assertThrows(SpectroganException.class,
                () -> Recordings.read(p, AdapterSpec.defaults(), new ReadLimits(2_000_000, 1000)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void matFlippedDimensionBytes() throws IOException {
        byte[] f = HostileBytes.mat();
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(HostileBytes.MAT_DIMS_OFFSET + 4, 0x7F000028);
        refused(write("dims.mat", f));
    }

    @Test
    void matNameTagOfTwoGigabytes() throws IOException {
        byte[] f = HostileBytes.mat();
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(HostileBytes.MAT_DIMS_OFFSET + 8 + 4, 0x7FFFFFFF);
        refused(write("name.mat", f), "corrupt");
    }

    @Test
    void matEveryByteOfTheMatrixFlipped() throws IOException {
        // Covers the flipped-sparse class too: whatever a flipped byte does inside the matrix, the outcome is a
        // recording or a SpectroganException, never IndexOutOfBounds from MFL.
        byte[] base = HostileBytes.mat();
        for (int i = 128; i < 128 + 64; i++) {
            byte[] f = base.clone();
            f[i] ^= (byte) 0xA5;
            Path p = write("flip" + i + ".mat", f);
            try {
                Recordings.read(p, AdapterSpec.defaults().toBuilder().optRateHz(100.0).build(), SMALL);
            } catch (SpectroganException e) {
                assertTrue(e.getMessage().contains(p.getFileName().toString()), e.getMessage());
            }
        }
    }

    @Test
    void matDoublesThatOverflowFloat() throws IOException {
        double[] v = new double[20];
        v[13] = 1e39;
        refused(write("big.mat", HostileBytes.mat("x", 1, 20, v)), AdapterSpec.defaults().toBuilder().optRateHz(10.0).build(),
                "sample 14", "float32");
    }

    @Test
    void zipEntryNameWithNul() throws IOException {
        byte[] z = HostileBytes.zip(Map.of("aXb.csv", HostileBytes.csv()));
        z = HostileBytes.replaceAll(z, "aXb.csv".getBytes(StandardCharsets.US_ASCII), "a\0b.csv".getBytes(StandardCharsets.US_ASCII));
        refused(write("nul.zip", z), "control character");
    }

    @Test
    void zipEntryNamesAbsoluteOrWithDotDot() throws IOException {
        refused(write("abs.zip", HostileBytes.zip(Map.of("/etc/r.csv", HostileBytes.csv()))), "absolute");
        refused(write("up.zip", HostileBytes.zip(Map.of("a/../../r.csv", HostileBytes.csv()))), "'..'");
    }

    @Test
    void zipDuplicateEntryNames() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("a.csv", HostileBytes.csv());
        m.put("b.csv", HostileBytes.csv());
        byte[] z = HostileBytes.replaceAll(HostileBytes.zip(m), "b.csv".getBytes(StandardCharsets.US_ASCII),
                "a.csv".getBytes(StandardCharsets.US_ASCII));
        refused(write("dup.zip", z), "two entries");
    }

    @Test
    void zipBombStopsAtTheDecompressedLimitWhileStreaming() throws IOException {
        byte[] big = new byte[8_000_000]; // 8 MB of NUL bytes, deflates to ~8 KB
        Path z = write("bomb.zip", HostileBytes.zip(Map.of("r.mat", big)));
        assertTrue(Files.size(z) < 100_000, "the test zip is small: " + Files.size(z));
        SpectroganException e = assertThrows(SpectroganException.class, () -> Recordings.read(z,
                AdapterSpec.defaults().toBuilder().optFormat("mat").build(), new ReadLimits(100_000_000, 1_000_000)));
        assertTrue(e.getMessage().contains(ReadLimits.MAX_DECOMPRESSED_BYTES_PROPERTY), e.getMessage());
    }

    @Test
    void csvCellOverflowingFloat() throws IOException {
        refused(write("big.csv", "a,b\n1,2\n3,1e39\n".getBytes(StandardCharsets.UTF_8)), AdapterSpec.defaults().toBuilder().optRateHz(10.0).build(),
                "row 3", "column b", "float32");
    }

    @Test
    void textCellOverflowingFloatAndNonFinite() throws IOException {
        refused(write("big.txt", "1 2\n3 1e308\n".getBytes(StandardCharsets.UTF_8)), AdapterSpec.defaults().toBuilder().optRateHz(10.0).build(),
                "line 2", "float32");
        refused(write("nan.txt", "1 2\n3 NaN\n".getBytes(StandardCharsets.UTF_8)), AdapterSpec.defaults().toBuilder().optRateHz(10.0).build(),
                "line 2", "NaN");
    }

    @Test
    void aHundredThousandDigitCellIsQuotedShort() throws IOException {
        String cell = "1" + "2".repeat(100_000) + "x";
        Path p = write("long.csv", ("a,b\n1,2\n3," + cell + "\n").getBytes(StandardCharsets.UTF_8));
        SpectroganException e = refused(p, AdapterSpec.defaults().toBuilder().optRateHz(10.0).build(), "row 3");
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    @Test
    void edfPrintableNeverOverflows() {
        byte[] h = new byte[16];
        assertEquals("", EdfReader.printable(h, Integer.MAX_VALUE - 2L, 4, 4));
        assertEquals("", EdfReader.printable(h, -5, 4, 4));
        assertTrue(EdfReader.printable(new byte[1000], 0, 1000, 1000).length() <= 80 * 4 + 3);
    }
}
