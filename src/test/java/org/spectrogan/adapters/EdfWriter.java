package org.spectrogan.adapters;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small EDF+ / BDF+ writer for tests and fixtures: digital integer samples per channel, a physical range per
 * channel, and annotations written as TALs in an "EDF Annotations" signal. Values are written exactly as given
 * (digital), so a reader must return {@code physMin + (d - digMin) * (physMax - physMin) / (digMax - digMin)}.
 * Each record's annotation block begins with its time-keeping TAL ({@code +start\x14\x14\0}): by default
 * record r starts at {@code r * recordSeconds}; {@link #recordStarts(double...)} gives other start times (a first
 * record that starts after the header's start time, or the gaps of an EDF+D file with {@link #discontinuous}).
 * Annotation onsets are written as given, i.e. in seconds after the header's start time.
 */
public final class EdfWriter {
    private final List<String> labels = new ArrayList<>();
    private final List<int[]> digital = new ArrayList<>();
    private final List<double[]> physRange = new ArrayList<>();
    private final List<int[]> digRange = new ArrayList<>();
    private final List<Integer> channelSpr = new ArrayList<>();
    private final List<LabelledSegment> annotations = new ArrayList<>();
    private String unit = "uV";
    private int samplesPerRecord;
    private double recordSeconds = 1.0;
    private boolean bdf;
    private int annotationBytesPerRecord = 120;
    private Integer headerRecordsOverride;
    private double[] recordStarts;
    private boolean discontinuous;

    /** A writer for records of {@code samplesPerRecord} samples lasting {@code recordSeconds}. */
    public EdfWriter(int samplesPerRecord, double recordSeconds) {
        this.samplesPerRecord = samplesPerRecord;
        this.recordSeconds = recordSeconds;
    }

    public EdfWriter bdf(boolean value) {
        this.bdf = value;
        return this;
    }

    public EdfWriter unit(String value) {
        this.unit = value;
        return this;
    }

    /** Adds a channel of digital samples (length a multiple of samplesPerRecord) with its ranges. */
    public EdfWriter channel(String label, int[] samples, double physMin, double physMax, int digMin, int digMax) {
        return channel(label, samples, samplesPerRecord, physMin, physMax, digMin, digMax);
    }

    /** Adds a channel with its own number of samples per record (its own rate). */
    public EdfWriter channel(String label, int[] samples, int channelSamplesPerRecord, double physMin, double physMax,
                             int digMin, int digMax) {
        channelSpr.add(channelSamplesPerRecord);
        labels.add(label);
        digital.add(samples);
        physRange.add(new double[] {physMin, physMax});
        digRange.add(new int[] {digMin, digMax});
        return this;
    }

    public EdfWriter annotate(double onsetSeconds, double durationSeconds, String text) {
        annotations.add(new LabelledSegment(onsetSeconds, durationSeconds, text));
        return this;
    }

    public EdfWriter annotationBytesPerRecord(int bytes) {
        this.annotationBytesPerRecord = bytes;
        return this;
    }

    /** The start time of each data record in seconds after the header's start time (its time-keeping TAL). */
    public EdfWriter recordStarts(double... seconds) {
        this.recordStarts = seconds.clone();
        return this;
    }

    /** Marks the file EDF+D / BDF+D (discontinuous) in the header's reserved field. */
    public EdfWriter discontinuous(boolean value) {
        this.discontinuous = value;
        return this;
    }

    /** Writes this number in the header instead of the true record count (for truncation tests). */
    public EdfWriter headerRecords(int records) {
        this.headerRecordsOverride = records;
        return this;
    }

    public Path write(Path file) throws IOException {
        int n = digital.get(0).length;
        if (n % samplesPerRecord != 0) {
            throw new IllegalArgumentException("samples must fill whole records");
        }
        int records = n / samplesPerRecord;
        if (recordStarts != null && recordStarts.length != records) {
            throw new IllegalArgumentException(recordStarts.length + " record start times for " + records + " records");
        }
        int bps = bdf ? 3 : 2;
        // Annotation bytes per record: time-keeping TAL plus the annotations assigned to this record.
        List<StringBuilder> tals = new ArrayList<>();
        for (int r = 0; r < records; r++) {
            double start = recordStarts != null ? recordStarts[r] : r * recordSeconds;
            tals.add(new StringBuilder().append(start < 0 ? "-" : "+").append(num(Math.abs(start))).append("\u0014\u0014\u0000"));
        }
        int next = 0;
        for (LabelledSegment a : annotations) {
            StringBuilder sb = tals.get(Math.min(records - 1, next++ % records));
            sb.append('+').append(num(a.onsetSeconds()));
            if (a.durationSeconds() > 0) {
                sb.append('\u0015').append(num(a.durationSeconds()));
            }
            sb.append('\u0014').append(a.label()).append('\u0014').append('\u0000');
        }
        int annBytes = annotationBytesPerRecord;
        for (StringBuilder sb : tals) {
            annBytes = Math.max(annBytes, sb.toString().getBytes(StandardCharsets.UTF_8).length);
        }
        int annSamples = (annBytes + bps - 1) / bps;
        int ns = labels.size() + 1;
        StringBuilder h = new StringBuilder();
        h.append(pad(bdf ? " BIOSEMI" : "0", 8)); // BDF: byte 0 becomes 0xFF below
        h.append(pad("X X X X", 80)).append(pad("Startdate 01-JAN-2020 X X spectrogan", 80));
        h.append("01.01.20").append("00.00.00");
        h.append(pad(String.valueOf(256 * (ns + 1)), 8));
        h.append(pad((bdf ? "BDF+" : "EDF+") + (discontinuous ? "D" : "C"), 44));
        h.append(pad(String.valueOf(headerRecordsOverride != null ? headerRecordsOverride : records), 8));
        h.append(pad(num(recordSeconds), 8));
        h.append(pad(String.valueOf(ns), 4));
        List<String> all = new ArrayList<>(labels);
        all.add(bdf ? "BDF Annotations" : "EDF Annotations");
        for (String l : all) {
            h.append(pad(l, 16));
        }
        for (int i = 0; i < ns; i++) {
            h.append(pad("", 80));
        }
        for (int i = 0; i < ns; i++) {
            h.append(pad(i < labels.size() ? unit : "", 8));
        }
        int annDigMin = bdf ? -8388608 : -32768;
        int annDigMax = bdf ? 8388607 : 32767;
        for (int i = 0; i < ns; i++) {
            h.append(pad(i < labels.size() ? num(physRange.get(i)[0]) : "-1", 8));
        }
        for (int i = 0; i < ns; i++) {
            h.append(pad(i < labels.size() ? num(physRange.get(i)[1]) : "1", 8));
        }
        for (int i = 0; i < ns; i++) {
            h.append(pad(String.valueOf(i < labels.size() ? digRange.get(i)[0] : annDigMin), 8));
        }
        for (int i = 0; i < ns; i++) {
            h.append(pad(String.valueOf(i < labels.size() ? digRange.get(i)[1] : annDigMax), 8));
        }
        for (int i = 0; i < ns; i++) {
            h.append(pad("", 80));
        }
        for (int i = 0; i < ns; i++) {
            h.append(pad(String.valueOf(i < labels.size() ? channelSpr.get(i) : annSamples), 8));
        }
        for (int i = 0; i < ns; i++) {
            h.append(pad("", 32));
        }
        byte[] header = h.toString().getBytes(StandardCharsets.US_ASCII);
        if (bdf) {
            header[0] = (byte) 0xff;
        }
        if (header.length != 256 * (ns + 1)) {
            throw new IllegalStateException("header is " + header.length + " bytes");
        }
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(header);
            int dataSamples = channelSpr.stream().mapToInt(Integer::intValue).sum();
            byte[] rec = new byte[(dataSamples + annSamples) * bps];
            for (int r = 0; r < records; r++) {
                int p = 0;
                for (int c = 0; c < digital.size(); c++) {
                    int[] ch = digital.get(c);
                    int spr = channelSpr.get(c);
                    for (int k = 0; k < spr; k++) {
                        int v = ch[r * spr + k];
                        rec[p++] = (byte) v;
                        rec[p++] = (byte) (v >> 8);
                        if (bdf) {
                            rec[p++] = (byte) (v >> 16);
                        }
                    }
                }
                byte[] tal = tals.get(r).toString().getBytes(StandardCharsets.UTF_8);
                java.util.Arrays.fill(rec, p, rec.length, (byte) 0);
                System.arraycopy(tal, 0, rec, p, tal.length);
                out.write(rec);
            }
        }
        return file;
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return String.valueOf((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String pad(String s, int width) {
        if (s.length() > width) {
            s = s.substring(0, width);
        }
        return s + " ".repeat(width - s.length());
    }
}
