package org.spectrogan.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.SharedData;
import org.spectrogan.common.SpectroganException;

/** The read report of files not read, EDF+ annotation-only files, and rates fitted from timestamps. */
class ReadReportAnnotationsRateTest {
    @TempDir
    Path tmp;

    @Test
    void sleepEdfHypnogramReadsAsMneReadsIt() {
        Path f = SharedData.require("data/sleep-edf-features/hypnograms/SC4001EC-Hypnogram.edf");
        EdfAnnotations a = EdfAnnotations.read(f);
        // MNE's read_annotations gives 154 stage annotations for this file.
        assertEquals(154, a.annotations().size());
        List<LabelledSegment> s = a.annotations();
        assertEquals(new LabelledSegment(0, 30630, "Sleep stage W"), s.get(0));
        assertEquals(new LabelledSegment(30630, 120, "Sleep stage 1"), s.get(1));
        assertEquals(new LabelledSegment(30750, 390, "Sleep stage 2"), s.get(2));
        assertEquals(new LabelledSegment(79500, 6900, "Sleep stage ?"), s.get(153));
        assertEquals("24.04.89", a.startDate());
        assertEquals("16.13.00", a.startTime());
        // The stages tile the night: each starts where the one before ends.
        for (int i = 1; i < s.size(); i++) {
            assertEquals(s.get(i - 1).endSeconds(), s.get(i).onsetSeconds(), 1e-9, "annotation " + i);
        }
    }

    @Test
    void annotationOnlyFilesAreCountedNotReadAsRecordings() throws IOException {
        Path f = SharedData.require("data/sleep-edf-features/hypnograms/SC4001EC-Hypnogram.edf");
        Path folder = Files.createDirectories(tmp.resolve("psg"));
        Files.copy(f, folder.resolve("SC4001EC-Hypnogram.edf"));
        Files.write(folder.resolve("SC4001E0-PSG.edf"), HostileBytes.edf());
        ReadResult r = Recordings.readWithReport(folder, AdapterSpec.defaults());
        assertEquals(1, r.recordings().size());
        assertEquals(1, r.report().skipped(ReadReport.ANNOTATIONS_ONLY));
        assertEquals("SC4001EC-Hypnogram.edf", r.report().skipped().get(ReadReport.ANNOTATIONS_ONLY).example());
        SpectroganException e = assertThrows(SpectroganException.class,
                () -> Recordings.read(folder.resolve("SC4001EC-Hypnogram.edf"), AdapterSpec.defaults()));
        assertTrue(e.getMessage().contains("only annotations") && e.getMessage().contains("EdfAnnotations"), e.getMessage());
    }

    @Test
    void annotationsOfAFileWithoutAnnotationSignalAreAClearError() throws IOException {
        Path p = Files.write(tmp.resolve("plain.edf"), HostileBytes.edf());
        SpectroganException e = assertThrows(SpectroganException.class, () -> EdfAnnotations.read(p));
        assertTrue(e.getMessage().contains("plain.edf") && e.getMessage().contains("no annotation signal"), e.getMessage());
    }

