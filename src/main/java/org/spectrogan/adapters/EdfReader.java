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

    static Recording read(Source src, AdapterSpec spec, String format) throws IOException {
        boolean bdf = format.equals("bdf");
        long size = src.sizeBytes();
        try (ReadableByteChannel ch = src.openChannel()) {
            ByteBuffer head = ByteBuffer.allocate(256);
            int got = readFully(ch, head);
            byte[] h = head.array();
            if (got < 256) {
                throw SpectroganException.inFile(src.path(), (bdf ? "BDF" : "EDF") + " header is cut short: " + got
                        + " of 256 bytes");
            }
            checkMagic(src, h, bdf);
            Fields f = new Fields(src, h);
            f.skip(8 + 80 + 80 + 8 + 8);
            int headerBytes = f.integer(8, "number of bytes in header");
            String reserved = f.text(44);
            boolean discontinuous = reserved.startsWith("EDF+D") || reserved.startsWith("BDF+D");
            int numRecords = f.integer(8, "number of data records");
            double recordSeconds = f.decimal(8, "duration of a data record");
            int ns = f.integer(4, "number of signals");
            if (ns <= 0) {
                throw SpectroganException.inFile(src.path(), "header says the file has " + ns + " signals");
            }
            if (headerBytes != 256 * (ns + 1)) {
                throw SpectroganException.inFile(src.path(), "header size field says " + headerBytes + " bytes but "
                        + ns + " signals need " + 256 * (ns + 1));
            }
            ByteBuffer sh = ByteBuffer.allocate(256 * ns);
            if (readFully(ch, sh) < 256 * ns) {
                throw SpectroganException.inFile(src.path(), "header is cut short: the signal headers need "
                        + 256 * ns + " bytes after the first 256");
            }
            Signal[] sig = parseSignals(src, sh.array(), ns);

            int bytesPerSample = bdf ? 3 : 2;
            long recordBytes = 0;
            for (Signal s : sig) {
                recordBytes += (long) s.samplesPerRecord() * bytesPerSample;
            }
            if (recordBytes == 0) {
                throw SpectroganException.inFile(src.path(), "the data records hold no samples");
            }
            if (numRecords == -1 && size >= 0) {
                numRecords = (int) ((size - headerBytes) / recordBytes);
            }
            if (numRecords < 0) {
                throw SpectroganException.inFile(src.path(), "header says the file has " + numRecords + " data records");
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
            if (!(recordSeconds > 0)) {
                throw SpectroganException.inFile(src.path(), "duration of a data record is " + recordSeconds
                        + " s; a file with signal data needs a positive duration");
            }

            // Which signals become channels.
            List<Integer> dataSignals = new ArrayList<>();
            List<Integer> annotationSignals = new ArrayList<>();
            for (int i = 0; i < ns; i++) {
                (sig[i].isAnnotation() ? annotationSignals : dataSignals).add(i);
            }
            if (discontinuous && annotationSignals.isEmpty()) {
                throw SpectroganException.inFile(src.path(), "the header says EDF+D (discontinuous) but the file has no "
                        + "annotation signal, so the start times of its data records are unknown");
            }
            int timeKeeping = annotationSignals.isEmpty() ? -1 : annotationSignals.get(0);
            double[] recordStartSeconds = new double[numRecords];
            java.util.Arrays.fill(recordStartSeconds, Double.NaN);
            List<Integer> selected = selectChannels(src, spec, sig, dataSignals);
            if (selected.isEmpty()) {
                throw SpectroganException.inFile(src.path(), "the file has no data signals");
            }
            int spr = sig[selected.get(0)].samplesPerRecord();
            for (int i : selected) {
                if (sig[i].samplesPerRecord() != spr) {
                    Signal a = sig[selected.get(0)];
                    throw SpectroganException.inFile(src.path(), "channels have different sample rates: "
                            + a.label().trim() + " at " + a.samplesPerRecord() / recordSeconds + " Hz, "
                            + sig[i].label().trim() + " at " + sig[i].samplesPerRecord() / recordSeconds
                            + " Hz; choose channels of one rate with --channels");
                }
            }
            double rateHz = spr / recordSeconds;
            if (spec.rateHz() != null && Math.abs(spec.rateHz() - rateHz) > 1e-9 * rateHz) {
                throw SpectroganException.inFile(src.path(), "the file's sample rate is " + rateHz
                        + " Hz but the adapter or --rate-hz says " + spec.rateHz() + " Hz");
            }
            long total = (long) numRecords * spr;
            if (total > Integer.MAX_VALUE - 8) {
                throw SpectroganException.inFile(src.path(), "too many samples per channel (" + total + ")");
            }

            // Per signal: destination channel (or -1), scale and offset, byte offset in the record.
            int[] dest = new int[ns];
            java.util.Arrays.fill(dest, -1);
            for (int k = 0; k < selected.size(); k++) {
                dest[selected.get(k)] = k;
            }
            double[] cal = new double[ns];
            double[] off = new double[ns];
            int[] byteOffset = new int[ns];
            int pos = 0;
            for (int i = 0; i < ns; i++) {
                Signal s = sig[i];
                byteOffset[i] = pos;
                pos += s.samplesPerRecord() * bytesPerSample;
                if (dest[i] >= 0) {
                    checkRanges(src, s, bdf);
                    cal[i] = (s.physMax() - s.physMin()) / ((double) s.digMax() - s.digMin());
                    off[i] = s.physMin() - s.digMin() * cal[i];
                }
            }
            float[][] out = new float[selected.size()][(int) total];
            List<Tal> segments = new ArrayList<>();

            int recordsPerChunk = (int) Math.max(1, Math.min(numRecords, (1 << 19) / recordBytes));
            ByteBuffer buf = ByteBuffer.allocate((int) (recordsPerChunk * recordBytes)).order(ByteOrder.LITTLE_ENDIAN);
            byte[] raw = buf.array();
            int rec = 0;
            while (rec < numRecords) {
                int n = Math.min(recordsPerChunk, numRecords - rec);
                buf.clear();
                buf.limit((int) (n * recordBytes));
                int read = readFully(ch, buf);
                if (read < n * recordBytes) {
                    long complete = rec + read / recordBytes;
                    throw SpectroganException.inFile(src.path(), "truncated: the header promises " + numRecords
                            + " data records of " + recordBytes + " bytes but the file holds only " + complete);
                }
                for (int r = 0; r < n; r++) {
                    int base = (int) (r * recordBytes);
                    int sampleBase = (rec + r) * spr;
                    for (int i = 0; i < ns; i++) {
                        int d = dest[i];
                        if (d >= 0) {
                            float[] o = out[d];
                            double c = cal[i];
                            double z = off[i];
                            int p = base + byteOffset[i];
                            if (bdf) {
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
                        } else if (sig[i].isAnnotation()) {
                            double first = parseTal(src, rec + r, raw, base + byteOffset[i], sig[i].samplesPerRecord() * bytesPerSample, segments);
                            if (i == timeKeeping) {
                                recordStartSeconds[rec + r] = first;
                            }
                        }
                    }
                }
                rec += n;
            }
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
            double originSeconds = timeKeeping >= 0 && numRecords > 0 && Double.isFinite(recordStartSeconds[0])
                    ? recordStartSeconds[0] : 0.0;
            List<Recording.Piece> pieces = discontinuous
                    ? pieces(src, recordStartSeconds, recordSeconds, spr, rateHz) : null;
            return new Recording(out, null, rateHz, names, unit, src.path(), format, null,
                    relativeTo(src, segments, originSeconds), pieces);
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

    /** Bytes {@code [from, from + n)} as ASCII with other bytes as \xNN, cut after {@code max} bytes. */
    static String printable(byte[] h, int from, int n, int max) {
        StringBuilder b = new StringBuilder();
        int end = Math.min(from + n, h.length);
        for (int i = from; i < Math.min(end, from + max); i++) {
            int c = h[i] & 0xff;
            b.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return end - from > max ? b + "..." : b.toString();
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
