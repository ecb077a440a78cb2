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
 * Test-only reference: {@link MlpClassifier} as it was before it was made fast (session 8, h16g), kept verbatim
 * apart from names so the fast network is tested against this naive one bit for bit
 * ({@link MlpFastAgainstNaiveTest}). Do not optimise this class.
 *
 * <p>A small multilayer perceptron in plain Java (no DJL, so it needs no fence): z-scored inputs, one or two
 * hidden layers of ReLU units, a softmax output, mean cross-entropy plus L2 weight decay, Adam, mini-batches.
 * Early stopping: a stratified share of the training rows (default 20%, at least one per class when the class
 * has two or more) is held out; training stops when the validation loss has not improved for {@code patience}
 * epochs and the weights of the best epoch are kept. Single-threaded and seeded: the same rows and seed give the
 * same model. Every weight's gradient is written out ({@link Network#lossAndGradient}) and checked against
 * central finite differences in the tests.
 */
final class NaiveMlpClassifier implements Classifier {
    private final int[] hidden;
    private final double learningRate;
    private final double weightDecay;
    private final int batch;
    private final int maxEpochs;
    private final int patience;
    private final double validationFraction;

    NaiveMlpClassifier(int[] hidden, double learningRate, double weightDecay, int batch, int maxEpochs, int patience,
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
    static NaiveMlpClassifier standard() {
        return new NaiveMlpClassifier(new int[] {64}, 1e-3, 1e-4, 32, 200, 15, 0.2);
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
        layers[0] = train.featureCount();
        System.arraycopy(hidden, 0, layers, 1, hidden.length);
        layers[layers.length - 1] = classes.size();
        Network net = Network.init(layers, rng);
        double[][] vx = new double[valIdx.size()][];
        int[] vy = new int[valIdx.size()];
        for (int i = 0; i < vx.length; i++) {
            vx[i] = x[valIdx.get(i)];
            vy[i] = y[valIdx.get(i)];
        }
        Adam adam = new Adam(net.params.length, learningRate);
        double best = Double.POSITIVE_INFINITY;
        double[] bestParams = net.params.clone();
        int sinceBest = 0;
        int[] order = fitIdx.stream().mapToInt(Integer::intValue).toArray();
        double[] grad = new double[net.params.length];
        for (int epoch = 0; epoch < maxEpochs; epoch++) {
            shuffle(order, rng);
            for (int s = 0; s < order.length; s += batch) {
                int m = Math.min(batch, order.length - s);
                double[][] bx = new double[m][];
                int[] by = new int[m];
                for (int i = 0; i < m; i++) {
                    bx[i] = x[order[s + i]];
                    by[i] = y[order[s + i]];
                }
                net.lossAndGradient(bx, by, weightDecay, grad);
                adam.step(net.params, grad);
            }
            if (vx.length == 0) {
                bestParams = net.params.clone();
                continue;
            }
            double vl = net.lossAndGradient(vx, vy, 0.0, null);
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
            double[][] out = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                if (rows[i].length != z.dimension()) {
                    throw new IllegalArgumentException("row has " + rows[i].length + " features, model has " + z.dimension());
                }
                out[i] = net.probabilities(z.apply(rows[i]));
            }
            return out;
        }
    }

    /**
     * The network: layer sizes {@code d0 -> h1 [-> h2] -> K}, all parameters in one flat array (per layer the
     * weights, row-major {@code out x in}, then the biases). ReLU between layers, softmax at the end.
     */
    static final class Network {
        final int[] layers;
        final double[] params;
        private final int[] wOffset;
        private final int[] bOffset;

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

        /** Activations of every layer for one input (index 0 = the input; the last = softmax probabilities). */
        private double[][] forward(double[] x) {
            int depth = layers.length - 1;
            double[][] a = new double[depth + 1][];
            a[0] = x;
            for (int l = 0; l < depth; l++) {
                int in = layers[l];
                int out = layers[l + 1];
                double[] z = new double[out];
                for (int o = 0; o < out; o++) {
                    double s = params[bOffset[l] + o];
                    int w = wOffset[l] + o * in;
                    double[] prev = a[l];
                    for (int i = 0; i < in; i++) {
                        s += params[w + i] * prev[i];
                    }
                    z[o] = s;
                }
                if (l < depth - 1) {
                    for (int o = 0; o < out; o++) {
                        z[o] = Math.max(0.0, z[o]);
                    }
                } else {
                    softmax(z);
                }
                a[l + 1] = z;
            }
            return a;
        }

        double[] probabilities(double[] x) {
            double[][] a = forward(x);
            return a[a.length - 1];
        }

        /**
         * Mean cross-entropy over the rows plus {@code decay/2 * sum(w^2)} over the weights (not the biases);
         * writes the gradient of that into {@code grad} (when not null).
         */
        double lossAndGradient(double[][] x, int[] y, double decay, double[] grad) {
            int depth = layers.length - 1;
            if (grad != null) {
                Arrays.fill(grad, 0.0);
            }
            double loss = 0;
            double inv = 1.0 / x.length;
            for (int r = 0; r < x.length; r++) {
                double[][] a = forward(x[r]);
                double[] p = a[depth];
                loss -= Math.log(Math.max(p[y[r]], 1e-300));
                if (grad == null) {
                    continue;
                }
                // dL/dz of the output: p - onehot
                double[] delta = p.clone();
                delta[y[r]] -= 1.0;
                for (int l = depth - 1; l >= 0; l--) {
                    int in = layers[l];
                    int out = layers[l + 1];
                    double[] prev = a[l];
                    double[] prevDelta = l > 0 ? new double[in] : null;
                    for (int o = 0; o < out; o++) {
                        double d = delta[o] * inv;
                        if (d == 0.0 && prevDelta == null) {
                            continue;
                        }
                        int w = wOffset[l] + o * in;
                        grad[bOffset[l] + o] += d;
                        for (int i = 0; i < in; i++) {
                            grad[w + i] += d * prev[i];
                            if (prevDelta != null) {
                                prevDelta[i] += delta[o] * params[w + i];
                            }
                        }
                    }
                    if (prevDelta != null) {
                        for (int i = 0; i < in; i++) {
                            if (prev[i] <= 0.0) {
                                prevDelta[i] = 0.0; // ReLU'
                            }
                        }
                        delta = prevDelta;
                    }
                }
            }
            loss *= inv;
            if (decay > 0) {
                for (int l = 0; l < depth; l++) {
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

    /** Classifiers.softmax as it was (the reference keeps its own copy). */
    static void softmax(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (int k = 0; k < row.length; k++) {
            row[k] = Math.exp(row[k] - max);
            s += row[k];
        }
        for (int k = 0; k < row.length; k++) {
            row[k] /= s;
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
