package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * One network's weights and biases held in a single flat array, so that an optimiser update is one fused call over
 * every parameter instead of one per tensor (an update per tensor cost as much as a 64 x 256 x 256 product here).
 * The layers are read as slices of it ({@link #network()}), in {@link Mlp#parameters()} order.
 */
final class Parameters {
    /** The name of a network's class embedding among its extra tensors. */
    static final String EMBEDDING = "embedding";
    /** The critic's auxiliary class head (AC-GAN): its weights (k x h_L) and biases (k). */
    static final String AUX_WEIGHT = "auxClassifier.weight";
    static final String AUX_BIAS = "auxClassifier.bias";

    final int[] sizes;
    final NDArray flat;
    /** The names of the tensors stored after the layers, in order (e.g. {@link #EMBEDDING}). */
    final List<String> extraNames;
    private final Shape[] shapes;
    private final NDIndex[] slices;
    /** Where the flat array is split into its tensors: the offsets of tensors 1 .. n-1. */
    private final long[] splitPoints;

    /** Moves {@code initial}'s parameters into one flat array (in their manager) and closes them. */
    Parameters(Mlp initial) {
        this(initial, (NDArray) null);
    }

    /**
     * As {@link #Parameters(Mlp)}, with a class embedding (k x width, e.g. the projection critic's E) stored after
     * the layers as the last tensor; {@code null} for none.
     */
    Parameters(Mlp initial, NDArray embedding) {
        this(initial, embedding == null ? java.util.Map.of() : java.util.Map.of(EMBEDDING, embedding));
    }

    /**
     * As {@link #Parameters(Mlp)}, with named extra tensors stored after the layers in the map's iteration order
     * (a class embedding {@link #EMBEDDING}, the critic's auxiliary head {@link #AUX_WEIGHT}, {@link #AUX_BIAS}).
     */
    Parameters(Mlp initial, java.util.Map<String, NDArray> extras) {
        this.sizes = initial.sizes.clone();
        this.extraNames = List.copyOf(extras.keySet());
        List<NDArray> tensors = new ArrayList<>(initial.parameters());
        tensors.addAll(extras.values());
        shapes = new Shape[tensors.size()];
        slices = new NDIndex[tensors.size()];
        splitPoints = new long[tensors.size() - 1];
        NDList flatTensors = new NDList();
        long offset = 0;
        for (int i = 0; i < tensors.size(); i++) {
            if (i > 0) {
                splitPoints[i - 1] = offset;
            }
            shapes[i] = tensors.get(i).getShape();
            slices[i] = new NDIndex().addSliceDim(offset, offset + shapes[i].size());
            offset += shapes[i].size();
            flatTensors.add(tensors.get(i).reshape(-1));
        }
        this.flat = NDArrays.concat(flatTensors, 0);
        for (NDArray t : flatTensors) {
            t.close();
        }
        for (NDArray t : tensors) {
            t.close();
        }
    }

    /** Whether the network has a class embedding ({@link #embedding()}). */
    boolean hasEmbedding() {
        return extraNames.contains(EMBEDDING);
    }

    /** The class embedding as a slice of the flat array (a view on PyTorch); see {@link #network()}. */
    NDArray embedding() {
        return extra(EMBEDDING);
    }

    /** Whether the network has the extra tensor {@code name}. */
    boolean hasExtra(String name) {
        return extraNames.contains(name);
    }

    /** The extra tensor {@code name} as a slice of the flat array (a view on PyTorch); see {@link #network()}. */
    NDArray extra(String name) {
        int i = extraNames.indexOf(name);
        if (i < 0) {
            throw new IllegalStateException("no tensor " + name);
        }
        return tensor(flat, 2 * (sizes.length - 1) + i);
    }

    int tensorCount() {
        return shapes.length;
    }

    Shape shape(int tensor) {
        return shapes[tensor];
    }

    /** Tensor {@code i} of {@code vector} (a flat array laid out like the parameters), in the current manager. */
    NDArray tensor(NDArray vector, int i) {
        return vector.get(slices[i]).reshape(shapes[i]);
    }

    /**
     * The network as slices of the flat array. On PyTorch these are views; elsewhere they may be copies, so take a
     * new network after every update.
     */
    Mlp network() {
        int layers = sizes.length - 1;
        NDArray[] w = new NDArray[layers];
        NDArray[] b = new NDArray[layers];
        NDList parts = flat.split(splitPoints, 0); // one call for every tensor (a get per slice is four calls)
        for (int l = 0; l < layers; l++) {
            w[l] = parts.get(2 * l).reshape(shapes[2 * l]);
            b[l] = parts.get(2 * l + 1).reshape(shapes[2 * l + 1]);
        }
        return Mlp.of(sizes, w, b);
    }

    /** Gradients in {@link Mlp#parameters()} order joined into one flat array laid out like the parameters. */
    NDArray flatten(List<NDArray> gradients) {
        NDList flatGradients = new NDList(gradients.size());
        for (NDArray g : gradients) {
            flatGradients.add(g.reshape(-1));
        }
        return NDArrays.concat(flatGradients, 0);
    }

    /** Each tensor of {@code vector} as a float array (for checkpoints). */
    List<float[]> split(NDArray vector) {
        float[] all = vector.toFloatArray();
        List<float[]> out = new ArrayList<>(shapes.length);
        int offset = 0;
        for (Shape s : shapes) {
            float[] t = new float[Math.toIntExact(s.size())];
            System.arraycopy(all, offset, t, 0, t.length);
            offset += t.length;
            out.add(t);
        }
        return out;
    }

    /** Writes per-tensor values into {@code vector}; each must have its tensor's size. */
    void join(NDArray vector, List<float[]> values) {
        float[] all = new float[Math.toIntExact(vector.size())];
        int offset = 0;
        for (float[] v : values) {
            System.arraycopy(v, 0, all, offset, v.length);
            offset += v.length;
        }
        vector.set(all);
    }
}
