package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link WganGradients} for K independent networks at once: every array carries a leading model axis (K x rows x
 * columns), weights are K x out x in, biases K x 1 x out, and every matrix product is a batched product over the
 * model axis (one call for all K models). The algebra is the same, step for step, as {@link WganGradients} (see
 * there for the derivation); only the axes move: rows are axis 1, columns axis 2, and a transpose swaps axes 1
 * and 2. Model k's numbers depend on model k's arrays alone, so each model's gradient is the one it would get
 * trained alone (up to the rounding of batched against plain products).
 */
final class StackedGradients {
    private static final int[] ROWS = {1};
    private static final int[] COLUMNS = {2};

    private StackedGradients() {
    }

    /** Row selections of one critic batch along the row axis, and the penalty's constants. */
    static final class CriticBatch {
        final NDArray penaltyScale;
        final NDArray tiny;
        final NDArray one;
        final NDIndex adversarial;
        final NDIndex interpolates;
        final long[] realFakeSplit;
        final long[] adversarialSplit;

        CriticBatch(NDManager manager, int batch, double lambda, DataType dataType) {
            this.penaltyScale = manager.create(new double[] {2 * lambda / batch}).toType(dataType, false);
            this.tiny = manager.create(new double[] {1e-30}).toType(dataType, false);
            this.one = manager.create(new double[] {1}).toType(dataType, false);
            this.adversarial = new NDIndex().addAllDim().addSliceDim(0, 2L * batch);
            this.interpolates = new NDIndex().addAllDim().addSliceDim(2L * batch, 3L * batch);
            this.realFakeSplit = new long[] {batch};
            this.adversarialSplit = new long[] {2L * batch};
        }
    }

    /** Gradients in {@link Mlp#parameters()} order, each K x (its single-model shape); readouts each of length K. */
    record Result(List<NDArray> gradients, NDArray loss, NDArray wasserstein, NDArray penalty) {
    }

