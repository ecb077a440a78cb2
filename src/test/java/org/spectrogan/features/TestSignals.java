package org.spectrogan.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spectrogan.SharedData;
import org.spectrogan.adapters.LabelledSegment;
import org.spectrogan.adapters.Recording;

/** Test inputs built without the readers: the eye-state CSV parsed in a few lines, reference CSVs, sines. */
final class TestSignals {
    private TestSignals() {
    }

    /** A numeric CSV with a header: column names and rows of doubles. */
    record Csv(List<String> header, double[][] rows) {
        int column(String name) {
            int i = header.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + name);
            }
            return i;
        }

        double[] col(int i) {
            double[] c = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                c[r] = rows[r][i];
            }
            return c;
        }
    }

    static Csv readCsv(Path p) throws IOException {
        List<String> lines = Files.readAllLines(p);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<double[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            if (l.isBlank()) {
                continue;
            }
            String[] cells = l.split(",");
            double[] v = new double[cells.length];
            for (int i = 0; i < cells.length; i++) {
                v[i] = Double.parseDouble(cells[i]);
            }
            rows.add(v);
        }
        return new Csv(header, rows.toArray(new double[0][]));
    }

    /** data/eeg-eye-state/eeg-eye-state.csv as a 14-channel recording at 128 Hz, segments from the class column. */
    static Recording eyeState() throws IOException {
        return eyeState(false);
    }

    /**
     * With {@code centred}, each channel's overall mean (about 4300 uV) is subtracted in double precision
     * before the float32 cast: Welch removes each segment's mean anyway, so scipy's result is unchanged, but
     * the few uV of signal keep their digits in float32.
     */
    static Recording eyeState(boolean centred) throws IOException {
        Path p = SharedData.require("data/eeg-eye-state/eeg-eye-state.csv");
        Csv csv = readCsv(p);
        int classCol = csv.column("class");
        List<String> names = new ArrayList<>(csv.header().subList(0, classCol));
        float[][] x = new float[names.size()][csv.rows().length];
        for (int c = 0; c < names.size(); c++) {
            double mean = 0;
            if (centred) {
                for (int t = 0; t < csv.rows().length; t++) {
                    mean += csv.rows()[t][c];
                }
                mean /= csv.rows().length;
            }
            for (int t = 0; t < csv.rows().length; t++) {
                x[c][t] = (float) (csv.rows()[t][c] - mean);
            }
        }
        double rate = 128.0;
        List<LabelledSegment> segs = new ArrayList<>();
        int start = 0;
        double[] cls = csv.col(classCol);
        for (int t = 1; t <= cls.length; t++) {
            if (t == cls.length || cls[t] != cls[start]) {
                segs.add(new LabelledSegment(start / rate, (t - start) / rate, Integer.toString((int) cls[start])));
                start = t;
            }
        }
        return new Recording(x, rate, names, "uV", p, "csv", "eye-state", segs);
    }

    static Recording sines(double rateHz, int samples, double[] freqsHz, double[] amps, String group, List<LabelledSegment> segs) {
        float[][] x = new float[1][samples];
        for (int t = 0; t < samples; t++) {
            double v = 0;
            for (int i = 0; i < freqsHz.length; i++) {
                v += amps[i] * Math.sin(2 * Math.PI * freqsHz[i] * t / rateHz + 0.3 * i);
            }
            x[0][t] = (float) v;
        }
        return new Recording(x, rateHz, List.of("ch"), "", Path.of(group + ".wav"), "wav", group, segs);
    }
}
