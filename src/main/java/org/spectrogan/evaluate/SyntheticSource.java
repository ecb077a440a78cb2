package org.spectrogan.evaluate;

import java.util.List;
import org.spectrogan.features.FeatureTable;

/**
 * Makes synthetic rows for a subset of the real training rows (the low-data sweep calls it once per fraction
 * and repeat). The augment pipeline implements it by training its GAN on {@code trainSubset} only; nothing
 * outside the subset may be used, or the sweep leaks. Return an empty table (same feature columns) for none.
 */
@FunctionalInterface
public interface SyntheticSource {
    FeatureTable synthesize(FeatureTable trainSubset, long seed);

    /** One later {@link #synthesize} call: its subset and seed. */
    record Request(FeatureTable trainSubset, long seed) {
    }

    /**
     * Told, before the first {@link #synthesize} call, of every call the sweep will make, in order, so that the
     * work they share (the GANs) can be scheduled together; the results must not change. Default: nothing.
     */
    default void prepare(List<Request> requests) {
    }

    /**
     * True when {@link #synthesize} may be called for several requests at once, from several threads (each call
     * depending only on its own subset and seed); the sweep then runs them on the cores. Default: false.
     */
    default boolean concurrent() {
        return false;
    }
}
