package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.spectrogan.common.ZScore;
import org.spectrogan.features.FeatureTable;

/**
 * A small multilayer perceptron in plain Java (no DJL, so it needs no fence): z-scored inputs, one or two
 * hidden layers of ReLU units, a softmax output, mean cross-entropy plus L2 weight decay, Adam, mini-batches.
 * Early stopping: a stratified share of the training rows (default 20%, at least one per class when the class
 * has two or more) is held out; training stops when the validation loss has not improved for {@code patience}
 * epochs and the weights of the best epoch are kept. Single-threaded and seeded: the same rows and seed give the
 * same model. Every weight's gradient is written out ({@link Pass#gradient}) and checked against
 * central finite differences in the tests. The passes run a mini-batch at a time in preallocated buffers with
 * contiguous inner loops, forming every sum in the order of the plain per-row loops, so the weights are bit for
 * bit those of the naive implementation the tests keep as a reference ({@code NaiveMlpClassifier}).
 */
final class MlpClassifier implements Classifier {
    private final int[] hidden;
    private final double learningRate;
    private final double weightDecay;
    private final int batch;
    private final int maxEpochs;
    private final int patience;
    private final double validationFraction;

    MlpClassifier(int[] hidden, double learningRate, double weightDecay, int batch, int maxEpochs, int patience,
                  double validationFraction) {
        if (hidden.length < 1 || hidden.length > 2) {
            throw new IllegalArgumentException("the MLP has one or two hidden layers, got " + hidden.length);
        }
        this.hidden = hidden.clone();
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.batch = batch;
        this.maxEpochs = maxEpochs;
        this.patience = patience;
        this.validationFraction = validationFraction;
    }

    /** The shipped settings: hidden [64], Adam 1e-3, decay 1e-4, batch 32, up to 200 epochs, patience 15, 20% validation. */
    static MlpClassifier standard() {
        return new MlpClassifier(new int[] {64}, 1e-3, 1e-4, 32, 200, 15, 0.2);
    }

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public String description() {
        return "MLP (hidden " + Arrays.toString(hidden) + " ReLU, softmax, Adam " + learningRate + ", L2 " + weightDecay
                + ", early stopping on " + Math.round(validationFraction * 100) + "% of the train rows, patience " + patience + " epochs)";
    }

