package org.spectrogan.augment.augmenters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.spectrogan.features.FeatureTable;

/**
 * The per-class loop every simple augmenter shares: the counts checked, and for each class asked for (sorted),
 * one random stream of its own, a {@link ClassSampler} built from the class's rows and as many rows drawn from
 * it as asked. A subclass says only how one class's rows are drawn.
 */
abstract class PerClassAugmenter implements Augmenter {
    /** Draws one synthetic row of one class (feature units) from the class's random stream. */
    @FunctionalInterface
    interface ClassSampler {
        double[] next(SplittableRandom rnd);
    }

    private final String name;
    private final String description;

    PerClassAugmenter(String name, String description) {
        this.name = name;
        this.description = description;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    /**
     * The sampler for class {@code label}: {@code classRows} are its training rows (at least one), {@code train}
     * all training rows (for scales fitted on every class), {@code rnd} the class's stream (a sampler may draw
     * from it once here, before the rows).
     */
    abstract ClassSampler sampler(FeatureTable train, double[][] classRows, String label, SplittableRandom rnd);

    @Override
    public FeatureTable synthesize(FeatureTable trainRows, Map<String, Integer> rowsPerClass, long seed) {
        Map<String, Integer> counts = Augmenters.checkedCounts(trainRows, rowsPerClass);
        List<FeatureTable.Row> out = new ArrayList<>();
        for (var e : counts.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            SplittableRandom rnd = Augmenters.classRandom(seed, e.getKey());
            ClassSampler s = sampler(trainRows, Augmenters.rowsOf(trainRows, e.getKey()), e.getKey(), rnd);
            for (int i = 0; i < e.getValue(); i++) {
                out.add(Augmenters.synthetic(e.getKey(), s.next(rnd)));
            }
        }
        return new FeatureTable(trainRows.featureNames(), out);
    }
}
