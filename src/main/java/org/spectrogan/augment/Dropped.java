package org.spectrogan.augment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spectrogan.adapters.ReadReport;
import org.spectrogan.features.Extraction;

/**
 * What an augment run read but did not use, so nothing is dropped silently: the files found but not read (per
 * reason, with an example), the recordings and windows the feature extraction dropped (per reason, with an
 * example), and the rows the pipeline's own settings left out (classes not listed, windows across a time-block
 * edge, the --quick row cap). Written as the {@code dropped} section of manifest.json and logged one line each.
 *
 * @param files   the reader's report, or null when the input is a table of examples
 * @param windows the feature extraction's counts, or null when the input is a table of examples
 * @param rows    rows left out after extraction, by reason ("classesNotInPipeline", "acrossTimeBlockEdges",
 *                "quickRowCap"), only reasons that dropped any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Dropped(ReadReport files, Extraction windows, Map<String, Integer> rows) {
    /** Nothing known to be dropped (a loader that does not report). */
    public static final Dropped NONE = new Dropped(null, null, Map.of());

    public Dropped {
        rows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }

    /** This with {@code n} more rows dropped for {@code reason} (nothing when n is 0). */
    Dropped withRows(String reason, int n) {
        if (n <= 0) {
            return this;
        }
        Map<String, Integer> m = new LinkedHashMap<>(rows);
        m.merge(reason, n, Integer::sum);
        return new Dropped(files, windows, m);
    }

    /** One line per part, for the augment log. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (files != null) {
            out.add("files: read " + files.recordingsRead() + " of " + files.filesFound() + " found"
                    + (files.skippedTotal() == 0 ? ", none left out" : "; not read: " + String.join("; ", files.lines())));
        }
        if (windows != null) {
            out.add("windows: " + windows.summary());
        }
        if (!rows.isEmpty()) {
            StringBuilder b = new StringBuilder("rows: left out");
            rows.forEach((k, v) -> b.append(b.length() > 14 ? "," : "").append(' ').append(v).append(' ').append(describe(k)));
            out.add(b.toString());
        }
        return out;
    }

    private static String describe(String reason) {
        return switch (reason) {
            case "classesNotInPipeline" -> "of classes the pipeline does not list";
            case "acrossTimeBlockEdges" -> "across a time-block edge (split.blockSeconds)";
            case "quickRowCap" -> "by the --quick row cap";
            default -> reason;
        };
    }
}
