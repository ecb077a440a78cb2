package org.spectrogan.gan;

import java.util.List;

/**
 * Early stopping on the critic's Wasserstein estimate W (mean critic score of real rows minus fake rows, one value
 * per generator step): with patience P, training stops after step s (s >= 2P) when the mean of W over steps
 * s-P+1..s is not lower than its mean over steps s-2P+1..s-P. W falls while the generator gets closer to the real
 * rows; a flat or rising W over P steps means more steps no longer help. The rule reads the loss history only, so
 * a resumed run stops where an uninterrupted one stops.
 */
public final class EarlyStopping {
    private EarlyStopping() {
    }

    /**
     * Whether training should stop after the last entry of {@code history} ({@code [step, W, critic loss,
     * penalty]} rows, one per step from step 1).
     */
    public static boolean shouldStop(List<double[]> history, int patienceSteps) {
        int n = history.size();
        if (patienceSteps <= 0 || n < 2 * patienceSteps) {
            return false;
        }
        double recent = 0;
        double before = 0;
        for (int i = 0; i < patienceSteps; i++) {
            recent += history.get(n - 1 - i)[1];
            before += history.get(n - 1 - patienceSteps - i)[1];
        }
        return recent >= before;
    }
}
