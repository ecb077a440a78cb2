/**
 * Reading recordings. In: paths to EDF/EDF+/BDF, MAT v5, CSV, plain text and WAV files, folders and .zip
 * archives of them, and a declarative adapter file (data-adapters/*.json) saying how a layout is read.
 * Out: immutable {@link org.spectrogan.adapters.Recording}s (channels x samples, rate in Hz, channel names,
 * unit, group id, labelled segments). Bad input raises {@link org.spectrogan.common.SpectroganException}
 * naming the file and the problem.
 */
package org.spectrogan.adapters;
