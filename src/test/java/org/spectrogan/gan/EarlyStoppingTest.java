package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The early-stopping rule on hand-made histories, and in a training run (stop step, checkpoint, resume). */
class EarlyStoppingTest {
    @TempDir
    Path tmp;

    private static List<LossPoint> history(double... w) {
        List<LossPoint> h = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            h.add(new LossPoint(i + 1, w[i], 0, 0));
        }
        return h;
    }

    @Test
    void stopsOncePastThePeakWithoutANewLowForThePatience() {
        // patience 4: window 1 (no smoothing)
        assertFalse(EarlyStopping.shouldStop(history(1, 2, 3, 4, 5, 6, 7, 8), 4), "still rising");
        assertFalse(EarlyStopping.shouldStop(history(1, 5, 4, 3, 2, 1, 0, -1), 4), "still falling after the peak");
        // peak 5 at step 2, last low 3 at step 4, four steps without a new low
        assertTrue(EarlyStopping.shouldStop(history(1, 5, 4, 3, 3, 3, 3, 3), 4));
        assertFalse(EarlyStopping.shouldStop(history(1, 5, 4, 3, 3, 3, 3), 4), "three steps only");
        assertTrue(EarlyStopping.shouldStop(history(1, 1, 1, 1, 1, 1), 4), "flat from the start");
        // patience 8: window 2; smoothed 1, 3, 5, 5, 3, 2, 2, ... peak at step 4, last low at step 7
        double[] w = {0, 2, 4, 6, 4, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
        assertFalse(EarlyStopping.shouldStop(history(java.util.Arrays.copyOf(w, 14)), 8));
        assertTrue(EarlyStopping.shouldStop(history(w), 8));
        assertFalse(EarlyStopping.shouldStop(history(w), 0), "off");
    }

    @Test
    void trainingStopsAtTheFirstStepTheRuleHoldsAndResumeDoesNotGoOn() throws Exception {
        int patience = 15;
        TrainingSet data = GanTestData.twoClasses(3);
        GanConfig config = GanTestData.small(GanConfig.Loss.WGAN_GP, 3000, "PyTorch").toBuilder().optEarlyStopPatienceSteps(patience).build();
        List<LossPoint> history;
        try (GanModel m = Gan.train(data, config, tmp.resolve("m"), false, TrainingListener.NONE)) {
            history = m.lossHistory();
        }
        int stoppedAt = history.size();
        assertTrue(stoppedAt < 3000, "stopped early, at " + stoppedAt);
        assertTrue(stoppedAt > patience);
        for (int s = 1; s < stoppedAt; s++) {
            assertFalse(EarlyStopping.shouldStop(history.subList(0, s), patience), "the rule held before, at step " + s);
        }
        assertTrue(EarlyStopping.shouldStop(history, patience));
        byte[] weights = GanTrainingTest.weights(tmp.resolve("m"));
        try (GanModel m = Gan.train(data, config, tmp.resolve("m"), true, TrainingListener.NONE)) {
            assertEquals(stoppedAt, m.lossHistory().size());
        }
        assertArrayEquals(weights, GanTrainingTest.weights(tmp.resolve("m")));
    }
}
