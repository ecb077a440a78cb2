package org.spectrogan.adapters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spectrogan.common.SpectroganException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sources;

/**
 * MAT v5 arrays of features laid out per trial (SEED's {@code de_LDS1..15}: channels x windows x bands, labels in
 * a separate {@code label.mat}). {@code table.x} names the variable or a glob of variables; each matching
 * variable is one trial, in natural order. Variables must have rank 2 or 3; {@code table.exampleAxis} (default 0
 * for rank 2, 1 for rank 3) runs over examples, the other axes are flattened in C order into the columns
 * {@code PREFIX_i_j} (PREFIX = {@code x} without its glob characters). Labels: variable {@code table.label}
 * (default {@code label}) of {@code table.labelFile} (beside the data file) or of the data file, with one
 * entry per trial variable or one per example; without them, the file name's label (labelFrom).
 */
final class MatTableReader {
    private MatTableReader() {
    }

    static void read(Path file, TableSpec t, ExampleTables.FileInfo info, ExampleTables.Sink sink) throws IOException {
        try (MatFile mat = open(file)) {
            List<String> numeric = new ArrayList<>();
            for (MatFile.Entry e : mat.getEntries()) {
                if (e.getValue() instanceof Matrix m && !m.isComplex() && e.getValue().getNumElements() > 1) {
                    numeric.add(e.getName());
                }
            }
            String labelVar = t.label() == null ? "label" : t.label();
            List<String> vars = new ArrayList<>();
            if (t.x() == null) {
                List<String> candidates = new ArrayList<>(numeric);
                candidates.remove(labelVar);
                if (candidates.size() != 1) {
                    throw SpectroganException.inFile(file, candidates.size() + " numeric variables (" + preview(candidates)
                            + "): name the example variable(s) with table.x (a name or a glob such as de_LDS*)");
                }
                vars.add(candidates.get(0));
            } else if (ExampleTables.isGlob(t.x())) {
                Pattern p = ExampleTables.glob(t.x());
                for (String n : numeric) {
                    if (p.matcher(n).matches()) {
                        vars.add(n);
                    }
                }
                vars.sort(NATURAL);
                if (vars.isEmpty()) {
                    throw SpectroganException.inFile(file, "no numeric variable matches '" + t.x() + "' (numeric variables: "
                            + preview(numeric) + ")");
                }
            } else {
                if (!numeric.contains(t.x())) {
                    throw SpectroganException.inFile(file, "no numeric variable '" + t.x() + "' (numeric variables: " + preview(numeric) + ")");
                }
                vars.add(t.x());
            }
            String prefix = t.x() == null ? vars.get(0) : t.x().replace("*", "").replace("?", "");
            if (prefix.endsWith("_")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }

            // shapes, example axis and the feature columns
            int[][] dims = new int[vars.size()][];
            int ax = -1;
            int[] other = null;
            int total = 0;
            for (int v = 0; v < vars.size(); v++) {
                Matrix m = mat.getMatrix(vars.get(v));
                int[] d = m.getDimensions();
                if (d.length < 2 || d.length > 3) {
                    throw SpectroganException.inFile(file, "variable '" + vars.get(v) + "' has rank " + d.length + " (" + dimsText(d)
                            + "); a table variable must have rank 2 (examples x features) or 3 (e.g. channels x windows x bands)");
                }
                int a = t.exampleAxis() != null ? t.exampleAxis() : (d.length == 2 ? 0 : 1);
                if (a >= d.length) {
                    throw SpectroganException.inFile(file, "variable '" + vars.get(v) + "' has rank " + d.length + " (" + dimsText(d)
                            + "): table.exampleAxis " + a + " does not exist");
                }
                int[] o = NpyReader.otherDims(d, a);
                if (other != null && (a != ax || !Arrays.equals(o, other))) {
                    throw SpectroganException.inFile(file, "variable '" + vars.get(v) + "' is " + dimsText(d) + ", '" + vars.get(0) + "' is "
                            + dimsText(dims[0]) + ": every trial variable needs the same sizes apart from the example axis " + ax);
                }
                ax = a;
                other = o;
                dims[v] = d;
                total += d[a];
            }
            int width = NpyReader.product(other);
            int[] cols = NpyReader.columns(t, width, file);
            List<String> names = NpyReader.columnNames(prefix, other, t, file);

            String[] labels = labels(file, t, mat, labelVar, vars, dims, ax, total, info);
            int fileNo = sink.begin(file, names);
            int ordinal = 0;
            for (int v = 0; v < vars.size(); v++) {
                Matrix m = mat.getMatrix(vars.get(v));
                int[] d = dims[v];
                int[] stride = new int[d.length];
                for (int k = 0, s = 1; k < d.length; k++) {
                    stride[k] = s;
                    s *= d[k];
                }
                int[] colOffset = offsets(d, ax, other, stride);
                for (int i = 0; i < d[ax]; i++) {
                    float[] row = new float[cols.length];
                    int base = i * stride[ax];
                    for (int j = 0; j < cols.length; j++) {
                        row[j] = (float) m.getDouble(base + colOffset[cols[j]]);
                    }
                    ExampleTables.checkFinite(file, ordinal, row, names);
                    String label = labels.length == total ? labels[ordinal] : labels[v];
                    sink.add(fileNo, file, ordinal, info.group(), label, row);
                    ordinal++;
                }
            }
        }
    }

