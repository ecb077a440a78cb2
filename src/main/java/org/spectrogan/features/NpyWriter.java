package org.spectrogan.features;

import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.spectrogan.common.AtomicFiles;

/**
 * Writes feature values as a NumPy {@code .npy} file (format 1.0, little-endian float32, C order), atomically:
 * {@code numpy.load} gives an array of the given shape, e.g. rows x mels x frames for log-mel patches.
 */
public final class NpyWriter {
    private NpyWriter() {
    }

    /** The rows of {@code table} with shape (rows, dims...); the product of {@code dims} must be the feature count. */
    public static void write(Path target, FeatureTable table, int... dims) {
        long product = 1;
        for (int d : dims) {
            product *= d;
        }
        if (product != table.featureCount()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " does not hold " + table.featureCount() + " features");
        }
        String shape = dims.length == 0 ? "(" + table.size() + ",)"
                : "(" + table.size() + ", " + Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + ")";
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        AtomicFiles.write(target, os -> {
            DataOutputStream out = new DataOutputStream(os);
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            int len = header.length();
            out.write(len & 0xff);
            out.write((len >> 8) & 0xff);
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer buf = ByteBuffer.allocate(4 * table.featureCount()).order(ByteOrder.LITTLE_ENDIAN);
            for (FeatureTable.Row r : table.rows()) {
                buf.clear();
                for (double v : r.values()) {
                    buf.putFloat((float) v);
                }
                out.write(buf.array(), 0, buf.position());
            }
            out.flush();
        });
    }
}
