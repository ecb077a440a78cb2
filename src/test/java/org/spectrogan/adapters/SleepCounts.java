package org.spectrogan.adapters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Stage counts of the Sleep-EDF feature archives, read for tests without the code under test: each archive's
 * y.npy is int64 little-endian after a version-1 header whose length is at bytes 8-9.
 */
public final class SleepCounts {
    private static final List<String> STAGES = List.of("W", "N1", "N2", "N3", "REM");

    private SleepCounts() {
    }

    /** Epochs per stage (W, N1, N2, N3, REM) over every .npz of the folder. */
    public static Map<String, Integer> stageCounts(Path folder) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.toString().endsWith(".npz")).sorted().toList();
        }
        for (Path f : files) {
            try (ZipFile z = new ZipFile(f.toFile()); InputStream in = z.getInputStream(z.getEntry("y.npy"))) {
                byte[] all = in.readAllBytes();
                int headerLength = (all[8] & 0xff) | (all[9] & 0xff) << 8;
                ByteBuffer b = ByteBuffer.wrap(all, 10 + headerLength, all.length - 10 - headerLength).order(ByteOrder.LITTLE_ENDIAN);
                while (b.remaining() >= 8) {
                    counts.merge(STAGES.get((int) b.getLong()), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** The first {@code columns} values of row {@code row} of an archive's X.npy (float64 little-endian, C order). */
    public static double[] xRow(Path npz, int row, int columns) throws IOException {
        try (ZipFile z = new ZipFile(npz.toFile()); InputStream in = z.getInputStream(z.getEntry("X.npy"))) {
            byte[] all = in.readAllBytes();
            int headerLength = (all[8] & 0xff) | (all[9] & 0xff) << 8;
            String header = new String(all, 10, headerLength, java.nio.charset.StandardCharsets.US_ASCII);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(header);
            if (!header.contains("'<f8'") || !header.contains("'fortran_order': False") || !m.find()) {
                throw new IOException(npz + ": X.npy is not a C-order float64 matrix: " + header.trim());
            }
            int width = Integer.parseInt(m.group(2));
            ByteBuffer b = ByteBuffer.wrap(all, 10 + headerLength, all.length - 10 - headerLength).order(ByteOrder.LITTLE_ENDIAN);
            double[] out = new double[columns];
            for (int j = 0; j < columns; j++) {
                out[j] = b.getDouble(10 + headerLength + 8 * (row * width + j));
            }
            return out;
        }
    }
}