    /** Linear (column-major) offsets of each flattened feature column; C order over the other axes. */
    private static int[] offsets(int[] d, int ax, int[] other, int[] stride) {
        int width = NpyReader.product(other);
        int[] out = new int[width];
        int[] idx = new int[other.length];
        for (int c = 0; c < width; c++) {
            int off = 0;
            for (int a = 0, k = 0; a < d.length; a++) {
                if (a != ax) {
                    off += idx[k++] * stride[a];
                }
            }
            out[c] = off;
            for (int k = idx.length - 1; k >= 0; k--) {
                if (++idx[k] < other[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return out;
    }

    private static String[] labels(Path file, TableSpec t, MatFile mat, String labelVar, List<String> vars, int[][] dims,
                                   int ax, int total, ExampleTables.FileInfo info) throws IOException {
        if (t.labelFile() != null) {
            Path lf = file.resolveSibling(t.labelFile());
            if (!Files.exists(lf)) {
                throw SpectroganException.inFile(file, "table.labelFile '" + t.labelFile() + "' is not beside it (looked for " + lf + ")");
            }
            try (MatFile lm = open(lf)) {
                return labelVector(lf, lm, labelVar, vars.size(), total);
            }
        }
        boolean inFile = false;
        for (MatFile.Entry e : mat.getEntries()) {
            inFile |= e.getName().equals(labelVar);
        }
        if (inFile && (t.label() != null || !info.labelledOutside())) {
            return labelVector(file, mat, labelVar, vars.size(), total);
        }
        if (info.labelledOutside()) {
            String[] one = new String[vars.size()];
            Arrays.fill(one, info.label());
            return one;
        }
        throw SpectroganException.inFile(file, "no labels: no variable '" + labelVar + "' in the file; give table.labelFile"
                + " (e.g. label.mat), table.label, or the adapter's labelFrom (folder, regex:PATTERN, fixed:LABEL)");
    }

    private static String[] labelVector(Path file, MatFile mat, String name, int trials, int total) {
        Array a;
        try {
            a = mat.getArray(name);
        } catch (RuntimeException e) {
            throw SpectroganException.inFile(file, "no label variable '" + name + "'");
        }
        if (!(a instanceof Matrix m) || m.isComplex()) {
            throw SpectroganException.inFile(file, "label variable '" + name + "' is not a real numeric array");
        }
        int[] d = a.getDimensions();
        int nonSingleton = 0;
        for (int x : d) {
            nonSingleton += x > 1 ? 1 : 0;
        }
        if (nonSingleton > 1) {
            throw SpectroganException.inFile(file, "label variable '" + name + "' is " + dimsText(d) + "; it must be a vector");
        }
        int n = a.getNumElements();
        if (n != trials && n != total) {
            throw SpectroganException.inFile(file, "label variable '" + name + "' has " + n + " labels for " + trials
                    + " trial variable(s) and " + total + " examples; it needs one per trial or one per example");
        }
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = ExampleTables.id(Double.toString(m.getDouble(i)));
        }
        return out;
    }

    private static MatFile open(Path file) throws IOException {
        try {
            return Mat5.newReader(Sources.openFile(file.toFile())).readMat();
        } catch (java.io.EOFException | java.nio.BufferUnderflowException e) {
            throw SpectroganException.inFile(file, "truncated: a variable runs past the end of the file", e);
        } catch (RuntimeException | IOException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw SpectroganException.inFile(file, "not a readable MAT v5 file ("
                    + (root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName()) + ")", e);
        }
    }

    private static String dimsText(int[] d) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.length; i++) {
            sb.append(i > 0 ? "x" : "").append(d[i]);
        }
        return sb.toString();
    }

    private static String preview(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names.subList(0, Math.min(8, names.size()))) + (names.size() > 8 ? ", ..." : "");
    }

    /** Natural order: digit runs compare as numbers (de_LDS2 before de_LDS10). */
    static final Comparator<String> NATURAL = (a, b) -> {
        Matcher ma = Pattern.compile("\\d+|\\D+").matcher(a);
        Matcher mb = Pattern.compile("\\d+|\\D+").matcher(b);
        while (ma.find() && mb.find()) {
            String x = ma.group();
            String y = mb.group();
            int c;
            if (Character.isDigit(x.charAt(0)) && Character.isDigit(y.charAt(0))) {
                c = new java.math.BigInteger(x).compareTo(new java.math.BigInteger(y));
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length(), b.length());
    };
}
