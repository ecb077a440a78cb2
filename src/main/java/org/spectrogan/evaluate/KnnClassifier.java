package org.spectrogan.evaluate;

import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.spectrogan.common.ZScore;
import org.spectrogan.features.FeatureTable;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/**
 * k-nearest neighbours with the same predictions and scores as Tribuo 4.3.2's {@code KNNModel} (brute force,
 * L2 distance, one thread, {@code VotingCombiner}), computed faster:
 * <ul>
 *   <li>distances: for each training row the sum over features in column order of {@code (q[j] - x[j])^2},
 *       starting at 0, then {@code Math.sqrt}: Tribuo's {@code DenseVector.euclideanDistance} order of
 *       operations, so every distance is the same double. The sums run over a block of training rows at a time
 *       with the features outermost (column-major blocks), which the JIT vectorises across rows;</li>
 *   <li>selection: Tribuo's {@code NeighboursBruteForce.query}: the first k rows enter a max-heap (a
 *       {@link PriorityQueue} with the same order), a later row replaces the heap's top when its distance is
 *       below the top's ({@code Double.compare < 0}). A row whose squared sum is not below the top's squared
 *       sum cannot have a smaller square root, so it is skipped before its square root is taken;</li>
 *   <li>vote: Tribuo's {@code VotingCombiner}: each neighbour adds {@code 1 / k} to its label's score; the label
 *       is the first highest score in Tribuo's label-id order, which comes from the same
 *       {@code MutableLabelInfo} Tribuo's dataset fills (every training label observed in row order).</li>
 * </ul>
 * Fewer than k training rows, no features, a training row with a non-finite value, or such a row to predict, use
 * Tribuo itself ({@link Classifiers#tribuoKnn}).
 * {@code KnnFastAgainstTribuoTest} checks labels and scores against Tribuo on real and random data.
 */
final class KnnClassifier implements Classifier {
    /** Training rows per column-major block (18 features x 512 rows = 72 KB, within a core's L2). */
    static final int BLOCK_ROWS = 512;
    private static final LabelFactory LABELS = new LabelFactory();

    private final int k;
    private final Classifier reference;

    KnnClassifier(int k) {
        this.k = k;
        this.reference = Classifiers.tribuoKnn(k);
    }

    @Override
    public String name() {
        return "knn";
    }

    @Override
    public String description() {
        return reference.description();
    }

    @Override
    public Fitted fit(FeatureTable train, long seed) {
        List<String> classes = Classifiers.trainableClasses(train, "knn");
        int n = train.size();
        int d = train.featureCount();
        if (n < k || d == 0 || !Classifiers.allFinite(train.matrix())) {
            return reference.fit(train, seed);
        }
        ZScore z = ZScore.fit(train.matrix(), ZScore.ConstantColumns.CENTRE);
        MutableOutputInfo<Label> info = LABELS.generateInfo();
        for (FeatureTable.Row r : train.rows()) {
            info.observe(new Label(r.label()));
        }
        ImmutableOutputInfo<Label> ids = info.generateImmutableOutputInfo();
        String[] idNames = new String[ids.size()];
        for (int id = 0; id < idNames.length; id++) {
            idNames[id] = ids.getOutput(id).getLabel();
        }
        int blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
        double[][][] columns = new double[blocks][d][];
        for (int b = 0; b < blocks; b++) {
            int len = Math.min(BLOCK_ROWS, n - b * BLOCK_ROWS);
            for (int j = 0; j < d; j++) {
                columns[b][j] = new double[len];
            }
        }
        int[] labelIds = new int[n];
        for (int i = 0; i < n; i++) {
            FeatureTable.Row r = train.rows().get(i);
            double[] zr = z.apply(r.values());
            double[][] block = columns[i / BLOCK_ROWS];
            int o = i % BLOCK_ROWS;
            for (int j = 0; j < d; j++) {
                block[j][o] = zr[j];
            }
            labelIds[i] = ids.getID(new Label(r.label()));
        }
        return new KnnFitted(classes, z, k, columns, labelIds, idNames, () -> reference.fit(train, seed));
    }

    /** A fitted model: the z-scored training rows in column-major blocks and their Tribuo label ids. */
    private static final class KnnFitted implements Classifier.Fitted {
        private final List<String> classes;
        private final ZScore z;
        private final int k;
        private final double[][][] columns;
        private final int[] labelIds;
        private final String[] idNames;
        private final Supplier<Fitted> tribuo;
        private Fitted tribuoFitted;

        KnnFitted(List<String> classes, ZScore z, int k, double[][][] columns, int[] labelIds,
                  String[] idNames, Supplier<Fitted> tribuo) {
            this.classes = classes;
            this.z = z;
            this.k = k;
            this.columns = columns;
            this.labelIds = labelIds;
            this.idNames = idNames;
            this.tribuo = tribuo;
        }

        @Override
        public List<String> classes() {
            return classes;
        }

        /** Tribuo's model on the same rows, fitted on first need (a row to predict with a non-finite value). */
        private synchronized Fitted tribuo() {
            if (tribuoFitted == null) {
                tribuoFitted = tribuo.get();
            }
            return tribuoFitted;
        }

        @Override
        public String[] predict(double[][] rows) {
            if (!allFinite(rows)) {
                return tribuo().predict(rows);
            }
            double[][] votes = votes(rows);
            String[] out = new String[rows.length];
            for (int r = 0; r < rows.length; r++) {
                out[r] = idNames[firstHighest(votes[r])];
            }
            return out;
        }

