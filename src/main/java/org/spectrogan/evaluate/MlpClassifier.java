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
 * inner loops C2 vectorises ({@link Pass}), forming every sum in the order of the plain per-row loops, so the
 * weights and predictions are bit for bit those of the naive implementation the tests keep as a reference
 * ({@code NaiveMlpClassifier}); the weight decay's loss term is not formed while training (nothing reads it).
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
        List<String> classes = Classifiers.trainableClasses(train, "mlp");
        ZScore z = ZScore.fit(train.matrix(), ZScore.ConstantColumns.CENTRE);
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            index.put(classes.get(k), k);
        }
        int n = train.size();
        int d = train.featureCount();
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = z.apply(train.rows().get(i).values());
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
            double[][] input = pass.act[0];
            double[][] p = pass.act[pass.depth];
            for (int s = 0; s < rows.length; s += pass.capacity) {
                int m = Math.min(pass.capacity, rows.length - s);
                for (int r = 0; r < m; r++) {
                    input[r] = z.apply(rows[s + r]);
                }
                pass.forward(m);
                for (int r = 0; r < m; r++) {
                    out[s + r] = p[r].clone();
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
            int[] rows = new int[x.length];
            for (int r = 0; r < x.length; r++) {
                rows[r] = r;
            }
            Pass pass = new Pass(this, Math.max(1, x.length));
            double loss = grad == null ? pass.loss(x, y, rows) : pass.gradient(x, y, rows, 0, x.length, 0.0, grad);
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
     * preallocated buffers: per layer and row the activations and the deltas, the weights in two copies
     * ({@code w[l][o][i]} and transposed, {@code wt[l][i][o]}; call {@link #refresh} after the parameters change)
     * and the weight gradient ({@code gw[l][o][i]}).
     *
     * <p>Every sum is formed in the order of the plain per-row computation (Java's floating point is strict, so
     * the results are bit for bit those of the naive loops, which the tests keep as a reference): a unit's input
     * starts at its bias and adds weight x input over the inputs in order; a weight's gradient adds the rows'
     * terms in row order; a hidden delta adds the units above in order. Only the loop nesting differs: every inner
     * loop is {@code a[j] += s * b[j]} over two arrays indexed alike from 0, the form C2 turns into vector
     * instructions (with offsets into flat arrays it does not, on Java 17).
     */
    static final class Pass {
        final Network net;
        final int capacity;
        final int depth;
        /** act[0][r]: the input rows (references); act[l][r]: layer l's outputs (ReLU; the last: probabilities). */
        final double[][][] act;
        /** delta[l][r] (l >= 1): the loss's derivative with respect to layer l's pre-activation. */
        final double[][][] delta;
        final double[][][] w;
        final double[][][] wt;
        /** gw[l][o][i], or transposed gw[l][i][o] for a layer with more outputs than inputs ({@link #transposed}). */
        final double[][][] gw;
        final double[][] gb;
        final boolean[] transposed;
        /** One row's output deltas times 1 / rows (the transposed gradient's multipliers). */
        private final double[] scaled;

        Pass(Network net, int capacity) {
            this.net = net;
            this.capacity = capacity;
            this.depth = net.layers.length - 1;
            int[] n = net.layers;
            act = new double[depth + 1][][];
            delta = new double[depth + 1][][];
            act[0] = new double[capacity][];
            for (int l = 1; l <= depth; l++) {
                act[l] = new double[capacity][n[l]];
                delta[l] = new double[capacity][n[l]];
            }
            w = new double[depth][][];
            wt = new double[depth][][];
            gw = new double[depth][][];
            gb = new double[depth][];
            transposed = new boolean[depth];
            int widest = 0;
            for (int l = 0; l < depth; l++) {
                w[l] = new double[n[l + 1]][n[l]];
                wt[l] = new double[n[l]][n[l + 1]];
                transposed[l] = n[l + 1] > n[l];
                gw[l] = transposed[l] ? new double[n[l]][n[l + 1]] : new double[n[l + 1]][n[l]];
                gb[l] = new double[n[l + 1]];
                widest = Math.max(widest, n[l + 1]);
            }
            scaled = new double[widest];
            refresh();
        }

        /** Copies the network's weights into {@code w} and {@code wt}. */
        void refresh() {
            double[] p = net.params;
            for (int l = 0; l < depth; l++) {
                int in = net.layers[l];
                int out = net.layers[l + 1];
                int w0 = net.wOffset[l];
                double[][] t = wt[l];
                for (int o = 0; o < out; o++) {
                    int row = w0 + o * in;
                    System.arraycopy(p, row, w[l][o], 0, in);
                    for (int i = 0; i < in; i++) {
                        t[i][o] = p[row + i];
                    }
                }
            }
        }

        /** Forward pass of the rows {@code act[0][0..m)}. */
        void forward(int m) {
            double[] p = net.params;
            for (int l = 0; l < depth; l++) {
                int in = net.layers[l];
                int out = net.layers[l + 1];
                int b0 = net.bOffset[l];
                double[][] a = act[l];
                double[][] zz = act[l + 1];
                double[][] t = wt[l];
                boolean last = l == depth - 1;
                int r0 = 0;
                if (out < NARROW) {
                    r0 = narrowLayer(l, m);
                }
                for (int r = 0; r < m; r++) {
                    double[] z = zz[r];
                    if (r >= r0) {
                        double[] x = a[r];
                        System.arraycopy(p, b0, z, 0, out);
                        for (int i = 0; i < in; i++) {
                            double xi = x[i];
                            double[] ti = t[i];
                            for (int o = 0; o < out; o++) {
                                z[o] += ti[o] * xi;
                            }
                        }
                    }
                    if (last) {
                        Classifiers.softmax(z);
                    } else {
                        for (int o = 0; o < out; o++) {
                            z[o] = Math.max(0.0, z[o]);
                        }
                    }
                }
            }
        }

        /** Layers with fewer outputs than this take their inputs as dot products, four rows at a time. */
        static final int NARROW = 8;

        /**
         * Pre-activations of layer {@code l} for the rows {@code [0, m - m % 4)}, four rows at a time: per row and
         * output the bias plus weight x input over the inputs in order (the inner loop over a layer's few outputs
         * would not vectorise; four independent sums keep the multipliers busy). Returns the first row not done.
         */
        private int narrowLayer(int l, int m) {
            int in = net.layers[l];
            int out = net.layers[l + 1];
            double[] p = net.params;
            int b0 = net.bOffset[l];
            double[][] a = act[l];
            double[][] zz = act[l + 1];
            double[][] wl = w[l];
            int r = 0;
            for (; r + 4 <= m; r += 4) {
                double[] x0 = a[r];
                double[] x1 = a[r + 1];
                double[] x2 = a[r + 2];
                double[] x3 = a[r + 3];
                for (int o = 0; o < out; o++) {
                    double[] wo = wl[o];
                    double s0 = p[b0 + o];
                    double s1 = s0;
                    double s2 = s0;
                    double s3 = s0;
                    for (int i = 0; i < in; i++) {
                        double wi = wo[i];
                        s0 += wi * x0[i];
                        s1 += wi * x1[i];
                        s2 += wi * x2[i];
                        s3 += wi * x3[i];
                    }
                    zz[r][o] = s0;
                    zz[r + 1][o] = s1;
                    zz[r + 2][o] = s2;
                    zz[r + 3][o] = s3;
                }
            }
            return r;
        }

        /** Mean cross-entropy (no decay term) over the rows {@code x[rows[j]]}. */
        double loss(double[][] x, int[] y, int[] rows) {
            double[][] p = act[depth];
            double loss = 0;
            for (int s = 0; s < rows.length; s += capacity) {
                int m = Math.min(capacity, rows.length - s);
                for (int r = 0; r < m; r++) {
                    act[0][r] = x[rows[s + r]];
                }
                forward(m);
                for (int r = 0; r < m; r++) {
                    loss -= Math.log(Math.max(p[r][y[rows[s + r]]], 1e-300));
                }
            }
            return loss * (1.0 / rows.length);
        }

        /**
         * Writes into {@code grad} the gradient of the mean cross-entropy over the {@code m <= capacity} rows
         * {@code x[rows[from..from+m)]} plus {@code decay/2 * sum(w^2)} (when decay > 0), and returns the mean
         * cross-entropy (without the decay term).
         */
        double gradient(double[][] x, int[] y, int[] rows, int from, int m, double decay, double[] grad) {
            double[] p = net.params;
            int k = net.layers[depth];
            for (int l = 0; l < depth; l++) {
                for (double[] g : gw[l]) {
                    Arrays.fill(g, 0.0);
                }
                Arrays.fill(gb[l], 0.0);
            }
            for (int r = 0; r < m; r++) {
                act[0][r] = x[rows[from + r]];
            }
            forward(m);
            double inv = 1.0 / m;
            double loss = 0;
            for (int r = 0; r < m; r++) { // dL/dz of the output: p - onehot
                int label = y[rows[from + r]];
                double[] pr = act[depth][r];
                loss -= Math.log(Math.max(pr[label], 1e-300));
                System.arraycopy(pr, 0, delta[depth][r], 0, k);
                delta[depth][r][label] -= 1.0;
            }
            loss *= inv;
            for (int l = depth - 1; l >= 0; l--) {
                int in = net.layers[l];
                int out = net.layers[l + 1];
                double[][] prev = act[l];
                double[][] del = delta[l + 1];
                double[][] g = gw[l];
                double[] gbl = gb[l];
                for (int r = 0; r < m; r++) {
                    double[] dr = del[r];
                    double[] pr = prev[r];
                    if (transposed[l] && (l > 0 || finite(pr, in))) {
                        // g[i][o] += (dr[o] / rows) * pr[i]. The per-row loops skip layer 0's terms whose delta
                        // is zero: on a finite input those add +-0 to a sum that started at +0 (and so is never
                        // -0), which leaves it unchanged, so here nothing is skipped and no branch is taken
                        for (int o = 0; o < out; o++) {
                            double dd = dr[o] * inv;
                            scaled[o] = dd;
                            gbl[o] += dd;
                        }
                        for (int i = 0; i < in; i++) {
                            double xi = pr[i];
                            double[] gi = g[i];
                            for (int o = 0; o < out; o++) {
                                gi[o] += scaled[o] * xi;
                            }
                        }
                        continue;
                    }
                    for (int o = 0; o < out; o++) {
                        double dd = dr[o] * inv;
                        if (dd == 0.0 && l == 0) {
                            continue;
                        }
                        gbl[o] += dd;
                        if (transposed[l]) {
                            for (int i = 0; i < in; i++) {
                                g[i][o] += dd * pr[i];
                            }
                        } else {
                            double[] go = g[o];
                            for (int i = 0; i < in; i++) {
                                go[i] += dd * pr[i];
                            }
                        }
                    }
                }
                if (l > 0) {
                    double[][] wl = w[l];
                    for (int r = 0; r < m; r++) {
                        double[] below = delta[l][r];
                        double[] dr = del[r];
                        double[] pr = prev[r];
                        Arrays.fill(below, 0.0);
                        for (int o = 0; o < out; o++) {
                            double dv = dr[o];
                            double[] wo = wl[o];
                            for (int i = 0; i < in; i++) {
                                below[i] += dv * wo[i];
                            }
                        }
                        // ReLU': zero where the unit's output is <= 0. A ReLU output is +0.0 (bits 0) there and
                        // positive or NaN elsewhere, so a mask of its bits does it without a branch
                        for (int i = 0; i < in; i++) {
                            long bits = Double.doubleToRawLongBits(pr[i]);
                            long keep = (bits | -bits) >> 63;
                            below[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(below[i]) & keep);
                        }
                    }
                }
            }
            for (int l = 0; l < depth; l++) {
                int in = net.layers[l];
                int w0 = net.wOffset[l];
                for (int o = 0; o < net.layers[l + 1]; o++) {
                    if (transposed[l]) {
                        for (int i = 0; i < in; i++) {
                            grad[w0 + o * in + i] = gw[l][i][o];
                        }
                    } else {
                        System.arraycopy(gw[l][o], 0, grad, w0 + o * in, in);
                    }
                }
                System.arraycopy(gb[l], 0, grad, net.bOffset[l], net.layers[l + 1]);
                if (decay > 0) {
                    for (int i = w0; i < w0 + net.layers[l + 1] * in; i++) {
                        grad[i] += decay * p[i];
                    }
                }
            }
            return loss;
        }
    }

    private static boolean finite(double[] row, int n) {
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(row[i])) {
                return false;
            }
        }
        return true;
    }

    /** Adam (Kingma and Ba) with the usual (0.9, 0.999, 1e-8). */
    static final class Adam {
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
