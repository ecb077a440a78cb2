package org.spectrogan.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy layout per the NumPy format 1.0 specification: magic, header length, dict padded to 64, data. */
class NpyWriterTest {
    @Test
    void headerAndDataFollowTheNpyFormat(@TempDir Path dir) throws Exception {
        List<String> names = List.of("a_t0", "a_t1", "a_t2", "b_t0", "b_t1", "b_t2");
        FeatureTable t = new FeatureTable(names, List.of(
                new FeatureTable.Row("x", "g", "real", 0, new double[] {1, 2, 3, 4, 5, 6}),
                new FeatureTable.Row("y", "g", "real", 1, new double[] {-1, -2, -3, -4, -5, 0.5})));
        Path f = dir.resolve("t.npy");
        NpyWriter.write(f, t, 2, 3);
        byte[] b = Files.readAllBytes(f);
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, b[6]);
        int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + len) % 64);
        String header = new String(b, 10, len, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2, 3), }"), header);
        assertTrue(header.endsWith("\n"));
        ByteBuffer data = ByteBuffer.wrap(b, 10 + len, b.length - 10 - len).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(12 * 4, data.remaining());
        for (FeatureTable.Row r : t.rows()) {
            for (double v : r.values()) {
                assertEquals((float) v, data.getFloat());
            }
        }
    }

    /** The header's shape tuple, and the float32 data after the header. */
    private static int[] shape(byte[] b) {
        int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        String header = new String(b, 10, len, StandardCharsets.US_ASCII);
        String tuple = header.substring(header.indexOf("'shape': (") + 10, header.indexOf(')'));
        return java.util.Arrays.stream(tuple.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
    }

    private static ByteBuffer data(byte[] b) {
        int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        return ByteBuffer.wrap(b, 10 + len, b.length - 10 - len).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void bandFeaturesAreShapedRowsByChannelsByBands(@TempDir Path dir) throws Exception {
        List<Band> bands = Band.parseList("theta:4-8,alpha:8-14,beta:14-31");
        org.spectrogan.adapters.Recording rec = FeaturesTest.noise(100, 100 * 12, 4, 3, List.of());
        FeatureSpec spec = FeatureSpec.builder().setKind(FeatureKind.DE).setWindowSeconds(2).setStepSeconds(1)
                .optBands(bands).build();
        FeatureTable t = Features.extract(List.of(rec), spec, 1);
        FeatureMeta meta = Features.meta(List.of(rec), spec);
        Path f = dir.resolve("de.npy");
        NpyWriter.write(f, t, meta);
        byte[] b = Files.readAllBytes(f);
        assertArrayEquals(new int[] {t.size(), 4, 3}, shape(b));
        ByteBuffer data = data(b);
        assertEquals(4L * t.size() * 4 * 3, data.remaining());
        // element [i][c][k] (C order) is the CSV column named {channel c}_{band k}_de of row i
        for (int i = 0; i < t.size(); i++) {
            for (int c = 0; c < 4; c++) {
                for (int k = 0; k < 3; k++) {
                    int col = t.featureNames().indexOf("C" + c + "_" + bands.get(k).name() + "_de");
                    assertEquals((float) t.rows().get(i).values()[col], data.getFloat(), "row " + i + " ch " + c + " band " + k);
                }
            }
        }
        // psd: channels x bins; logmel patches: mels x frames; single frames stay flat
        FeatureMeta psd = Features.meta(List.of(rec), spec.toBuilder().setKind(FeatureKind.PSD).optFmaxHz(20).build());
        assertArrayEquals(new int[] {4, psd.featureCount() / 4}, NpyWriter.shapeOf(psd));
        org.spectrogan.adapters.Recording audio = FeaturesTest.noise(8000, 8000, 1, 4, List.of());
        FeatureSpec mel = FeatureSpec.builder().setKind(FeatureKind.LOGMEL).optNMels(16).optPatchFrames(5).build();
        assertArrayEquals(new int[] {16, 5}, NpyWriter.shapeOf(Features.meta(List.of(audio), mel)));
        assertArrayEquals(new int[] {16}, NpyWriter.shapeOf(Features.meta(List.of(audio), mel.toBuilder().optPatchFrames(1).build())));
    }
}
