package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Our own optimisers over one flat parameter array ({@link Parameters}), with flat state arrays we checkpoint
 * (laid out like the parameters).
 */
abstract class Optimiser {
    final NDArray parameters;

    Optimiser(NDArray parameters) {
        this.parameters = parameters;
    }

    /**
     * Adam over {@code parameters}: {@link JavaAdam} where the array's memory can be read and written from Java
     * (float32 on PyTorch/CPU), else {@link Adam}. Both do the same float operations in the same order.
     */
    static Optimiser adam(NDArray parameters, double learningRate, double beta1, double beta2) {
        return JavaAdam.applies(parameters) ? new JavaAdam(parameters, learningRate, beta1, beta2)
                : new Adam(parameters, learningRate, beta1, beta2);
    }

    /** Applies update number {@code t} (1-based) with {@code gradient}, laid out like the parameters. */
    abstract void update(long t, NDArray gradient);

    /** How many state arrays (Adam: first and second moment; RMSProp: the mean square). */
    abstract int stateCount();

    /** A copy of state array {@code s}, laid out like the parameters. */
    abstract float[] stateValues(int s);

    /** Sets state array {@code s} from {@code values} (laid out like the parameters). */
    abstract void setState(int s, float[] values);

    /** The state held as arrays, which live across steps (none when it is held in Java). */
    abstract List<NDArray> stateArrays();

    /** An optimiser whose state is a list of arrays in the parameters' manager. */
    abstract static class ArrayState extends Optimiser {
        final List<NDArray> state;

        ArrayState(NDArray parameters, List<NDArray> state) {
            super(parameters);
            this.state = state;
        }

        @Override
        int stateCount() {
            return state.size();
        }

        @Override
        float[] stateValues(int s) {
            return state.get(s).toFloatArray();
        }

        @Override
        void setState(int s, float[] values) {
            state.get(s).set(values);
        }

        @Override
        List<NDArray> stateArrays() {
            return state;
        }
    }

    /** A one-element array of {@code like}'s type and manager holding {@code value}. */
    static NDArray constant(NDArray like, double value) {
        return like.getManager().create(new double[] {value}).toType(like.getDataType(), false);
    }

    /** Adam (Kingma and Ba) in its efficient form: lr_t = lr sqrt(1 - b2^t) / (1 - b1^t), eps 1e-8. */
    static final class Adam extends ArrayState {
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
            this.rate = parameters.getDataType() != DataType.FLOAT32 ? null
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
    static final class RmsProp extends ArrayState {
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

    /**
     * Adam as {@link Adam} (the same float32 operations in the same order, so the same bits), in one Java loop
     * over the parameters instead of about a dozen array calls: the moments live in Java arrays, and the gradient
     * and the parameters are read and written through their memory (a direct buffer over the tensor on
     * PyTorch/CPU, {@link #applies}). Each update copies the gradient and the parameters in and the parameters
     * out; the loop over plain arrays is vectorised by the JIT.
     */
    static final class JavaAdam extends Optimiser {
        private final float learningRate;
        private final float beta1;
        private final float beta2;
        private final float oneMinusBeta1;
        private final float oneMinusBeta2;
        private final float epsilon;
        private final float[] mean;
        private final float[] variance;
        private final float[] gradient;
        private final float[] values;

        JavaAdam(NDArray parameters, double learningRate, double beta1, double beta2) {
            super(parameters);
            if (!applies(parameters)) {
                throw new IllegalArgumentException("JavaAdam needs float32 parameters whose memory Java can write"
                        + " (PyTorch on the CPU), not " + parameters.getDataType() + " on "
                        + parameters.getManager().getEngine().getEngineName() + " " + parameters.getDevice());
            }
            int n = Math.toIntExact(parameters.size());
            this.learningRate = (float) learningRate;
            this.beta1 = (float) beta1;
            this.beta2 = (float) beta2;
            // as Adam's one-element arrays: each constant rounded once to float32
            this.oneMinusBeta1 = (float) (1 - (double) this.beta1);
            this.oneMinusBeta2 = (float) (1 - (double) this.beta2);
            this.epsilon = (float) 1e-8;
            this.mean = new float[n];
            this.variance = new float[n];
            this.gradient = new float[n];
            this.values = new float[n];
        }

        /**
         * Whether {@code parameters} can take this optimiser: float32 on an engine and device whose arrays' memory
         * Java reads and writes directly ({@link Engines#sharesDirectBuffers}), checked by writing one value.
         */
        static boolean applies(NDArray parameters) {
            if (parameters.getDataType() != DataType.FLOAT32 || parameters.size() == 0
                    || !Engines.sharesDirectBuffers(parameters.getManager().getEngine(), parameters.getDevice())) {
                return false;
            }
            FloatBuffer memory = memory(parameters);
            float kept = memory.get(0);
            memory.put(0, kept + 1f);
            boolean shared = parameters.getFloat(0) == kept + 1f;
            memory.put(0, kept);
            return shared && parameters.getFloat(0) == kept;
        }

        /** The array's memory (not a copy) as floats. */
        private static FloatBuffer memory(NDArray array) {
            return array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        @Override
        void update(long t, NDArray gradientArray) {
            double corrected = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            float rate = (float) corrected; // as Adam: the double rounded once to float32
            memory(gradientArray).get(0, gradient);
            FloatBuffer memory = memory(parameters);
            memory.get(0, values);
            step(rate);
            memory.put(0, values);
        }

        /** Adam's arithmetic, element by element in Adam's order (see {@link Adam#update}). */
        private void step(float rate) {
            float[] m = mean;
            float[] v = variance;
            float[] g = gradient;
            float[] p = values;
            float b1 = beta1;
            float b2 = beta2;
            float c1 = oneMinusBeta1;
            float c2 = oneMinusBeta2;
            float eps = epsilon;
            if (beta1 != 0f) {
                for (int i = 0; i < p.length; i++) {
                    float gi = g[i];
                    v[i] = v[i] * b2 + gi * gi * c2;
                    m[i] = m[i] * b1 + gi * c1;
                    p[i] = p[i] - m[i] * rate / ((float) Math.sqrt(v[i]) + eps);
                }
            } else { // the first moment is the gradient itself: its state stays zero
                for (int i = 0; i < p.length; i++) {
                    float gi = g[i];
                    v[i] = v[i] * b2 + gi * gi * c2;
                    p[i] = p[i] - gi * rate / ((float) Math.sqrt(v[i]) + eps);
                }
            }
        }

        @Override
        int stateCount() {
            return 2;
        }

        @Override
        float[] stateValues(int s) {
            return (s == 0 ? mean : variance).clone();
        }

        @Override
        void setState(int s, float[] values) {
            float[] target = s == 0 ? mean : variance;
            if (values.length != target.length) {
                throw new IllegalArgumentException("Adam state " + s + ": " + values.length + " values for "
                        + target.length + " parameters");
            }
            System.arraycopy(values, 0, target, 0, target.length);
        }

        @Override
        List<NDArray> stateArrays() {
            return List.of();
        }
    }
}
