package org.spectrogan.gan;

/**
 * One generator step's losses: the critic's Wasserstein estimate (mean critic score of real minus synthetic rows),
 * the critic loss, and the gradient penalty (0 for weight clipping).
 */
public record LossPoint(int step, double wassersteinEstimate, double criticLoss, double gradientPenalty) {
}
