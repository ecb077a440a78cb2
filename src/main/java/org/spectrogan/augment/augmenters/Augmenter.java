package org.spectrogan.augment.augmenters;

import java.util.Map;
import org.spectrogan.features.FeatureTable;

/**
 * Makes synthetic rows from real training rows. Stateless: everything is learned from {@code trainRows} inside
 * {@link #synthesize}, so one instance serves every fold and subset, also from several threads.
 */
public interface Augmenter {
    /** The short name used in pipelines and reports, e.g. "gaussian". */
    String name();

    /** A one-line description for reports, e.g. "class-conditional Gaussian, Ledoit-Wolf covariance". */
    String description();

    /**
     * Exactly {@code rowsPerClass.get(c)} synthetic rows of every class {@code c} (classes in sorted order),
     * each with {@code source=synthetic}, group "synthetic" and the columns of {@code trainRows}. A class asked
     * for must have at least one training row. The same rows, counts and seed give the same rows.
     */
    FeatureTable synthesize(FeatureTable trainRows, Map<String, Integer> rowsPerClass, long seed);
}
