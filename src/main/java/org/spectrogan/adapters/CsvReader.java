package org.spectrogan.adapters;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.spectrogan.common.SpectroganException;

/**
 * CSV reader (Commons CSV): a header row (or none: columns named ch1..chN), channels by name or every numeric
 * column, a per-sample label column turned into labelled segments, and a timestamp column (time, timestamp,
 * timestamps or --time-column) that is not a channel and gives the rate by a line fitted over the whole span
 * ({@link TimestampRate}; seconds, Unix milliseconds when the first time exceeds 1e11). The delimiter is sniffed from the first line (, ; or tab).
 */
final class CsvReader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CsvReader.class);

    private CsvReader() {
    }

    static final List<String> TIME_NAMES = List.of("time", "timestamp", "timestamps");

    static Recording read(Source src, AdapterSpec spec) throws IOException {
        char delimiter = sniffDelimiter(src);
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true).get();
        try (Reader reader = TextInput.open(src);
             CSVParser parser = CSVParser.parse(reader, fmt)) {
            Iterator<CSVRecord> it = parser.iterator();
            if (!it.hasNext()) {
                throw SpectroganException.inFile(src.path(), "empty CSV: no header and no data rows");
            }
            CSVRecord first = it.next();
            boolean hasHeader = false;
            for (String cell : first) {
                if (!Numbers.isNumber(cell)) {
                    hasHeader = true;
                    break;
                }
            }
            int width = first.size();
            List<String> header = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                header.add(hasHeader ? first.get(i).trim() : "ch" + (i + 1));
            }
            CSVRecord firstData = hasHeader ? (it.hasNext() ? it.next() : null) : first;
            if (firstData == null) {
                throw SpectroganException.inFile(src.path(), "empty CSV: a header but no data rows");
            }

            int timeCol = -1;
            if (spec.timeColumn() != null) {
                timeCol = indexOf(header, spec.timeColumn());
                if (timeCol < 0) {
                    throw SpectroganException.inFile(src.path(), "no time column '" + spec.timeColumn() + "'; columns are "
                            + String.join(", ", header));
                }
            } else {
                for (int i = 0; i < width; i++) {
                    if (TIME_NAMES.contains(header.get(i).toLowerCase(Locale.ROOT))) {
                        timeCol = i;
                        break;
                    }
                }
            }
            int labelCol = -1;
            if (spec.labelKind().equals("column")) {
                labelCol = indexOf(header, spec.labelArgument());
                if (labelCol < 0) {
                    throw SpectroganException.inFile(src.path(), "no label column '" + spec.labelArgument()
                            + "'; columns are " + String.join(", ", header));
                }
            }
            List<Integer> cols = new ArrayList<>();
            if (spec.channels() != null) {
                for (String name : spec.channels()) {
                    int i = indexOf(header, name);
                    if (i < 0) {
                        throw SpectroganException.inFile(src.path(), "no channel column '" + name + "'; columns are "
                                + String.join(", ", header));
                    }
                    cols.add(i);
                }
            } else {
                for (int i = 0; i < width; i++) {
                    if (i != timeCol && i != labelCol && i < firstData.size() && Numbers.isNumber(firstData.get(i))) {
                        cols.add(i);
                    }
                }
            }
            if (cols.isEmpty()) {
                throw SpectroganException.inFile(src.path(), "no numeric channel column (columns are "
                        + String.join(", ", header) + ")");
            }
            int[] col = cols.stream().mapToInt(Integer::intValue).toArray();
            FloatColumns data = new FloatColumns(col.length, 4096, src);
            double[] times = timeCol >= 0 ? new double[4096] : null;
            List<String> labels = labelCol >= 0 ? new ArrayList<>() : null;

            CSVRecord row = firstData;
            while (row != null) {
                long line = row.getRecordNumber();
                if (row.size() != width) {
                    throw SpectroganException.inFile(src.path(), "row " + line + " has " + row.size()
                            + " columns, the header has " + width);
                }
                int k = data.next();
                for (int c = 0; c < col.length; c++) {
                    data.setRelative(c, k, value(src, row.get(col[c]), line, header.get(col[c])));
                }
                if (times != null) {
                    if (k == times.length) {
                        times = Arrays.copyOf(times, times.length * 2);
                    }
                    times[k] = value(src, row.get(timeCol), line, header.get(timeCol));
                }
                if (labels != null) {
                    labels.add(row.get(labelCol).trim());
                }
                row = it.hasNext() ? it.next() : null;
            }
            int n = data.size();
            TimestampRate fromTimes = null;
            if (times != null && n >= 2) {
                // Seconds from the first time (Unix milliseconds when the first exceeds 1e11, as some headsets export):
                // differences first, so 1.7e12 ms keeps its precision.
                double t0 = times[0];
                double toSeconds = t0 > 1e11 ? 1e-3 : 1.0;
                for (int i = 0; i < n; i++) {
                    times[i] = (times[i] - t0) * toSeconds;
                }
                fromTimes = TimestampRate.fit(src, times, n, header.get(timeCol));
                for (String w : fromTimes.warnings()) {
                    LOG.warn("{}: {}", src.path(), w);
                }
            }
            double rateHz;
            if (spec.rateHz() != null) {
                rateHz = spec.rateHz();
                String w = fromTimes == null ? null : fromTimes.disagreement(rateHz, header.get(timeCol));
                if (w != null) {
                    LOG.warn("{}: {}", src.path(), w);
                }
            } else if (fromTimes != null) {
                rateHz = fromTimes.rateHz();
            } else {
                throw SpectroganException.inFile(src.path(), "no sample rate: give --rate-hz (or rateHz in the adapter)"
                        + " or a time column (time, timestamp, timestamps, --time-column)");
            }
            List<String> names = new ArrayList<>();
            for (int c : col) {
                names.add(header.get(c));
            }
            List<LabelledSegment> segments = labels == null ? List.of() : runs(labels, rateHz);
            return new Recording(data.toArrays(), data.offsets(), rateHz, names, spec.unit(), src.path(), "csv", null, segments);
        } catch (java.io.UncheckedIOException e) {
            throw SpectroganException.inFile(src.path(), "cannot parse CSV: " + e.getCause().getMessage(), e);
        }
    }

    /** Tab for .tsv; otherwise the most frequent of , ; and tab in the first line (comma on a tie). */
    static char sniffDelimiter(Source src) throws IOException {
        if (src.extension().equals("tsv")) {
            return '\t';
        }
        byte[] head = src.head(8192);
        int comma = 0;
        int semi = 0;
        int tab = 0;
        for (byte b : head) {
            if (b == '\n') {
                break;
            }
            comma += b == ',' ? 1 : 0;
            semi += b == ';' ? 1 : 0;
            tab += b == '\t' ? 1 : 0;
        }
        if (semi > comma && semi >= tab) {
            return ';';
        }
        return tab > comma ? '\t' : ',';
    }

    private static int indexOf(List<String> header, String name) {
        int i = header.indexOf(name.trim());
        if (i >= 0) {
            return i;
        }
        for (int k = 0; k < header.size(); k++) {
            if (header.get(k).equalsIgnoreCase(name.trim())) {
                return k;
            }
        }
        return -1;
    }

    static double value(Source src, String cell, long row, String column) {
        return value(src, cell, "row " + row, column);
    }

    static double value(Source src, String cell, String where, String column) {
        Double v = Numbers.parseOrNull(cell);
        if (v == null) {
            throw SpectroganException.inFile(src.path(), where + ", column " + Numbers.shown(column) + ": '"
                    + Numbers.shown(cell) + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw SpectroganException.inFile(src.path(), where + ", column " + Numbers.shown(column) + ": " + v + " ('"
                    + Numbers.shown(cell.trim()) + "'): NaN or infinite values are not allowed");
        }
        if (Math.abs(v) > Float.MAX_VALUE) {
            throw SpectroganException.inFile(src.path(), where + ", column " + Numbers.shown(column) + ": '"
                    + Numbers.shown(cell.trim()) + "' overflows float32 samples (|x| > " + Float.MAX_VALUE + ")");
        }
        return v;
    }

    /** Runs of equal non-empty labels as segments. */
    static List<LabelledSegment> runs(List<String> labels, double rateHz) {
        List<LabelledSegment> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= labels.size(); i++) {
            if (i == labels.size() || !labels.get(i).equals(labels.get(start))) {
                String l = labels.get(start);
                if (!l.isEmpty()) {
                    out.add(new LabelledSegment(start / rateHz, (i - start) / rateHz, l));
                }
                start = i;
            }
        }
        return out;
    }
}
