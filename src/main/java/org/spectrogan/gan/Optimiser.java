package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * Our own optimisers over one flat parameter array ({@link Parameters}), with flat state arrays we checkpoint
 * (laid out like the parameters).
 */
abstract class Optimiser {
    final NDArray parameters;
    final List<NDArray> state;

    Optimiser(NDArray parameters, List<NDArray> state) {
        this.parameters = parameters;
        this.state = state;
    }

    /** Applies update number {@code t} (1-based) with {@code gradient}, laid out like the parameters. */
    abstract void update(long t, NDArray gradient);

    /** Adam (Kingma and Ba) in its efficient form: lr_t = lr sqrt(1 - b2^t) / (1 - b1^t), eps 1e-8. */
    static final class Adam extends Optimiser {
        private final float learningRate;
        private final float beta1;
        private final float beta2;

        /** State: first moment, second moment. */
        Adam(NDArray parameters, double learningRate, double beta1, double beta2) {
            super(parameters, List.of(parameters.zerosLike(), parameters.zerosLike()));
            this.learningRate = (float) learningRate;
            this.beta1 = (float) beta1;
            this.beta2 = (float) beta2;
        }

        @Override
        void update(long t, NDArray gradient) {
            double corrected = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            parameters.getNDArrayInternal().adamUpdate(new NDList(parameters, gradient, state.get(0), state.get(1)),
                    new NDList(parameters), learningRate, (float) corrected, 0f, 1f, -1f, beta1, beta2, 1e-8f, false,
                    false);
        }
    }

    /**
     * RMSProp as PyTorch's default (rho 0.99, eps 1e-8), which Arjovsky et al.'s reference code used:
     * v = rho v + (1 - rho) g^2; w -= lr g / (sqrt(v) + eps). Followed by clipping to [-c, c] when c > 0.
     */
    static final class RmsProp extends Optimiser {
        private static final float RHO = 0.99f;
        private static final float EPS = 1e-8f;
        private final float learningRate;
        private final float clip;

        /** State: the running mean of squared gradients. */
        RmsProp(NDArray parameters, double learningRate, double clip) {
            super(parameters, List.of(parameters.zerosLike()));
            this.learningRate = (float) learningRate;
            this.clip = (float) clip;
        }

        @Override
        void update(long t, NDArray g) {
            NDArray v = state.get(0);
            v.muli(RHO).addi(g.square().muli(1 - RHO));
            parameters.subi(g.div(v.sqrt().addi(EPS)).muli(learningRate));
            if (clip > 0) {
                NDArray clipped = parameters.clip(-clip, clip);
                parameters.muli(0).addi(clipped);
            }
        }
    }
}
