package org.spectrogan.gan;

/** A generator's quality score ({@link SampleScorer}) after {@code step} generator steps; higher is better. */
public record QualityPoint(int step, double score) {
}