    @Test
    void includeMatchesIgnoringCaseAndEverySkippedFileIsCounted() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] text = HostileBytes.text();
        m.put("C_N/C001.TXT", text);
        m.put("C_N/C002.TXT", text);
        m.put("Z/Z001.txt", text);
        m.put("notes.pdf", new byte[] {1, 2, 3});
        m.put("Z/.DS_Store", new byte[] {0});
        m.put("__MACOSX/Z/._Z001.txt", new byte[] {0});
        Path zip = Files.write(tmp.resolve("bonn.zip"), HostileBytes.zip(m));
        AdapterSpec spec = AdapterSpec.defaults().toBuilder().optInclude("*.txt").optRateHz(173.61).optLabelFrom("folder").build();
        ReadResult r = Recordings.readWithReport(zip, spec);
        assertEquals(3, r.recordings().size(), "the upper-case .TXT files are read");
        assertEquals(6, r.report().filesFound());
        assertEquals(3, r.report().recordingsRead());
        assertEquals(1, r.report().skipped(ReadReport.NOT_INCLUDED));
        assertEquals("notes.pdf", r.report().skipped().get(ReadReport.NOT_INCLUDED).example());
        assertEquals(2, r.report().skipped(ReadReport.HIDDEN));
        assertEquals(3, r.report().skippedTotal());

        ReadResult auto = Recordings.readWithReport(zip, AdapterSpec.defaults().toBuilder().optRateHz(173.61).build());
        assertEquals(3, auto.recordings().size());
        assertEquals(1, auto.report().skipped(ReadReport.UNKNOWN_EXTENSION));
    }

    @Test
    void anAdapterCanAskForACaseSensitiveInclude() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] text = HostileBytes.text();
        m.put("C_N/C001.TXT", text);
        m.put("C_N/C002.TXT", text);
        m.put("Z/Z001.txt", text);
        Path zip = Files.write(tmp.resolve("bonn-case.zip"), HostileBytes.zip(m));
        AdapterSpec spec = AdapterSpec.defaults().toBuilder().optInclude("*.txt").optRateHz(173.61).optLabelFrom("folder").build()
                .toBuilder().optIncludeCaseSensitive(true).build();
        ReadResult r = Recordings.readWithReport(zip, spec);
        assertEquals(1, r.recordings().size(), "only the lower-case .txt file matches");
        assertEquals(2, r.report().skipped(ReadReport.NOT_INCLUDED));
        assertTrue(r.report().skipped().get(ReadReport.NOT_INCLUDED).example().endsWith(".TXT"));
    }

    @Test
    void folderWithMixedFormatsCountsTheFilesOfOtherFormats() throws IOException {
        Files.write(tmp.resolve("a.wav"), HostileBytes.wav());
        Files.write(tmp.resolve("b.wav"), HostileBytes.wav());
        Files.write(tmp.resolve("README.txt"), "about\n".getBytes(StandardCharsets.UTF_8));
        ReadResult r = Recordings.readWithReport(tmp, AdapterSpec.defaults());
        assertEquals(2, r.recordings().size());
        assertEquals(1, r.report().skipped(ReadReport.OTHER_FORMAT));
        assertEquals("README.txt", r.report().skipped().get(ReadReport.OTHER_FORMAT).example());
    }

    /** Muse-like timestamps: 256.03 Hz, each time jittered by up to +-0.6 ms, then rounded to 1 ms. */
    private static long[] museMillis(int n, long seed) {
        Random rnd = new Random(seed);
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_700_000_000_000L + Math.round(1000.0 * i / 256.03 + (rnd.nextDouble() - 0.5) * 1.2);
        }
        return t;
    }

    @Test
    void rateFromJitteredMillisecondTimestampsIsTheMeanRate() throws IOException {
        int n = 256 * 60;
        long[] t = museMillis(n, 7);
        StringBuilder b = new StringBuilder("timestamps,TP9\n");
        for (int i = 0; i < n; i++) {
            b.append(t[i]).append(',').append(800 + (i % 13)).append('\n');
        }
        Path p = Files.writeString(tmp.resolve("muse.csv"), b.toString());
        Recording r = Recordings.readFile(p, AdapterSpec.defaults());
        assertEquals(256.03, r.sampleRateHz(), 256.03 * 2e-4, "within 0.02% of the true mean rate");
        // The median spacing of these timestamps is 4 ms: the old estimate, 2.4% off.
        long[] d = new long[n - 1];
        for (int i = 1; i < n; i++) {
            d[i - 1] = t[i] - t[i - 1];
        }
        java.util.Arrays.sort(d);
        assertEquals(4, d[d.length / 2]);

        double[] seconds = new double[n];
        for (int i = 0; i < n; i++) {
            seconds[i] = (t[i] - t[0]) / 1000.0;
        }
        TimestampRate fit = TimestampRate.fit(p, seconds, n, "timestamps");
        assertTrue(fit.spacingJitter() > TimestampRate.JITTER_WARN, "jitter " + fit.spacingJitter());
        assertEquals(1, fit.warnings().size(), fit.warnings().toString());
        String w = fit.disagreement(250.0, "timestamps");
        assertNotNull(w);
        assertTrue(w.contains("250.0 Hz") && w.contains("256.0"), w);
        assertNull(fit.disagreement(256.5, "timestamps"), "0.2% apart is not reported");
    }

    @Test
    void regularTimestampsGiveTheSpanRateAndGapsAreCounted() {
        int n = 1000;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i / 128.0 + (i >= 500 ? 2.0 : 0.0);
        }
        TimestampRate fit = TimestampRate.fit(Path.of("x.csv"), t, n, "time");
        assertEquals(1, fit.gaps());
        assertTrue(fit.warnings().stream().anyMatch(s -> s.contains("gap")), fit.warnings().toString());
        for (int i = 500; i < n; i++) {
            t[i] -= 2.0;
        }
        TimestampRate regular = TimestampRate.fit(Path.of("x.csv"), t, n, "time");
        assertEquals((n - 1) / (t[n - 1] - t[0]), regular.rateHz(), 1e-9);
        assertEquals(List.of(), regular.warnings());
    }
}
