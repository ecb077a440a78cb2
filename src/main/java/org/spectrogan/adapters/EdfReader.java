package org.spectrogan.adapters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.spectrogan.common.SpectroganException;

/**
 * EDF, EDF+ and BDF(+) reader: fixed-width ASCII header, data records of 16-bit (EDF) or 24-bit (BDF)
 * little-endian integers, digital-to-physical scaling per signal, and the time-stamped annotation lists (TAL)
 * of the "EDF Annotations" signal as labelled segments. The annotation signal is not part of the data.
 * Records are read in one pass through a channel, a few hundred kilobytes at a time, straight into the
 * float32 arrays of the recording.
 *
 * <p>Time: the first TAL of each record's (first) annotation signal keeps time: its onset is the record's start
 * in seconds after the header's start time. The recording's time axis starts at the first record's start, so
 * annotation onsets are given relative to it (an EDF+ file whose first record starts at +0.25 s has its
 * annotations moved 0.25 s earlier; an annotation ending before the first record is dropped, one starting before
 * it is clipped to 0 s). In an EDF+D (discontinuous) file a record that starts later than the end of the one
 * before begins a new {@link Recording.Piece}: the samples are kept back to back, the pieces say where the gaps
 * are, so windows never straddle a gap and annotation onsets keep their true time. Records that overlap or go
 * back in time are an error. EDF+C and plain EDF files are contiguous by definition (their record TALs are not
 * checked beyond the first).
 */
final class EdfReader {
    private EdfReader() {
    }

    /** One signal's header fields. */
    record Signal(String label, String transducer, String unit, double physMin, double physMax, int digMin, int digMax,
                  String prefilter, int samplesPerRecord) {
        boolean isAnnotation() {
            String l = label.trim();
            return l.equals("EDF Annotations") || l.equals("BDF Annotations");
        }
    }

