package org.spectrogan.adapters;

import java.util.Arrays;

/** Growable float columns for readers that do not know the sample count up front. */
final class FloatColumns {
    private float[][] data;
    private int size;
    private final double[] offsets;

    FloatColumns(int channels, int initialCapacity) {
        data = new float[channels][Math.max(16, initialCapacity)];
        offsets = new double[channels];
    }

    int size() {
        return size;
    }

    /** Makes room for one more sample and returns its index; write it with {@link #set}. */
    int next() {
        if (size == data[0].length) {
            int cap = data[0].length + (data[0].length >> 1) + 16;
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
        data[channel][index] = (float) (value - offsets[channel]);
    }

    /** The per-channel offsets used by {@link #setRelative}. */
    double[] offsets() {
        return offsets.clone();
    }

    /** The columns trimmed to their size. */
    float[][] toArrays() {
        float[][] out = new float[data.length][];
        for (int c = 0; c < data.length; c++) {
            out[c] = data[c].length == size ? data[c] : Arrays.copyOf(data[c], size);
        }
        return out;
    }
}
