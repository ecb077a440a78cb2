package org.spectrogan.features;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.SpectroganException;

/**
 * A table of examples: one row per window (or synthetic example) with {@code label}, {@code group},
 * {@code source} ("real" or "synthetic"), {@code t0} (window start in seconds) and numeric feature columns.
 * This is the features CSV every later stage reads and writes; pandas reads it as it is.
 */
public final class FeatureTable {
    /** Column names that are not features. */
    public static final List<String> META_COLUMNS = List.of("label", "group", "source", "t0");
    public static final String REAL = "real";
    public static final String SYNTHETIC = "synthetic";

    /** One example. {@code values} is owned by the row; do not modify it after construction. */
    public record Row(String label, String group, String source, double t0, double[] values) {
        public Row {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(values, "values");
            group = group == null ? "" : group;
            source = source == null ? REAL : source;
        }
    }

    private final List<String> featureNames;
    private final List<Row> rows;

    public FeatureTable(List<String> featureNames, List<Row> rows) {
        this.featureNames = List.copyOf(featureNames);
        for (String name : this.featureNames) {
            if (META_COLUMNS.contains(name)) {
                throw new IllegalArgumentException("feature column name clashes with a metadata column: " + name);
            }
        }
        for (Row r : rows) {
            if (r.values().length != this.featureNames.size()) {
                throw new IllegalArgumentException("row has " + r.values().length + " values, table has "
                        + this.featureNames.size() + " feature columns");
            }
        }
        this.rows = Collections.unmodifiableList(new ArrayList<>(rows));
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public List<Row> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }

    public int featureCount() {
        return featureNames.size();
    }

    /** The distinct labels, sorted. */
    public List<String> labels() {
        TreeSet<String> s = new TreeSet<>();
        for (Row r : rows) {
            s.add(r.label());
        }
        return List.copyOf(s);
    }

    /** Row count per label, sorted by label. */
    public Map<String, Integer> countsByLabel() {
        Map<String, Integer> m = new TreeMap<>();
        for (Row r : rows) {
            m.merge(r.label(), 1, Integer::sum);
        }
        return m;
    }

