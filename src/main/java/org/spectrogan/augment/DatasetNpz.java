package org.spectrogan.augment;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.features.FeatureKind;
import org.spectrogan.features.FeatureMeta;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.features.NpyWriter;

/**
 * {@code dataset.npz}: the rows of dataset.csv for numpy ({@code np.load(path)}, no pickle needed). Arrays:
 * {@code X} (rows, features) float64, the CSV's feature columns in order; {@code y}, {@code group}, {@code source}
 * (rows,) strings as in the CSV; {@code t0} (rows,) float64; {@code feature_names} (features,) strings. When the
 * features have a shape ({@link NpyWriter#shapeOf}: EEG band features (channels, bands), psd (channels, bins),
 * audio patches (coefficients, frames)) also {@code X_shaped} (rows, a, b), a reshape of {@code X}, with
 * {@code axes} naming its three axes and {@code channels} the channel names (band features).
 */
final class DatasetNpz {
    static final String NAME = "dataset.npz";

    private DatasetNpz() {
    }

    /** Writes {@code table} (as the CSV holds it) to {@code npz}; {@code meta} null: no {@code X_shaped}. */
    static void write(Path npz, FeatureTable table, FeatureMeta meta) {
        int n = table.size();
        int f = table.featureCount();
        AtomicFiles.write(npz, os -> {
            ZipOutputStream zip = new ZipOutputStream(os);
            entry(zip, "X", "<f8", new int[] {n, f}, doubles(table));
            entry(zip, "y", strings(table.rows().stream().map(FeatureTable.Row::label).toList()));
            entry(zip, "group", strings(table.rows().stream().map(FeatureTable.Row::group).toList()));
            entry(zip, "source", strings(table.rows().stream().map(FeatureTable.Row::source).toList()));
            ByteBuffer t0 = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
            table.rows().forEach(r -> t0.putDouble(r.t0()));
            entry(zip, "t0", "<f8", new int[] {n}, t0.array());
            entry(zip, "feature_names", strings(table.featureNames()));
            int[] shape = meta == null || meta.featureCount() != f ? new int[] {f} : NpyWriter.shapeOf(meta);
            if (shape.length == 2) {
                entry(zip, "X_shaped", "<f8", new int[] {n, shape[0], shape[1]}, doubles(table));
                boolean audio = meta.kind().isAudio();
                String second = audio ? "frame" : meta.kind() == FeatureKind.PSD ? "bin" : "band";
                entry(zip, "axes", strings(List.of("row", audio ? "coefficient" : "channel", second)));
                if (!audio) {
                    entry(zip, "channels", strings(meta.channels()));
                }
            }
            zip.finish();
        });
    }

    private record Strings(String descr, int length, byte[] data) {
    }

    private static byte[] doubles(FeatureTable table) {
        ByteBuffer b = ByteBuffer.allocate(8 * table.size() * table.featureCount()).order(ByteOrder.LITTLE_ENDIAN);
        for (FeatureTable.Row r : table.rows()) {
            for (double v : r.values()) {
                b.putDouble(v);
            }
        }
        return b.array();
    }

    /** numpy's fixed-width unicode ('<U{L}', UTF-32 little endian, zero padded). */
    private static Strings strings(List<String> values) {
        int len = Math.max(1, values.stream().mapToInt(s -> s.codePointCount(0, s.length())).max().orElse(1));
        ByteBuffer b = ByteBuffer.allocate(4 * len * values.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (String s : values) {
            int[] cps = s.codePoints().toArray();
            for (int i = 0; i < len; i++) {
                b.putInt(i < cps.length ? cps[i] : 0);
            }
        }
        return new Strings("<U" + len, values.size(), b.array());
    }

    private static void entry(ZipOutputStream zip, String name, Strings s) throws IOException {
        entry(zip, name, s.descr(), new int[] {s.length()}, s.data());
    }

    private static void entry(ZipOutputStream zip, String name, String descr, int[] shape, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name + ".npy"));
        header(zip, descr, shape);
        zip.write(data);
        zip.closeEntry();
    }

    /** The .npy version 1.0 header, padded so the data starts on a multiple of 64 bytes. */
    private static void header(OutputStream out, String descr, int[] shape) throws IOException {
        List<String> dims = new ArrayList<>(Arrays.stream(shape).mapToObj(Integer::toString).toList());
        String tuple = dims.size() == 1 ? "(" + dims.get(0) + ",)" : "(" + dims.stream().collect(Collectors.joining(", ")) + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write((header.length() >> 8) & 0xff);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
    }
}
