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
        final NDIndex featureColumns;

        Layout(int batch, int features) {
            this.batch = batch;
            this.features = features;
            this.featureColumns = new NDIndex().addAllDim().addSliceDim(0, features);
        }
    }

    /**
     * The LeakyReLU masks {@code lrelu'(z)} of the critic's hidden layers at the interpolates
     * {@code x_hat = fake + epsilon (real - fake)} (rows of the same classes). Call this OUTSIDE the gradient
     * scope: the masks are constants of the penalty (LeakyReLU's second derivative is zero almost everywhere), so
     * the interpolates need a forward pass but no backward pass.
     *
     * @param condition B x k one-hot classes of the rows
     * @return one B x width mask per hidden layer, entries 1 or the slope
     */
    static NDArray[] interpolateMasks(Mlp critic, NDArray real, NDArray fake, NDArray epsilon, NDArray condition) {
        NDArray interpolates = fake.add(epsilon.mul(real.sub(fake)));
        NDArray input = NDArrays.concat(new NDList(interpolates, condition), 1);
        NDArray[] pre = new NDArray[critic.layers() - 1];
        NDArray h = input;
        for (int l = 0; l < pre.length; l++) {
            pre[l] = Mlp.linear(h, critic.weights[l], critic.biases[l]);
            if (l < pre.length - 1) {
                h = Mlp.leakyRelu(pre[l]);
            }
        }
        NDArray[] masks = new NDArray[pre.length];
        for (int l = 0; l < pre.length; l++) {
            masks[l] = leakyReluDerivative(pre[l]);
        }
        return masks;
    }

    /**
     * The WGAN-GP critic loss {@code mean f(fake) - mean f(real) + lambda * mean (||grad_x f(x_hat)|| - 1)^2},
     * inside the gradient scope.
     *
     * @param real        B x d real rows (normalised)
     * @param fake        B x d generated rows of the same classes (no gradient to the generator)
     * @param condition2B 2B x k one-hot classes, the B classes repeated twice (real, fake)
     * @param meanWeights 1 x 2B: -1/B for the real rows, +1/B for the fake rows
     * @param masks       the interpolates' LeakyReLU masks from {@link #interpolateMasks}
     * @return loss, Wasserstein estimate (mean f(real) - mean f(fake)), penalty (without lambda); all 1 x 1
     */
    static NDList gradientPenalty(Mlp critic, Layout layout, NDArray real, NDArray fake, NDArray condition2B,
                                  NDArray meanWeights, NDArray[] masks, double lambda) {
        NDArray rows = NDArrays.concat(new NDList(real, fake), 0);
        NDArray input = NDArrays.concat(new NDList(rows, condition2B), 1);
        NDArray adversarial = meanWeights.matMul(critic.forward(input));
        NDArray gradInput = inputGradient(critic, masks);
        NDArray gradFeatures = gradInput.get(layout.featureColumns);
        NDArray norms = gradFeatures.norm(new int[] {1});
        NDArray penalty = norms.sub(1).square().mean().reshape(1, 1);
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
     * d f / d input for each row, given the hidden layers' LeakyReLU masks at those rows:
     * {@code (((M_L * w_L) W_{L-1}) * M_{L-1} ...) W_0}, the masks being constants.
     */
    static NDArray inputGradient(Mlp critic, NDArray[] masks) {
        int last = critic.layers() - 1;
        NDArray s = masks[last - 1].mul(critic.weights[last]);
        for (int l = last - 1; l >= 1; l--) {
            s = s.matMul(critic.weights[l]).mul(masks[l - 1]);
        }
        return s.matMul(critic.weights[0]);
    }

    /** {@code lrelu'(z)}: 1 where z > 0, the slope elsewhere, computed as |lrelu(sign z)|. */
    static NDArray leakyReluDerivative(NDArray z) {
        return z.sign().getNDArrayInternal().leakyRelu(Mlp.LEAKY_SLOPE).abs();
    }
}
