package org.spectrogan.features;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.spectrogan.common.AtomicFiles;

/** Writes mono 16-bit PCM WAV files atomically (temp file, then moved into place). */
public final class WavWriter {
    private WavWriter() {
    }

    /**
     * Writes {@code samples} (nominally in [-1, 1]; values beyond are clipped) at {@code sampleRateHz}.
     * Returns the number of clipped samples.
     */
    public static int write(Path target, double[] samples, double sampleRateHz) {
        int rate = (int) Math.round(sampleRateHz);
        int[] clipped = {0};
        AtomicFiles.write(target, out -> clipped[0] = writeTo(out, samples, rate));
        return clipped[0];
    }

    static int writeTo(OutputStream os, double[] samples, int rate) throws IOException {
        DataOutputStream out = new DataOutputStream(os);
        int dataBytes = samples.length * 2;
        out.writeBytes("RIFF");
        out.writeInt(Integer.reverseBytes(36 + dataBytes));
        out.writeBytes("WAVE");
        out.writeBytes("fmt ");
        out.writeInt(Integer.reverseBytes(16));
        out.writeShort(Short.reverseBytes((short) 1)); // PCM
        out.writeShort(Short.reverseBytes((short) 1)); // mono
        out.writeInt(Integer.reverseBytes(rate));
        out.writeInt(Integer.reverseBytes(rate * 2));
        out.writeShort(Short.reverseBytes((short) 2));
        out.writeShort(Short.reverseBytes((short) 16));
        out.writeBytes("data");
        out.writeInt(Integer.reverseBytes(dataBytes));
        int clipped = 0;
        byte[] buf = new byte[dataBytes];
        for (int i = 0; i < samples.length; i++) {
            double v = samples[i] * 32768.0;
            long q = Math.round(v);
            if (q > 32767) {
                q = 32767;
                clipped++;
            } else if (q < -32768) {
                q = -32768;
                clipped++;
            }
            buf[2 * i] = (byte) q;
            buf[2 * i + 1] = (byte) (q >> 8);
        }
        out.write(buf);
        out.flush();
        return clipped;
    }
}
