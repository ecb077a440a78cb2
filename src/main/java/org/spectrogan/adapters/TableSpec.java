package org.spectrogan.adapters;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code table} section of an adapter whose {@code format} is {@code table}: files whose rows (or array
 * slices) are examples, not samples of a recording. Every key is optional; what a key means depends on the file
 * type, chosen by extension ({@code .csv}, {@code .tsv}/{@code .tab}, {@code .npy}, {@code .npz}, {@code .mat}).
 *
 * <ul>
 *   <li>{@code label}: CSV/TSV the label column (default {@code label}); npz the key of the label array
 *       (default {@code y}); MAT the label variable (in {@code labelFile} when given, else in the data file).
 *       Without it (and with the adapter's {@code labelFrom} of folder, regex:PATTERN or fixed:LABEL) the label
 *       comes from the file name. Integral numbers are written without a fraction ({@code 1.0} becomes
 *       {@code 1}), so the adapter's {@code labelMap} can rename them.</li>
 *   <li>{@code group}: CSV/TSV the group column; npz the key of a group array. Absent: the adapter's
 *       {@code groupFrom} on the file name (default the file name without extension).</li>
 *   <li>{@code features}: CSV/TSV the feature columns, by name or glob ({@code Time*}), in this order; default
 *       every column but the label and group columns and {@code exclude}.</li>
 *   <li>{@code exclude}: CSV/TSV columns (names or globs) never taken as features.</li>
 *   <li>{@code x}: npz the key of the example array (default {@code X}); MAT the variable name or a glob
 *       ({@code de_LDS*}): each matching variable is one trial, taken in natural order (de_LDS2 before de_LDS10).</li>
 *   <li>{@code columns}: npy/npz/MAT feature column indices after flattening, e.g. {@code "0-17"} or
 *       {@code "0-3,8"} (0-based, inclusive ranges); default all.</li>
 *   <li>{@code columnNames}: names for the chosen array columns (one per column); default {@code X_0, X_1, ...}
 *       for arrays of rank 2, {@code X_i_j} (indices of the non-example axes) above.</li>
 *   <li>{@code exampleAxis}: npy/npz/MAT the axis (0-based) that runs over examples (default 0 for npy/npz,
 *       for MAT the last axis of rank-2 arrays and axis 1 of rank-3 arrays: SEED's channels x windows x
 *       bands); the other axes are flattened into the feature columns in C order.</li>
 *   <li>{@code labelFile}: MAT: a file beside the data files holding {@code label} with one entry per trial
 *       variable (SEED's {@code label.mat}); it is not read as data.</li>
 *   <li>{@code exampleSeconds}: the time between consecutive examples of a file, for {@code t0} (default 1:
 *       t0 is the example's ordinal in its file).</li>
 *   <li>{@code transforms}: per-column functions applied as the rows are read, e.g.
 *       {@code [{"columns": ["*_delta"], "kind": "removeLogOffset", "offset": 1e-10}]}; see
 *       {@link ColumnTransform}.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableSpec(
        @JsonProperty("label") String label,
        @JsonProperty("group") String group,
        @JsonProperty("features") List<String> features,
        @JsonProperty("exclude") List<String> exclude,
        @JsonProperty("x") String x,
        @JsonProperty("columns") String columns,
        @JsonProperty("columnNames") List<String> columnNames,
        @JsonProperty("exampleAxis") Integer exampleAxis,
        @JsonProperty("labelFile") String labelFile,
        @JsonProperty("exampleSeconds") Double exampleSeconds,
        @JsonProperty("transforms") List<ColumnTransform> transforms) {

    public TableSpec {
        label = blankToNull(label);
        group = blankToNull(group);
        x = blankToNull(x);
        labelFile = blankToNull(labelFile);
        features = features == null || features.isEmpty() ? null : List.copyOf(features);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        columnNames = columnNames == null || columnNames.isEmpty() ? null : List.copyOf(columnNames);
        transforms = transforms == null || transforms.isEmpty() ? null : List.copyOf(transforms);
        if (columns != null) {
            columns = columns.trim();
            parseColumns(columns, Integer.MAX_VALUE);
        }
        if (exampleAxis != null && exampleAxis < 0) {
            throw new IllegalArgumentException("table.exampleAxis must be >= 0, got " + exampleAxis);
        }
        if (exampleSeconds != null && (!(exampleSeconds > 0) || !Double.isFinite(exampleSeconds))) {
            throw new IllegalArgumentException("table.exampleSeconds must be a positive number of seconds, got " + exampleSeconds);
        }
    }

    /** All defaults. */
    public static TableSpec defaults() {
        return new TableSpec(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The seconds between consecutive examples of one file (default 1). */
    public double effectiveExampleSeconds() {
        return exampleSeconds == null ? 1.0 : exampleSeconds;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * The column indices of a {@code columns} string ("0-17", "0-3,8") below {@code count}; null means all.
     * An index at or beyond {@code count} is an IllegalArgumentException.
     */
    static int[] parseColumns(String spec, int count) {
        if (spec == null) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            int lo;
            int hi;
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    lo = Integer.parseInt(p.substring(0, dash).trim());
                    hi = Integer.parseInt(p.substring(dash + 1).trim());
                } else {
                    lo = Integer.parseInt(p);
                    hi = lo;
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("table.columns '" + spec + "': '" + part.trim()
                        + "' is not a column index or a range such as 0-17");
            }
            if (lo < 0 || hi < lo) {
                throw new IllegalArgumentException("table.columns '" + spec + "': range '" + part.trim() + "' is empty or negative");
            }
            if (hi >= count) {
                throw new IllegalArgumentException("table.columns '" + spec + "': column " + hi + " does not exist (the array has "
                        + count + " feature columns, 0-" + (count - 1) + ")");
            }
            for (int i = lo; i <= hi; i++) {
                out.add(i);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("table.columns '" + spec + "' selects no column");
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
