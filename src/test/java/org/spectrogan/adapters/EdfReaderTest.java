package org.spectrogan.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.SharedData;

/** EDF+ reading against MNE's reading of the same file, and write-then-read round trips. */
class EdfReaderTest {
    @TempDir
    Path tmp;

    private static List<String[]> csv(Path p) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(p)) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    @Test
    void matchesMneInfoSamplesAndAnnotations() throws IOException {
        Path edf = SharedData.require("data/eegmmi-s001/S001R04.edf");
        List<String[]> info = csv(SharedData.require("reference/eegmmi-S001R04-info.csv"));
        List<String[]> head = csv(SharedData.require("reference/eegmmi-S001R04-signal-head.csv"));
        List<String[]> ann = csv(SharedData.require("reference/eegmmi-S001R04-annotations.csv"));

        Recording r = Recordings.readFile(edf, AdapterSpec.defaults());
        assertEquals(Double.parseDouble(info.get(1)[0]), r.sampleRateHz());
        assertEquals(Integer.parseInt(info.get(1)[1]), r.channelCount());
        assertEquals(Integer.parseInt(info.get(1)[2]), r.sampleCount());
        assertEquals("edf", r.format());
        assertEquals("uV", r.physicalUnit());

        String[] names = head.get(0);
        for (int c = 1; c < names.length; c++) {
            assertEquals(names[c], r.channelNames().get(c - 1), "channel name " + c);
        }
        int checked = 0;
        for (int row = 1; row < head.size(); row++) {
            String[] cells = head.get(row);
            int sample = Integer.parseInt(cells[0]);
            for (int c = 1; c < cells.length; c++) {
                double want = Double.parseDouble(cells[c]);
                double got = r.channel(c - 1)[sample];
                assertEquals(want, got, 1e-9 * Math.abs(want),
                        () -> "sample " + sample + " of " + names[0]);
                checked++;
            }
        }
        assertEquals(320 * 64, checked);

        List<LabelledSegment> segs = r.segments();
        assertEquals(ann.size() - 1, segs.size());
        for (int i = 1; i < ann.size(); i++) {
            LabelledSegment s = segs.get(i - 1);
            assertEquals(Double.parseDouble(ann.get(i)[0]), s.onsetSeconds(), 0.0, "onset " + i);
            assertEquals(Double.parseDouble(ann.get(i)[1]), s.durationSeconds(), 0.0, "duration " + i);
            assertEquals(ann.get(i)[2], s.label(), "text " + i);
        }
    }

    @Test
    void channelSelectionByNameWithOrWithoutDots() {
        Path edf = SharedData.require("data/eegmmi-s001/S001R04.edf");
        Recording all = Recordings.readFile(edf, AdapterSpec.defaults());
        Recording two = Recordings.readFile(edf, AdapterSpec.defaults().toBuilder().optChannels(List.of("cz", "Fc5.")).build());
        assertEquals(List.of("Cz..", "Fc5."), two.channelNames());
        assertTrue(java.util.Arrays.equals(all.channel(all.channelIndex("Cz")), two.channel(0)));
        assertTrue(java.util.Arrays.equals(all.channel(0), two.channel(1)));
    }

    /** Random digital samples, ranges and annotations survive a write-read round trip exactly. */
    @Test
    void roundTripEdfAndBdf() throws IOException {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 12; trial++) {
            boolean bdf = trial % 2 == 1;
            int spr = 1 + rnd.nextInt(300);
            int records = 1 + rnd.nextInt(20);
            int channels = 1 + rnd.nextInt(5);
            double recordSeconds = new double[] {1, 0.5, 2, 0.25}[rnd.nextInt(4)];
            int lo = bdf ? -8388608 : -32768;
            int hi = bdf ? 8388607 : 32767;
            EdfWriter w = new EdfWriter(spr, recordSeconds).bdf(bdf);
            int[][] dig = new int[channels][spr * records];
            double[][] phys = new double[channels][2];
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < dig[c].length; i++) {
                    dig[c][i] = lo + rnd.nextInt(hi - lo);
                }
                phys[c][0] = -(1 + rnd.nextInt(5000));
                phys[c][1] = 1 + rnd.nextInt(5000);
                w.channel("C" + c, dig[c], phys[c][0], phys[c][1], lo, hi);
            }
            List<LabelledSegment> anns = new ArrayList<>();
            int nAnn = rnd.nextInt(6);
            for (int a = 0; a < nAnn; a++) {
                LabelledSegment s = new LabelledSegment(Math.round(rnd.nextDouble() * records * recordSeconds * 10) / 10.0,
                        rnd.nextBoolean() ? 0 : Math.round(rnd.nextDouble() * 40) / 10.0, "L" + rnd.nextInt(4) + " é");
                anns.add(s);
                w.annotate(s.onsetSeconds(), s.durationSeconds(), s.label());
            }
            Path f = w.write(tmp.resolve("t" + trial + (bdf ? ".bdf" : ".edf")));
            Recording r = Recordings.readFile(f, AdapterSpec.defaults());
            assertEquals(bdf ? "bdf" : "edf", r.format());
            assertEquals(spr / recordSeconds, r.sampleRateHz(), 1e-12);
            assertEquals(channels, r.channelCount());
            for (int c = 0; c < channels; c++) {
                double cal = (phys[c][1] - phys[c][0]) / ((double) hi - lo);
                for (int i = 0; i < dig[c].length; i++) {
                    double want = phys[c][0] + (dig[c][i] - (double) lo) * cal;
                    assertEquals((float) want, r.channel(c)[i], Math.ulp((float) want) * 1.01, "trial " + trial);
                }
            }
            assertEquals(anns, r.segments(), "annotations of trial " + trial);
        }
    }

    /** Reading allocates little beyond the float32 output: no per-sample objects. */
    @Test
    void readingAllocatesNearFloat32Size() {
        Path edf = SharedData.require("data/eegmmi-s001/S001R04.edf");
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Recordings.readFile(edf, AdapterSpec.defaults()); // warm up class loading
        long before = bean.getCurrentThreadAllocatedBytes();
        Recording r = Recordings.readFile(edf, AdapterSpec.defaults());
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        long float32 = 4L * r.channelCount() * r.sampleCount();
        assertTrue(allocated < float32 * 1.25 + (2 << 20),
                "allocated " + allocated + " bytes for " + float32 + " bytes of float32 samples");
        assertFalse(r.segments().isEmpty());
    }
}
