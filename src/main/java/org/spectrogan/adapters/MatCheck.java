package org.spectrogan.adapters;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.spectrogan.common.SpectroganException;

/**
 * Walks the data elements of a MAT v5 file before MFL parses it, so sizes a corrupt file declares cannot make
 * the library allocate what the file cannot hold: every tag's size must fit in what encloses it, a compressed
 * element is inflated here with its bytes charged to the read's budget, and a numeric matrix's dimensions must
 * multiply to the number of elements its real (and imaginary) part holds and stay within the sample limit.
 */
final class MatCheck {
    private static final int MI_MATRIX = 14;
    private static final int MI_COMPRESSED = 15;

    private final Source src;
    private final ByteOrder order;

    private MatCheck(Source src, ByteOrder order) {
        this.src = src;
        this.order = order;
    }

    static void check(Source src, byte[] bytes, ByteOrder order) {
        new MatCheck(src, order).elements(bytes, 128, bytes.length, 0);
    }

    private SpectroganException bad(String what) {
        return SpectroganException.inFile(src.path(), "corrupt MAT v5 data: " + what);
    }

    /** The top-level (depth 0) or nested elements in {@code [from, to)}. */
    private void elements(byte[] b, int from, int to, int depth) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(order);
        long p = from;
        while (p + 8 <= to) {
            int w = buf.getInt((int) p);
            int type;
            long size;
            long data;
            if ((w >>> 16) != 0 && depth > 0) {
                type = w & 0xffff;
                size = w >>> 16;
                data = p + 4;
                if (size > 4) {
                    throw bad("a small data element at byte " + p + " claims " + size + " bytes (at most 4)");
                }
                p += 8;
                continue;
            }
            type = w;
            size = buf.getInt((int) p + 4) & 0xffffffffL;
            data = p + 8;
            if (data + size > to) {
                if (depth == 0) {
                    throw SpectroganException.inFile(src.path(), "truncated: a variable runs past the end of the file ("
                            + b.length + " bytes): the element at byte " + p + " claims " + size + " bytes");
                }
                throw bad("the element at byte " + p + " (type " + type + ") claims " + size + " bytes but only "
                        + (to - data) + " follow");
            }
            if (type == MI_COMPRESSED && depth == 0) {
                byte[] inflated = inflate(b, (int) data, (int) size);
                elements(inflated, 0, inflated.length, 1);
            } else if (type == MI_MATRIX) {
                matrix(b, (int) data, (int) (data + size), depth + 1);
            }
            long next = data + size;
            p = depth == 0 && type == MI_COMPRESSED ? next : next + ((8 - (size % 8)) % 8);
        }
    }

    private byte[] inflate(byte[] b, int from, int n) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(b, from, n);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.min(1 << 20, Math.max(64, 4 * n)));
            byte[] chunk = new byte[1 << 16];
            while (!inf.finished()) {
                int k = inf.inflate(chunk);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                src.budget().chargeBytes(src.path(), k);
                if (out.size() + (long) k > Integer.MAX_VALUE - 8) {
                    throw bad("a compressed variable inflates to more than 2 GB");
                }
                out.write(chunk, 0, k);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw SpectroganException.inFile(src.path(), "corrupt: a compressed variable does not inflate (zlib: "
                    + Numbers.shown(String.valueOf(e.getMessage())) + ")", e);
        } finally {
            inf.end();
        }
    }

    /** One miMATRIX's sub-elements: flags, dimensions, name, then data (checked for numeric classes). */
    private void matrix(byte[] b, int from, int to, int depth) {
        if (depth > 32) {
            throw bad("matrices nested more than 32 deep");
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(order);
        long p = from;
        int k = 0;
        int mxClass = -1;
        boolean complex = false;
        long elements = 1;
        while (p + 8 <= to) {
            int w = buf.getInt((int) p);
            int type;
            long size;
            long data;
            boolean small = (w >>> 16) != 0;
            if (small) {
                type = w & 0xffff;
                size = w >>> 16;
                data = p + 4;
                if (size > 4) {
                    throw bad("a small data element at byte " + p + " claims " + size + " bytes (at most 4)");
                }
            } else {
                type = w;
                size = buf.getInt((int) p + 4) & 0xffffffffL;
                data = p + 8;
            }
            if (data + size > to) {
                throw bad("a matrix part at byte " + p + " claims " + size + " bytes but only " + (to - data) + " follow");
            }
            if (k == 0 && size >= 8) {
                int flags = buf.getInt((int) data);
                mxClass = flags & 0xff;
                complex = (flags & 0x800) != 0;
            } else if (k == 1) {
                if (size % 4 != 0 || size < 8) {
                    throw bad("a dimensions array of " + size + " bytes");
                }
                for (long q = data; q < data + size; q += 4) {
                    int d = buf.getInt((int) q);
                    if (d < 0) {
                        throw bad("a dimension of " + d);
                    }
                    elements = Math.multiplyHigh(elements, d) != 0 || elements * d < 0 ? Long.MAX_VALUE : elements * d;
                }
                if (elements > src.budget().limits().maxSamples()) {
                    throw SpectroganException.inFile(src.path(), "a MAT variable declares " + elements + " elements, above"
                            + " the limit of " + ReadLimits.describe(src.budget().limits().maxSamples())
                            + " samples per read (raise it with -D" + ReadLimits.MAX_SAMPLES_PROPERTY + "=N)");
                }
            } else if ((k == 3 || (k == 4 && complex)) && mxClass >= 6 && mxClass <= 15) {
                int width = switch (type) {
                    case 1, 2 -> 1;
                    case 3, 4 -> 2;
                    case 5, 6, 7 -> 4;
                    case 9, 12, 13 -> 8;
                    default -> throw bad("numeric data of element type " + type);
                };
                if (size != elements * width) {
                    throw bad("a matrix's dimensions give " + elements + " elements but its data holds "
                            + size / width + " (" + size + " bytes of type " + type + ")");
                }
            } else if (k >= 3 && type == MI_MATRIX) {
                matrix(b, (int) data, (int) (data + size), depth + 1);
            }
            k++;
            p = small ? p + 8 : data + size + ((8 - (size % 8)) % 8);
        }
    }
}
