package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A plain multilayer perceptron held as bare NDArrays: {@code weights[l]} is out x in, {@code biases[l]} is out;
 * LeakyReLU between layers, linear output. We manage the parameters ourselves (no DJL Block/Trainer): every
 * gradient is written out in {@link WganGradients} and the optimiser state is ours to checkpoint.
 */
final class Mlp {
    static final float LEAKY_SLOPE = 0.2f;

    final int[] sizes;
    final NDArray[] weights;
    final NDArray[] biases;

    private Mlp(int[] sizes, NDArray[] weights, NDArray[] biases) {
        this.sizes = sizes;
        this.weights = weights;
        this.biases = biases;
    }

    /** Layer widths from input to output, e.g. {@code [in, 256, 256, out]}. */
    static int[] sizes(int in, List<Integer> hidden, int out) {
        int[] s = new int[hidden.size() + 2];
        s[0] = in;
        for (int i = 0; i < hidden.size(); i++) {
            s[i + 1] = hidden.get(i);
        }
        s[s.length - 1] = out;
        return s;
    }

    /**
     * PyTorch's default {@code nn.Linear} initialisation (weights and biases uniform in +-1/sqrt(fan_in)), drawn
     * from {@code rng} in Java so that every engine starts from the same numbers.
     */
    static Mlp initialise(NDManager manager, int[] sizes, DataType dataType, SplittableRandom rng) {
        int layers = sizes.length - 1;
        NDArray[] w = new NDArray[layers];
        NDArray[] b = new NDArray[layers];
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double bound = 1.0 / Math.sqrt(in);
            double[] wv = new double[out * in];
            for (int i = 0; i < wv.length; i++) {
                wv[i] = (rng.nextDouble() * 2 - 1) * bound;
            }
            double[] bv = new double[out];
            for (int i = 0; i < bv.length; i++) {
                bv[i] = (rng.nextDouble() * 2 - 1) * bound;
            }
            w[l] = create(manager, wv, new Shape(out, in), dataType);
            b[l] = create(manager, bv, new Shape(out), dataType);
        }
        return new Mlp(sizes.clone(), w, b);
    }

    static Mlp of(int[] sizes, NDArray[] weights, NDArray[] biases) {
        return new Mlp(sizes.clone(), weights, biases);
    }

    static NDArray create(NDManager manager, double[] values, Shape shape, DataType dataType) {
        if (dataType == DataType.FLOAT64) {
            return manager.create(values, shape);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return manager.create(f, shape);
    }

    int layers() {
        return weights.length;
    }

    /** Weights and biases interleaved: w0, b0, w1, b1, ... (the checkpoint order). */
    List<NDArray> parameters() {
        List<NDArray> p = new ArrayList<>();
        for (int l = 0; l < weights.length; l++) {
            p.add(weights[l]);
            p.add(biases[l]);
        }
        return p;
    }

    /** The forward pass. */
    NDArray forward(NDArray input) {
        NDArray h = input;
        for (int l = 0; l < weights.length; l++) {
            h = linear(h, weights[l], biases[l]);
            if (l < weights.length - 1) {
                h = leakyRelu(h);
            }
        }
        return h;
    }

    /**
     * LeakyReLU. PyTorch's fused kernel is exact in any precision; MXNet's computes the negative branch in
     * float32 even for float64 arrays, so there it is written as max(z, slope * z).
     */
    static NDArray leakyRelu(NDArray z) {
        if (Engines.MXNET.equals(z.getManager().getEngine().getEngineName())) {
            return z.maximum(z.mul(LEAKY_SLOPE));
        }
        return z.getNDArrayInternal().leakyRelu(LEAKY_SLOPE);
    }

    /**
     * {@code lrelu'(z)}: 1 where z > 0, the slope where z <= 0 (as PyTorch's LeakyReLU backward). PyTorch:
     * {@code clamp(sign z, slope, 1)}, two kernels; MXNet's clip and LeakyReLU round their scalars to float32, so
     * there it is {@code (z > 0) (1 - slope) + slope}.
     */
    static NDArray leakyReluDerivative(NDArray z) {
        if (Engines.MXNET.equals(z.getManager().getEngine().getEngineName())) {
            return z.gt(0).toType(z.getDataType(), false).mul(1 - (double) LEAKY_SLOPE).add((double) LEAKY_SLOPE);
        }
        return z.sign().clip(LEAKY_SLOPE, 1);
    }

    static NDArray linear(NDArray x, NDArray w, NDArray b) {
        NDList out = x.getNDArrayInternal().linear(x, w, b);
        return out.singletonOrThrow();
    }
}
