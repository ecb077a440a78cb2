package org.spectrogan.augment;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.spectrogan.augment.augmenters.Augmenter;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanModel;

/**
 * The conditional GAN as one augmenter among the simple ones: for the rows it is given it obtains a trained
 * generator from a {@link Source} (once per distinct table: every setting and repeat of one fold shares it),
 * draws the rows asked for and passes them through the quality gate at the configured level, judged by a
 * classifier of the same rows. So it returns at most, not exactly, the rows asked for. {@link #close} closes
 * every generator it obtained.
 */
final class GanAugmenter implements Augmenter, AutoCloseable {
    /** The name in pipelines and reports. */
    static final String NAME = "cwgan";

    /**
     * How the generator for a set of rows is obtained: trained on exactly those rows (today), or looked up
     * among generators trained ahead of time. Null when no generator can be trained on these rows (too few for a
     * batch and the like); then no rows are made.
     */
    @FunctionalInterface
    interface Source {
        GanModel generatorFor(FeatureTable rows);
    }

    private final Source source;
    private final List<String> classNames;
    private final Classifier judge;
    private final QualityGate.Level gate;
    private final Map<FeatureTable, GanModel> models = new IdentityHashMap<>();
    private final List<GanModel> opened = new ArrayList<>();
    private QualityGate.Result lastGated;

    GanAugmenter(Source source, List<String> classNames, Classifier judge, QualityGate.Level gate) {
        this.source = source;
        this.classNames = classNames;
        this.judge = judge;
        this.gate = gate;
    }

    /**
     * The quality score that chooses a GAN's training length under {@code gan.selectBy: quality}
     * ({@link org.spectrogan.evaluate.Fidelity.QualityScore}: balanced label fidelity under {@code classifier}
     * trained on the {@code fit} rows the GAN trains on, minus the mean per-class MMD^2 to the {@code heldOut}
     * rows it never sees), as the gan package's {@link org.spectrogan.gan.SampleScorer}; class index i is
     * {@code classNames.get(i)}.
     */
    static org.spectrogan.gan.SampleScorer qualityScorer(FeatureTable fit, FeatureTable heldOut, List<String> classNames,
                                                         Classifier classifier, long seed) {
        org.spectrogan.evaluate.Fidelity.QualityScore q =
                org.spectrogan.evaluate.Fidelity.qualityScore(fit, heldOut, classifier, seed);
        return (samples, labels) -> {
            String[] names = new String[labels.length];
            for (int i = 0; i < labels.length; i++) {
                names[i] = classNames.get(labels[i]);
            }
            return q.score(samples, names).score();
        };
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "class-conditional Wasserstein GAN, quality gate " + gate.name();
    }

    /** The generator obtained for {@code rows} (obtaining it when not yet done), or null when none could be. */
    synchronized GanModel generatorFor(FeatureTable rows) {
        if (!models.containsKey(rows)) {
            GanModel m = source.generatorFor(rows);
            models.put(rows, m);
            if (m != null) {
                opened.add(m);
            }
        }
        return models.get(rows);
    }

    @Override
    public FeatureTable synthesize(FeatureTable trainRows, Map<String, Integer> rowsPerClass, long seed) {
        GanModel model = generatorFor(trainRows);
        FeatureTable empty = new FeatureTable(trainRows.featureNames(), List.of());
        if (model == null || rowsPerClass.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            return empty;
        }
        FeatureTable offered = GanSettings.generate(model, trainRows.featureNames(), rowsPerClass, seed);
        QualityGate.Result gated = new QualityGate(trainRows, classNames, judge, seed).apply(offered, gate);
        synchronized (this) {
            lastGated = gated;
        }
        return gated.kept();
    }

    /** The quality gate's counts of the last {@link #synthesize} call that made rows (null before any). */
    synchronized QualityGate.Result lastGated() {
        return lastGated;
    }

    /** Closes the generators obtained, except {@code keep} (may be null). */
    synchronized void closeAllBut(GanModel keep) {
        for (GanModel m : opened) {
            if (m != keep) {
                m.close();
            }
        }
        opened.clear();
        models.clear();
    }

    @Override
    public void close() {
        closeAllBut(null);
    }
}
