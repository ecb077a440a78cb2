package org.spectrogan.gan;

import java.util.List;

/**
 * Early stopping on the critic's Wasserstein estimate W (mean critic score of real rows minus fake rows, one value
 * per generator step). W first rises while the critic learns to tell real from fake, then falls while the
 * generator closes the gap. With patience P, W is smoothed over windows of max(1, P/4) steps; training stops once
 * the smoothed W has passed its peak and has not reached a new low for P steps. A W that keeps rising (or keeps
 * falling) never stops training. The rule reads the loss history only, so a resumed run stops where an
 * uninterrupted one stops.
 */
public final class EarlyStopping {
    private EarlyStopping() {
    }

    /** The smoothing window for patience {@code patienceSteps}. */
    static int windowSteps(int patienceSteps) {
        return Math.max(1, patienceSteps / 4);
    }

    /**
     * Whether training should stop after the last entry of {@code history} (one point per step from step 1).
     */
    public static boolean shouldStop(List<LossPoint> history, int patienceSteps) {
        int n = history.size();
        int w = windowSteps(patienceSteps);
        if (patienceSteps <= 0 || n < w + patienceSteps) {
            return false;
        }
        double sum = 0;
        double peak = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        int lowAt = -1;
        for (int t = 0; t < n; t++) {
            sum += history.get(t).wassersteinEstimate();
            if (t >= w) {
                sum -= history.get(t - w).wassersteinEstimate();
            }
            if (t < w - 1) {
                continue;
            }
            double smoothed = sum / w;
            if (smoothed > peak) { // a new peak: the low is looked for after it
                peak = smoothed;
                low = smoothed;
                lowAt = t;
            } else if (smoothed < low) {
                low = smoothed;
                lowAt = t;
            }
        }
        return n - 1 - lowAt >= patienceSteps;
    }
}
