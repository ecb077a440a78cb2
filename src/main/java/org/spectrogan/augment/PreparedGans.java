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
import org.spectrogan.gan.TrainingListener;
import org.spectrogan.gan.TrainingSet;

/**
 * The GANs of many synthesis runs (the low-data sweep's subsets) trained up front through one
 * {@link GanScheduler}, then handed out as a {@link GanSettings.Trainer}: a {@code train} call with the data and
 * config of a prepared job gets that job's model (or its training error), exactly what training it then would
 * have given; any other call trains as the delegate does. With the production trainer the jobs run on
 * {@link GanScheduler#workers} threads; with a stand-in (tests) one after another. Closing deletes the jobs'
 * folders and closes the models never asked for.
 */
final class PreparedGans implements GanSettings.Trainer, AutoCloseable {
    private record Entry(TrainingSet data, GanConfig config, GanScheduler.Outcome outcome) {
        boolean matches(TrainingSet d, GanConfig c) {
            return config.equals(c) && Arrays.equals(data.classIndex(), d.classIndex())
                    && data.classNames().equals(d.classNames()) && data.featureNames().equals(d.featureNames())
                    && Arrays.deepEquals(data.x(), d.x());
        }
    }

    /** A system property fixing the worker count (1: one after another), for side-by-side timing. */
    static final String WORKERS_PROPERTY = "spectrogan.ganWorkers";

    private final GanSettings.Trainer delegate;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Path> roots = new ArrayList<>();
    private int workers = 1;

    PreparedGans(GanSettings.Trainer delegate) {
        this.delegate = delegate;
    }

    /** How many GANs trained at once in the last {@link #prepare} (1 when they ran one after another). */
    int workers() {
        return workers;
    }

    /** Trains {@code jobs} (data with its config, seed included) now; {@code memoryBudgetBytes} caps how many at once. */
    void prepare(List<TrainingSet> data, List<GanConfig> configs, long memoryBudgetBytes) {
        if (data.size() != configs.size()) {
            throw new IllegalArgumentException("one config per training set: " + data.size() + " vs " + configs.size());
        }
        if (data.isEmpty()) {
            return;
        }
        Path root;
        try {
            root = Files.createTempDirectory("spectrogan-sweep-gans");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        roots.add(root);
        List<GanScheduler.Job> jobs = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            jobs.add(new GanScheduler.Job(data.get(i), configs.get(i), root.resolve("gan-" + i)));
        }
        List<GanScheduler.Outcome> outcomes;
        if (delegate == GanSettings.Trainer.GAN) {
            TrainingSet first = data.get(0);
            workers = GanScheduler.workers(configs.get(0), first.featureNames().size(), first.classNames().size(),
                    memoryBudgetBytes, Runtime.getRuntime().availableProcessors(), jobs.size());
            Integer forced = Integer.getInteger(WORKERS_PROPERTY);
            if (forced != null && forced >= 1) {
                workers = forced;
            }
            outcomes = GanScheduler.trainAll(jobs, workers);
        } else {
            workers = 1;
            outcomes = new ArrayList<>();
            for (GanScheduler.Job job : jobs) {
                try {
                    outcomes.add(new GanScheduler.Outcome(delegate.train(job.data(), job.config(), job.outDir(),
                            TrainingListener.NONE), null));
                } catch (SpectroganException e) {
                    outcomes.add(new GanScheduler.Outcome(null, e));
                }
            }
        }
        for (int i = 0; i < jobs.size(); i++) {
            entries.add(new Entry(data.get(i), configs.get(i), outcomes.get(i)));
        }
    }

    @Override
    public GanModel train(TrainingSet data, GanConfig config, Path outDir, TrainingListener listener) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.matches(data, config)) {
                entries.remove(i);
                if (e.outcome().error() != null) {
                    throw e.outcome().error();
                }
                return e.outcome().model();
            }
        }
        return delegate.train(data, config, outDir, listener);
    }

    @Override
    public void close() {
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
