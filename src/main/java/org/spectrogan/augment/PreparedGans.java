package org.spectrogan.augment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.gan.GanConfig;
import org.spectrogan.gan.GanModel;
import org.spectrogan.gan.GanScheduler;
import org.spectrogan.gan.SampleScorer;
import org.spectrogan.gan.TrainingListener;
import org.spectrogan.gan.TrainingSet;

/**
 * The GANs of many synthesis runs (every GAN of an augment run: the written dataset's, the other folds', the
 * do-no-harm check's inner folds' and the low-data sweep's) trained up front through one {@link GanScheduler},
 * then handed out as a {@link GanSettings.Trainer}: a {@code train} call with the data, config and scorer (under
 * {@code gan.selectBy: quality}; equal, not the same object) and, for a job with its own model folder, that folder
 * of a prepared job gets that job's model (or its training error), exactly what training it then would have given;
 * any other call trains as the delegate does. Safe to call from several
 * threads at once. With the production trainer the jobs run on
 * {@link GanScheduler#workers} threads; with a stand-in (tests) one after another. Closing deletes the jobs'
 * folders and closes the models never asked for.
 */
final class PreparedGans implements GanSettings.Trainer, AutoCloseable {
    /**
     * One GAN to train up front: its rows and config (seed included); {@code modelDir} its model folder (null: a
     * scratch folder deleted on close) with {@code listener} told of its steps; {@code scorer} the scorer of its
     * snapshots under {@code gan.selectBy: quality} (null otherwise), which a {@code train} call must pass equal
     * ({@link GanSettings.HeldOutScorer#equals}) to get this job's model.
     */
    record Job(TrainingSet data, GanConfig config, Path modelDir, TrainingListener listener, SampleScorer scorer) {
        Job(TrainingSet data, GanConfig config, Path modelDir, TrainingListener listener) {
            this(data, config, modelDir, listener, null);
        }

        /** A job for {@code gan} (its rows and scorer) in {@code modelDir} with {@code listener}. */
        Job(SyntheticRows.GanData gan, GanConfig config, Path modelDir, TrainingListener listener) {
            this(gan.data(), config, modelDir, listener, gan.scorer());
        }

        static Job scratch(TrainingSet data, GanConfig config) {
            return new Job(data, config, null, TrainingListener.NONE);
        }

        static Job scratch(SyntheticRows.GanData gan, GanConfig config) {
            return new Job(gan, config, null, TrainingListener.NONE);
        }
    }

    private record Entry(TrainingSet data, GanConfig config, Path modelDir, SampleScorer scorer, GanScheduler.Outcome outcome) {
        boolean matches(TrainingSet d, GanConfig c, Path dir, SampleScorer s) {
            return config.equals(c) && (modelDir == null || modelDir.equals(dir)) && java.util.Objects.equals(scorer, s)
                    && Arrays.equals(data.classIndex(), d.classIndex())
                    && data.classNames().equals(d.classNames()) && data.featureNames().equals(d.featureNames())
                    && Arrays.deepEquals(data.x(), d.x());
        }
    }

    /**
     * A system property fixing the worker count (1: one after another; 0: nothing trained up front, each GAN
     * trained when the run asks for it, as before the scheduler), for side-by-side timing and tests.
     */
    static final String WORKERS_PROPERTY = "spectrogan.ganWorkers";

    /** False when {@link #WORKERS_PROPERTY} is 0: the run trains each GAN when it asks for it. */
    static boolean upFront() {
        Integer w = Integer.getInteger(WORKERS_PROPERTY);
        return w == null || w != 0;
    }

    private final GanSettings.Trainer delegate;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Path> roots = new ArrayList<>();
    private int workers = 1;

    PreparedGans(GanSettings.Trainer delegate) {
        this.delegate = delegate;
    }

    /** How many GANs trained at once in the last {@link #prepare} (1 when they ran one after another). */
    synchronized int workers() {
        return workers;
    }

