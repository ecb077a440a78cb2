package org.spectrogan.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.spectrogan.features.FeatureTable;

/**
 * The rows of a CSV that {@code augment} writes, made safe for Python readers: every label is text that pandas
 * reads as a string (a label pandas would read as a number, a boolean or a missing value is written as
 * {@code class-<label>}, e.g. fsdd's "3" becomes "class-3"), and every synthetic row gets its own group
 * {@code synthetic-<label>-<k>} (k = 0, 1, ... in row order within its class) instead of one shared "synthetic".
 * The rule for a label depends on the label alone, so dataset.csv, synthetic.csv and test.csv agree.
 */
public final class CsvRows {
    public static final String LABEL_PREFIX = "class-";
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d[\\d_]*\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(inf|infinity|nan)",
            Pattern.CASE_INSENSITIVE);
    /** pandas' default missing-value tokens (read_csv na_values) and its boolean spellings. */
    private static final Set<String> NOT_TEXT = Set.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
            "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
            "True", "False", "TRUE", "FALSE", "true", "false");

    private CsvRows() {
    }

    /** The label as written: unchanged unless pandas would not read it as a string. */
    public static String label(String label) {
        String s = label.strip();
        return NOT_TEXT.contains(s) || NUMBER.matcher(s).matches() ? LABEL_PREFIX + label : label;
    }

    /** The pipeline's class names -> the labels as the CSVs write them (for manifest.json). */
    static Map<String, String> labels(List<String> classNames) {
        Map<String, String> m = new TreeMap<>();
        for (String c : classNames) {
            m.put(c, label(c));
        }
        return m;
    }

    /** {@code table} with CSV-safe labels and distinct synthetic groups. */
    public static FeatureTable of(FeatureTable table) {
        Map<String, Integer> next = new TreeMap<>();
        List<FeatureTable.Row> out = new ArrayList<>(table.size());
        for (FeatureTable.Row r : table.rows()) {
            String group = r.group();
            if (FeatureTable.SYNTHETIC.equals(r.source())) {
                int k = next.merge(r.label(), 1, Integer::sum) - 1;
                group = String.format(Locale.ROOT, "synthetic-%s-%d", r.label(), k);
            }
            out.add(new FeatureTable.Row(label(r.label()), group, r.source(), r.t0(), r.values()));
        }
        return new FeatureTable(table.featureNames(), out);
    }
}
