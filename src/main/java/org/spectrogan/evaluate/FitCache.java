package org.spectrogan.evaluate;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.spectrogan.features.FeatureTable;

/**
 * The test scores of the classifier fits one run has made, so that the same fit is never made twice. A fit is
 * identified by the classifier (the instance: a {@link Classifier} is a stateless recipe whose fit depends only on
 * its rows and seed), the seed, the training rows and the test rows, each table compared row by row (label,
 * group, source, t0 and values, in order: {@link FeatureTable#sameRows}). The same
 * real-only model recurs across one run's evaluations: the gain's trials and every side-by-side arm's at 100%, the
 * sweep's trials, its ceiling, the ceiling at the amount admitted and every arm's sweep share their subsets and
 * seeds. Only the confusion matrix and which test rows were right are kept, not the model, so the cache holds
 * little beyond the row lists of its keys.
 * <p>
 * Thread-safe: a fit asked for while another worker makes it waits for that one instead of making it again.
 */
public final class FitCache {
    private final Map<Key, CompletableFuture<Scored>> scores = new ConcurrentHashMap<>();
    private final AtomicInteger fits = new AtomicInteger();
    private final AtomicInteger reused = new AtomicInteger();
    private final AtomicLong fitNanos = new AtomicLong();
    private final Map<String, AtomicLong> nanosByClassifier = new ConcurrentHashMap<>();

    /** How many fits and reuses so far, and the seconds spent fitting and scoring. */
    public record Counts(int fits, int reused, double fitSeconds, Map<String, Double> secondsByClassifier) {
        public Counts {
            secondsByClassifier = Map.copyOf(secondsByClassifier);
        }
    }

    /**
     * The confusion matrix on {@code test} of {@code classifier} fitted on {@code train} with {@code seed}: fitted
     * now, after {@code beforeFit} runs (a progress line), or the one an earlier call with the same classifier,
     * seed and rows made (then {@code beforeFit} does not run).
     */
    public ConfusionMatrix score(Classifier classifier, FeatureTable train, long seed, FeatureTable test, Runnable beforeFit) {
        return scored(classifier, train, seed, test, beforeFit).matrix();
    }

    /**
     * As {@link #score}, for each row of {@code test} in order: whether the fitted classifier predicted its label
     * (the same fit as the confusion matrix's; a copy, so the caller may change it).
     */
    public boolean[] correct(Classifier classifier, FeatureTable train, long seed, FeatureTable test, Runnable beforeFit) {
        return scored(classifier, train, seed, test, beforeFit).correct().clone();
    }

    /**
     * As {@link #score}, for each row of {@code test} in order: the class the fitted classifier predicted (the same
     * fit as the confusion matrix's; a copy).
     */
    public String[] predicted(Classifier classifier, FeatureTable train, long seed, FeatureTable test, Runnable beforeFit) {
        return scored(classifier, train, seed, test, beforeFit).predicted().clone();
    }

    /** One fit's confusion matrix on its test rows and, per test row, whether it was predicted right and as what. */
    private record Scored(ConfusionMatrix matrix, boolean[] correct, String[] predicted) {
    }

    private Scored scored(Classifier classifier, FeatureTable train, long seed, FeatureTable test, Runnable beforeFit) {
        Key key = new Key(classifier, seed, train.featureNames(), train.rows(), test.featureNames(), test.rows());
        CompletableFuture<Scored> mine = new CompletableFuture<>();
        CompletableFuture<Scored> earlier = scores.putIfAbsent(key, mine);
        if (earlier != null) {
            reused.incrementAndGet();
            try {
                return earlier.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            beforeFit.run();
            long start = System.nanoTime();
            String[] predicted = classifier.fit(train, seed).predict(test);
            boolean[] correct = new boolean[test.size()];
            String[] truth = new String[test.size()];
            for (int i = 0; i < truth.length; i++) {
                truth[i] = test.rows().get(i).label();
                correct[i] = truth[i].equals(predicted[i]);
            }
            Scored cm = new Scored(ConfusionMatrix.of(truth, predicted), correct, predicted);
            long took = System.nanoTime() - start;
            fits.incrementAndGet();
            fitNanos.addAndGet(took);
            nanosByClassifier.computeIfAbsent(classifier.name(), k -> new AtomicLong()).addAndGet(took);
            mine.complete(cm);
            return cm;
        } catch (RuntimeException | Error e) {
            // a failed fit is not remembered: a later call tries again (and fails the same way)
            scores.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** The counts so far. */
    public Counts counts() {
        Map<String, Double> seconds = new java.util.TreeMap<>();
        nanosByClassifier.forEach((k, v) -> seconds.put(k, v.get() / 1e9));
        return new Counts(fits.get(), reused.get(), fitNanos.get() / 1e9, seconds);
    }

    /** One fit's identity; the row lists are compared by content, with identity as the fast path. */
    private static final class Key {
        private final Classifier classifier;
        private final long seed;
        private final List<String> trainColumns;
        private final List<FeatureTable.Row> train;
        private final List<String> testColumns;
        private final List<FeatureTable.Row> test;
        private final int hash;

        Key(Classifier classifier, long seed, List<String> trainColumns, List<FeatureTable.Row> train,
            List<String> testColumns, List<FeatureTable.Row> test) {
            this.classifier = classifier;
            this.seed = seed;
            this.trainColumns = trainColumns;
            this.train = train;
            this.testColumns = testColumns;
            this.test = test;
            int h = System.identityHashCode(classifier);
            h = 31 * h + Long.hashCode(seed);
            h = 31 * h + trainColumns.hashCode();
            h = 31 * h + rowsHash(train);
            h = 31 * h + testColumns.hashCode();
            this.hash = 31 * h + rowsHash(test);
        }

        private static int rowsHash(List<FeatureTable.Row> rows) {
            int h = rows.size();
            for (FeatureTable.Row r : rows) {
                h = 31 * h + r.label().hashCode();
                h = 31 * h + r.group().hashCode();
                h = 31 * h + r.source().hashCode();
                h = 31 * h + Double.hashCode(r.t0());
                h = 31 * h + Arrays.hashCode(r.values());
            }
            return h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.classifier == classifier && k.seed == seed && k.hash == hash
                    && k.trainColumns.equals(trainColumns) && k.testColumns.equals(testColumns)
                    && FeatureTable.sameRows(k.train, train) && FeatureTable.sameRows(k.test, test);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
