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

    private static List<double[]> history(double... w) {
        List<double[]> h = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            h.add(new double[] {i + 1, w[i], 0, 0});
        }
        return h;
    }

    @Test
    void stopsOnlyWhenTheLastWindowIsNotLowerThanTheOneBefore() {
        // patience 2: windows (5 + 4) vs (3 + 2): falling, go on
        assertFalse(EarlyStopping.shouldStop(history(5, 4, 3, 2), 2));
        // (3 + 3) vs (3 + 3): flat, stop
        assertTrue(EarlyStopping.shouldStop(history(9, 3, 3, 3, 3), 2));
        // (2 + 1.5) vs (1 + 2): 3.5 >= 3, stop; (1 + 1.5) vs (2 + 2): still falling
        assertTrue(EarlyStopping.shouldStop(history(1, 2, 2, 1.5), 2));
        assertFalse(EarlyStopping.shouldStop(history(2, 2, 1, 1.5), 2));
        // rising: (1 + 1) vs (2 + 2)
        assertTrue(EarlyStopping.shouldStop(history(1, 1, 2, 2), 2));
        // fewer than 2P steps: never
        assertFalse(EarlyStopping.shouldStop(history(1, 1, 1), 2));
        // off
        assertFalse(EarlyStopping.shouldStop(history(1, 1, 1, 1, 1, 1), 0));
    }

    @Test
    void trainingStopsAtTheFirstStepTheRuleHoldsAndResumeDoesNotGoOn() throws Exception {
        int patience = 15;
        TrainingSet data = GanTestData.twoClasses(3);
        GanConfig config = GanTestData.small(GanConfig.Loss.WGAN_GP, 3000, "PyTorch").withEarlyStopPatienceSteps(patience);
        List<double[]> history;
        try (GanModel m = Gan.train(data, config, tmp.resolve("m"), false, TrainingListener.NONE)) {
            history = m.lossHistory();
        }
        int stoppedAt = history.size();
        assertTrue(stoppedAt < 3000, "stopped early, at " + stoppedAt);
        assertTrue(stoppedAt >= 2 * patience);
        double[] w = history.stream().mapToDouble(r -> r[1]).toArray();
        for (int s = 2 * patience; s <= stoppedAt; s++) {
            double recent = 0;
            double before = 0;
            for (int i = s - patience; i < s; i++) {
                recent += w[i];
                before += w[i - patience];
            }
            assertEquals(s == stoppedAt, recent >= before, "rule at step " + s);
        }
        byte[] weights = GanTrainingTest.weights(tmp.resolve("m"));
        try (GanModel m = Gan.train(data, config, tmp.resolve("m"), true, TrainingListener.NONE)) {
            assertEquals(stoppedAt, m.lossHistory().size());
        }
        assertArrayEquals(weights, GanTrainingTest.weights(tmp.resolve("m")));
    }
}
