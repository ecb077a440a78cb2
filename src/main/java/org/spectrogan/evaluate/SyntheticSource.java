package org.spectrogan.evaluate;

import org.spectrogan.features.FeatureTable;

/**
 * Makes synthetic rows for a subset of the real training rows (the low-data sweep calls it once per fraction
 * and repeat). The augment pipeline implements it by training its GAN on {@code trainSubset} only; nothing
 * outside the subset may be used, or the sweep leaks. Return an empty table (same feature columns) for none.
 */
@FunctionalInterface
public interface SyntheticSource {
    FeatureTable synthesize(FeatureTable trainSubset, long seed);
}
