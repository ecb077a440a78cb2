package org.spectrogan.gan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.spectrogan.common.SpectroganException;

/**
 * Trains many independent GANs (every GAN of an augment run: the written dataset's, the folds', the do-no-harm
 * check's inner folds' and the sweep's) on a few worker threads, each GAN with {@link Gan#train} on its
 * own data, config (seed, early stopping) and folder, so each result is the one it gets trained alone: the
 * engine's intra-op threads are {@code config.threads()} (1 in a sweep), and a GAN's arithmetic runs on its
 * worker thread only. How many train at once comes from the cores and a memory budget ({@link #workers}).
 *
 * <p>Measured against one-after-another, 2-thread and stacked schedules in {@code bench gan --sweep} (see
 * docs/notes/h16b.md), none beat one after another by more than 3% at 60 steps per GAN. In the real eegmmi sweep
 * (600 steps per GAN), two 1-thread workers ran 1.38x faster than one after another, about 1.2x after correcting
 * for the load. All schedules gave the same models bit for bit.
 */
public final class GanScheduler {
    /** The default memory budget for the GANs in flight: 1 GiB. */
    public static final long DEFAULT_MEMORY_BUDGET_BYTES = 1L << 30;

    /**
     * One GAN to train: its rows, its whole config (seed included), its (fresh) model folder, whom to tell of its
     * steps (called on the job's worker thread) and, under {@link GanConfig.SelectBy#QUALITY}, the scorer of its
     * snapshots (called on the job's worker thread; null otherwise), so a scored GAN trains up front like the others.
     */
    public record Job(TrainingSet data, GanConfig config, Path outDir, TrainingListener listener, SampleScorer scorer) {
        public Job {
            if (data == null || config == null || outDir == null || listener == null) {
                throw new IllegalArgumentException("a job needs training data, a config, a model folder and a listener");
            }
        }

        /** A job without a scorer. */
        public Job(TrainingSet data, GanConfig config, Path outDir, TrainingListener listener) {
            this(data, config, outDir, listener, null);
        }

        /** A job nobody listens to. */
        public Job(TrainingSet data, GanConfig config, Path outDir) {
            this(data, config, outDir, TrainingListener.NONE);
        }
    }

    /** A job's model (open; the caller closes it), or the one-line error that stopped its training. */
    public record Outcome(GanModel model, SpectroganException error) {
    }

    private GanScheduler() {
    }

    /**
     * How many GANs of this shape to train at once: the available cores over the intra-op threads, capped by
     * the budget over {@link StackedTraining#bytesPerModel} and by the job count; 1 on engines other than PyTorch
     * (their thread settings are process-wide and not read per call).
     */
    public static int workers(GanConfig config, int features, int classes, long memoryBudgetBytes, int cores, int jobs) {
        if (!trainsAtOnce(config)) {
            return 1;
        }
        long byBudget = Math.max(1, memoryBudgetBytes / StackedTraining.bytesPerModel(config, features, classes));
        long byCores = Math.max(1, cores / Math.max(1, config.threads()));
        return (int) Math.max(1, Math.min(Math.min(byBudget, byCores), Math.max(1, jobs)));
    }

    /**
     * Whether GANs of {@code config}'s engine may train (and generate) on several threads at once: PyTorch, whose
     * intra-op threads are set per call; not MXNet, whose thread settings are process-wide.
     */
    public static boolean trainsAtOnce(GanConfig config) {
        return Engines.PYTORCH.equals(Engines.canonicalName(config.engine()));
    }

    /**
     * Trains every job on {@code workers} threads and returns their outcomes in job order. A job whose training
     * throws a {@link SpectroganException} (too few rows for a batch, a folder holding a model) gets that error;
     * any other failure stops the run (the models already trained are closed).
     */
    public static List<Outcome> trainAll(List<Job> jobs, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        List<Outcome> out = new ArrayList<>();
        if (workers == 1 || jobs.size() <= 1) {
            for (Job job : jobs) {
                out.add(trainOne(job));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, jobs.size()), r -> {
            Thread t = new Thread(r, "gan-worker");
            t.setDaemon(true);
            return t;
        });
        List<Future<Outcome>> futures = new ArrayList<>(java.util.Collections.nCopies(jobs.size(), null));
        // the longest jobs (most steps) start first, so the last to finish is a short one; results stay in job order
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Integer.compare(jobs.get(b).config().steps(), jobs.get(a).config().steps()));
        try {
            for (int i : order) {
                Job job = jobs.get(i);
                futures.set(i, pool.submit(() -> trainOne(job)));
            }
            for (Future<Outcome> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll(futures);
            throw new IllegalStateException("interrupted while training the GANs", e);
        } catch (ExecutionException e) {
            closeAll(futures);
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdown();
        }
    }

    private static Outcome trainOne(Job job) {
        try {
            return new Outcome(Gan.train(job.data(), job.config(), job.outDir(), false, job.listener(), job.scorer()), null);
        } catch (SpectroganException e) {
            return new Outcome(null, e);
        }
    }

    private static void closeAll(List<Future<Outcome>> futures) {
        for (Future<Outcome> f : futures) {
            if (f == null) {
                continue;
            }
            f.cancel(false);
            try {
                if (f.isDone() && !f.isCancelled()) {
                    Outcome o = f.get();
                    if (o.model() != null) {
                        o.model().close();
                    }
                }
            } catch (InterruptedException | ExecutionException | java.util.concurrent.CancellationException e) {
                // nothing to close
            }
        }
    }
}
