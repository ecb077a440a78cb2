package org.spectrogan.adapters;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.spectrogan.common.SpectroganException;

/**
 * NumPy {@code .npy} (format 1.0-3.0) and {@code .npz} (a zip of {@code .npy} files, stored or deflated).
 * Numeric arrays (float16 is not read; float32/64, signed and unsigned integers, bool) and fixed-width string
 * arrays ({@code U}, {@code S}) in C or Fortran order, either byte order. Object arrays (pickled) are refused.
 * An npy file holds the examples only (labels and groups then come from the file name); an npz names its
 * arrays by key: {@code x} (default X), {@code label} (default y), {@code group} (optional).
 */
final class NpyReader {
    private NpyReader() {
    }

    /** The header of one array. */
    record Header(String descr, boolean fortran, int[] shape) {
        long count() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        char kind() {
            return descr.charAt(1);
        }

        int itemBytes() {
            return Integer.parseInt(descr.substring(2));
        }

        ByteOrder order() {
            return descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        }

        String shapeText() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                sb.append(i > 0 ? ", " : "").append(shape[i]);
            }
            return sb.append(shape.length == 1 ? ",)" : ")").toString();
        }
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*('([^']*)'|\\[)");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Reads and checks the magic and header; {@code what} names the array in messages. */
    static Header header(InputStream in, Path file, String what) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || (magic[0] & 0xff) != 0x93 || !new String(magic, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
            throw SpectroganException.inFile(file, what + ": not a NumPy .npy array (wrong magic bytes)");
        }
        int major = magic[6];
        int len;
        if (major == 1) {
            byte[] b = in.readNBytes(2);
            len = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] b = in.readNBytes(4);
            len = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw SpectroganException.inFile(file, what + ": .npy format version " + major + " is not supported (1, 2 or 3)");
        }
        byte[] h = in.readNBytes(len);
        if (h.length < len) {
            throw SpectroganException.inFile(file, what + ": truncated .npy header");
        }
        String text = new String(h, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(text);
        Matcher f = FORTRAN.matcher(text);
        Matcher s = SHAPE.matcher(text);
        if (!d.find() || !f.find() || !s.find()) {
            throw SpectroganException.inFile(file, what + ": unreadable .npy header: " + abbreviate(text.trim()));
        }
        if (d.group(2) == null) {
            throw SpectroganException.inFile(file, what + ": a structured (record) dtype is not supported; save a plain numeric array");
        }
        String descr = d.group(2);
        if (descr.length() >= 2 && (descr.charAt(1) == 'O' || descr.charAt(0) == 'O')) {
            throw SpectroganException.inFile(file, what + ": holds Python objects (dtype 'O', stored pickled), which are not read;"
                    + " save it as a numeric or fixed-width string array (numpy.asarray(a, dtype=float) or dtype=str)");
        }
        if (descr.length() < 3 || "<>|=".indexOf(descr.charAt(0)) < 0 || "fiubUS".indexOf(descr.charAt(1)) < 0) {
            throw SpectroganException.inFile(file, what + ": dtype '" + descr + "' is not supported (float32/64, integers, bool, U or S strings)");
        }
        if (descr.charAt(0) == '=') {
            descr = (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? '>' : '<') + descr.substring(1);
        }
        int size = Integer.parseInt(descr.substring(2));
        if (descr.charAt(1) == 'f' && size != 4 && size != 8) {
            throw SpectroganException.inFile(file, what + ": dtype '" + descr + "' (float" + (size * 8) + ") is not supported; use float32 or float64");
        }
        if ((descr.charAt(1) == 'i' || descr.charAt(1) == 'u') && size != 1 && size != 2 && size != 4 && size != 8) {
            throw SpectroganException.inFile(file, what + ": dtype '" + descr + "' is not supported");
        }
        String[] parts = s.group(1).split(",");
        List<Integer> dims = new ArrayList<>();
        for (String p : parts) {
            if (!p.isBlank()) {
                try {
                    dims.add(Integer.parseInt(p.trim().replace("L", "")));
                } catch (NumberFormatException e) {
                    throw SpectroganException.inFile(file, what + ": shape '(" + s.group(1) + ")' is not a tuple of sizes");
                }
            }
        }
        return new Header(descr, f.group(1).equals("True"), dims.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Reads an npy or npz file into the sink. */
    static void readTable(Path file, TableSpec t, ExampleTables.FileInfo info, ExampleTables.Sink sink) throws IOException {
        if (ExampleTables.extension(file).equals("npy")) {
            if (t.label() != null || t.group() != null) {
                throw SpectroganException.inFile(file, "an .npy file holds one array: table.label and table.group name npz keys;"
                        + " take labels and groups from the file name (labelFrom, groupFrom) or use an .npz");
            }
            if (!info.labelledOutside()) {
                throw SpectroganException.inFile(file, "an .npy file holds no labels: give the adapter a labelFrom of folder, regex:PATTERN or fixed:LABEL");
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                Header h = header(in, file, "the array");
                float[][] rows = featureRows(in, h, file, "the array", t);
                addAll(file, t, info, sink, rows, h, null, null, "X");
            }
            return;
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw SpectroganException.inFile(file, "not a readable .npz (zip) archive: " + e.getMessage(), e);
        }
        try (zip) {
            String xKey = t.x() == null ? "X" : t.x();
            String yKey = t.label() == null ? (info.labelledOutside() ? null : "y") : t.label();
            String[] labels = null;
            String[] groups = null;
            if (yKey != null) {
                labels = strings(zip, file, yKey);
            }
            if (t.group() != null) {
                groups = strings(zip, file, t.group());
            }
            ZipEntry xe = entry(zip, file, xKey);
            try (InputStream in = new BufferedInputStream(zip.getInputStream(xe), 1 << 16)) {
                String what = "array '" + xKey + "'";
                Header h = header(in, file, what);
                int n = h.shape.length == 0 ? 0 : h.shape[exampleAxis(t, h, file, what)];
                if (labels != null && labels.length != n) {
                    throw SpectroganException.inFile(file, "array '" + yKey + "' has " + labels.length + " labels, array '" + xKey
                            + "' has " + n + " examples " + h.shapeText());
                }
                if (groups != null && groups.length != n) {
                    throw SpectroganException.inFile(file, "array '" + t.group() + "' has " + groups.length + " groups, array '" + xKey
                            + "' has " + n + " examples " + h.shapeText());
                }
                float[][] rows = featureRows(in, h, file, what, t);
                addAll(file, t, info, sink, rows, h, labels, groups, xKey);
            }
        }
    }

    private static void addAll(Path file, TableSpec t, ExampleTables.FileInfo info, ExampleTables.Sink sink, float[][] rows,
                               Header h, String[] labels, String[] groups, String key) {
        int ax = exampleAxis(t, h, file, key);
        List<String> names = columnNames(t, h, ax, key, file);
        int fileNo = sink.begin(file, names);
        for (int i = 0; i < rows.length; i++) {
            ExampleTables.checkFinite(file, i, rows[i], names);
            String label = labels != null ? labels[i] : info.label();
            String group = groups != null ? groups[i] : info.group();
            sink.add(fileNo, file, i, group, label, rows[i]);
        }
    }

    private static int exampleAxis(TableSpec t, Header h, Path file, String what) {
        if (h.shape.length < 1) {
            throw SpectroganException.inFile(file, what + " is a scalar (shape ()); examples need an array of rank 1 or more");
        }
        int ax = t.exampleAxis() == null ? 0 : t.exampleAxis();
        if (ax >= h.shape.length) {
            throw SpectroganException.inFile(file, what + " has rank " + h.shape.length + " " + h.shapeText()
                    + ": table.exampleAxis " + ax + " does not exist");
        }
        return ax;
    }

    /** The names of the chosen feature columns. */
    private static List<String> columnNames(TableSpec t, Header h, int ax, String key, Path file) {
        return columnNames(key, otherDims(h.shape, ax), t, file);
    }

    /**
     * The names of the chosen feature columns of an array whose non-example axes are {@code other}: {@code prefix}
     * and the indices in C order ({@code X_0_3}), chosen by {@code table.columns}, or {@code table.columnNames}.
     * One place for npy, npz and MAT arrays.
     */
    static List<String> columnNames(String prefix, int[] other, TableSpec t, Path file) {
        int width = product(other);
        List<String> all = new ArrayList<>(width);
        int[] idx = new int[other.length];
        for (int c = 0; c < width; c++) {
            StringBuilder sb = new StringBuilder(prefix);
            for (int i : idx) {
                sb.append('_').append(i);
            }
            all.add(sb.toString());
            for (int k = idx.length - 1; k >= 0; k--) {
                if (++idx[k] < other[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        int[] cols = columns(t, width, file);
        List<String> names = new ArrayList<>();
        for (int c : cols) {
            names.add(all.get(c));
        }
        if (t.columnNames() != null) {
            if (t.columnNames().size() != names.size()) {
                throw SpectroganException.inFile(file, "table.columnNames has " + t.columnNames().size() + " names for "
                        + names.size() + " chosen columns");
            }
            return t.columnNames();
        }
        return names;
    }

    static int[] columns(TableSpec t, int width, Path file) {
        if (t.columns() == null) {
            int[] all = new int[width];
            for (int i = 0; i < width; i++) {
                all[i] = i;
            }
            return all;
        }
        try {
            return TableSpec.parseColumns(t.columns(), width);
        } catch (IllegalArgumentException e) {
            throw SpectroganException.inFile(file, e.getMessage(), e);
        }
    }

    static int[] otherDims(int[] shape, int ax) {
        int[] other = new int[shape.length - 1];
        for (int i = 0, k = 0; i < shape.length; i++) {
            if (i != ax) {
                other[k++] = shape[i];
            }
        }
        return other;
    }

    static int product(int[] dims) {
        long p = 1;
        for (int d : dims) {
            p *= d;
        }
        if (p > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many values: " + p);
        }
        return (int) p;
    }

    /**
     * The examples of a numeric array as float rows of the chosen columns. A C-order array with the examples on
     * axis 0 is streamed one example at a time; other layouts are read whole (as float32) and gathered.
     */
    static float[][] featureRows(InputStream in, Header h, Path file, String what, TableSpec t) throws IOException {
        char kind = h.kind();
        if (kind == 'U' || kind == 'S') {
            throw SpectroganException.inFile(file, what + " holds strings (dtype '" + h.descr + "'); the features must be numbers");
        }
        int ax = exampleAxis(t, h, file, what);
        int n = h.shape[ax];
        int[] other = otherDims(h.shape, ax);
        int width = product(other);
        int[] cols = columns(t, width, file);
        float[][] rows = new float[n][];
        int item = h.itemBytes();
        if (!h.fortran && ax == 0) {
            byte[] buf = new byte[width * item];
            float[] full = new float[width];
            for (int i = 0; i < n; i++) {
                readFully(in, buf, file, what);
                decode(ByteBuffer.wrap(buf).order(h.order()), kind, item, full, width);
                float[] r = new float[cols.length];
                for (int j = 0; j < cols.length; j++) {
                    r[j] = full[cols[j]];
                }
                rows[i] = r;
            }
            return rows;
        }
        long count = h.count();
        if (count > Integer.MAX_VALUE) {
            throw SpectroganException.inFile(file, what + " has " + count + " values, more than one array can hold here");
        }
        float[] all = new float[(int) count];
        byte[] buf = new byte[Math.max(item, (1 << 16) / item * item)];
        int done = 0;
        while (done < all.length) {
            int m = (int) Math.min(all.length - done, buf.length / item);
            byte[] b = m * item == buf.length ? buf : Arrays.copyOf(buf, m * item);
            readFully(in, b, file, what);
            float[] part = new float[m];
            decode(ByteBuffer.wrap(b).order(h.order()), kind, item, part, m);
            System.arraycopy(part, 0, all, done, m);
            done += m;
        }
        // strides of the stored order (C: last axis fastest; Fortran: first axis fastest)
        int r = h.shape.length;
        long[] stride = new long[r];
        if (h.fortran) {
            long s = 1;
            for (int k = 0; k < r; k++) {
                stride[k] = s;
                s *= h.shape[k];
            }
        } else {
            long s = 1;
            for (int k = r - 1; k >= 0; k--) {
                stride[k] = s;
                s *= h.shape[k];
            }
        }
        long[] colOffset = new long[width];
        int[] idx = new int[other.length];
        for (int c = 0; c < width; c++) {
            long off = 0;
            for (int k = 0, a = 0; a < r; a++) {
                if (a != ax) {
                    off += idx[k++] * stride[a];
                }
            }
            colOffset[c] = off;
            for (int k = idx.length - 1; k >= 0; k--) {
                if (++idx[k] < other[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        for (int i = 0; i < n; i++) {
            float[] row = new float[cols.length];
            long base = i * stride[ax];
            for (int j = 0; j < cols.length; j++) {
                row[j] = all[(int) (base + colOffset[cols[j]])];
            }
            rows[i] = row;
        }
        return rows;
    }

    private static void decode(ByteBuffer bb, char kind, int item, float[] out, int m) {
        for (int i = 0; i < m; i++) {
            out[i] = switch (kind) {
                case 'f' -> item == 4 ? bb.getFloat() : (float) bb.getDouble();
                case 'i' -> switch (item) {
                    case 1 -> bb.get();
                    case 2 -> bb.getShort();
                    case 4 -> bb.getInt();
                    default -> (float) bb.getLong();
                };
                case 'u' -> switch (item) {
                    case 1 -> bb.get() & 0xff;
                    case 2 -> bb.getShort() & 0xffff;
                    case 4 -> (float) (bb.getInt() & 0xffffffffL);
                    default -> unsigned(bb.getLong());
                };
                case 'b' -> bb.get() != 0 ? 1f : 0f;
                default -> throw new IllegalStateException("dtype kind " + kind);
            };
        }
    }

    private static float unsigned(long v) {
        return v >= 0 ? v : (float) ((v >>> 1) * 2.0 + (v & 1));
    }

    /** A 1-D array (labels, groups) as strings: integral numbers without a fraction, strings as they are. */
    static String[] strings(ZipFile zip, Path file, String key) throws IOException {
        ZipEntry e = entry(zip, file, key);
        String what = "array '" + key + "'";
        try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 16)) {
            Header h = header(in, file, what);
            if (h.shape.length != 1 && !(h.shape.length == 2 && (h.shape[0] == 1 || h.shape[1] == 1))) {
                throw SpectroganException.inFile(file, what + " has shape " + h.shapeText() + "; labels and groups must be one value per example (rank 1)");
            }
            int n = (int) h.count();
            String[] out = new String[n];
            int item = h.itemBytes();
            char kind = h.kind();
            if (kind == 'U' || kind == 'S') {
                int bytes = kind == 'U' ? item * 4 : item;
                byte[] buf = new byte[bytes];
                for (int i = 0; i < n; i++) {
                    readFully(in, buf, file, what);
                    String s = kind == 'U'
                            ? new String(buf, h.order() == ByteOrder.BIG_ENDIAN ? java.nio.charset.Charset.forName("UTF-32BE")
                            : java.nio.charset.Charset.forName("UTF-32LE"))
                            : new String(buf, StandardCharsets.UTF_8);
                    int z = s.indexOf('\0');
                    out[i] = ExampleTables.id(z >= 0 ? s.substring(0, z) : s);
                }
                return out;
            }
            byte[] buf = new byte[item];
            for (int i = 0; i < n; i++) {
                readFully(in, buf, file, what);
                ByteBuffer bb = ByteBuffer.wrap(buf).order(h.order());
                out[i] = switch (kind) {
                    case 'i' -> Long.toString(switch (item) {
                        case 1 -> bb.get();
                        case 2 -> bb.getShort();
                        case 4 -> bb.getInt();
                        default -> bb.getLong();
                    });
                    case 'u' -> switch (item) {
                        case 1 -> Integer.toString(bb.get() & 0xff);
                        case 2 -> Integer.toString(bb.getShort() & 0xffff);
                        case 4 -> Long.toString(bb.getInt() & 0xffffffffL);
                        default -> Long.toUnsignedString(bb.getLong());
                    };
                    case 'b' -> bb.get() != 0 ? "True" : "False";
                    default -> ExampleTables.id(Double.toString(item == 4 ? bb.getFloat() : bb.getDouble()));
                };
            }
            return out;
        }
    }

    private static ZipEntry entry(ZipFile zip, Path file, String key) {
        ZipEntry e = zip.getEntry(key + ".npy");
        if (e == null) {
            e = zip.getEntry(key);
        }
        if (e == null) {
            List<String> keys = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                String name = en.nextElement().getName();
                keys.add(name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name);
            }
            throw SpectroganException.inFile(file, "has no array '" + key + "' (arrays: " + String.join(", ", keys) + ")");
        }
        return e;
    }

    private static void readFully(InputStream in, byte[] buf, Path file, String what) throws IOException {
        int n = in.readNBytes(buf, 0, buf.length);
        if (n < buf.length) {
            throw SpectroganException.inFile(file, what + ": truncated: the data end before the shape in the header says",
                    new EOFException());
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
