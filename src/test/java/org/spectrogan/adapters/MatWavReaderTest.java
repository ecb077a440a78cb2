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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.SharedData;
import org.spectrogan.common.SpectroganException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/** MAT v5 and WAV readers against scipy's reading of the shared files, and against files written here. */
class MatWavReaderTest {
    @TempDir
    Path tmp;

    @Test
    void delhiMatMatchesScipy() throws IOException {
        Path mat = SharedData.require("data/delhi-epilepsy-mat/ictal/ictal1.mat");
        List<String> ref = Files.readAllLines(SharedData.require("reference/delhi-ictal1-values.csv"));
        Recording r = Recordings.readFile(mat, AdapterSpec.defaults().toBuilder().optRateHz(200.0).build());
        assertEquals(1, r.channelCount());
        assertEquals(ref.size() - 1, r.sampleCount());
        assertEquals(5.12, r.durationSeconds(), 1e-12);
        for (int i = 1; i < ref.size(); i++) {
            String[] cells = ref.get(i).split(",");
            assertEquals(Double.parseDouble(cells[1]), r.channel(0)[Integer.parseInt(cells[0])], 0.0, "sample " + cells[0]);
        }
        // by name, and a wrong name lists what is there
        assertEquals(1024, Recordings.readFile(mat, AdapterSpec.defaults().toBuilder().optRateHz(200.0).optVariable("ictal").build()).sampleCount());
        SpectroganException e = assertThrows(SpectroganException.class,
                () -> Recordings.readFile(mat, AdapterSpec.defaults().toBuilder().optRateHz(200.0).optVariable("eeg").build()));
        assertTrue(e.getMessage().contains("'eeg'") && e.getMessage().contains("ictal"), e.getMessage());
        e = assertThrows(SpectroganException.class, () -> Recordings.readFile(mat, AdapterSpec.defaults()));
        assertTrue(e.getMessage().contains("--rate-hz"), e.getMessage());
    }

    @Test
    void matTimeAxisVariableChoiceAndFileRate() throws IOException {
        Matrix m = Mat5.newMatrix(3, 500);
        for (int c = 0; c < 3; c++) {
            for (int t = 0; t < 500; t++) {
                m.setDouble(c, t, c * 1000 + t);
            }
        }
        Matrix other = Mat5.newMatrix(4, 4);
        MatFile f = Mat5.newMatFile().addArray("eeg", m).addArray("fs", Mat5.newScalar(250));
        Path p = tmp.resolve("eeg.mat");
        Mat5.writeToFile(f, p.toFile());
        Recording r = Recordings.readFile(p, AdapterSpec.defaults());
        assertEquals(250.0, r.sampleRateHz());
        assertEquals(3, r.channelCount());
        assertEquals(500, r.sampleCount());
        assertEquals(2 * 1000 + 499, r.channel(2)[499], 0.0);
        // forcing rows as time gives 500 channels of 3 samples
        Recording t = Recordings.readFile(p, AdapterSpec.defaults().toBuilder().optTimeAxis("rows").build());
        assertEquals(500, t.channelCount());
        assertEquals(3, t.sampleCount());
        assertEquals(1000 + 7, t.channel(7)[1], 0.0);

        Path two = tmp.resolve("two.mat");
        Mat5.writeToFile(Mat5.newMatFile().addArray("a", m).addArray("b", other), two.toFile());
        SpectroganException e = assertThrows(SpectroganException.class,
                () -> Recordings.readFile(two, AdapterSpec.defaults().toBuilder().optRateHz(100.0).build()));
        assertTrue(e.getMessage().contains("--variable") && e.getMessage().contains("a, b"), e.getMessage());
        assertEquals(4, Recordings.readFile(two, AdapterSpec.defaults().toBuilder().optRateHz(100.0).optVariable("b").build()).sampleCount());
    }

    @Test
    void fsddWavMatchesScipyExactly() throws IOException {
        Path wav = SharedData.require("data/fsdd/recordings/0_george_0.wav");
        List<String> ref = Files.readAllLines(SharedData.require("reference/fsdd-0_george_0-samples.csv"));
        Recording r = Recordings.readFile(wav, AdapterSpec.defaults());
        assertEquals(8000.0, r.sampleRateHz());
        assertEquals(ref.size() - 1, r.sampleCount());
        for (int i = 1; i < ref.size(); i++) {
            String[] cells = ref.get(i).split(",");
            assertEquals(Double.parseDouble(cells[1]), r.channel(0)[Integer.parseInt(cells[0])], 0.0, "sample " + cells[0]);
        }
    }