    /** The fixed header and the signal headers, checked against each other and the file size. */
    record Header(boolean bdf, boolean discontinuous, int headerBytes, int numRecords, double recordSeconds,
                  Signal[] signals, long recordBytes, String startDate, String startTime) {
        int bytesPerSample() {
            return bdf ? 3 : 2;
        }

        String kind() {
            return bdf ? "BDF" : "EDF";
        }

        /** Whether the file holds annotation signals only (EDF+ annotation files such as hypnograms). */
        boolean annotationsOnly() {
            for (Signal s : signals) {
                if (!s.isAnnotation()) {
                    return false;
                }
            }
            return true;
        }

        boolean hasAnnotations() {
            for (Signal s : signals) {
                if (s.isAnnotation()) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * One signal's place in the data record and, for a signal read as a channel, its destination channel and the
     * digital-to-physical scale and offset ({@code channel} -1: not read as a channel).
     */
    record Layout(Signal signal, int byteOffset, int byteCount, int channel, double scale, double offset) {
    }

    /** Thrown for an EDF+ file with annotation signals only: valid, but no recording (read it as annotations). */
    static final class AnnotationsOnly extends SpectroganException {
        private static final long serialVersionUID = 1L;

        AnnotationsOnly(java.nio.file.Path file) {
            super(file + ": holds only annotations (an EDF+ annotation file such as a hypnogram, no signals); "
                    + "read it with EdfAnnotations.read or pair it with its recording");
        }
    }

    static Recording read(Source src, AdapterSpec spec, String format) throws IOException {
        boolean bdf = format.equals("bdf");
        try (ReadableByteChannel ch = src.openChannel()) {
            Header hd = readHeader(src, ch, bdf);
            if (hd.annotationsOnly()) {
                throw new AnnotationsOnly(src.path());
            }
            Signal[] sig = hd.signals();
            if (!(hd.recordSeconds() > 0)) {
                throw SpectroganException.inFile(src.path(), "duration of a data record is " + hd.recordSeconds()
                        + " s; a file with signal data needs a positive duration");
            }
            List<Integer> dataSignals = new ArrayList<>();
            int timeKeeping = -1;
            for (int i = 0; i < sig.length; i++) {
                if (sig[i].isAnnotation()) {
                    timeKeeping = timeKeeping < 0 ? i : timeKeeping;
                } else {
                    dataSignals.add(i);
                }
            }
            if (hd.discontinuous() && timeKeeping < 0) {
                throw SpectroganException.inFile(src.path(), "the header says EDF+D (discontinuous) but the file has no "
                        + "annotation signal, so the start times of its data records are unknown");
            }
            List<Integer> selected = selectChannels(src, spec, sig, dataSignals);
            if (selected.isEmpty()) {
                throw SpectroganException.inFile(src.path(), "the file has no data signals");
            }
            int spr = sig[selected.get(0)].samplesPerRecord();
            for (int i : selected) {
                if (sig[i].samplesPerRecord() != spr) {
                    Signal a = sig[selected.get(0)];
                    throw SpectroganException.inFile(src.path(), "channels have different sample rates: "
                            + a.label().trim() + " at " + a.samplesPerRecord() / hd.recordSeconds() + " Hz, "
                            + sig[i].label().trim() + " at " + sig[i].samplesPerRecord() / hd.recordSeconds()
                            + " Hz; choose channels of one rate with --channels");
                }
            }
            if (spr == 0) {
                throw SpectroganException.inFile(src.path(), "signal " + sig[selected.get(0)].label().trim()
                        + " has 0 samples per data record");
            }
            double rateHz = spr / hd.recordSeconds();
            if (!Double.isFinite(rateHz) || !(rateHz > 0)) {
                throw SpectroganException.inFile(src.path(), "sample rate " + rateHz + " Hz (" + spr + " samples per "
                        + hd.recordSeconds() + " s data record) is not a positive finite number");
            }
            if (spec.rateHz() != null && Math.abs(spec.rateHz() - rateHz) > 1e-9 * rateHz) {
                throw SpectroganException.inFile(src.path(), "the file's sample rate is " + rateHz
                        + " Hz but the adapter or --rate-hz says " + spec.rateHz() + " Hz");
            }
            Layout[] layout = layout(src, hd, selected);
            RecordLoop loop = new RecordLoop(src, hd, layout, selected.size(), spr, timeKeeping);
            loop.run(ch);
            float[][] out = loop.samples();
            List<String> names = new ArrayList<>();
            for (int i : selected) {
                names.add(sig[i].label().trim());
            }
            String unit = sig[selected.get(0)].unit().trim();
            for (int i : selected) {
                if (!sig[i].unit().trim().equals(unit)) {
                    unit = "mixed";
                    break;
                }
            }
            double[] recordStartSeconds = loop.recordStartSeconds();
            double originSeconds = timeKeeping >= 0 && Double.isFinite(recordStartSeconds[0]) ? recordStartSeconds[0] : 0.0;
            List<Recording.Piece> pieces = hd.discontinuous()
                    ? pieces(src, recordStartSeconds, hd.recordSeconds(), spr, rateHz) : null;
            return new Recording(out, null, rateHz, names, unit, src.path(), format, null,
                    relativeTo(src, loop.annotations(), originSeconds), pieces);
        }
    }

    /**
     * The annotations of an EDF+ or BDF+ file (one with signals, or one that holds only annotations, such as a
     * Sleep-EDF hypnogram), onsets in seconds after the header's start time.
     */
    static EdfAnnotations readAnnotations(Source src, boolean bdf) throws IOException {
        try (ReadableByteChannel ch = src.openChannel()) {
            Header hd = readHeader(src, ch, bdf);
            if (!hd.hasAnnotations()) {
                throw SpectroganException.inFile(src.path(), "no annotation signal ('EDF Annotations'): not an EDF+ file"
                        + " with annotations");
            }
            Layout[] layout = layout(src, hd, List.of());
            RecordLoop loop = new RecordLoop(src, hd, layout, 0, 0, -1);
            loop.run(ch);
            return new EdfAnnotations(src.path(), hd.startDate(), hd.startTime(), relativeTo(src, loop.annotations(), 0.0));
        }
    }

    /** Reads and checks the 256-byte header and the signal headers; the channel is left at the first record. */
    static Header readHeader(Source src, ReadableByteChannel ch, boolean bdf) throws IOException {
        String kind = bdf ? "BDF" : "EDF";
        long size = src.sizeBytes();
        ByteBuffer head = ByteBuffer.allocate(256);
        int got = readFully(ch, head);
        byte[] h = head.array();
        if (got < 256) {
            throw SpectroganException.inFile(src.path(), kind + " header is cut short: " + got + " of 256 bytes");
        }
        checkMagic(src, h, bdf);
        Fields f = new Fields(src, h);
        f.skip(8 + 80 + 80);
        String startDate = f.text(8).trim();
        String startTime = f.text(8).trim();
        int headerBytes = f.integer(8, "number of bytes in header");
        String reserved = f.text(44);
        boolean discontinuous = reserved.startsWith("EDF+D") || reserved.startsWith("BDF+D");
        int numRecords = f.integer(8, "number of data records");
        double recordSeconds = f.decimal(8, "duration of a data record");
        int ns = f.integer(4, "number of signals");
        if (ns <= 0) {
            throw SpectroganException.inFile(src.path(), "header says the file has " + ns + " signals");
        }
        if (recordSeconds < 0) {
            throw SpectroganException.inFile(src.path(), "duration of a data record is " + recordSeconds + " s; it must be >= 0");
        }
        if (headerBytes != 256L * (ns + 1)) {
            throw SpectroganException.inFile(src.path(), "header size field says " + headerBytes + " bytes but "
                    + ns + " signals need " + 256L * (ns + 1));
        }
        if (size >= 0 && headerBytes > size) {
            throw SpectroganException.inFile(src.path(), "header is cut short: " + ns + " signals need a header of "
                    + headerBytes + " bytes, the file has " + size);
        }
        if (ns > 1 << 16) {
            throw SpectroganException.inFile(src.path(), "header says the file has " + ns + " signals (at most 65536 are read)");
        }
        ByteBuffer sh = ByteBuffer.allocate(256 * ns);
        if (readFully(ch, sh) < 256 * ns) {
            throw SpectroganException.inFile(src.path(), "header is cut short: the signal headers need "
                    + 256L * ns + " bytes after the first 256");
        }
        Signal[] sig = parseSignals(src, sh.array(), ns);
        long recordBytes = 0;
        for (Signal s : sig) {
            recordBytes += (long) s.samplesPerRecord() * (bdf ? 3 : 2);
        }
        if (recordBytes == 0) {
            throw SpectroganException.inFile(src.path(), "the data records hold no samples");
        }
        if (recordBytes > Integer.MAX_VALUE - 8) {
            throw SpectroganException.inFile(src.path(), "a data record would be " + recordBytes + " bytes ("
                    + "samples per record of all signals x " + (bdf ? 3 : 2) + "), more than can be read");
        }
        if (numRecords == -1 && size >= 0) {
            numRecords = (int) Math.min(Integer.MAX_VALUE, (size - headerBytes) / recordBytes);
        }
        if (numRecords < -1 || (numRecords == -1 && size >= 0)) {
            throw SpectroganException.inFile(src.path(), "header says the file has " + numRecords + " data records");
        }
        if (numRecords == 0) {
            throw SpectroganException.inFile(src.path(), "the file holds 0 data records (an empty recording)");
        }
        if (size >= 0 && headerBytes + numRecords * recordBytes > size) {
            long complete = Math.max(0, (size - headerBytes) / recordBytes);
            throw SpectroganException.inFile(src.path(), "truncated: the header promises " + numRecords
                    + " data records of " + recordBytes + " bytes but the file holds only " + complete);
        }
        if (size >= 0 && headerBytes + numRecords * recordBytes < size) {
            org.slf4j.LoggerFactory.getLogger(EdfReader.class).warn("{}: {} bytes after the {} data records the "
                    + "header promises are ignored", src.path(), size - headerBytes - numRecords * recordBytes, numRecords);
        }
        return new Header(bdf, discontinuous, headerBytes, numRecords, recordSeconds, sig, recordBytes, startDate, startTime);
    }

    /** Each signal's byte offset in the record and, for the selected ones, channel, scale and offset. */
    private static Layout[] layout(Source src, Header hd, List<Integer> selected) {
        Signal[] sig = hd.signals();
        Layout[] out = new Layout[sig.length];
        int pos = 0;
        for (int i = 0; i < sig.length; i++) {
            Signal s = sig[i];
            int bytes = s.samplesPerRecord() * hd.bytesPerSample();
            int channel = selected.indexOf(i);
            double scale = 0;
            double offset = 0;
            if (channel >= 0) {
                checkRanges(src, s, hd.bdf());
                scale = (s.physMax() - s.physMin()) / ((double) s.digMax() - s.digMin());
                offset = s.physMin() - s.digMin() * scale;
            }
            out[i] = new Layout(s, pos, bytes, channel, scale, offset);
            pos += bytes;
        }
        return out;
    }

    /**
     * The record loop: reads the data records a few hundred kilobytes at a time, scales the selected signals
     * into float32 channels (grown as records arrive, each growth reserved in the read's budget, so a header
     * promising more records than a zip entry holds allocates no more than the records present), and parses
     * the annotation signals' TALs.
     */
    private static final class RecordLoop {
        private final Source src;
        private final Header hd;
        private final Layout[] layout;
        private final int spr;
        private final int timeKeeping;
        private final float[][] out;
        private double[] recordStart;
        private final List<Tal> annotations = new ArrayList<>();
        private int records;

        RecordLoop(Source src, Header hd, Layout[] layout, int channels, int spr, int timeKeeping) {
            this.src = src;
            this.hd = hd;
            this.layout = layout;
            this.spr = spr;
            this.timeKeeping = timeKeeping;
            this.out = new float[channels][];
            long perChannel = hd.numRecords() > 0 ? (long) hd.numRecords() * spr : 0;
            if (perChannel > Integer.MAX_VALUE - 8) {
                throw SpectroganException.inFile(src.path(), "too many samples per channel (" + perChannel + ")");
            }
            // Trust the record count for the first allocation only when the file's size confirmed it.
            // (a zip entry's may not be: start with about 2^20 samples and grow as records arrive).
            int perRecord = Math.max(1, channels * spr);
            int first = hd.numRecords() > 0 && !src.compressed() ? hd.numRecords()
                    : (int) Math.max(1, Math.min(hd.numRecords() > 0 ? hd.numRecords() : Integer.MAX_VALUE, (1 << 20) / perRecord));
            grow(first);
        }

        private void grow(int capacityRecords) {
            int oldCap = recordStart == null ? 0 : recordStart.length;
            src.budget().reserveSamples(src.path(), (long) out.length * spr * (capacityRecords - oldCap));
            for (int c = 0; c < out.length; c++) {
                out[c] = out[c] == null ? new float[capacityRecords * spr] : java.util.Arrays.copyOf(out[c], capacityRecords * spr);
            }
            double[] rs = recordStart == null ? new double[capacityRecords] : java.util.Arrays.copyOf(recordStart, capacityRecords);
            java.util.Arrays.fill(rs, oldCap, capacityRecords, Double.NaN);
            recordStart = rs;
        }

        void run(ReadableByteChannel ch) throws IOException {
            long recordBytes = hd.recordBytes();
            int numRecords = hd.numRecords(); // -1: until the end of the stream
            int limit = numRecords > 0 ? numRecords : (int) Math.min(Integer.MAX_VALUE - 8, (Integer.MAX_VALUE - 8L) / Math.max(1, spr));
            int recordsPerChunk = (int) Math.max(1, Math.min(limit, (1 << 19) / recordBytes));
            ByteBuffer buf = ByteBuffer.allocate((int) (recordsPerChunk * recordBytes)).order(ByteOrder.LITTLE_ENDIAN);
            byte[] raw = buf.array();
            while (records < limit) {
                int n = Math.min(recordsPerChunk, limit - records);
                buf.clear();
                buf.limit((int) (n * recordBytes));
                int read = readFully(ch, buf);
                int whole = (int) (read / recordBytes);
                if (whole < n && numRecords > 0) {
                    throw SpectroganException.inFile(src.path(), "truncated: the header promises " + numRecords
                            + " data records of " + recordBytes + " bytes but the file holds only " + (records + whole));
                }
                if (records + whole > recordStart.length) {
                    long want = Math.min(limit, Math.max(records + whole, 2L * recordStart.length));
                    grow((int) want);
                }
                for (int r = 0; r < whole; r++) {
                    record(raw, (int) (r * recordBytes), records + r);
                }
                records += whole;
                if (whole < n) {
                    break; // end of stream with the record count unknown (-1)
                }
            }
            if (records == 0) {
                throw SpectroganException.inFile(src.path(), "the file holds 0 complete data records (an empty recording)");
            }
        }

        private void record(byte[] raw, int base, int rec) {
            int sampleBase = rec * spr;
            for (int i = 0; i < layout.length; i++) {
                Layout l = layout[i];
                int p = base + l.byteOffset();
                if (l.channel() >= 0) {
                    float[] o = out[l.channel()];
                    double c = l.scale();
                    double z = l.offset();
                    if (hd.bdf()) {
                        for (int k = 0; k < spr; k++, p += 3) {
                            int v = (raw[p] & 0xff) | (raw[p + 1] & 0xff) << 8 | raw[p + 2] << 16;
                            o[sampleBase + k] = (float) (v * c + z);
                        }
                    } else {
                        for (int k = 0; k < spr; k++, p += 2) {
                            int v = (raw[p] & 0xff) | raw[p + 1] << 8;
                            o[sampleBase + k] = (float) (v * c + z);
                        }
                    }
                } else if (l.signal().isAnnotation()) {
                    double first = parseTal(src, rec, raw, p, l.byteCount(), annotations);
                    if (i == timeKeeping) {
                        recordStart[rec] = first;
                    }
                }
            }
        }

        float[][] samples() {
            int n = records * spr;
            long unused = 0;
            float[][] trimmed = new float[out.length][];
            for (int c = 0; c < out.length; c++) {
                unused += out[c].length - n;
                trimmed[c] = out[c].length == n ? out[c] : java.util.Arrays.copyOf(out[c], n);
            }
            src.budget().release(unused);
            return trimmed;
        }

        double[] recordStartSeconds() {
            return recordStart.length == records ? recordStart : java.util.Arrays.copyOf(recordStart, records);
        }

        List<Tal> annotations() {
            return annotations;
        }
    }

    /**
     * The contiguous pieces of an EDF+D file from each record's start time (seconds after the header's start
     * time): a record starting more than half a sample period after the time its piece's samples so far reach
     * begins a new piece; one starting more than half a sample period before it overlaps and is an error.
     */
    static List<Recording.Piece> pieces(Source src, double[] recordStartSeconds, double recordSeconds, int spr, double rateHz) {
        if (recordStartSeconds.length == 0) {
            return null;
        }
        List<Recording.Piece> out = new ArrayList<>();
        double toleranceSeconds = 0.5 / rateHz;
        int pieceStartRecord = 0;
        for (int r = 0; r <= recordStartSeconds.length; r++) {
            if (r < recordStartSeconds.length && !Double.isFinite(recordStartSeconds[r])) {
                throw SpectroganException.inFile(src.path(), "EDF+D data record " + r + " (counting from 0) has no "
                        + "time-keeping annotation (its annotation signal must begin with '+onset\\x14\\x14')");
            }
            boolean gap = false;
            if (r > 0 && r < recordStartSeconds.length) {
                double expectedSeconds = recordStartSeconds[pieceStartRecord] + (r - pieceStartRecord) * recordSeconds;
                double deltaSeconds = recordStartSeconds[r] - expectedSeconds;
                if (deltaSeconds < -toleranceSeconds) {
                    throw SpectroganException.inFile(src.path(), "EDF+D data record " + r + " starts at "
                            + recordStartSeconds[r] + " s, before the end of record " + (r - 1) + " at " + expectedSeconds
                            + " s (records " + recordSeconds + " s long must not overlap or go back in time)");
                }
                gap = deltaSeconds > toleranceSeconds;
            }
            if (r == recordStartSeconds.length || gap) {
                double start = recordStartSeconds[pieceStartRecord] - recordStartSeconds[0];
                out.add(new Recording.Piece(pieceStartRecord * spr, (r - pieceStartRecord) * spr, start));
                pieceStartRecord = r;
            }
        }
        return out;
    }

    /**
     * Annotation onsets relative to the first record's start ({@code originSeconds} after the header's start
     * time), as the time axis of the recording starts there. Annotations wholly before it are dropped, ones that
     * begin before it are clipped.
     */
    static List<LabelledSegment> relativeTo(Source src, List<Tal> tal, double originSeconds) {
        List<LabelledSegment> out = new ArrayList<>(tal.size());
        int dropped = 0;
        for (Tal s : tal) {
            double onset = s.onsetSeconds() - originSeconds;
            double end = onset + s.durationSeconds();
            if (onset >= 0) {
                out.add(new LabelledSegment(onset, s.durationSeconds(), s.text()));
            } else if (end > 0) {
                out.add(new LabelledSegment(0, end, s.text()));
            } else {
                dropped++;
            }
        }
        if (dropped > 0) {
            org.slf4j.LoggerFactory.getLogger(EdfReader.class).warn("{}: {} annotation(s) end before the first data "
                    + "record (which starts at {} s) and were left out", src.path(), dropped, originSeconds);
        }
        return out;
    }

    /**
     * A data signal's ranges must be usable for scaling: digital minimum below digital maximum, both within
     * the sample width (16-bit EDF, 24-bit BDF), and physical minimum different from physical maximum.
     */
    private static void checkRanges(Source src, Signal s, boolean bdf) {
        String name = "signal " + s.label().trim();
        if (s.digMax() <= s.digMin()) {
            throw SpectroganException.inFile(src.path(), name + ": digital maximum " + s.digMax()
                    + " is not above digital minimum " + s.digMin());
        }
        int lo = bdf ? -8388608 : -32768;
        int hi = bdf ? 8388607 : 32767;
        if (s.digMin() < lo || s.digMax() > hi) {
            throw SpectroganException.inFile(src.path(), name + ": digital range " + s.digMin() + ".." + s.digMax()
                    + " lies outside the " + (bdf ? "24" : "16") + "-bit samples of a " + (bdf ? "BDF" : "EDF")
                    + " file (" + lo + ".." + hi + ")");
        }
        double floatMax = Float.MAX_VALUE;
        if (Math.abs(s.physMin()) > floatMax || Math.abs(s.physMax()) > floatMax) {
            throw SpectroganException.inFile(src.path(), name + ": physical range " + s.physMin() + ".." + s.physMax()
                    + " " + s.unit().trim() + " lies outside the range of float32 samples (+-" + floatMax + ")");
        }
        if (s.physMax() == s.physMin()) {
            throw SpectroganException.inFile(src.path(), name + ": physical minimum equals physical maximum ("
                    + s.physMin() + " " + s.unit().trim() + "), so samples cannot be scaled");
        }
    }

    private static void checkMagic(Source src, byte[] h, boolean bdf) {
        if (bdf) {
            boolean ok = (h[0] & 0xff) == 0xff && new String(h, 1, 7, StandardCharsets.US_ASCII).equals("BIOSEMI");
            if (!ok) {
                throw SpectroganException.inFile(src.path(), "not a BDF file: wrong magic (the first bytes should be 0xFF 'BIOSEMI', are '"
                        + printable(h, 8) + "')");
            }
        } else if (!new String(h, 0, 8, StandardCharsets.US_ASCII).equals("0       ")) {
            throw SpectroganException.inFile(src.path(), "not an EDF file: wrong magic (the version field should be '0       ', is '"
                    + printable(h, 8) + "')");
        }
    }

    private static String printable(byte[] h, int n) {
        return printable(h, 0, n, n);
    }

    /**
     * Bytes {@code [from, from + n)} as ASCII with other bytes as \xNN, cut after {@code max} bytes (at most 80);
     * positions outside the array are left out, so any {@code from} and {@code n} are safe.
     */
    static String printable(byte[] h, long from, long n, int max) {
        max = Math.min(max, 80);
        StringBuilder b = new StringBuilder();
        long start = Math.max(0, from);
        long end = Math.min(from + Math.max(0, n), h.length);
        for (long i = start; i < Math.min(end, start + max); i++) {
            int c = h[(int) i] & 0xff;
            b.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return end - start > max ? b + "..." : b.toString();
    }

    private static Signal[] parseSignals(Source src, byte[] b, int ns) {
        Fields f = new Fields(src, b);
        String[] label = new String[ns];
        String[] transducer = new String[ns];
        String[] unit = new String[ns];
        double[] pmin = new double[ns];
        double[] pmax = new double[ns];
        int[] dmin = new int[ns];
        int[] dmax = new int[ns];
        String[] prefilter = new String[ns];
        int[] spr = new int[ns];
        for (int i = 0; i < ns; i++) {
            label[i] = f.text(16);
        }
        for (int i = 0; i < ns; i++) {
            transducer[i] = f.text(80);
        }
        for (int i = 0; i < ns; i++) {
            unit[i] = f.text(8);
        }
        for (int i = 0; i < ns; i++) {
            pmin[i] = f.decimal(8, "physical minimum of signal " + label[i].trim());
        }
        for (int i = 0; i < ns; i++) {
            pmax[i] = f.decimal(8, "physical maximum of signal " + label[i].trim());
        }
        for (int i = 0; i < ns; i++) {
            dmin[i] = f.integer(8, "digital minimum of signal " + label[i].trim());
        }
        for (int i = 0; i < ns; i++) {
            dmax[i] = f.integer(8, "digital maximum of signal " + label[i].trim());
        }
        for (int i = 0; i < ns; i++) {
            prefilter[i] = f.text(80);
        }
        for (int i = 0; i < ns; i++) {
            spr[i] = f.integer(8, "samples per record of signal " + label[i].trim());
            if (spr[i] < 0) {
                throw SpectroganException.inFile(src.path(), "signal " + label[i].trim() + " has " + spr[i] + " samples per record");
            }
        }
        Signal[] out = new Signal[ns];
        for (int i = 0; i < ns; i++) {
            out[i] = new Signal(label[i], transducer[i], unit[i], pmin[i], pmax[i], dmin[i], dmax[i], prefilter[i], spr[i]);
        }
        return out;
    }

    private static List<Integer> selectChannels(Source src, AdapterSpec spec, Signal[] sig, List<Integer> dataSignals) {
        if (spec.channels() == null) {
            return dataSignals;
        }
        List<Integer> out = new ArrayList<>();
        for (String want : spec.channels()) {
            int found = -1;
            for (int i : dataSignals) {
                if (sig[i].label().trim().equals(want)) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                for (int i : dataSignals) {
                    if (Recording.stripDots(sig[i].label().trim()).equalsIgnoreCase(Recording.stripDots(want))) {
                        found = i;
                        break;
                    }
                }
            }
            if (found < 0) {
                List<String> have = dataSignals.stream().map(i -> sig[i].label().trim()).toList();
                throw SpectroganException.inFile(src.path(), "no channel named '" + want + "'; the file has "
                        + String.join(", ", have));
            }
            out.add(found);
        }
        return out;
    }

    /**
     * Parses the TALs of one annotation signal block: {@code +onset[\x15duration]\x14text\x14[text\x14]\x00}.
     * The first TAL of each record (empty text) only keeps time and is skipped. Onsets are seconds after the
     * header's start time. Returns the onset of the block's first TAL when its first annotation is empty (the
     * record's time-keeping TAL, in the first annotation signal), NaN if the block does not open with one.
     */
    static double parseTal(Source src, int record, byte[] b, int start, int length, List<Tal> out) {
        int end = start + length;
        int p = start;
        double first = Double.NaN;
        int tals = 0;
        while (p < end) {
            if (b[p] == 0) {
                p++;
                continue;
            }
            int talEnd = p;
            while (talEnd < end && b[talEnd] != 0) {
                talEnd++;
            }
            // onset [\x15 duration] \x14 texts...
            int q = p;
            while (q < talEnd && b[q] != 0x14 && b[q] != 0x15) {
                q++;
            }
            String onsetText = new String(b, p, q - p, StandardCharsets.UTF_8);
            String where = "data record " + record + " (counting from 0), annotation signal";
            double onset;
            try {
                if (onsetText.isEmpty() || (onsetText.charAt(0) != '+' && onsetText.charAt(0) != '-')) {
                    throw new NumberFormatException("no sign");
                }
                onset = Double.parseDouble(onsetText);
                if (!Double.isFinite(onset)) {
                    throw new NumberFormatException("not finite");
                }
            } catch (NumberFormatException e) {
                throw SpectroganException.inFile(src.path(), where + ": annotation onset '" + printable(b, p, q - p, 40)
                        + "' is not a signed number of seconds (a TAL starts with +onset or -onset)");
            }
            tals++;
            double duration = 0;
            if (q < talEnd && b[q] == 0x15) {
                int d0 = ++q;
                while (q < talEnd && b[q] != 0x14) {
                    q++;
                }
                String dText = new String(b, d0, q - d0, StandardCharsets.UTF_8);
                if (!dText.isEmpty()) {
                    try {
                        duration = Double.parseDouble(dText);
                        if (!(duration >= 0) || Double.isInfinite(duration)) {
                            throw new NumberFormatException("not a finite number >= 0");
                        }
                    } catch (NumberFormatException e) {
                        throw SpectroganException.inFile(src.path(), where + ": annotation duration '"
                                + printable(b, d0, q - d0, 40) + "' is not a number of seconds >= 0");
                    }
                }
            }
            q++; // skip the \x14 after onset/duration
            if (tals == 1 && (q >= talEnd || b[q] == 0x14)) {
                first = onset; // the block opens with "+onset\x14\x14": the record's time-keeping TAL
            }
            while (q < talEnd) {
                int t0 = q;
                while (q < talEnd && b[q] != 0x14) {
                    q++;
                }
                String text = new String(b, t0, q - t0, StandardCharsets.UTF_8).trim();
                if (!text.isEmpty()) {
                    out.add(new Tal(onset, duration, text));
                }
                q++;
            }
            p = talEnd + 1;
        }
        return first;
    }

    /** One annotation as the file has it: onset in seconds after the header's start time, duration, text. */
    record Tal(double onsetSeconds, double durationSeconds, String text) {
    }

    static int readFully(ReadableByteChannel ch, ByteBuffer buf) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = ch.read(buf);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Sequential fixed-width ASCII fields. */
    private static final class Fields {
        private final Source src;
        private final byte[] b;
        private int pos;

        Fields(Source src, byte[] b) {
            this.src = src;
            this.b = b;
        }

        void skip(int n) {
            pos += n;
        }

        String text(int width) {
            String s = new String(b, pos, width, StandardCharsets.US_ASCII);
            pos += width;
            return s;
        }

        /** The field just read, trimmed, with non-ASCII bytes escaped: for messages. */
        private String shown(int width) {
            return printable(b, pos - width, width, width).trim();
        }

        int integer(int width, String name) {
            String s = text(width).trim();
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                // Some writers put "160.0" in integer fields.
                try {
                    double d = Double.parseDouble(s);
                    if (d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) {
                        return (int) d;
                    }
                } catch (NumberFormatException ignored) {
                    // fall through
                }
                throw SpectroganException.inFile(src.path(), "header field '" + name + "' is '" + shown(width) + "', not a whole number");
            }
        }

        double decimal(int width, String name) {
            String s = text(width).trim();
            try {
                double d = Double.parseDouble(s.replace(',', '.'));
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw SpectroganException.inFile(src.path(), "header field '" + name + "' is '" + shown(width) + "', not a number");
            }
        }
    }
}
