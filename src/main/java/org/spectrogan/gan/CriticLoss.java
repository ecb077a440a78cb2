package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * The critic's losses. For WGAN-GP the penalty needs the critic's gradient with respect to its input; it is
 * written out here as ordinary differentiable array operations in the weights (the LeakyReLU masks held
 * constant: LeakyReLU's second derivative is zero almost everywhere), so a single first-order backward gives the
 * exact weight gradients of the full loss. See ../shared/notes/gradient-penalty.md and DEVELOPERS.md.
 */
final class CriticLoss {
    private CriticLoss() {
    }

    /** Constant inputs of one critic evaluation, built once per batch size. */
    static final class Layout {
        final int batch;
        final int features;
        final NDIndex interpolateRows;
        final NDIndex featureColumns;

        Layout(int batch, int features) {
            this.batch = batch;
            this.features = features;
            this.interpolateRows = new NDIndex().addSliceDim(2L * batch, 3L * batch);
            this.featureColumns = new NDIndex().addAllDim().addSliceDim(0, features);
        }
    }

    /**
     * The WGAN-GP critic loss {@code mean f(fake) - mean f(real) + lambda * mean (||grad_x f(x_hat)|| - 1)^2}.
     *
     * @param real        B x d real rows (normalised)
     * @param fake        B x d generated rows of the same classes (no gradient to the generator)
     * @param epsilon     B x 1 interpolation weights in [0, 1)
     * @param condition3B 3B x k one-hot classes, the B classes repeated three times (real, fake, interpolate)
     * @param meanWeights 1 x 3B: -1/B for the real rows, +1/B for the fake rows, 0 for the interpolates
     * @return loss, Wasserstein estimate (mean f(real) - mean f(fake)), penalty (without lambda); all 1 x 1
     */
    static NDList gradientPenalty(Mlp critic, Layout layout, NDArray real, NDArray fake, NDArray epsilon,
                                  NDArray condition3B, NDArray meanWeights, double lambda) {
        NDArray interpolates = fake.add(epsilon.mul(real.sub(fake)));
        NDArray rows = NDArrays.concat(new NDList(real, fake, interpolates), 0);
        NDArray input = NDArrays.concat(new NDList(rows, condition3B), 1);
        NDArray[] pre = new NDArray[critic.layers() - 1];
        NDArray scores = critic.forward(input, pre);
        NDArray adversarial = meanWeights.matMul(scores);
        NDArray[] preInterpolates = new NDArray[pre.length];
        for (int l = 0; l < pre.length; l++) {
            preInterpolates[l] = pre[l].get(layout.interpolateRows);
        }
        NDArray gradInput = inputGradient(critic, preInterpolates);
        NDArray gradFeatures = gradInput.get(layout.featureColumns);
        NDArray norms = gradFeatures.norm(new int[] {1});
        NDArray penalty = norms.sub(1).square().mean();
        NDArray loss = adversarial.add(penalty.mul(lambda));
        return new NDList(loss, adversarial.neg(), penalty);
    }

    /** The weight-clipped WGAN critic loss {@code mean f(fake) - mean f(real)}; returns loss and W estimate. */
    static NDList clipped(Mlp critic, NDArray real, NDArray fake, NDArray condition2B, NDArray meanWeights2B) {
        NDArray rows = NDArrays.concat(new NDList(real, fake), 0);
        NDArray input = NDArrays.concat(new NDList(rows, condition2B), 1);
        NDArray adversarial = meanWeights2B.matMul(critic.forward(input));
        return new NDList(adversarial, adversarial.neg());
    }

    /**
     * d f / d input for each row, given the hidden pre-activations of those rows:
     * {@code (((M_L * w_L) W_{L-1}) * M_{L-1} ...) W_0} with {@code M = lrelu'(z)} as constants.
     */
    static NDArray inputGradient(Mlp critic, NDArray[] preActivations) {
        int last = critic.layers() - 1;
        NDArray w = critic.weights[last];
        NDArray s = maskedByLeakyRelu(preActivations[last - 1], w);
        for (int l = last - 1; l >= 1; l--) {
            s = s.matMul(critic.weights[l]);
            s = maskedByLeakyRelu(preActivations[l - 1], s);
        }
        return s.matMul(critic.weights[0]);
    }

    /**
     * {@code lrelu'(z) * v} (v broadcast over rows): v where z > 0, slope * v elsewhere. The mask is
     * |lrelu(sign z)| (1 or slope), whose derivative in the weights is zero: it enters as a constant.
     */
    private static NDArray maskedByLeakyRelu(NDArray z, NDArray v) {
        NDArray mask = z.sign().getNDArrayInternal().leakyRelu(Mlp.LEAKY_SLOPE).abs();
        return mask.mul(v);
    }
}