    public FeatureTable filter(Predicate<Row> keep) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            if (keep.test(r)) {
                out.add(r);
            }
        }
        return new FeatureTable(featureNames, out);
    }

    /** This table's rows followed by {@code other}'s; the feature columns must be the same. */
    public FeatureTable concat(FeatureTable other) {
        if (!featureNames.equals(other.featureNames)) {
            throw new IllegalArgumentException("cannot join feature tables with different columns ("
                    + featureNames.size() + " vs " + other.featureNames.size() + ")");
        }
        List<Row> out = new ArrayList<>(rows);
        out.addAll(other.rows);
        return new FeatureTable(featureNames, out);
    }

    /** The feature values as a rows x features matrix (the row arrays themselves, not copies). */
    public double[][] matrix() {
        double[][] m = new double[rows.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = rows.get(i).values();
        }
        return m;
    }

    /** Writes the table as CSV, atomically. */
    public void write(Path csv) {
        AtomicFiles.write(csv, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            writeTo(w);
            w.flush();
        });
    }

    /** Writes the CSV text to {@code w}: header then rows; doubles in shortest round-trip form. */
    public void writeTo(Writer w) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        sb.append(String.join(",", META_COLUMNS));
        for (String f : featureNames) {
            sb.append(',').append(quote(f));
        }
        sb.append('\n');
        w.write(sb.toString());
        for (Row r : rows) {
            sb.setLength(0);
            sb.append(quote(r.label())).append(',').append(quote(r.group())).append(',').append(quote(r.source()))
                    .append(',').append(r.t0());
            for (double v : r.values()) {
                sb.append(',').append(v);
            }
            sb.append('\n');
            w.write(sb.toString());
        }
    }

    private static String quote(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /**
     * Reads a features CSV. {@code labelColumn} names the label column ("label" by default); "group",
     * "source" and "t0" are optional; every other column must be numeric and finite.
     */
    public static FeatureTable read(Path csv, String labelColumn) {
        String labelCol = labelColumn == null ? "label" : labelColumn;
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw SpectroganException.inFile(csv, "empty file: no header row");
            }
            int labelIdx = header.indexOf(labelCol);
            if (labelIdx < 0) {
                throw SpectroganException.inFile(csv, "no label column '" + labelCol + "' (columns: "
                        + String.join(", ", header.subList(0, Math.min(8, header.size()))) + (header.size() > 8 ? ", ..." : "") + ")");
            }
            int groupIdx = header.indexOf("group");
            int sourceIdx = header.indexOf("source");
            int t0Idx = header.indexOf("t0");
            List<Integer> featureIdx = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                if (i != labelIdx && i != groupIdx && i != sourceIdx && i != t0Idx) {
                    featureIdx.add(i);
                    names.add(header.get(i));
                }
            }
            if (names.isEmpty()) {
                throw SpectroganException.inFile(csv, "no feature columns besides label/group/source/t0");
            }
            List<Row> rows = new ArrayList<>();
            for (CSVRecord rec : parser) {
                long line = rec.getRecordNumber() + 1;
                if (rec.size() != header.size()) {
                    throw SpectroganException.inFile(csv, "row " + line + " has " + rec.size() + " cells, header has " + header.size());
                }
                double[] v = new double[names.size()];
                for (int j = 0; j < v.length; j++) {
                    String cell = rec.get(featureIdx.get(j));
                    v[j] = parseCell(csv, line, names.get(j), cell);
                }
                String label = rec.get(labelIdx).trim();
                if (label.isEmpty()) {
                    throw SpectroganException.inFile(csv, "row " + line + " has an empty label in column '" + labelCol + "'");
                }
                double t0 = t0Idx >= 0 ? parseCell(csv, line, "t0", rec.get(t0Idx)) : 0.0;
                rows.add(new Row(label, groupIdx >= 0 ? rec.get(groupIdx) : "",
                        sourceIdx >= 0 ? rec.get(sourceIdx) : REAL, t0, v));
            }
            if (rows.isEmpty()) {
                throw SpectroganException.inFile(csv, "no data rows after the header");
            }
            return new FeatureTable(names, rows);
        } catch (NoSuchFileException e) {
            throw SpectroganException.inFile(csv, "no such file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw SpectroganException.inFile(csv, "cannot read CSV (" + e.getMessage() + ")", e);
        }
    }

    public static FeatureTable read(Path csv) {
        return read(csv, "label");
    }

    private static double parseCell(Path csv, long line, String column, String cell) {
        double d;
        try {
            d = Double.parseDouble(cell.trim());
        } catch (NumberFormatException e) {
            throw SpectroganException.inFile(csv, "row " + line + ", column '" + column + "': not a number: '" + cell + "'");
        }
        if (!Double.isFinite(d)) {
            throw SpectroganException.inFile(csv, "row " + line + ", column '" + column + "': " + cell + " is not finite");
        }
        return d;
    }

    /** The same columns and, pairwise in order, the same rows (see {@link #sameRows(List, List)}). */
    public boolean sameContent(FeatureTable other) {
        return this == other || featureNames().equals(other.featureNames()) && sameRows(rows(), other.rows());
    }

    /** Pairwise the same rows (the same objects, or label, group, source, t0 and values bit for bit), in order. */
    public static boolean sameRows(List<Row> a, List<Row> b) {
        if (a == b) {
            return true;
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Row x = a.get(i);
            Row y = b.get(i);
            if (x != y && (!Objects.equals(x.label(), y.label()) || !Objects.equals(x.group(), y.group())
                    || !Objects.equals(x.source(), y.source())
                    || Double.compare(x.t0(), y.t0()) != 0 || !java.util.Arrays.equals(x.values(), y.values()))) {
                return false;
            }
        }
        return true;
    }
}
