package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;

/** Our own optimisers over bare parameter arrays, with state we checkpoint. */
abstract class Optimiser {
    final List<NDArray> parameters;
    final List<NDArray> state = new ArrayList<>();

    Optimiser(List<NDArray> parameters) {
        this.parameters = parameters;
    }

    /** Applies update number {@code t} (1-based) from the parameters' gradients, and clears the gradients. */
    abstract void update(long t);

    /** Adam (Kingma and Ba) in its efficient form: lr_t = lr sqrt(1 - b2^t) / (1 - b1^t), eps 1e-8. */
    static final class Adam extends Optimiser {
        private final float learningRate;
        private final float beta1;
        private final float beta2;

        Adam(List<NDArray> parameters, double learningRate, double beta1, double beta2) {
            super(parameters);
            this.learningRate = (float) learningRate;
            this.beta1 = (float) beta1;
            this.beta2 = (float) beta2;
            for (NDArray p : parameters) {
                state.add(p.zerosLike()); // first moment
                state.add(p.zerosLike()); // second moment
            }
        }

        @Override
        void update(long t) {
            double corrected = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            for (int i = 0; i < parameters.size(); i++) {
                NDArray p = parameters.get(i);
                try (NDArray g = p.getGradient()) {
                    p.getNDArrayInternal().adamUpdate(new NDList(p, g, state.get(2 * i), state.get(2 * i + 1)),
                            new NDList(p), learningRate, (float) corrected, 0f, 1f, -1f, beta1, beta2, 1e-8f,
                            false, false); // zeroes PyTorch's accumulated gradient; MXNet overwrites on backward
                }
            }
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

        RmsProp(List<NDArray> parameters, double learningRate, double clip) {
            super(parameters);
            this.learningRate = (float) learningRate;
            this.clip = (float) clip;
            for (NDArray p : parameters) {
                state.add(p.zerosLike());
            }
        }

        @Override
        void update(long t) {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray p = parameters.get(i);
                NDArray v = state.get(i);
                try (NDArray g = p.getGradient()) {
                    v.muli(RHO).addi(g.square().muli(1 - RHO));
                    p.subi(g.div(v.sqrt().addi(EPS)).muli(learningRate));
                    g.subi(g);
                }
                if (clip > 0) {
                    NDArray clipped = p.clip(-clip, clip);
                    p.muli(0).addi(clipped);
                }
            }
        }
    }
}