    /** Trains {@code data} (each with its config, seed included) now in scratch folders; {@code memoryBudgetBytes} caps how many at once. */
    void prepare(List<TrainingSet> data, List<GanConfig> configs, long memoryBudgetBytes) {
        if (data.size() != configs.size()) {
            throw new IllegalArgumentException("one config per training set: " + data.size() + " vs " + configs.size());
        }
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            jobs.add(Job.scratch(data.get(i), configs.get(i)));
        }
        prepare(jobs, memoryBudgetBytes);
    }

    /**
     * Trains {@code jobs} now; {@code memoryBudgetBytes} caps how many train at once (the largest job's working
     * memory, {@link GanScheduler#workers}, sets the count).
     */
    void prepare(List<Job> jobs, long memoryBudgetBytes) {
        if (jobs.isEmpty()) {
            return;
        }
        Path root;
        try {
            root = Files.createTempDirectory("spectrogan-gans");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (this) {
            roots.add(root);
        }
        List<GanScheduler.Job> scheduled = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            scheduled.add(new GanScheduler.Job(j.data(), j.config(), j.modelDir() == null ? root.resolve("gan-" + i) : j.modelDir(),
                    j.listener(), j.scorer()));
        }
        List<GanScheduler.Outcome> outcomes;
        int w;
        if (delegate == GanSettings.Trainer.GAN) {
            w = workersFor(jobs, memoryBudgetBytes);
            Integer forced = Integer.getInteger(WORKERS_PROPERTY);
            if (forced != null && forced >= 1) {
                w = forced;
            }
            outcomes = GanScheduler.trainAll(scheduled, w);
        } else {
            w = 1;
            outcomes = new ArrayList<>();
            for (GanScheduler.Job job : scheduled) {
                try {
                    outcomes.add(new GanScheduler.Outcome(job.scorer() == null
                            ? delegate.train(job.data(), job.config(), job.outDir(), job.listener())
                            : delegate.train(job.data(), job.config(), job.outDir(), job.listener(), job.scorer()), null));
                } catch (SpectroganException e) {
                    outcomes.add(new GanScheduler.Outcome(null, e));
                }
            }
        }
        synchronized (this) {
            workers = w;
            for (int i = 0; i < jobs.size(); i++) {
                entries.add(new Entry(jobs.get(i).data(), jobs.get(i).config(), jobs.get(i).modelDir(), jobs.get(i).scorer(),
                        outcomes.get(i)));
            }
        }
    }

    /** The fewest workers any job's shape allows ({@link GanScheduler#workers} per job), so the largest fits the budget. */
    private static int workersFor(List<Job> jobs, long memoryBudgetBytes) {
        int w = Integer.MAX_VALUE;
        for (Job j : jobs) {
            w = Math.min(w, GanScheduler.workers(j.config(), j.data().featureNames().size(), j.data().classNames().size(),
                    memoryBudgetBytes, Runtime.getRuntime().availableProcessors(), jobs.size()));
        }
        return w;
    }

    @Override
    public GanModel train(TrainingSet data, GanConfig config, Path outDir, TrainingListener listener) {
        return train(data, config, outDir, listener, null);
    }

    /**
     * The prepared job's model for these rows, config, folder and scorer (a scored GAN's scorer must be equal to its
     * job's), or, when none was prepared, trained now as the delegate does.
     */
    @Override
    public GanModel train(TrainingSet data, GanConfig config, Path outDir, TrainingListener listener, SampleScorer scorer) {
        Entry found = null;
        synchronized (this) {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).matches(data, config, outDir, scorer)) {
                    found = entries.remove(i);
                    break;
                }
            }
        }
        if (found == null) {
            return scorer == null ? delegate.train(data, config, outDir, listener) : delegate.train(data, config, outDir, listener, scorer);
        }
        if (found.outcome().error() != null) {
            throw found.outcome().error();
        }
        return found.outcome().model();
    }

    @Override
    public synchronized void close() {
        for (Entry e : entries) {
            if (e.outcome().model() != null) {
                e.outcome().model().close();
            }
        }
        entries.clear();
        for (Path root : roots) {
            AtomicFiles.deleteTree(root);
        }
        roots.clear();
    }
}
