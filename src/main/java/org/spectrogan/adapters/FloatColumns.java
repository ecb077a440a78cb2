package org.spectrogan.adapters;

import java.util.Arrays;

/** Growable float columns for readers that do not know the sample count up front. */
final class FloatColumns {
    private float[][] data;
    private int size;

    FloatColumns(int channels, int initialCapacity) {
        data = new float[channels][Math.max(16, initialCapacity)];
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

    /** The columns trimmed to their size. */
    float[][] toArrays() {
        float[][] out = new float[data.length][];
        for (int c = 0; c < data.length; c++) {
            out[c] = data[c].length == size ? data[c] : Arrays.copyOf(data[c], size);
        }
        return out;
    }
}
