package org.spectrogan.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.spectrogan.adapters.ExampleTable;
import org.spectrogan.common.SpectroganException;

/**
 * The {@code raw} feature kind: examples that are already examples ({@link ExampleTable}, read by an adapter
 * with {@code "format": "table"}) become feature rows as they are, with two optional steps for time samples:
 * <ul>
 *   <li>{@code baselineSamples} B: subtract from every value of a row the mean of its first B values (ERP
 *       baseline correction; for ERP CORE's -200..800 ms epoch at 128 Hz the pre-stimulus part is 26 samples).
 *       Applied before decimation.</li>
 *   <li>{@code decimate} k: replace each run of k consecutive columns by its mean (a boxcar low-pass, then every
 *       k-th sample); a last run shorter than k is averaged over what it has. Column names are those of each
 *       run's first column.</li>
 * </ul>
 * A row's {@code t0} is its ordinal in its file times the table's {@code exampleSeconds}.
 *
 * @param decimate        1 = off
 * @param baselineSamples 0 = off
 */
public record RawExamples(int decimate, int baselineSamples) {
    public static final String KIND = "raw";

    public RawExamples {
        if (decimate < 1) {
            throw new SpectroganException("decimate must be a whole number of samples >= 1, got " + decimate);
        }
        if (baselineSamples < 0) {
            throw new SpectroganException("baselineSamples must be >= 0 samples, got " + baselineSamples);
        }
    }

    /** Columns passed through unchanged. */
    public static RawExamples passThrough() {
        return new RawExamples(1, 0);
    }

    /**
     * The pipeline's {@code features} section for table inputs: {@code {"kind": "raw", "decimate": k,
     * "baselineSamples": B}}; null or absent means pass-through. Errors name {@code where} and the key.
     */
    public static RawExamples fromJson(JsonNode features, Path where) {
        if (features == null || features.isNull() || features.isEmpty()) {
            return passThrough();
        }
        int decimate = 1;
        int baseline = 0;
        for (Iterator<String> it = features.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            JsonNode v = features.get(k);
            switch (k) {
                case "kind" -> {
                    if (!v.isTextual() || !v.asText().equalsIgnoreCase(KIND)) {
                        throw SpectroganException.inFile(where, "features.kind is '" + v.asText() + "', but the adapter reads a table"
                                + " of examples: use \"kind\": \"raw\" (or leave out the features section)");
                    }
                }
                case "decimate" -> decimate = wholeNumber(v, k, where);
                case "baselineSamples" -> baseline = wholeNumber(v, k, where);
                default -> throw SpectroganException.inFile(where, "unknown key '" + k + "' in section 'features' for kind raw"
                        + " (known keys: baselineSamples, decimate, kind)");
            }
        }
        try {
            return new RawExamples(decimate, baseline);
        } catch (SpectroganException e) {
            throw SpectroganException.inFile(where, "features: " + e.getMessage(), e);
        }
    }

    private static int wholeNumber(JsonNode v, String key, Path where) {
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw SpectroganException.inFile(where, "features." + key + " must be a whole number of samples, got " + v);
        }
        return v.asInt();
    }

    /** From the command line: {@code --kind raw} (anything else is an error for table inputs). */
    public static RawExamples of(String kind, int decimate, int baselineSamples) {
        if (kind == null || !kind.trim().equalsIgnoreCase(KIND)) {
            throw new SpectroganException("--kind " + kind + ": the adapter reads a table of examples; use --kind raw");
        }
        return new RawExamples(decimate, baselineSamples);
    }

    /** The feature columns this produces from {@code in}'s columns. */
    public List<String> columnNames(List<String> in) {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < in.size(); j += decimate) {
            out.add(in.get(j));
        }
        return out;
    }

    /** The examples as feature rows (label, group, source real, t0 = ordinal x exampleSeconds). */
    public FeatureTable apply(ExampleTable t) {
        int width = t.columnCount();
        if (baselineSamples > width) {
            throw new SpectroganException("baselineSamples " + baselineSamples + " is more than the " + width
                    + " columns of the table (" + t.files().get(0) + ")");
        }
        List<String> names = columnNames(t.columnNames());
        List<FeatureTable.Row> rows = new ArrayList<>(t.size());
        float[][] data = t.rows();
        for (int i = 0; i < data.length; i++) {
            rows.add(new FeatureTable.Row(t.labels()[i], t.groups()[i], FeatureTable.REAL,
                    t.ordinals()[i] * t.exampleSeconds(), row(data[i], names.size())));
        }
        return new FeatureTable(names, rows);
    }

    private double[] row(float[] in, int outWidth) {
        double base = 0;
        if (baselineSamples > 0) {
            for (int j = 0; j < baselineSamples; j++) {
                base += in[j];
            }
            base /= baselineSamples;
        }
        double[] out = new double[outWidth];
        for (int o = 0; o < outWidth; o++) {
            int lo = o * decimate;
            int hi = Math.min(in.length, lo + decimate);
            double s = 0;
            for (int j = lo; j < hi; j++) {
                s += in[j];
            }
            out[o] = s / (hi - lo) - base;
        }
        return out;
    }
}