    @Override
    public Fitted fit(FeatureTable train, long seed) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("cannot train mlp on zero rows");
        }
        List<String> classes = train.labels();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("cannot train mlp on one class only (" + classes + ")");
        }
        ZScore z = ZScore.fit(train.matrix(), ZScore.ConstantColumns.CENTRE);
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            index.put(classes.get(k), k);
        }
        int n = train.size();
        int d = train.featureCount();
        double[] x = new double[n * d]; // z-scored rows, row-major
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(z.apply(train.rows().get(i).values()), 0, x, i * d, d);
            y[i] = index.get(train.rows().get(i).label());
        }
        SplittableRandom rng = new SplittableRandom(seed);
        // stratified validation split
        List<Integer> fitIdx = new ArrayList<>();
        List<Integer> valIdx = new ArrayList<>();
        for (int k = 0; k < classes.size(); k++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (y[i] == k) {
                    members.add(i);
                }
            }
            shuffle(members, rng);
            int v = members.size() >= 2 ? Math.max(1, (int) Math.round(members.size() * validationFraction)) : 0;
            v = Math.min(v, members.size() - 1);
            valIdx.addAll(members.subList(0, v));
            fitIdx.addAll(members.subList(v, members.size()));
        }
        int[] layers = new int[hidden.length + 2];
        layers[0] = d;
        System.arraycopy(hidden, 0, layers, 1, hidden.length);
        layers[layers.length - 1] = classes.size();
        Network net = Network.init(layers, rng);
        int[] val = valIdx.stream().mapToInt(Integer::intValue).toArray();
        Adam adam = new Adam(net.params.length, learningRate);
        double best = Double.POSITIVE_INFINITY;
        double[] bestParams = net.params.clone();
        int sinceBest = 0;
        int[] order = fitIdx.stream().mapToInt(Integer::intValue).toArray();
        double[] grad = new double[net.params.length];
        Pass pass = new Pass(net, Math.max(batch, VALIDATION_CHUNK));
        for (int epoch = 0; epoch < maxEpochs; epoch++) {
            shuffle(order, rng);
            for (int s = 0; s < order.length; s += batch) {
                int m = Math.min(batch, order.length - s);
                pass.gradient(x, y, order, s, m, weightDecay, grad);
                adam.step(net.params, grad);
                pass.refresh();
            }
            if (val.length == 0) {
                bestParams = net.params.clone();
                continue;
            }
            double vl = pass.loss(x, y, val);
            if (vl < best - 1e-6) {
                best = vl;
                bestParams = net.params.clone();
                sinceBest = 0;
            } else if (++sinceBest >= patience) {
                break;
            }
        }
        Network trained = new Network(layers, bestParams);
        return new MlpFitted(classes, z, trained);
    }

    @Override
    public String toString() {
        return name();
    }

    private static void shuffle(List<Integer> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The trained model; {@code net} is visible to the tests (weights compared with the naive reference's). */
    record MlpFitted(List<String> classes, ZScore z, Network net) implements Fitted {
        @Override
        public String[] predict(double[][] rows) {
            double[][] p = predictProba(rows);
            String[] out = new String[p.length];
            for (int i = 0; i < p.length; i++) {
                int best = 0;
                for (int k = 1; k < p[i].length; k++) {
                    if (p[i][k] > p[i][best]) {
                        best = k;
                    }
                }
                out[i] = classes.get(best);
            }
            return out;
        }

        @Override
        public double[][] predictProba(double[][] rows) {
            int d = z.dimension();
            for (double[] row : rows) {
                if (row.length != d) {
                    throw new IllegalArgumentException("row has " + row.length + " features, model has " + d);
                }
            }
            double[][] out = new double[rows.length][];
            Pass pass = new Pass(net, Math.max(1, Math.min(rows.length, VALIDATION_CHUNK)));
            double[] input = pass.act[0];
            int classCount = classes.size();
            double[] p = pass.act[pass.depth];
            for (int s = 0; s < rows.length; s += pass.capacity) {
                int m = Math.min(pass.capacity, rows.length - s);
                for (int r = 0; r < m; r++) {
                    System.arraycopy(z.apply(rows[s + r]), 0, input, r * d, d);
                }
                pass.forward(m);
                for (int r = 0; r < m; r++) {
                    out[s + r] = Arrays.copyOfRange(p, r * classCount, (r + 1) * classCount);
                }
            }
            return out;
        }
    }

    /** Rows per chunk of the validation pass and of predictions (any size gives the same figures). */
    static final int VALIDATION_CHUNK = 256;

    /**
     * The network: layer sizes {@code d0 -> h1 [-> h2] -> K}, all parameters in one flat array (per layer the
     * weights, row-major {@code out x in}, then the biases). ReLU between layers, softmax at the end. The
     * arithmetic lives in {@link Pass}.
     */
    static final class Network {
        final int[] layers;
        final double[] params;
        final int[] wOffset;
        final int[] bOffset;

        Network(int[] layers, double[] params) {
            this.layers = layers.clone();
            this.wOffset = new int[layers.length - 1];
            this.bOffset = new int[layers.length - 1];
            int off = 0;
            for (int l = 0; l < layers.length - 1; l++) {
                wOffset[l] = off;
                off += layers[l + 1] * layers[l];
                bOffset[l] = off;
                off += layers[l + 1];
            }
            if (params.length != off) {
                throw new IllegalArgumentException("expected " + off + " parameters, got " + params.length);
            }
            this.params = params;
        }

        static int parameterCount(int[] layers) {
            int off = 0;
            for (int l = 0; l < layers.length - 1; l++) {
                off += layers[l + 1] * (layers[l] + 1);
            }
            return off;
        }

        /** He-initialised weights (normal, sd sqrt(2 / fan-in)), zero biases. */
        static Network init(int[] layers, SplittableRandom rng) {
            double[] p = new double[parameterCount(layers)];
            Network net = new Network(layers, p);
            java.util.Random gauss = new java.util.Random(rng.nextLong());
            for (int l = 0; l < layers.length - 1; l++) {
                double sd = Math.sqrt(2.0 / layers[l]);
                for (int i = 0; i < layers[l + 1] * layers[l]; i++) {
                    p[net.wOffset[l] + i] = sd * gauss.nextGaussian();
                }
            }
            return net;
        }

        /**
         * Mean cross-entropy over the rows plus {@code decay/2 * sum(w^2)} over the weights (not the biases);
         * writes the gradient of that into {@code grad} (when not null).
         */
        double lossAndGradient(double[][] x, int[] y, double decay, double[] grad) {
            int d = layers[0];
            double[] flat = new double[x.length * d];
            int[] rows = new int[x.length];
            for (int r = 0; r < x.length; r++) {
                System.arraycopy(x[r], 0, flat, r * d, d);
                rows[r] = r;
            }
            Pass pass = new Pass(this, Math.max(1, x.length));
            double loss = grad == null ? pass.loss(flat, y, rows) : pass.gradient(flat, y, rows, 0, x.length, 0.0, grad);
            if (decay > 0) {
                for (int l = 0; l < layers.length - 1; l++) {
                    for (int i = 0; i < layers[l + 1] * layers[l]; i++) {
                        double w = params[wOffset[l] + i];
                        loss += 0.5 * decay * w * w;
                        if (grad != null) {
                            grad[wOffset[l] + i] += decay * w;
                        }
                    }
                }
            }
            return loss;
        }
    }

    /**
     * Forward and backward passes of up to {@code capacity} rows at a time for one {@link Network}, in
     * preallocated buffers (per layer the activations, row-major {@code rows x units}, the deltas, and a
     * transposed copy of the weights, {@code in x out}, for the forward pass: call {@link #refresh} after the
     * weights change).
     *
     * <p>Every sum is formed in the order of the plain per-row computation (Java's floating point is strict, so
     * the results are bit for bit those of the naive loops, which the tests keep as a reference): a unit's input
     * starts at its bias and adds weight x input over the inputs in order; a weight's gradient adds the rows'
     * terms in row order; a hidden delta adds the units above in order. Only the loop nesting differs, so the
     * inner loops run over contiguous memory.
     */
    static final class Pass {
        final Network net;
        final int capacity;
        final int depth;
        /** act[0]: the input rows; act[l]: layer l's outputs (ReLU; the last layer's: softmax probabilities). */
        final double[][] act;
        /** delta[l] (l >= 1): the loss's derivative with respect to layer l's pre-activation, per row. */
        final double[][] delta;
        /** wt[l]: layer l's weights transposed, {@code wt[l][i * out + o] = W[o][i]}. */
        final double[][] wt;

        Pass(Network net, int capacity) {
            this.net = net;
            this.capacity = capacity;
            this.depth = net.layers.length - 1;
            act = new double[depth + 1][];
            delta = new double[depth + 1][];
            wt = new double[depth][];
            for (int l = 0; l <= depth; l++) {
                act[l] = new double[capacity * net.layers[l]];
                delta[l] = l > 0 ? new double[capacity * net.layers[l]] : null;
            }
            for (int l = 0; l < depth; l++) {
                wt[l] = new double[net.layers[l] * net.layers[l + 1]];
            }
            refresh();
        }

        /** Copies the network's weights into the transposed layout the forward pass reads. */
        void refresh() {
            double[] p = net.params;
            for (int l = 0; l < depth; l++) {
                int in = net.layers[l];
                int out = net.layers[l + 1];
                int w0 = net.wOffset[l];
                double[] t = wt[l];
                for (int o = 0; o < out; o++) {
                    int w = w0 + o * in;
                    for (int i = 0; i < in; i++) {
                        t[i * out + o] = p[w + i];
                    }
                }
            }
        }

        /** Forward pass of the first {@code m} rows of {@code act[0]}. */
        void forward(int m) {
            double[] p = net.params;
            for (int l = 0; l < depth; l++) {
                int in = net.layers[l];
                int out = net.layers[l + 1];
                int b0 = net.bOffset[l];
                double[] a = act[l];
                double[] z = act[l + 1];
                double[] t = wt[l];
                boolean last = l == depth - 1;
                for (int r = 0; r < m; r++) {
                    int zo = r * out;
                    int ao = r * in;
                    System.arraycopy(p, b0, z, zo, out);
                    for (int i = 0; i < in; i++) {
                        double ai = a[ao + i];
                        int w = i * out;
                        for (int o = 0; o < out; o++) {
                            z[zo + o] += t[w + o] * ai;
                        }
                    }
                    if (last) {
                        Classifiers.softmax(z, zo, out);
                    } else {
                        for (int o = zo; o < zo + out; o++) {
                            z[o] = Math.max(0.0, z[o]);
                        }
                    }
                }
            }
        }

        private void gather(double[] x, int[] rows, int from, int m) {
            int d = net.layers[0];
            double[] a = act[0];
            for (int r = 0; r < m; r++) {
                System.arraycopy(x, rows[from + r] * d, a, r * d, d);
            }
        }

        /** Mean cross-entropy (no decay term) over the rows {@code rows} of the row-major {@code x}. */
        double loss(double[] x, int[] y, int[] rows) {
            int k = net.layers[depth];
            double[] p = act[depth];
            double loss = 0;
            for (int s = 0; s < rows.length; s += capacity) {
                int m = Math.min(capacity, rows.length - s);
                gather(x, rows, s, m);
                forward(m);
                for (int r = 0; r < m; r++) {
                    loss -= Math.log(Math.max(p[r * k + y[rows[s + r]]], 1e-300));
                }
            }
            return loss * (1.0 / rows.length);
        }

        /**
         * Writes into {@code grad} the gradient of the mean cross-entropy over the {@code m} rows
         * {@code rows[from..from+m)} of {@code x} plus {@code decay/2 * sum(w^2)} (when decay > 0), and returns the
         * mean cross-entropy (without the decay term).
         */
        double gradient(double[] x, int[] y, int[] rows, int from, int m, double decay, double[] grad) {
            double[] p = net.params;
            int k = net.layers[depth];
            Arrays.fill(grad, 0.0);
            gather(x, rows, from, m);
            forward(m);
            double inv = 1.0 / m;
            double loss = 0;
            double[] top = delta[depth];
            double[] prob = act[depth];
            System.arraycopy(prob, 0, top, 0, m * k); // dL/dz of the output: p - onehot
            for (int r = 0; r < m; r++) {
                int label = y[rows[from + r]];
                loss -= Math.log(Math.max(prob[r * k + label], 1e-300));
                top[r * k + label] -= 1.0;
            }
            loss *= inv;
            for (int l = depth - 1; l >= 0; l--) {
                int in = net.layers[l];
                int out = net.layers[l + 1];
                int w0 = net.wOffset[l];
                int b0 = net.bOffset[l];
                double[] prev = act[l];
                double[] del = delta[l + 1];
                for (int r = 0; r < m; r++) {
                    int ro = r * out;
                    int po = r * in;
                    for (int o = 0; o < out; o++) {
                        double dd = del[ro + o] * inv;
                        if (dd == 0.0 && l == 0) {
                            continue;
                        }
                        grad[b0 + o] += dd;
                        int w = w0 + o * in;
                        for (int i = 0; i < in; i++) {
                            grad[w + i] += dd * prev[po + i];
                        }
                    }
                }
                if (l > 0) {
                    double[] below = delta[l];
                    Arrays.fill(below, 0, m * in, 0.0);
                    for (int r = 0; r < m; r++) {
                        int ro = r * out;
                        int po = r * in;
                        for (int o = 0; o < out; o++) {
                            double dv = del[ro + o];
                            int w = w0 + o * in;
                            for (int i = 0; i < in; i++) {
                                below[po + i] += dv * p[w + i];
                            }
                        }
                        for (int i = po; i < po + in; i++) {
                            if (prev[i] <= 0.0) {
                                below[i] = 0.0; // ReLU'
                            }
                        }
                    }
                }
            }
            if (decay > 0) {
                for (int l = 0; l < depth; l++) {
                    int w0 = net.wOffset[l];
                    int end = w0 + net.layers[l + 1] * net.layers[l];
                    for (int i = w0; i < end; i++) {
                        grad[i] += decay * p[i];
                    }
                }
            }
            return loss;
        }
    }

    /** Adam (Kingma and Ba) with the usual (0.9, 0.999, 1e-8). */
    private static final class Adam {
        private final double[] m;
        private final double[] v;
        private final double lr;
        private int t;

        Adam(int n, double lr) {
            this.m = new double[n];
            this.v = new double[n];
            this.lr = lr;
        }

        void step(double[] p, double[] g) {
            t++;
            double c1 = 1 - Math.pow(0.9, t);
            double c2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < p.length; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                p[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
            }
        }
    }
}
