package org.spectrogan.adapters;

import java.util.Arrays;

/**
 * Growable float columns for readers that do not know the sample count up front. Every allocation is reserved
 * in the read's {@link ReadBudget} first, so a file cannot make the reader allocate past the sample limit;
 * non-finite values and values beyond float32's range are refused by the callers' {@link #check}.
 */
final class FloatColumns {
    private float[][] data;
    private int size;
    private final double[] offsets;
    private final ReadBudget budget;
    private final java.nio.file.Path file;

    FloatColumns(int channels, int initialCapacity, Source src) {
        this.budget = src.budget();
        this.file = src.path();
        int cap = Math.max(16, Math.min(initialCapacity, 1 << 20));
        budget.reserveSamples(file, (long) channels * cap);
        data = new float[channels][cap];
        offsets = new double[channels];
    }

    int size() {
        return size;
    }

    /** Makes room for one more sample and returns its index; write it with {@link #set}. */
    int next() {
        if (size == data[0].length) {
            long want = (long) data[0].length + (data[0].length >> 1) + 16;
            if (want > Integer.MAX_VALUE - 8) {
                if (data[0].length >= Integer.MAX_VALUE - 8) {
                    throw org.spectrogan.common.SpectroganException.inFile(file, "more than " + (Integer.MAX_VALUE - 8)
                            + " samples per channel");
                }
                want = Integer.MAX_VALUE - 8;
            }
            int cap = (int) want;
            budget.reserveSamples(file, (long) data.length * (cap - data[0].length));
            for (int c = 0; c < data.length; c++) {
                data[c] = Arrays.copyOf(data[c], cap);
            }
        }
        return size++;
    }

    void set(int channel, int index, float value) {
        data[channel][index] = value;
    }

    /**
     * Stores a value parsed in double precision relative to the channel's first value (its offset), so a large
     * DC level does not eat float32's precision.
     */
    void setRelative(int channel, int index, double value) {
        if (index == 0) {
            offsets[channel] = value;
        }
        float f = (float) (value - offsets[channel]);
        if (Float.isInfinite(f)) {
            throw org.spectrogan.common.SpectroganException.inFile(file, "sample " + (index + 1) + " of channel "
                    + (channel + 1) + " (" + value + ") is too far from the channel's first value (" + offsets[channel]
                    + ") for float32 samples");
        }
        data[channel][index] = f;
    }

    /** The per-channel offsets used by {@link #setRelative}. */
    double[] offsets() {
        return offsets.clone();
    }

    /** The columns trimmed to their size (the unused reservation goes back to the budget). */
    float[][] toArrays() {
        budget.release((long) data.length * (data[0].length - size));
        float[][] out = new float[data.length][];
        for (int c = 0; c < data.length; c++) {
            out[c] = data[c].length == size ? data[c] : Arrays.copyOf(data[c], size);
        }
        return out;
    }
}
