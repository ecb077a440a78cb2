/**
 * The conditional Wasserstein GAN on DJL: the only package that sees DJL types. In: a numeric matrix of
 * examples with class indices and a validated configuration. Out: a trained generator that writes synthetic
 * rows per class in the original units, checkpoints (weights, optimiser state, normalisation, provenance)
 * and a loss history.
 */
package org.spectrogan.gan;