    /** Writes a canonical WAV: tag 1 (PCM) or 3 (float), little-endian frames. */
    static Path wav(Path p, int tag, int bits, int channels, int rate, long[][] frames) throws IOException {
        int bps = bits / 8;
        int dataBytes = frames.length * channels * bps;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) tag).putShort((short) channels)
                .putInt(rate).putInt(rate * channels * bps).putShort((short) (channels * bps)).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (long[] frame : frames) {
            for (long v : frame) {
                for (int k = 0; k < bps; k++) {
                    b.put((byte) (v >> (8 * k)));
                }
            }
        }
        Files.write(p, b.array());
        return p;
    }

    @Test
    void wavExtensible24Bit() throws IOException {
        int n = 200;
        int dataBytes = n * 2 * 3;
        ByteBuffer b = ByteBuffer.allocate(68 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(60 + dataBytes).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(40).putShort((short) 0xFFFE).putShort((short) 2)
                .putInt(48000).putInt(48000 * 6).putShort((short) 6).putShort((short) 24)
                .putShort((short) 22).putShort((short) 24).putInt(3)
                .putInt(1).putShort((short) 0).putShort((short) 0x10)
                .put(new byte[] {(byte) 0x80, 0, 0, (byte) 0xaa, 0, 0x38, (byte) 0x9b, 0x71});
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (int i = 0; i < n; i++) {
            int l = (i - 100) * 40000;
            int r = -l;
            for (int v : new int[] {l, r}) {
                b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
            }
        }
        Path p = tmp.resolve("ext24.wav");
        Files.write(p, b.array());
        Recording rec = Recordings.readFile(p, AdapterSpec.defaults());
        assertEquals(2, rec.channelCount());
        assertEquals(48000.0, rec.sampleRateHz());
        for (int i = 0; i < n; i++) {
            assertEquals((float) ((i - 100) * 40000 / 8388608.0), rec.channel(0)[i], 0.0f);
            assertEquals((float) (-(i - 100) * 40000 / 8388608.0), rec.channel(1)[i], 0.0f);
        }
    }

    @Test
    void wavPcmDepthsAndFloatScaleToUnitRange() throws IOException {
        Random rnd = new Random(7);
        for (int bits : new int[] {8, 16, 24, 32}) {
            int channels = 1 + rnd.nextInt(3);
            long[][] frames = new long[300][channels];
            long half = 1L << (bits - 1);
            for (long[] f : frames) {
                for (int c = 0; c < channels; c++) {
                    f[c] = bits == 8 ? rnd.nextInt(256) : rnd.nextLong() % half;
                }
            }
            frames[0][0] = bits == 8 ? 0 : -half; // most negative -> -1
            Path p = wav(tmp.resolve("pcm" + bits + ".wav"), 1, bits, channels, 16000, frames);
            Recording r = Recordings.readFile(p, AdapterSpec.defaults());
            assertEquals(channels, r.channelCount(), bits + " bits");
            assertEquals(300, r.sampleCount());
            assertEquals(-1.0f, r.channel(0)[0], 0.0f, bits + " bits");
            for (int i = 0; i < 300; i++) {
                for (int c = 0; c < channels; c++) {
                    double want = bits == 8 ? (frames[i][c] - 128) / 128.0 : frames[i][c] / (double) half;
                    assertEquals((float) want, r.channel(c)[i], 0.0f, bits + " bits, frame " + i);
                    assertTrue(r.channel(c)[i] >= -1f && r.channel(c)[i] < 1f);
                }
            }
        }
        long[][] fl = new long[100][1];
        float[] want = new float[100];
        for (int i = 0; i < 100; i++) {
            want[i] = (float) Math.sin(i * 0.1) * 0.9f;
            fl[i][0] = Float.floatToIntBits(want[i]) & 0xffffffffL;
        }
        Recording r = Recordings.readFile(wav(tmp.resolve("float.wav"), 3, 32, 1, 22050, fl), AdapterSpec.defaults());
        assertEquals(22050.0, r.sampleRateHz());
        for (int i = 0; i < 100; i++) {
            assertEquals(want[i], r.channel(0)[i], 0.0f);
        }
    }
}
