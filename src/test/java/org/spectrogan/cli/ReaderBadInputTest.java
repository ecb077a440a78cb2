package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.adapters.EdfWriter;

/** Every bad input of the readers exits with status 2 and one line naming the file and the problem. */
class ReaderBadInputTest {
    @TempDir
    Path tmp;

    /** Runs inspect and checks: status 2, exactly one line, naming the file and containing every fragment. */
    private static void assertBad(Path named, String... args) {
        assertBadNaming(named.toString(), args);
    }

    private static String assertBadNaming(String named, String... args) {
        CliRun run = CliRun.of(args);
        String err = run.err().strip();
        assertEquals(2, run.status(), () -> "exit status; stderr: " + err);
        assertEquals(1, err.lines().count(), () -> "one line expected, got: " + err);
        assertTrue(err.startsWith("spectrogan: "), err);
        assertTrue(err.contains(named), () -> "message should name " + named + ": " + err);
        return err;
    }

    private Path edf(String name) throws IOException {
        int[] x = new int[160 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 37) % 2000 - 1000;
        }
        return new EdfWriter(160, 1).channel("Cz", x, -500, 500, -32768, 32767).annotate(0, 2, "T0")
                .write(tmp.resolve(name));
    }

    @Test
    void missingFile() {
        Path p = tmp.resolve("nope.edf");
        String err = assertBadNaming(p.toString(), "inspect", p.toString());
        assertTrue(err.contains("no such file"), err);
    }

    @Test
    void truncatedEdf() throws IOException {
        Path ok = edf("ok.edf");
        byte[] b = Files.readAllBytes(ok);
        Path cut = tmp.resolve("cut.edf");
        Files.write(cut, java.util.Arrays.copyOf(b, b.length - 100));
        String err = assertBadNaming(cut.toString(), "inspect", cut.toString());
        assertTrue(err.contains("truncated") && err.contains("promises 4 data records") && err.contains("only 3"), err);

        Path lying = new EdfWriter(160, 1).channel("Cz", new int[320], -1, 1, -32768, 32767).headerRecords(9)
                .write(tmp.resolve("lying.edf"));
        err = assertBadNaming(lying.toString(), "inspect", lying.toString());
        assertTrue(err.contains("promises 9 data records") && err.contains("only 2"), err);
    }

    @Test
    void nonNumericHeaderField() throws IOException {
        Path p = edf("bad-header.edf");
        byte[] b = Files.readAllBytes(p);
        byte[] junk = "abc     ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(junk, 0, b, 236, 8); // number of data records
        Files.write(p, b);
        String err = assertBadNaming(p.toString(), "inspect", p.toString());
        assertTrue(err.contains("number of data records") && err.contains("'abc'"), err);
    }

    @Test
    void wrongMagic() throws IOException {
        Path p = edf("magic.edf");
        byte[] b = Files.readAllBytes(p);
        b[0] = 'X';
        Files.write(p, b);
        String err = assertBadNaming(p.toString(), "inspect", p.toString());
        assertTrue(err.contains("wrong magic"), err);

        Path mat = tmp.resolve("x.mat");
        Files.writeString(mat, "hello, this is no MAT file");
        err = assertBadNaming(mat.toString(), "inspect", mat.toString(), "--rate-hz", "100");
        assertTrue(err.contains("wrong magic"), err);
    }

    @Test
    void emptyCsv() throws IOException {
        Path p = tmp.resolve("empty.csv");
        Files.writeString(p, "");
        assertTrue(assertBadNaming(p.toString(), "inspect", p.toString(), "--rate-hz", "10").contains("empty CSV"));
        Path h = tmp.resolve("header-only.csv");
        Files.writeString(h, "a,b\n");
        assertTrue(assertBadNaming(h.toString(), "inspect", h.toString(), "--rate-hz", "10").contains("no data rows"));
    }

    @Test
    void nonNumericCellNamesRowAndColumn() throws IOException {
        Path p = tmp.resolve("cell.csv");
        Files.writeString(p, "a,b\n1,2\n3,4\n5,x7\n");
        String err = assertBadNaming(p.toString(), "inspect", p.toString(), "--rate-hz", "10");
        assertTrue(err.contains("row 4") && err.contains("column b") && err.contains("'x7'"), err);
    }

    @Test
    void nanIsRefused() throws IOException {
        Path p = tmp.resolve("nan.csv");
        Files.writeString(p, "a,b\n1,2\nNaN,4\n");
        String err = assertBadNaming(p.toString(), "inspect", p.toString(), "--rate-hz", "10");
        assertTrue(err.contains("row 3") && err.contains("column a") && err.contains("NaN"), err);
        Path t = tmp.resolve("nan.txt");
        Files.writeString(t, "1\n2\nnan\n");
        err = assertBadNaming(t.toString(), "inspect", t.toString(), "--rate-hz", "10");
        assertTrue(err.contains("line 3") && err.contains("NaN"), err);
    }

    @Test
    void unsupportedWavEncoding() throws IOException {
        // A RIFF/WAVE file with format tag 2 (Microsoft ADPCM).
        Path p = tmp.resolve("adpcm.wav");
        ByteBuffer b = ByteBuffer.allocate(44 + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 64).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 2).putShort((short) 1)
                .putInt(8000).putInt(4000).putShort((short) 256).putShort((short) 4);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(64);
        Files.write(p, b.array());
        String err = assertBadNaming(p.toString(), "inspect", p.toString());
        assertTrue(err.contains("unsupported WAV encoding") && err.contains("ADPCM"), err);
    }

    @Test
    void zipWithNoReadableFile() throws IOException {
        Path z = tmp.resolve("docs.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
            out.putNextEntry(new ZipEntry("README.md"));
            out.write("nothing to see".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        String err = assertBadNaming(z.toString(), "inspect", z.toString());
        assertTrue(err.contains("no readable recording"), err);
    }

    @Test
    void unknownAdapterKey() throws IOException {
        Path a = tmp.resolve("adapter.json");
        Files.writeString(a, "{\"format\": \"edf\", \"samplingRate\": 160}");
        Path p = edf("fine.edf");
        String err = assertBadNaming(a.toString(), "inspect", p.toString(), "--adapter", a.toString());
        assertTrue(err.contains("unknown key 'samplingRate'"), err);
        // nested in a label map rule
        Files.writeString(a, "{\"labelMap\": [{\"map\": {\"T0\": \"rest\"}, \"file\": \"R04\"}]}");
        err = assertBadNaming(a.toString(), "inspect", p.toString(), "--adapter", a.toString());
        assertTrue(err.contains("unknown key 'file'"), err);
    }

    @Test
    void matV73IsRefusedWithAClearMessage() throws IOException {
        Path p = tmp.resolve("v73.mat");
        byte[] b = new byte[1024];
        byte[] text = "MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 .".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, b, 0, text.length);
        b[512] = (byte) 0x89;
        b[513] = 'H';
        b[514] = 'D';
        b[515] = 'F';
        Files.write(p, b);
        String err = assertBadNaming(p.toString(), "inspect", p.toString(), "--rate-hz", "200");
        assertTrue(err.contains("v7.3") && err.contains("HDF5"), err);
    }

    @Test
    void rateContradictingTheFileIsRefused() throws IOException {
        Path p = edf("rate.edf");
        String err = assertBadNaming(p.toString(), "inspect", p.toString(), "--rate-hz", "100");
        assertTrue(err.contains("160.0 Hz") && err.contains("100.0 Hz"), err);
    }

    @Test
    void channelsOfDifferentRatesAreNamed() throws IOException {
        Path p = new EdfWriter(160, 1).channel("Cz", new int[320], -1, 1, -32768, 32767)
                .channel("Resp", new int[50], 25, -1, 1, -32768, 32767).write(tmp.resolve("rates.edf"));
        String err = assertBadNaming(p.toString(), "inspect", p.toString());
        assertTrue(err.contains("different sample rates") && err.contains("Cz at 160.0 Hz") && err.contains("Resp at 25.0 Hz"), err);
        // choosing channels of one rate reads fine
        CliRun ok = CliRun.of("inspect", p.toString(), "--channels", "Resp", "--json");
        assertEquals(0, ok.status(), ok.err());
        assertTrue(ok.out().contains("\"sampleRateHz\":25.0"), ok.out());
    }

    @Test
    void debugPrintsTheStackTrace() throws IOException {
        Path p = tmp.resolve("nope.csv");
        CliRun run = CliRun.of("inspect", p.toString(), "--debug");
        assertEquals(2, run.status());
        assertTrue(run.err().lines().count() > 1, run.err());
    }

    /** A 16-bit mono PCM WAV at 8000 Hz whose data chunk says {@code frames} frames; {@code holds} are written. */
    private static byte[] pcm16(int frames, int holdsBytes) {
        ByteBuffer b = ByteBuffer.allocate(44 + holdsBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * frames).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * frames);
        for (int i = 0; i < holdsBytes; i++) {
            b.put((byte) (i * 7));
        }
        return b.array();
    }

    @Test
    void truncatedWavIsRefusedWithWhatTheHeaderPromised() throws IOException {
        Path ok = tmp.resolve("whole.wav");
        Files.write(ok, pcm16(800, 1600));
        assertEquals(0, CliRun.of("inspect", ok.toString()).status());
        // 800 frames promised (0.1 s), 500 whole frames written
        Path cut = tmp.resolve("cut.wav");
        Files.write(cut, pcm16(800, 1000));
        String err = assertBadNaming(cut.toString(), "inspect", cut.toString());
        assertTrue(err.contains("truncated: the data chunk promises 800 frames (0.100 s at 8000 Hz) but the file holds 500"), err);
        // cut inside a frame: 1599 bytes = 799 whole frames (javax.sound drops the odd byte)
        Files.write(cut, pcm16(800, 1599));
        err = assertBadNaming(cut.toString(), "features", "--input", cut.toString(), "--kind", "logmel",
                "--out", tmp.resolve("f.csv").toString());
        assertTrue(err.endsWith("promises 800 frames (0.100 s at 8000 Hz) but the file holds 799"), err);
    }

    @Test
    void wavWithoutDataChunkSaysSo() throws IOException {
        byte[] b = pcm16(100, 200);
        b[36] = 'R'; // "data" becomes "Rata"
        Path p = tmp.resolve("nodata.wav");
        Files.write(p, b);
        String err = assertBadNaming(p.toString(), "inspect", p.toString());
        assertTrue(err.contains("no 'data' chunk (chunks: 'fmt ', 'Rata')"), err);
        Path empty = tmp.resolve("empty.wav");
        Files.write(empty, new byte[0]);
        assertTrue(assertBadNaming(empty.toString(), "inspect", empty.toString()).contains("not a RIFF/WAVE file (only 0 bytes)"));
    }

    @Test
    void truncatedAndCorruptMatFilesSaySo() throws IOException {
        byte[] mat = Files.readAllBytes(org.spectrogan.SharedData.require("data/delhi-epilepsy-mat/ictal/ictal1.mat"));
        Path p = tmp.resolve("m.mat");
        Files.write(p, java.util.Arrays.copyOf(mat, mat.length - 1));
        String err = assertBadNaming(p.toString(), "inspect", p.toString(), "--rate-hz", "200");
        assertTrue(err.contains("truncated: a variable runs past the end of the file (" + (mat.length - 1) + " bytes)"), err);
        Files.write(p, java.util.Arrays.copyOf(mat, 100));
        err = assertBadNaming(p.toString(), "inspect", p.toString(), "--rate-hz", "200");
        assertTrue(err.contains("MAT header is cut short: 100 of 128 bytes"), err);
        byte[] bad = mat.clone();
        bad[126] = 0;
        Files.write(p, bad);
        err = assertBadNaming(p.toString(), "inspect", p.toString(), "--rate-hz", "200");
        assertTrue(err.contains("endian indicator (bytes 126-127) is '\\x00"), err);
        bad = mat.clone();
        java.util.Arrays.fill(bad, 200, 220, (byte) 0xff); // inside the compressed variable
        Files.write(p, bad);
        err = assertBadNaming(p.toString(), "inspect", p.toString(), "--rate-hz", "200");
        assertTrue(err.contains("corrupt") && !err.contains("java."), err);
    }

    @Test
    void binaryBytesInTextAndCsvAreRefusedNamingTheLine() throws IOException {
        Path t = tmp.resolve("nul.txt");
        Files.write(t, "1 2\n3 4\n5\u00006\n".getBytes(StandardCharsets.UTF_8));
        String err = assertBadNaming(t.toString(), "inspect", t.toString(), "--rate-hz", "10");
        assertTrue(err.contains("binary data: control byte 0x00 on line 3"), err);
        Path c = tmp.resolve("bin.csv");
        Files.write(c, "a,b\n1,2\n3,\u00014\n".getBytes(StandardCharsets.UTF_8));
        err = assertBadNaming(c.toString(), "features", "--input", c.toString(), "--rate-hz", "10", "--kind", "de", "--window-s", "0.2", "--step-s", "0.1",
                "--out", tmp.resolve("f.csv").toString());
        assertTrue(err.contains("binary data: control byte 0x01 on line 3"), err);
        // an unparsable cell is quoted escaped and cut, not printed raw
        Path longCell = tmp.resolve("long.csv");
        Files.writeString(longCell, "a,b\n1,2\n3,\ufffd" + "x".repeat(100) + "\n");
        err = assertBadNaming(longCell.toString(), "inspect", longCell.toString(), "--rate-hz", "10");
        assertTrue(err.contains("row 3, column b: '\\ufffd" + "x".repeat(39) + "...' is not a number"), err);
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumnName() throws IOException {
        Path c = tmp.resolve("bom.csv");
        Files.write(c, "\ufeffAF3,F7\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8));
        CliRun run = CliRun.of("inspect", c.toString(), "--rate-hz", "10", "--channels", "AF3", "--json");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("\"channels\":[\"AF3\"]"), run.out());
    }

    @Test
    void edfSignalRangesThatCannotScaleAreRefused() throws IOException {
        Path wide = new EdfWriter(10, 1).channel("Cz", new int[10], -100, 100, -40000, 40000).write(tmp.resolve("wide.edf"));
        String err = assertBadNaming(wide.toString(), "inspect", wide.toString());
        assertTrue(err.contains("signal Cz: digital range -40000..40000 lies outside the 16-bit samples of a EDF file (-32768..32767)"), err);
        Path inverted = new EdfWriter(10, 1).channel("Cz", new int[10], -100, 100, 50, -50).write(tmp.resolve("inv.edf"));
        err = assertBadNaming(inverted.toString(), "inspect", inverted.toString());
        assertTrue(err.contains("signal Cz: digital maximum -50 is not above digital minimum 50"), err);
        Path flat = new EdfWriter(10, 1).channel("Cz", new int[10], 7, 7, -50, 50).write(tmp.resolve("flat.edf"));
        err = assertBadNaming(flat.toString(), "inspect", flat.toString());
        assertTrue(err.contains("signal Cz: physical minimum equals physical maximum (7.0 uV)"), err);
        // BDF allows 24-bit digital ranges
        Path bdf = new EdfWriter(10, 1).bdf(true).channel("Cz", new int[10], -100, 100, -40000, 40000).write(tmp.resolve("ok.bdf"));
        assertEquals(0, CliRun.of("inspect", bdf.toString()).status());
    }

    @Test
    void badAnnotationBytesAreShownEscapedWithTheirRecord() throws IOException {
        Path p = edf("tal.edf");
        byte[] b = Files.readAllBytes(p);
        // record 2's annotation block starts after the header (2 signals) and 2 records of 160 samples + 120 bytes
        int header = 256 * 3;
        int recordBytes = 160 * 2 + 120;
        int at = header + 2 * recordBytes + 160 * 2;
        b[at] = '+';
        b[at + 1] = (byte) 0xe9;
        b[at + 2] = '1';
        Files.write(p, b);
        String err = assertBadNaming(p.toString(), "inspect", p.toString());
        assertTrue(err.contains("data record 2 (counting from 0), annotation signal: annotation onset '+\\xe91"), err);
        // a non-ASCII byte in a header number is escaped too
        b = Files.readAllBytes(edf("hdr.edf"));
        b[236 + 5] = (byte) 0x97;
        Files.write(p, b);
        err = assertBadNaming(p.toString(), "inspect", p.toString());
        assertTrue(err.contains("header field 'number of data records' is '4    \\x97'"), err);
    }

    @Test
    void nanInAFloatWavIsRefusedWithItsPlace() throws IOException {
        // 32-bit float mono at 8000 Hz: 0.5, NaN, 0.25
        ByteBuffer b = ByteBuffer.allocate(44 + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 12).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 3).putShort((short) 1)
                .putInt(8000).putInt(32000).putShort((short) 4).putShort((short) 32);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(12).putFloat(0.5f).putFloat(Float.NaN).putFloat(0.25f);
        Path p = tmp.resolve("nan.wav");
        Files.write(p, b.array());
        String err = assertBadNaming(p.toString(), "inspect", p.toString());
        assertTrue(err.contains("float sample 2 (at 0.000125 s) of channel 1 is NaN"), err);
    }

    @Test
    void matRateVariableAndComplexMatricesAreNamed() throws IOException {
        us.hebi.matlab.mat.types.Matrix m = us.hebi.matlab.mat.format.Mat5.newMatrix(2, 50);
        Path p = tmp.resolve("rate.mat");
        us.hebi.matlab.mat.format.Mat5.writeToFile(us.hebi.matlab.mat.format.Mat5.newMatFile().addArray("eeg", m)
                .addArray("fs", us.hebi.matlab.mat.format.Mat5.newScalar(-5)), p.toFile());
        String err = assertBadNaming(p.toString(), "inspect", p.toString());
        assertTrue(err.contains("variable 'fs' gives the sample rate as -5.0 Hz; it must be a positive number"), err);
        // --rate-hz overrides it
        assertEquals(0, CliRun.of("inspect", p.toString(), "--rate-hz", "100").status());

        Path c = tmp.resolve("complex.mat");
        us.hebi.matlab.mat.format.Mat5.writeToFile(us.hebi.matlab.mat.format.Mat5.newMatFile()
                .addArray("z", us.hebi.matlab.mat.format.Mat5.newComplex(2, 50)), c.toFile());
        err = assertBadNaming(c.toString(), "inspect", c.toString(), "--rate-hz", "100");
        assertTrue(err.contains("no real numeric matrix in the file (complex: z; only real matrices are read)"), err);
        err = assertBadNaming(c.toString(), "inspect", c.toString(), "--rate-hz", "100", "--variable", "z");
        assertTrue(err.contains("variable 'z' is complex; only real matrices are read"), err);
    }

    static void write(Path p, byte[] bytes) throws IOException {
        try (OutputStream o = Files.newOutputStream(p)) {
            o.write(bytes);
        }
    }
}
