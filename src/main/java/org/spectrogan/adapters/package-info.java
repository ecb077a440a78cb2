/**
 * Reading recordings. In: paths to EDF/EDF+/BDF, MAT v5, CSV, plain text and WAV files, folders and .zip
 * archives of them, and a declarative adapter ({@link org.spectrogan.adapters.AdapterSpec}, the content of a
 * data-adapters/*.json file) saying how a layout is read. Out: immutable
 * {@link org.spectrogan.adapters.Recording}s (channels x samples float32, rate in Hz, channel names, unit,
 * group id, labelled segments) from {@link org.spectrogan.adapters.Recordings#read}, and a
 * {@link org.spectrogan.adapters.RecordingSummary} of them. Bad input raises
 * {@link org.spectrogan.common.SpectroganException} naming the file and the problem.
 */
package org.spectrogan.adapters;
