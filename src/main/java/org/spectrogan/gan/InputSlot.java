package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A float32 input array refreshed every iteration from Java without allocation: on PyTorch/CPU the array shares
 * the direct buffer's memory (writing the buffer is enough), elsewhere {@link #publish()} copies it in.
 */
final class InputSlot {
    private final ByteBuffer bytes;
    final FloatBuffer floats;
    final NDArray array;
    private final boolean shared;

    InputSlot(NDManager manager, Shape shape, boolean shared) {
        this.bytes = ByteBuffer.allocateDirect(Math.toIntExact(shape.size()) * 4).order(ByteOrder.nativeOrder());
        this.floats = bytes.asFloatBuffer();
        this.array = manager.create(bytes, shape, DataType.FLOAT32);
        this.shared = shared;
    }

    /** Fills the slot once with constant values. */
    InputSlot fill(float[] values) {
        floats.clear();
        floats.put(values);
        publish();
        return this;
    }

    void publish() {
        if (!shared) {
            bytes.rewind();
            array.set(bytes);
        }
    }
}
