package org.spectrogan.adapters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small valid files of every format, built byte by byte, for the hostile-file and fuzz tests. */
final class HostileBytes {
    private HostileBytes() {
    }

    /** An EDF with {@code channels} signals of {@code spr} samples per 1 s record and {@code records} records. */
    static byte[] edf(int channels, int spr, int records, String numRecordsField, String durationField) {
        StringBuilder h = new StringBuilder();
        h.append(pad("0", 8)).append(pad("X X X X", 80)).append(pad("Startdate 01-JAN-2000 X X X", 80))
                .append("01.01.00").append("00.00.00").append(pad(String.valueOf(256 * (channels + 1)), 8))
                .append(pad("", 44)).append(pad(numRecordsField, 8)).append(pad(durationField, 8))
                .append(pad(String.valueOf(channels), 4));
        String[][] fields = {{"label", "16"}, {"transducer", "80"}, {"unit", "8"}, {"pmin", "8"}, {"pmax", "8"},
                {"dmin", "8"}, {"dmax", "8"}, {"prefilter", "80"}, {"spr", "8"}, {"reserved", "32"}};
        for (String[] f : fields) {
            for (int c = 0; c < channels; c++) {
                String v = switch (f[0]) {
                    case "label" -> "EEG C" + c;
                    case "unit" -> "uV";
                    case "pmin" -> "-500";
                    case "pmax" -> "500";
                    case "dmin" -> "-32768";
                    case "dmax" -> "32767";
                    case "spr" -> String.valueOf(spr);
                    default -> "";
                };
                h.append(pad(v, Integer.parseInt(f[1])));
            }
        }
        byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(head.length + records * channels * spr * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put(head);
        for (int r = 0; r < records; r++) {
            for (int c = 0; c < channels; c++) {
                for (int k = 0; k < spr; k++) {
                    b.putShort((short) ((r * spr + k) * 37 % 2000 - 1000 + c));
                }
            }
        }
        return b.array();
    }

    static byte[] edf() {
        return edf(2, 16, 4, "4", "1");
    }

    static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s.length() > width ? s.substring(0, width) : s);
        while (b.length() < width) {
            b.append(' ');
        }
        return b.toString();
    }

    /** Replaces {@code width} header bytes at {@code offset} with {@code value}, space padded. */
    static byte[] field(byte[] file, int offset, int width, String value) {
        byte[] out = file.clone();
        byte[] v = pad(value, width).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, out, offset, width);
        return out;
    }

    /** An uncompressed MAT v5 file holding one real double matrix {@code name} (rows x cols, column-major). */
    static byte[] mat(String name, int rows, int cols, double[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[128];
        Arrays.fill(header, (byte) ' ');
        byte[] text = "MATLAB 5.0 MAT-file, written by a test".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, header, 0, text.length);
        ByteBuffer hb = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        hb.putLong(116, 0);
        hb.putShort(124, (short) 0x0100);
        header[126] = 'I';
        header[127] = 'M';
        out.writeBytes(header);
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        int namePadded = (nameBytes.length + 7) / 8 * 8;
        int size = 16 + 16 + 8 + namePadded + 8 + values.length * 8;
        ByteBuffer m = ByteBuffer.allocate(8 + size).order(ByteOrder.LITTLE_ENDIAN);
        m.putInt(14).putInt(size);
        m.putInt(6).putInt(8).putInt(6).putInt(0); // array flags: mxDOUBLE_CLASS
        m.putInt(5).putInt(8).putInt(rows).putInt(cols); // dimensions (miINT32)
        m.putInt(1).putInt(nameBytes.length).put(nameBytes).put(new byte[namePadded - nameBytes.length]);
        m.putInt(9).putInt(values.length * 8);
        for (double v : values) {
            m.putDouble(v);
        }
        out.writeBytes(m.array());
        return out.toByteArray();
    }

    static byte[] mat() {
        double[] v = new double[2 * 40];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(i * 0.3) * 10;
        }
        return mat("eeg", 2, 40, v);
    }

    /** Byte offset of the dimensions (rows, cols) in {@link #mat}. */
    static final int MAT_DIMS_OFFSET = 128 + 8 + 16 + 8;

    /** A canonical WAV; tag 1 PCM or 3 float; {@code dataSize} -1 for the true size. */
    static byte[] wav(int tag, int bits, int channels, int rate, int frames, long dataSize) {
        int bps = bits / 8;
        int dataBytes = frames * channels * bps;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) tag).putShort((short) channels)
                .putInt(rate).putInt(rate * channels * bps).putShort((short) (channels * bps)).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) (dataSize < 0 ? dataBytes : dataSize));
        for (int i = 0; i < frames * channels; i++) {
            long v = (long) (Math.sin(i * 0.1) * (1L << (bits - 2)));
            if (tag == 3 && bits == 32) {
                v = Float.floatToIntBits((float) Math.sin(i * 0.1));
            }
            for (int k = 0; k < bps; k++) {
                b.put((byte) (v >> (8 * k)));
            }
        }
        return b.array();
    }

    static byte[] wav() {
        return wav(1, 16, 2, 8000, 64, -1);
    }

    static byte[] csv() {
        StringBuilder b = new StringBuilder("time,Fp1,Fp2\n");
        for (int i = 0; i < 40; i++) {
            b.append(i * 0.004).append(',').append(Math.sin(i * 0.2)).append(',').append(i % 7).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] text() {
        StringBuilder b = new StringBuilder("# two channels\n");
        for (int i = 0; i < 40; i++) {
            b.append(Math.cos(i * 0.2)).append(' ').append(i - 20).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A zip of the given entries (name -> bytes), in map order, deflated. */
    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Every occurrence of {@code from} replaced by {@code to} (same length). */
    static byte[] replaceAll(byte[] data, byte[] from, byte[] to) {
        byte[] out = data.clone();
        for (int i = 0; i + from.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, out, i, to.length);
            }
        }
        return out;
    }
}
