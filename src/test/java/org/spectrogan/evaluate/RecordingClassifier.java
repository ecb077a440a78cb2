package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.spectrogan.features.FeatureTable;

/**
 * A test classifier: wraps one of {@link Classifiers} and keeps the training table of every fit, with the
 * progress step announced before it ({@link #step}, set by the test's progress callback).
 */
final class RecordingClassifier implements Classifier {
    final Classifier inner;
    final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    final List<FeatureTable> fits = Collections.synchronizedList(new ArrayList<>());
    volatile String step = "";

    RecordingClassifier(String name) {
        inner = Classifiers.byName(name);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String description() {
        return inner.description();
    }

    @Override
    public Fitted fit(FeatureTable train, long seed) {
        synchronized (this) {
            steps.add(step);
            fits.add(train);
        }
        return inner.fit(train, seed);
    }

    /** The training table of the first fit after progress step {@code step}. */
    FeatureTable fitAfter(String step) {
        int i = steps.indexOf(step);
        assertTrue(i >= 0, "no fit after '" + step + "' in " + steps);
        return fits.get(i);
    }
}
