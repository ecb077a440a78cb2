/**
 * Small pieces every stage uses: user-facing errors ({@link org.spectrogan.common.SpectroganException}),
 * atomic writes, hashing and provenance. In: paths and bytes. Out: files moved into place, hashes, version maps.
 * Depends on nothing else of spectrogan.
 */
package org.spectrogan.common;
