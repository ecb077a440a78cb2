package org.spectrogan.adapters;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.spectrogan.common.SpectroganException;

/**
 * WAV through javax.sound.sampled: PCM 8 (unsigned), 16, 24, 32-bit and 32/64-bit float, any channel count;
 * integer samples scaled to [-1, 1) by 2^(bits-1) (8-bit: (v - 128) / 128), as scipy's wavfile does before
 * dividing. A-law and mu-law are decoded to 16-bit PCM first.
 */
final class WavReader {
    private WavReader() {
    }

    static Recording read(Source src, AdapterSpec spec) throws IOException {
        checkFormatChunk(src);
        AudioInputStream ais;
        InputStream raw = src.openBuffered();
        try {
            ais = AudioSystem.getAudioInputStream(raw);
        } catch (UnsupportedAudioFileException | java.io.EOFException e) {
            raw.close();
            throw SpectroganException.inFile(src.path(), whyUnreadable(src), e);
        }
        try (AudioInputStream in0 = ais) {
            AudioFormat f = in0.getFormat();
            AudioInputStream in = in0;
            AudioFormat.Encoding enc = f.getEncoding();
            if (enc.equals(AudioFormat.Encoding.ULAW) || enc.equals(AudioFormat.Encoding.ALAW)) {
                AudioFormat pcm = new AudioFormat(f.getSampleRate(), 16, f.getChannels(), true, false);
                in = AudioSystem.getAudioInputStream(pcm, in0);
                f = pcm;
                enc = f.getEncoding();
            }
            int bits = f.getSampleSizeInBits();
            boolean isFloat = enc.equals(AudioFormat.Encoding.PCM_FLOAT);
            boolean signed = enc.equals(AudioFormat.Encoding.PCM_SIGNED);
            boolean unsigned = enc.equals(AudioFormat.Encoding.PCM_UNSIGNED);
            if (!(isFloat && (bits == 32 || bits == 64)) && !((signed || unsigned) && (bits == 8 || bits == 16 || bits == 24 || bits == 32))) {
                throw SpectroganException.inFile(src.path(), "unsupported WAV encoding " + enc + " with " + bits
                        + " bits per sample; supported: PCM 8/16/24/32-bit and 32/64-bit float");
            }
            int channels = f.getChannels();
            int bytesPerSample = bits / 8;
            int frameBytes = bytesPerSample * channels;
            if (f.getFrameSize() != frameBytes) {
                throw SpectroganException.inFile(src.path(), "corrupt fmt chunk: frames of " + f.getFrameSize()
                        + " bytes (block align), but " + channels + " channels of " + bits + " bits need " + frameBytes);
            }
            double rateHz = f.getSampleRate();
            if (!(rateHz > 0) || !Double.isFinite(rateHz)) {
                throw SpectroganException.inFile(src.path(), "sample rate " + rateHz + " Hz in the fmt chunk; it must be a positive number");
            }
            if (channels <= 0) {
                throw SpectroganException.inFile(src.path(), channels + " channels in the fmt chunk");
            }
            if (spec.rateHz() != null && Math.abs(spec.rateHz() - rateHz) > 1e-9 * rateHz) {
                throw SpectroganException.inFile(src.path(), "the file's sample rate is " + rateHz
                        + " Hz but the adapter or --rate-hz says " + spec.rateHz() + " Hz");
            }
            boolean big = f.isBigEndian();
            long frames = in.getFrameLength();
            // The declared frame count only sizes the first buffer (at most 2^20 frames): it is not trusted.
            FloatColumns data = new FloatColumns(channels, frames > 0 && frames < Integer.MAX_VALUE ? (int) frames : 1 << 16, src);
            byte[] buf = new byte[(int) Math.max(frameBytes, Math.min(8192L * frameBytes, 1 << 20) / frameBytes * frameBytes)];
            int carry = 0;
            int idleReads = 0;
            double scale = 1.0 / (1L << (bits - 1));
            while (true) {
                int n = in.read(buf, carry, buf.length - carry);
                if (n < 0) {
                    break;
                }
                if (n == 0 && ++idleReads > 1000) {
                    throw SpectroganException.inFile(src.path(), "the audio stream stopped delivering bytes (corrupt fmt or data chunk)");
                }
                int avail = carry + n;
                int whole = avail / frameBytes;
                for (int fr = 0; fr < whole; fr++) {
                    int k = data.next();
                    int base = fr * frameBytes;
                    for (int c = 0; c < channels; c++) {
                        int p = base + c * bytesPerSample;
                        double v;
                        if (isFloat) {
                            if (bits == 32) {
                                v = Float.intBitsToFloat((int) integer(buf, p, 4, big));
                            } else {
                                v = Double.longBitsToDouble(integer(buf, p, 8, big));
                            }
                            if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                                throw SpectroganException.inFile(src.path(), "float sample " + (k + 1) + " (at "
                                        + fmtSeconds(k / rateHz) + " s) of channel " + (c + 1) + " is " + v
                                        + (Double.isFinite(v) ? " (beyond the range of float32 samples)"
                                        : " (NaN or infinite values are not allowed)"));
                            }
                        } else if (bits == 8) {
                            int u = buf[p] & 0xff;
                            v = signed ? (byte) u * scale : (u - 128) * scale;
                        } else {
                            long x = integer(buf, p, bytesPerSample, big);
                            long signBit = 1L << (bits - 1);
                            x = unsigned ? x - signBit : (x ^ signBit) - signBit; // centre or sign-extend
                            v = x * scale;
                        }
                        data.set(c, k, (float) v);
                    }
                }
                carry = avail - whole * frameBytes;
                System.arraycopy(buf, whole * frameBytes, buf, 0, carry);
            }
            boolean sizeKnown = frames > 0 && frames * frameBytes < 0xFFFFFFFFL - frameBytes;
            if (sizeKnown && data.size() < frames) {
                throw SpectroganException.inFile(src.path(), String.format(java.util.Locale.ROOT, "truncated: the data chunk"
                        + " promises %d frames (%.3f s at %s Hz) but the file holds %d", frames, frames / rateHz,
                        fmtHz(rateHz), data.size()));
            }
            if (data.size() == 0) {
                throw SpectroganException.inFile(src.path(), "WAV file holds no audio frames");
            }
            List<String> names = new ArrayList<>();
            if (channels == 1) {
                names.add("audio");
            } else {
                for (int c = 0; c < channels; c++) {
                    names.add("ch" + (c + 1));
                }
            }
            float[][] arrays = data.toArrays();
            if (spec.channels() != null) {
                float[][] sel = new float[spec.channels().size()][];
                List<String> selNames = new ArrayList<>();
                for (int i = 0; i < sel.length; i++) {
                    int idx = names.indexOf(spec.channels().get(i));
                    if (idx < 0) {
                        throw SpectroganException.inFile(src.path(), "no channel named '" + spec.channels().get(i)
                                + "'; the file has " + String.join(", ", names));
                    }
                    sel[i] = arrays[idx];
                    selNames.add(names.get(idx));
                }
                arrays = sel;
                names = selNames;
            }
            return new Recording(arrays, rateHz, names, "FS", src.path(), "wav", null, List.of());
        }
    }

    private static long integer(byte[] b, int p, int n, boolean big) {
        long x = 0;
        if (big) {
            for (int i = 0; i < n; i++) {
                x = (x << 8) | (b[p + i] & 0xff);
            }
        } else {
            for (int i = n - 1; i >= 0; i--) {
                x = (x << 8) | (b[p + i] & 0xff);
            }
        }
        return x;
    }

    private static String fmtSeconds(double s) {
        return String.format(java.util.Locale.ROOT, "%.6f", s).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String fmtHz(double hz) {
        return hz == Math.rint(hz) ? String.valueOf((long) hz) : String.valueOf(hz);
    }

    /**
     * Checks the fmt chunk before javax.sound sees the file, so a corrupt one is a clear error rather than a
     * library exception: channels, rate and bits not zero, A-law / mu-law only at 8 bits, sample sizes of 8-64 bits.
     */
    private static void checkFormatChunk(Source src) throws IOException {
        byte[] h = src.head(1 << 12);
        java.nio.charset.Charset ascii = java.nio.charset.StandardCharsets.US_ASCII;
        if (h.length < 12 || !new String(h, 0, 4, ascii).equals("RIFF") || !new String(h, 8, 4, ascii).equals("WAVE")) {
            return; // whyUnreadable says what it is when javax.sound refuses it
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long p = 12;
        while (p + 8 <= h.length) {
            long len = b.getInt((int) p + 4) & 0xffffffffL;
            if (new String(h, (int) p, 4, ascii).equals("fmt ") && len >= 16 && p + 24 <= h.length) {
                int q = (int) p;
                int tag = b.getShort(q + 8) & 0xffff;
                int channels = b.getShort(q + 10) & 0xffff;
                long rate = b.getInt(q + 12) & 0xffffffffL;
                int bits = b.getShort(q + 22) & 0xffff;
                if (channels == 0 || rate == 0 || bits == 0) {
                    throw SpectroganException.inFile(src.path(), "corrupt fmt chunk: " + channels + " channels, " + rate
                            + " Hz, " + bits + " bits per sample (none may be 0)");
                }
                if ((tag == 6 || tag == 7) && bits != 8) {
                    throw SpectroganException.inFile(src.path(), "corrupt fmt chunk: " + (tag == 6 ? "A-law" : "mu-law")
                            + " with " + bits + " bits per sample (it has 8)");
                }
                if ((tag == 1 || tag == 3 || tag == 0xFFFE) && (bits > 64 || bits % 8 != 0)) {
                    throw SpectroganException.inFile(src.path(), "unsupported WAV sample size of " + bits + " bits; " + SUPPORTED);
                }
                return;
            }
            p += 8 + len + (len & 1);
        }
    }

    private static final String SUPPORTED = "supported: PCM 8/16/24/32-bit, IEEE float, A-law, mu-law";

    /** Why javax.sound could not open the file, from its RIFF chunks: for the error message. */
    static String whyUnreadable(Source src) {
        byte[] h;
        try {
            h = src.head(1 << 16);
        } catch (IOException e) {
            return "cannot read the WAV header (" + e.getMessage() + ")";
        }
        java.nio.charset.Charset ascii = java.nio.charset.StandardCharsets.US_ASCII;
        if (h.length < 12 || !new String(h, 0, 4, ascii).equals("RIFF") || !new String(h, 8, 4, ascii).equals("WAVE")) {
            return "not a RIFF/WAVE file (" + (h.length < 12 ? "only " + h.length + " bytes" : "it starts with '"
                    + EdfReader.printable(h, 0, 12, 12) + "'") + ")";
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        List<String> chunks = new ArrayList<>();
        String fmt = null;
        boolean data = false;
        long p = 12;
        while (p + 8 <= h.length) {
            String id = EdfReader.printable(h, p, 4, 4);
            long len = b.getInt((int) p + 4) & 0xffffffffL;
            chunks.add("'" + id + "'");
            if (id.equals("fmt ")) {
                if (len < 16 || p + 24 > h.length) {
                    return "the fmt chunk is " + len + " bytes long, shorter than the 16 bytes of a WAV format";
                }
                int q = (int) p;
                int tag = b.getShort(q + 8) & 0xffff;
                int channels = b.getShort(q + 10) & 0xffff;
                long rate = b.getInt(q + 12) & 0xffffffffL;
                int align = b.getShort(q + 20) & 0xffff;
                int bits = b.getShort(q + 22) & 0xffff;
                String name = switch (tag) {
                    case 1 -> "PCM";
                    case 2 -> "Microsoft ADPCM";
                    case 3 -> "IEEE float";
                    case 6 -> "A-law";
                    case 7 -> "mu-law";
                    case 0x11 -> "IMA ADPCM";
                    case 0x55 -> "MPEG layer 3";
                    case 0xFFFE -> "WAVE_FORMAT_EXTENSIBLE";
                    default -> "unknown";
                };
                String described = "format tag 0x" + Integer.toHexString(tag) + " " + name + ", " + bits + " bits";
                if (tag != 1 && tag != 3 && tag != 6 && tag != 7 && tag != 0xFFFE) {
                    return "unsupported WAV encoding (" + described + "); " + SUPPORTED;
                }
                if (channels == 0 || rate == 0 || bits == 0) {
                    return "corrupt fmt chunk: " + channels + " channels, " + rate + " Hz, " + bits + " bits per sample";
                }
                if (align != channels * ((bits + 7) / 8)) {
                    return "corrupt fmt chunk: block align " + align + " bytes, but " + channels + " channels of "
                            + bits + " bits need " + channels * ((bits + 7) / 8);
                }
                fmt = described;
            } else if (id.equals("data")) {
                data = true;
            }
            p += 8 + len + (len & 1);
        }
        if (fmt == null) {
            return "no 'fmt ' chunk (chunks: " + String.join(", ", chunks) + ")";
        }
        if (!data && h.length < 1 << 16) {
            return "no 'data' chunk (chunks: " + String.join(", ", chunks) + ")";
        }
        return "unsupported WAV encoding (" + fmt + "); " + SUPPORTED;
    }
}
