package org.spectrogan.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;

/**
 * Property tests of the CSV and text parsers as seeded random loops: random matrices written with random
 * number formats, spacing, headers, label runs and time columns read back to the same values, segments and rate.
 */
class TextCsvPropertyTest {
    @TempDir
    Path tmp;

    private static String format(Random rnd, double v) {
        return switch (rnd.nextInt(4)) {
            case 0 -> Double.toString(v);
            case 1 -> String.format(Locale.ROOT, "%.6e", v);
            case 2 -> String.format(Locale.ROOT, "%.3f", v);
            default -> Float.toString((float) v);
        };
    }

    @Test
    void csvRoundTripsValuesLabelsAndRate() throws IOException {
        Random rnd = new Random(20240601);
        for (int trial = 0; trial < 60; trial++) {
            int channels = 1 + rnd.nextInt(6);
            int rows = 1 + rnd.nextInt(400);
            boolean header = rnd.nextBoolean() || trial % 3 == 0;
            boolean withLabels = header && rnd.nextBoolean();
            boolean withTime = header && !withLabels && rnd.nextBoolean();
            double rate = new double[] {128, 160, 250, 256, 500}[rnd.nextInt(5)];
            double t0 = 1.7e9 + rnd.nextInt(1000);
            String[] names = new String[channels];
            for (int c = 0; c < channels; c++) {
                names[c] = "E" + c;
            }
            double[][] x = new double[channels][rows];
            String[] labels = new String[rows];
            StringBuilder sb = new StringBuilder();
            if (header) {
                List<String> h = new ArrayList<>();
                if (withTime) {
                    h.add("timestamp");
                }
                h.addAll(List.of(names));
                if (withLabels) {
                    h.add("state");
                }
                sb.append(String.join(rnd.nextBoolean() ? "," : ", ", h)).append('\n');
            }
            String current = "a";
            for (int i = 0; i < rows; i++) {
                if (rnd.nextInt(20) == 0) {
                    current = List.of("a", "b", "c", "").get(rnd.nextInt(4));
                }
                labels[i] = current;
                List<String> cells = new ArrayList<>();
                if (withTime) {
                    double jitter = (rnd.nextDouble() - 0.5) * 0.1 / rate;
                    cells.add(String.format(Locale.ROOT, "%.6f", t0 + i / rate + jitter));
                }
                for (int c = 0; c < channels; c++) {
                    x[c][i] = (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(7) - 2);
                    cells.add(format(rnd, x[c][i]));
                }
                if (withLabels) {
                    cells.add(labels[i]);
                }
                sb.append(String.join(rnd.nextBoolean() ? "," : " , ", cells)).append(rnd.nextInt(10) == 0 ? "\r\n" : "\n");
            }
            Path p = tmp.resolve("t" + trial + ".csv");
            Files.writeString(p, sb.toString());
            AdapterSpec spec = AdapterSpec.defaults();
            if (!withTime || rows < 2) {
                spec = spec.toBuilder().optRateHz(rate).build();
            }
            if (withLabels) {
                spec = spec.toBuilder().optLabelFrom("column:state").build();
            }
            Recording r = Recordings.readFile(p, spec);
            final int t = trial;
            assertEquals(channels, r.channelCount(), () -> "trial " + t);
            assertEquals(rows, r.sampleCount(), () -> "trial " + t);
            if (header) {
                assertEquals(List.of(names), r.channelNames());
            }
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < rows; i++) {
                    // the written text may have been rounded (%.3f, %.6e, float); compare with its parse
                    assertEquals(x[c][i], r.physicalValue(c, i), 6e-4 + Math.abs(x[c][i]) * 1e-6 + Math.abs(x[c][i] - x[c][0]) * 1.2e-7, "trial " + t);
                }
            }
            if (withTime && rows >= 2) {
                assertEquals(rate, r.sampleRateHz(), rate * 0.05, () -> "rate of trial " + t);
            } else {
                assertEquals(rate, r.sampleRateHz());
            }
            if (withLabels) {
                // every labelled sample is covered by exactly one segment with its label
                for (int i = 0; i < rows; i++) {
                    double tMid = (i + 0.5) / r.sampleRateHz();
                    List<String> covering = new ArrayList<>();
                    for (LabelledSegment s : r.segments()) {
                        if (s.onsetSeconds() <= tMid && tMid < s.endSeconds()) {
                            covering.add(s.label());
                        }
                    }
                    assertEquals(labels[i].isEmpty() ? List.of() : List.of(labels[i]), covering, "trial " + t + " sample " + i);
                }
                for (int k = 1; k < r.segments().size(); k++) {
                    LabelledSegment a = r.segments().get(k - 1);
                    LabelledSegment b = r.segments().get(k);
                    assertTrue(!a.label().equals(b.label()) || a.endSeconds() < b.onsetSeconds() - 1e-12,
                            "adjacent runs of one label are merged");
                }
            }
        }
    }

    @Test
    void textRoundTripsColumnsAndComments() throws IOException {
        Random rnd = new Random(99);
        for (int trial = 0; trial < 60; trial++) {
            int channels = 1 + rnd.nextInt(5);
            int rows = 1 + rnd.nextInt(300);
            double[][] x = new double[channels][rows];
            StringBuilder sb = new StringBuilder();
            if (rnd.nextBoolean()) {
                sb.append("# exported by a test\n");
            }
            for (int i = 0; i < rows; i++) {
                if (rnd.nextInt(30) == 0) {
                    sb.append(rnd.nextBoolean() ? "\n" : "   \n");
                }
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < channels; c++) {
                    x[c][i] = rnd.nextInt(2000) - 1000 + rnd.nextInt(8) / 8.0;
                    cells.add(format(rnd, x[c][i]));
                }
                sb.append(rnd.nextBoolean() ? " " : "").append(String.join(rnd.nextBoolean() ? "\t" : "   ", cells)).append('\n');
            }
            Path p = tmp.resolve("t" + trial + ".txt");
            Files.writeString(p, sb.toString());
            Recording r = Recordings.readFile(p, AdapterSpec.defaults().toBuilder().optRateHz(173.61).build());
            assertEquals(channels, r.channelCount());
            assertEquals(rows, r.sampleCount());
            assertEquals("text", r.format());
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < rows; i++) {
                    assertEquals(x[c][i], r.physicalValue(c, i), 1e-9);
                }
            }
        }
    }

    @Test
    void textWithoutRateAndRaggedLinesAreRefused() throws IOException {
        Path p = tmp.resolve("r.txt");
        Files.writeString(p, "1 2\n3 4\n5\n");
        SpectroganException e = assertThrows(SpectroganException.class, () -> Recordings.readFile(p, AdapterSpec.defaults()));
        assertTrue(e.getMessage().contains("--rate-hz"), e.getMessage());
        e = assertThrows(SpectroganException.class, () -> Recordings.readFile(p, AdapterSpec.defaults().toBuilder().optRateHz(10.0).build()));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("1 values"), e.getMessage());
    }

    @Test
    void semicolonsAndMillisecondTimestamps() throws IOException {
        Path p = tmp.resolve("export.csv");
        StringBuilder sb = new StringBuilder("timestamps;Fp1;Fp2\n");
        for (int i = 0; i < 50; i++) {
            sb.append(1_700_000_000_000L + i * 4).append(';').append(i).append(';').append(-i).append('\n');
        }
        Files.writeString(p, sb.toString());
        Recording r = Recordings.readFile(p, AdapterSpec.defaults());
        assertEquals(250.0, r.sampleRateHz(), 1e-9);
        assertEquals(List.of("Fp1", "Fp2"), r.channelNames());
        assertEquals(-49.0, r.physicalValue(1, 49));
    }

    @Test
    void csvChannelsByNameAndTimeColumnOption() throws IOException {
        Path p = tmp.resolve("h.csv");
        Files.writeString(p, "t,a,b,c\n10.0,1,2,3\n10.5,4,5,6\n11.0,7,8,9\n");
        Recording r = Recordings.readFile(p, AdapterSpec.defaults().toBuilder().optTimeColumn("t").optChannels(List.of("c", "a")).build());
        assertEquals(2.0, r.sampleRateHz(), 1e-12);
        assertEquals(List.of("c", "a"), r.channelNames());
        assertEquals(9.0, r.physicalValue(0, 2));
        assertEquals(4.0, r.physicalValue(1, 1));
        SpectroganException e = assertThrows(SpectroganException.class,
                () -> Recordings.readFile(p, AdapterSpec.defaults().toBuilder().optRateHz(2.0).optChannels(List.of("zz")).build()));
        assertTrue(e.getMessage().contains("'zz'") && e.getMessage().contains("a, b, c"), e.getMessage());
    }
}
