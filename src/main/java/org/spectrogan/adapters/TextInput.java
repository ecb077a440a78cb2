package org.spectrogan.adapters;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.spectrogan.common.SpectroganException;

/**
 * UTF-8 text of a CSV or plain-text recording: a leading byte-order mark is dropped (so the first column name
 * is not "\uFEFFAF3"), and a control character other than tab, line feed, carriage return or form feed (a NUL
 * byte above all) stops reading with an error naming the line: such a file is binary or corrupt, and reading
 * on would turn garbage into numbers.
 */
final class TextInput extends FilterReader {
    private final Source src;
    private long line = 1;
    private boolean started;

    private TextInput(Source src, Reader in) {
        super(in);
        this.src = src;
    }

    /** A buffered reader over the source's text, guarded as described above. */
    static BufferedReader open(Source src) throws IOException {
        Reader utf8 = new InputStreamReader(src.openStream(), StandardCharsets.UTF_8);
        return new BufferedReader(new TextInput(src, new BufferedReader(utf8, 1 << 16)), 1 << 16);
    }

    @Override
    public int read() throws IOException {
        char[] one = new char[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n <= 0) {
            return n;
        }
        if (!started) {
            started = true;
            if (buf[off] == '\uFEFF') {
                System.arraycopy(buf, off + 1, buf, off, n - 1);
                n--;
                if (n == 0) {
                    return read(buf, off, len);
                }
            }
        }
        for (int i = off; i < off + n; i++) {
            char c = buf[i];
            if (c == '\n') {
                line++;
            } else if (c < 0x20 && c != '\t' && c != '\r' && c != '\f') {
                throw SpectroganException.inFile(src.path(), String.format("binary data: control byte 0x%02x on line %d;"
                        + " this is not a text file (another format, or a corrupt file)", (int) c, line));
            }
        }
        return n;
    }
}
