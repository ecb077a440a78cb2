package org.spectrogan.features;

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
}