    /** {@code x W^T + b} per model: x is K x rows x in, W K x out x in, b K x 1 x out. */
    static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return x.matMul(transpose(w)).addi(b);
    }

    /** Swaps the row and column axes (a view). */
    static NDArray transpose(NDArray a) {
        return a.transpose(0, 2, 1);
    }

    /** The forward pass of K stacked networks. */
    static NDArray forward(Mlp network, NDArray input) {
        NDArray h = input;
        for (int l = 0; l < network.layers(); l++) {
            h = linear(h, network.weights[l], network.biases[l]);
            if (l < network.layers() - 1) {
                h = Mlp.leakyRelu(h);
            }
        }
        return h;
    }

    /**
     * The critic loss and its gradient for K critics; the arguments are those of {@link WganGradients#critic}
     * with a leading model axis: {@code input} K x 2B x (d + k), {@code epsilon} K x B x 1; the constants are
     * shared by all models: {@code rowScale} 1 x 3B x 1 (1 x 2B x 1 without a penalty), {@code adversarialRow}
     * 1 x 1 x 2B, {@code featureMask} 1 x 1 x (d + k).
     */
    static Result critic(Mlp critic, NDArray input, NDArray epsilon, NDArray rowScale, NDArray adversarialRow,
                         NDArray featureMask, CriticBatch rows, double lambda, boolean readouts) {
        boolean penalised = lambda > 0;
        long models = input.getShape().get(0);
        int layers = critic.layers();
        int top = layers - 2;
        NDArray[] w = critic.weights;
        NDArray[] activations = new NDArray[top + 1];
        NDArray[] masks = new NDArray[top + 1];
        NDArray h = input;
        for (int l = 0; l <= top; l++) {
            NDArray z = linear(h, w[l], critic.biases[l]);
            if (l == 0 && penalised) {
                NDList realFake = z.split(rows.realFakeSplit, 1);
                NDArray zFake = realFake.get(1);
                z = NDArrays.concat(new NDList(z, realFake.get(0).sub(zFake).muli(epsilon).addi(zFake)), 1);
            }
            masks[l] = Mlp.leakyReluDerivative(z);
            h = Mlp.leakyRelu(z);
            activations[l] = h;
        }
        NDArray topActivation = penalised ? activations[top].get(rows.adversarial) : activations[top];
        NDArray adversarial = readouts
                ? adversarialRow.matMul(linear(topActivation, w[layers - 1], critic.biases[layers - 1])).reshape(models)
                : null;

        NDArray[] d = new NDArray[top + 1];
        d[top] = masks[top].mul(w[layers - 1]).muli(rowScale);
        for (int l = top; l >= 1; l--) {
            d[l - 1] = d[l].matMul(w[l]).muli(masks[l - 1]);
        }
        NDArray[] gw = new NDArray[layers];
        NDArray[] gb = new NDArray[layers];
        gw[layers - 1] = adversarialRow.matMul(topActivation);
        gb[layers - 1] = adversarialRow.sum(COLUMNS).broadcast(new Shape(models, 1));
        NDArray[] dAdversarial = new NDArray[top + 1];
        NDArray[] dInterpolates = new NDArray[top + 1];
        for (int l = 0; l <= top; l++) {
            if (penalised) {
                NDList parts = d[l].split(rows.adversarialSplit, 1);
                dAdversarial[l] = parts.get(0);
                dInterpolates[l] = parts.get(1);
            } else {
                dAdversarial[l] = d[l];
            }
            gb[l] = dAdversarial[l].sum(ROWS);
        }
        if (!penalised) {
            for (int l = 0; l <= top; l++) {
                gw[l] = transpose(dAdversarial[l]).matMul(l == 0 ? input : activations[l - 1]);
            }
            return readouts ? new Result(interleave(gw, gb), adversarial, adversarial.neg(), adversarial.zerosLike())
                    : new Result(interleave(gw, gb), null, null, null);
        }

        NDArray[] interpolateMasks = new NDArray[top + 1];
        for (int l = 0; l <= top; l++) {
            interpolateMasks[l] = masks[l].get(rows.interpolates);
        }
        NDArray g = dInterpolates[0].matMul(w[0]).muli(featureMask);
        NDArray norms = g.norm(COLUMNS, true);
        NDArray excess = norms.sub(rows.one);
        NDArray y = g.muli(excess.mul(rows.penaltyScale).divi(norms.maximum(rows.tiny)));
        for (int l = 0; l < top; l++) {
            NDArray inputs = NDArrays.concat(new NDList(l == 0 ? input : activations[l - 1].get(rows.adversarial), y), 1);
            gw[l] = transpose(d[l]).matMul(inputs);
            y = y.matMul(transpose(w[l])).muli(interpolateMasks[l]);
        }
        NDArray q = transpose(interpolateMasks[top]).matMul(y); // K x h x in_top
        NDArray topInput = top == 0 ? input : activations[top - 1].get(rows.adversarial);
        gw[layers - 1] = gw[layers - 1].addi(transpose(w[top].mul(q).sum(COLUMNS, true)));
        gw[top] = transpose(dAdversarial[top]).matMul(topInput).addi(q.muli(transpose(w[layers - 1])));
        if (!readouts) {
            return new Result(interleave(gw, gb), null, null, null);
        }
        NDArray penalty = excess.square().mean(ROWS).reshape(models); // excess is K x B x 1
        return new Result(interleave(gw, gb), adversarial.add(penalty.mul(lambda)), adversarial.neg(), penalty);
    }

    /**
     * The generator's gradient of {@code -mean f(G(z))} for K generators; arguments as
     * {@link WganGradients#generator} with a leading model axis, {@code meanColumn} 1 x B x 1 (every entry -1/B)
     * and {@code featureColumns} selecting the feature columns along axis 2.
     */
    static List<NDArray> generator(Mlp generator, NDArray noise, NDArray[] activations, NDArray[] masks, Mlp critic,
                                   NDArray criticInput, NDArray meanColumn, NDIndex featureColumns) {
        int cl = critic.layers();
        NDArray h = criticInput;
        NDArray[] criticMasks = new NDArray[cl - 1];
        for (int l = 0; l < cl - 1; l++) {
            NDArray z = linear(h, critic.weights[l], critic.biases[l]);
            criticMasks[l] = Mlp.leakyReluDerivative(z);
            if (l < cl - 2) {
                h = Mlp.leakyRelu(z);
            }
        }
        NDArray dz = criticMasks[cl - 2].mul(critic.weights[cl - 1]).muli(meanColumn);
        for (int l = cl - 2; l >= 1; l--) {
            dz = dz.matMul(critic.weights[l]).muli(criticMasks[l - 1]);
        }
        dz = dz.matMul(critic.weights[0]).get(featureColumns);
        int gl = generator.layers();
        NDArray[] gw = new NDArray[gl];
        NDArray[] gb = new NDArray[gl];
        for (int l = gl - 1; l >= 0; l--) {
            gw[l] = transpose(dz).matMul(l == 0 ? noise : activations[l - 1]);
            gb[l] = dz.sum(ROWS);
            if (l > 0) {
                dz = dz.matMul(generator.weights[l]).muli(masks[l - 1]);
            }
        }
        return interleave(gw, gb);
    }

    private static List<NDArray> interleave(NDArray[] weights, NDArray[] biases) {
        List<NDArray> out = new ArrayList<>(2 * weights.length);
        for (int l = 0; l < weights.length; l++) {
            out.add(weights[l]);
            out.add(biases[l]);
        }
        return out;
    }
}
