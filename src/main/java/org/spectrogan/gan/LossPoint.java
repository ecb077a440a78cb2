package org.spectrogan.gan;

/**
 * One generator step's losses: the critic's Wasserstein estimate (mean critic score of real minus synthetic rows),
 * the critic loss, and the gradient penalty (0 for weight clipping).
 */
public record LossPoint(int step, double wassersteinEstimate, double criticLoss, double gradientPenalty) {
    /** A row of the loss history as {@link GanModel#lossHistory()} stores it (step, W, critic loss, penalty). */
    public static LossPoint of(double[] historyRow) {
        return new LossPoint((int) historyRow[0], historyRow[1], historyRow[2], historyRow[3]);
    }
}
