package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
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

    /** A one-element array of {@code like}'s type and manager holding {@code value}. */
    static NDArray constant(NDArray like, double value) {
        return like.getManager().create(new double[] {value}).toType(like.getDataType(), false);
    }

    /** Applies update number {@code t} (1-based) with {@code gradient}, laid out like the parameters. */
    abstract void update(long t, NDArray gradient);

    /** Adam (Kingma and Ba) in its efficient form: lr_t = lr sqrt(1 - b2^t) / (1 - b1^t), eps 1e-8. */
    static final class Adam extends Optimiser {
        private final float learningRate;
        private final float beta1;
        private final float beta2;
        private final NDArray beta1Array;
        private final NDArray oneMinusBeta1;
        private final NDArray beta2Array;
        private final NDArray oneMinusBeta2;
        private final NDArray epsilon;
        /**
         * The bias-corrected rate of the current update, one element written from Java: on PyTorch/CPU the array
         * shares the buffer's memory, so no array is created (and no call made) per update for it. Null for float64
         * parameters (the reference tests), which take a new constant per update.
         */
        private final InputSlot rate;

        /** State: first moment, second moment. */
        Adam(NDArray parameters, double learningRate, double beta1, double beta2) {
            super(parameters, List.of(parameters.zerosLike(), parameters.zerosLike()));
            this.learningRate = (float) learningRate;
            this.beta1 = (float) beta1;
            this.beta2 = (float) beta2;
            // numbers as arrays once: an operation with a Java number creates an array for it on every call
            this.beta1Array = constant(parameters, beta1);
            this.oneMinusBeta1 = constant(parameters, 1 - (double) this.beta1);
            this.beta2Array = constant(parameters, beta2);
            this.oneMinusBeta2 = constant(parameters, 1 - (double) this.beta2);
            this.epsilon = constant(parameters, 1e-8);
            this.rate = parameters.getDataType() != ai.djl.ndarray.types.DataType.FLOAT32 ? null
                    : new InputSlot(parameters.getManager(), new ai.djl.ndarray.types.Shape(1),
                            Engines.sharesDirectBuffers(parameters.getManager().getEngine(), parameters.getDevice()));
        }

        /**
         * One update, in place and with two temporaries: {@code gradient} (which the caller gives up) becomes the
         * step. DJL's fused adamUpdate clones the gradient and allocates four more temporaries per call, which cost
         * more than the arithmetic here.
         */
        @Override
        void update(long t, NDArray gradient) {
            double corrected = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            NDArray mean = state.get(0);
            NDArray variance = state.get(1);
            variance.muli(beta2Array).addi(gradient.mul(gradient).muli(oneMinusBeta2));
            NDArray step = gradient;
            if (beta1 != 0f) {
                mean.muli(beta1Array).addi(gradient.muli(oneMinusBeta1));
                step = mean.duplicate();
            } // with beta1 = 0 the first moment is the gradient itself: its state array stays zero
            if (rate == null) {
                try (NDArray r = constant(parameters, corrected)) {
                    parameters.subi(step.muli(r).divi(variance.sqrt().addi(epsilon)));
                }
                return;
            }
            rate.floats.put(0, (float) corrected); // as constant(): the double rounded once to float32
            rate.publish();
            parameters.subi(step.muli(rate.array).divi(variance.sqrt().addi(epsilon)));
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
