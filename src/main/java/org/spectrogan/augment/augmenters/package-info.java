/**
 * Simple augmenters, the baselines any generator has to beat: a class-conditional Gaussian with Ledoit-Wolf
 * shrinkage covariance, SMOTE, within-class mixup, jitter in z units, oversampling of real rows, and none. Each
 * is an {@link org.spectrogan.augment.augmenters.Augmenter} (one method: training rows and rows per class in,
 * synthetic rows out); {@link org.spectrogan.augment.augmenters.Augmenters#byName} is the registry the
 * {@code synthesis.augmenter} key will use. In: a feature table of real training rows. Out: a feature table of
 * synthetic rows ({@code source=synthetic}).
 */
package org.spectrogan.augment.augmenters;
