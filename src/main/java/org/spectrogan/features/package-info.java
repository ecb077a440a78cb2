/**
 * Spectral features. In: {@link org.spectrogan.adapters.Recording}s and a
 * {@link org.spectrogan.features.FeatureSpec} (kind, window and step in seconds, nperseg, bands, mels, frames
 * per example, label policy). Out: a {@link org.spectrogan.features.FeatureTable} (one row per window: label,
 * group, source, t0, feature columns) from {@link org.spectrogan.features.Features#extract}, or an
 * {@link org.spectrogan.features.Extraction} (the table plus every dropped recording and window counted per
 * {@link org.spectrogan.features.DropReason}) from {@link org.spectrogan.features.Features#extraction}; the
 * values come from the kind's {@link org.spectrogan.features.FeatureFamily} (band features of EEG channels, or
 * spectrogram patches of the mono mix), each with its own per-thread workspace. Also its
 * {@link org.spectrogan.features.FeatureMeta} sidecar, and the way back: spectral rows rendered to WAV by
 * {@link org.spectrogan.features.AudioRenderer} (mel pseudo-inverse + Griffin-Lim). Welch PSD, band power and
 * differential entropy equal scipy's; STFT magnitude equals scipy.signal.stft's; FFTs by JTransforms with plans
 * shared per size. f0 by YIN through TarsosDSP ({@link org.spectrogan.features.PitchTracker}).
 */
package org.spectrogan.features;