        @Override
        public double[][] predictProba(double[][] rows) {
            if (!allFinite(rows)) {
                return tribuo().predictProba(rows);
            }
            double[][] votes = votes(rows);
            int[] column = new int[idNames.length];
            for (int id = 0; id < idNames.length; id++) {
                column[id] = classes.indexOf(idNames[id]);
            }
            double[][] out = new double[rows.length][classes.size()];
            for (int r = 0; r < rows.length; r++) {
                for (int id = 0; id < idNames.length; id++) {
                    if (column[id] >= 0) {
                        out[r][column[id]] = votes[r][id];
                    }
                }
                Classifiers.normaliseScores(out[r]);
            }
            return out;
        }

        /** VotingCombiner: the first label id with the highest score (strictly greater than all before it). */
        private static int firstHighest(double[] scores) {
            double max = Double.NEGATIVE_INFINITY;
            int best = -1;
            for (int id = 0; id < scores.length; id++) {
                if (scores[id] > max) {
                    max = scores[id];
                    best = id;
                }
            }
            return best;
        }

        private boolean allFinite(double[][] rows) {
            int d = columns[0].length;
            for (double[] row : rows) {
                if (row.length != d) {
                    throw new IllegalArgumentException("row has " + row.length + " features, model has " + d);
                }
                for (double v : row) {
                    if (!Double.isFinite(v)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Per row, VotingCombiner's score of each label id: 1 / k per neighbour, in Tribuo's neighbour order. */
        private double[][] votes(double[][] rows) {
            double[][] out = new double[rows.length][idNames.length];
            double share = 1.0 / k;
            int[][] neighbours = neighbours(rows);
            for (int r = 0; r < rows.length; r++) {
                for (int i : neighbours[r]) {
                    out[r][labelIds[i]] += share;
                }
            }
            return out;
        }

        /** Per row, the indices of its k nearest training rows in Tribuo's order (nearest first). */
        int[][] neighbours(double[][] rows) {
            int d = columns[0].length;
            int[][] out = new int[rows.length][];
            double[] sums = new double[BLOCK_ROWS];
            Selection[] selections = new Selection[QUERY_BLOCK];
            for (int q0 = 0; q0 < rows.length; q0 += QUERY_BLOCK) {
                int qn = Math.min(QUERY_BLOCK, rows.length - q0);
                double[][] queries = new double[qn][];
                for (int q = 0; q < qn; q++) {
                    queries[q] = z.apply(rows[q0 + q]);
                    selections[q] = new Selection(k);
                }
                for (int b = 0; b < columns.length; b++) {
                    double[][] block = columns[b];
                    int len = block[0].length;
                    for (int q = 0; q < qn; q++) {
                        double[] query = queries[q];
                        Arrays.fill(sums, 0, len, 0.0);
                        for (int j = 0; j < d; j++) {
                            double qj = query[j];
                            double[] col = block[j];
                            for (int o = 0; o < len; o++) {
                                double t = qj - col[o];
                                sums[o] += t * t;
                            }
                        }
                        selections[q].offer(sums, b * BLOCK_ROWS, len);
                    }
                }
                for (int q = 0; q < qn; q++) {
                    out[q0 + q] = selections[q].drain();
                }
            }
            return out;
        }
    }

    /** Rows to predict per pass over the training blocks (each block is read once per pass). */
    private static final int QUERY_BLOCK = 16;

    /** NeighboursBruteForce.query's max-heap of the k nearest rows so far, fed row sums in row order. */
    static final class Selection {
        private final int k;
        private final PriorityQueue<Entry> heap;
        /** The squared sum of the heap's top once the heap holds k rows. */
        private double topSquared;

        Selection(int k) {
            this.k = k;
            this.heap = new PriorityQueue<>(k);
        }

        /** Offers rows {@code first .. first + len - 1} with squared sums {@code sums[0 .. len - 1]}. */
        void offer(double[] sums, int first, int len) {
            int o = 0;
            for (; o < len && first + o < k; o++) {
                double s = sums[o];
                heap.offer(new Entry(first + o, Math.sqrt(s), s));
                if (heap.size() == k) {
                    topSquared = heap.peek().squared;
                }
            }
            for (; o < len; o++) {
                double s = sums[o];
                // sqrt is monotone: s >= the top's squared sum gives a distance >= the top's, never inserted
                if (!(s >= topSquared)) {
                    double distance = Math.sqrt(s);
                    Entry top = heap.peek();
                    if (Double.compare(distance, top.value) < 0) {
                        heap.poll();
                        top.index = first + o;
                        top.value = distance;
                        top.squared = s;
                        heap.offer(top);
                        topSquared = heap.peek().squared;
                    }
                }
            }
        }

        /** The rows held, nearest first, as NeighboursBruteForce lists them (polled from the top backwards). */
        int[] drain() {
            int[] out = new int[k];
            int i = 1;
            while (!heap.isEmpty()) {
                out[k - i] = heap.poll().index;
                i++;
            }
            return out;
        }
    }

    /** NeighboursBruteForce.MutablePair: ordered by distance, largest first. */
    private static final class Entry implements Comparable<Entry> {
        int index;
        double value;
        double squared;

        Entry(int index, double value, double squared) {
            this.index = index;
            this.value = value;
            this.squared = squared;
        }

        @Override
        public int compareTo(Entry o) {
            return Double.compare(o.value, value);
        }
    }

    @Override
    public String toString() {
        return "knn";
    }
}
