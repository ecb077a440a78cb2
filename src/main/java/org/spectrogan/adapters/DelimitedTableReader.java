package org.spectrogan.adapters;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.spectrogan.common.SpectroganException;

/**
 * CSV (comma) and TSV ({@code .tsv}, {@code .tab}: tab) tables with a header row, one example per row. Rows are
 * parsed one at a time straight into float arrays.
 */
final class DelimitedTableReader {
    private DelimitedTableReader() {
    }

    static void read(Path file, TableSpec t, ExampleTables.FileInfo info, ExampleTables.Sink sink) throws IOException {
        String ext = ExampleTables.extension(file);
        char delimiter = ext.equals("tsv") || ext.equals("tab") ? '\t' : ',';
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).get();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw SpectroganException.inFile(file, "empty file: no header row");
            }
            int labelIdx = -1;
            String labelCol = t.label() != null ? t.label() : (info.labelledOutside() ? null : "label");
            if (labelCol != null) {
                labelIdx = header.indexOf(labelCol);
                if (labelIdx < 0) {
                    throw SpectroganException.inFile(file, "no label column '" + labelCol + "' (columns: " + preview(header) + ")");
                }
            }
            int groupIdx = -1;
            if (t.group() != null) {
                groupIdx = header.indexOf(t.group());
                if (groupIdx < 0) {
                    throw SpectroganException.inFile(file, "no group column '" + t.group() + "' (columns: " + preview(header) + ")");
                }
            }
            int[] featureIdx = featureColumns(file, header, t, labelIdx, groupIdx);
            List<String> names = new ArrayList<>(featureIdx.length);
            for (int i : featureIdx) {
                names.add(header.get(i));
            }
            int fileNo = sink.begin(file, names);
            int ordinal = 0;
            for (CSVRecord rec : parser) {
                long line = rec.getRecordNumber() + 1;
                if (rec.size() != header.size()) {
                    throw SpectroganException.inFile(file, "line " + line + " has " + rec.size() + " cells, the header has "
                            + header.size() + " (a ragged row)");
                }
                float[] row = new float[featureIdx.length];
                for (int j = 0; j < row.length; j++) {
                    row[j] = parse(file, line, names.get(j), rec.get(featureIdx[j]));
                }
                String label = labelIdx >= 0 ? ExampleTables.id(rec.get(labelIdx)) : info.label() == null ? "" : info.label();
                if (label.isEmpty() && info.epochLabels() == null) {
                    throw SpectroganException.inFile(file, "line " + line + ": empty label in column '" + labelCol + "'");
                }
                String group = groupIdx >= 0 ? ExampleTables.id(rec.get(groupIdx)) : info.group();
                if (group.isEmpty()) {
                    throw SpectroganException.inFile(file, "line " + line + ": empty group in column '" + t.group() + "'");
                }
                sink.add(fileNo, file, ordinal++, group, label, row);
            }
            if (ordinal == 0) {
                throw SpectroganException.inFile(file, "no data rows after the header");
            }
        } catch (java.io.UncheckedIOException e) {
            throw SpectroganException.inFile(file, "cannot parse (" + e.getCause().getMessage() + ")", e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e instanceof SpectroganException) {
                throw e;
            }
            throw SpectroganException.inFile(file, "cannot parse the header (" + e.getMessage() + ")", e);
        }
    }

    private static int[] featureColumns(Path file, List<String> header, TableSpec t, int labelIdx, int groupIdx) {
        Set<Integer> excluded = new LinkedHashSet<>();
        excluded.add(labelIdx);
        excluded.add(groupIdx);
        for (String ex : t.exclude()) {
            Pattern p = ExampleTables.glob(ex);
            for (int i = 0; i < header.size(); i++) {
                if (p.matcher(header.get(i)).matches()) {
                    excluded.add(i);
                }
            }
        }
        LinkedHashSet<Integer> chosen = new LinkedHashSet<>();
        if (t.features() == null) {
            for (int i = 0; i < header.size(); i++) {
                if (!excluded.contains(i)) {
                    chosen.add(i);
                }
            }
        } else {
            for (String f : t.features()) {
                Pattern p = ExampleTables.glob(f);
                boolean any = false;
                for (int i = 0; i < header.size(); i++) {
                    if (!excluded.contains(i) && p.matcher(header.get(i)).matches()) {
                        chosen.add(i);
                        any = true;
                    }
                }
                if (!any) {
                    throw SpectroganException.inFile(file, "no feature column matches '" + f + "' (columns: " + preview(header) + ")");
                }
            }
        }
        if (chosen.isEmpty()) {
            throw SpectroganException.inFile(file, "no feature columns besides the label and group columns");
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    private static float parse(Path file, long line, String column, String cell) {
        float v;
        try {
            v = Float.parseFloat(cell);
        } catch (NumberFormatException e) {
            throw SpectroganException.inFile(file, "line " + line + ", column '" + column + "': not a number: '"
                    + (cell.length() > 80 ? cell.substring(0, 77) + "..." : cell) + "'");
        }
        if (!Float.isFinite(v)) {
            throw SpectroganException.inFile(file, "line " + line + ", column '" + column + "': " + cell + " is not finite");
        }
        return v;
    }

    private static String preview(List<String> header) {
        return String.join(", ", header.subList(0, Math.min(8, header.size()))) + (header.size() > 8 ? ", ..." : "");
    }
}
