package org.spectrogan.adapters;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.spectrogan.common.SpectroganException;

/**
 * Plain text: one value per line, or whitespace-separated columns (one channel per column). Blank lines and
 * lines starting with '#' are skipped; a first line of names is a header. The rate must be given.
 */
final class TextReader {
    private TextReader() {
    }

    static Recording read(Source src, AdapterSpec spec) throws IOException {
        if (spec.rateHz() == null) {
            throw SpectroganException.inFile(src.path(), "plain text carries no sample rate: give --rate-hz (or rateHz in the adapter)");
        }
        try (BufferedReader in = TextInput.open(src)) {
            List<String> names = null;
            FloatColumns data = null;
            int width = -1;
            int[] col = null;
            String line;
            long lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cells = t.split("\\s+");
                if (width < 0) {
                    width = cells.length;
                    boolean header = false;
                    for (String c : cells) {
                        if (!Numbers.isNumber(c)) {
                            header = true;
                            break;
                        }
                    }
                    names = new ArrayList<>();
                    for (int i = 0; i < width; i++) {
                        names.add(header ? cells[i] : "ch" + (i + 1));
                    }
                    col = select(src, spec, names);
                    data = new FloatColumns(col.length, 4096, src);
                    if (header) {
                        continue;
                    }
                }
                if (cells.length != width) {
                    throw SpectroganException.inFile(src.path(), "line " + lineNo + " has " + cells.length
                            + " values, the first line has " + width);
                }
                int k = data.next();
                for (int c = 0; c < col.length; c++) {
                    data.setRelative(c, k, CsvReader.value(src, cells[col[c]], "line " + lineNo, names.get(col[c])));
                }
            }
            if (data == null || data.size() == 0) {
                throw SpectroganException.inFile(src.path(), "empty text file: no values");
            }
            List<String> chosen = new ArrayList<>();
            for (int c : col) {
                chosen.add(names.get(c));
            }
            return new Recording(data.toArrays(), data.offsets(), spec.rateHz(), chosen, spec.unit(), src.path(), "text", null, List.of());
        }
    }

    private static int[] select(Source src, AdapterSpec spec, List<String> names) {
        if (spec.channels() == null) {
            return java.util.stream.IntStream.range(0, names.size()).toArray();
        }
        int[] out = new int[spec.channels().size()];
        for (int i = 0; i < out.length; i++) {
            String want = spec.channels().get(i);
            int idx = -1;
            for (int k = 0; k < names.size(); k++) {
                if (names.get(k).equalsIgnoreCase(want)) {
                    idx = k;
                    break;
                }
            }
            if (idx < 0) {
                throw SpectroganException.inFile(src.path(), "no channel named '" + want + "'; the file has "
                        + String.join(", ", names));
            }
            out[i] = idx;
        }
        return out;
    }
}
