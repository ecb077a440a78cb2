/**
 * Spectral features. In: {@link org.spectrogan.adapters.Recording}s and a feature specification (kind, window
 * and step in seconds, nperseg, bands, mels). Out: a {@link org.spectrogan.features.FeatureTable} (one row per
 * window: label, group, source, t0, feature columns) and, the way back, magnitude spectra rendered to audio.
 * Welch PSD, band power and differential entropy equal scipy's; FFTs by JTransforms.
 */
package org.spectrogan.features;
