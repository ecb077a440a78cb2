package org.spectrogan.adapters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Examples read from files whose rows (or array slices) are examples: per example its source file, group
 * (participant, subject), label, ordinal in its file, and a float32 row of feature values; the column names are
 * shared. Rows are kept as float32 ({@code float[]} per example), so a table takes about its float32 size.
 *
 * @param columnNames the feature columns, in row order
 * @param files       the source files; {@code fileIndex[i]} names example i's
 * @param fileIndex   per example, the index into {@code files}
 * @param ordinals    per example, its position among the examples of its file (0-based)
 * @param groups      per example, the group id
 * @param labels      per example, the label
 * @param rows        per example, the feature values (length = number of columns)
 * @param exampleSeconds the time between consecutive examples of a file (1 when the files say nothing)
 */
public record ExampleTable(List<String> columnNames, List<Path> files, int[] fileIndex, int[] ordinals,
                           String[] groups, String[] labels, float[][] rows, double exampleSeconds) {
    public ExampleTable {
        columnNames = List.copyOf(columnNames);
        files = List.copyOf(files);
        Objects.requireNonNull(rows, "rows");
        int n = rows.length;
        if (fileIndex.length != n || ordinals.length != n || groups.length != n || labels.length != n) {
            throw new IllegalArgumentException("per-example arrays differ in length");
        }
        for (float[] r : rows) {
            if (r.length != columnNames.size()) {
                throw new IllegalArgumentException("a row has " + r.length + " values, the table " + columnNames.size() + " columns");
            }
        }
    }

    public int size() {
        return rows.length;
    }

    public int columnCount() {
        return columnNames.size();
    }

    /** Example count per label, in first-seen order. */
    public Map<String, Integer> countsByLabel() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String l : labels) {
            m.merge(l, 1, Integer::sum);
        }
        return m;
    }

    /** Example count per group, in first-seen order. */
    public Map<String, Integer> countsByGroup() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String g : groups) {
            m.merge(g, 1, Integer::sum);
        }
        return m;
    }

    /** What {@code inspect --json} prints for a table: format, files, examples, columns, groups, labels. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "table");
        m.put("files", files.size());
        m.put("examples", size());
        m.put("columns", columnCount());
        m.put("columnNames", columnNames);
        m.put("groups", countsByGroup());
        m.put("labels", countsByLabel());
        return m;
    }

    /** What {@code inspect} prints for a table, one line per item. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("format:      table\n");
        sb.append("files:       ").append(files.size()).append('\n');
        sb.append("examples:    ").append(size()).append('\n');
        sb.append("columns:     ").append(columnCount()).append(" (")
                .append(String.join(", ", columnNames.subList(0, Math.min(6, columnCount()))))
                .append(columnCount() > 6 ? ", ..., " + columnNames.get(columnCount() - 1) : "").append(")\n");
        Map<String, Integer> g = countsByGroup();
        sb.append("groups:      ").append(g.size()).append(' ').append(g.size() <= 12 ? g.toString()
                : "(" + g.keySet().stream().limit(12).collect(java.util.stream.Collectors.joining(", ")) + ", ...)").append('\n');
        Map<String, Integer> l = countsByLabel();
        sb.append("labels:      ").append(l.size()).append('\n');
        for (var e : l.entrySet()) {
            sb.append(String.format(java.util.Locale.ROOT, "  %-20s %6d examples%n", e.getKey(), e.getValue()));
        }
        return sb.toString();
    }

    /** Rows appended one at a time (readers stream into this). */
    static final class Builder {
        private final List<String> columnNames;
        private final List<Path> files = new ArrayList<>();
        private final List<float[]> rows = new ArrayList<>();
        private int[] fileIndex = new int[1024];
        private int[] ordinals = new int[1024];
        private final List<String> groups = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private final Map<String, String> interned = new java.util.HashMap<>();

        Builder(List<String> columnNames) {
            this.columnNames = List.copyOf(columnNames);
        }

        List<String> columnNames() {
            return columnNames;
        }

        int fileNumber(Path file) {
            int i = files.indexOf(file);
            if (i < 0) {
                files.add(file);
                i = files.size() - 1;
            }
            return i;
        }

        void add(int file, int ordinal, String group, String label, float[] row) {
            int n = rows.size();
            if (n == fileIndex.length) {
                fileIndex = java.util.Arrays.copyOf(fileIndex, n * 2);
                ordinals = java.util.Arrays.copyOf(ordinals, n * 2);
            }
            fileIndex[n] = file;
            ordinals[n] = ordinal;
            groups.add(interned.computeIfAbsent(group, k -> k));
            labels.add(interned.computeIfAbsent(label, k -> k));
            rows.add(row);
        }

        int size() {
            return rows.size();
        }

        ExampleTable build(double exampleSeconds) {
            int n = rows.size();
            return new ExampleTable(columnNames, files, java.util.Arrays.copyOf(fileIndex, n),
                    java.util.Arrays.copyOf(ordinals, n), groups.toArray(new String[0]), labels.toArray(new String[0]),
                    rows.toArray(new float[0][]), exampleSeconds);
        }
    }
}
