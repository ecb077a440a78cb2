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
 * {@code numpy.load} gives an array of the given shape. {@link #shapeOf(FeatureMeta)} is the shape per kind:
 * rows x channels x bands (de, bandpower), rows x channels x bins (psd), rows x coefficients x frames (audio
 * patches), rows x features otherwise; the values are the CSV's feature columns in their order, so
 * {@code x.reshape(len(x), -1)} gives the CSV's columns back.
 */
public final class NpyWriter {
    private NpyWriter() {
    }

    /**
     * The shape of one row for the features {@code meta} describes: (channels, bands) for de and bandpower,
     * (channels, bins) for psd, (coefficients, frames) for audio patches of more than one frame, else
     * (features). The CSV's columns are channel-major (band features) or coefficient-major (patches), so this
     * is a reshape of the row, never a transpose.
     */
    public static int[] shapeOf(FeatureMeta meta) {
        int n = meta.featureCount();
        int channels = meta.channels().size();
        FeatureKind kind = meta.kind();
        if (!kind.isAudio() && channels > 0 && n % channels == 0) {
            return new int[] {channels, n / channels};
        }
        if (kind.isAudio() && meta.patchFrames() > 1 && meta.coefficientsPerFrame() * meta.patchFrames() == n) {
            return new int[] {meta.coefficientsPerFrame(), meta.patchFrames()};
        }
        return new int[] {n};
    }

    /** The rows of {@code table} shaped as {@link #shapeOf(FeatureMeta)} says. */
    public static void write(Path target, FeatureTable table, FeatureMeta meta) {
        write(target, table, shapeOf(meta));
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
