package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;

/** Resume compatibility is one key: everything that changes the trajectory, early stopping included. */
class ResumeKeyTest {
    @Test
    void onlyStepsThreadsAndCheckpointIntervalLeaveTheKeyUnchanged() {
        GanConfig c = GanTestData.small(GanConfig.Loss.WGAN_GP, 8, "PyTorch");
        GanConfig others = c.toBuilder().optSteps(99).optEngine("pytorch").optThreads(c.threads() + 1)
                .optCheckpointEvery(c.checkpointEvery() + 7).build();
        assertEquals(c.resumeKey(), others.resumeKey());
        assertNotEquals(c.resumeKey(), c.toBuilder().optEarlyStopPatienceSteps(c.earlyStopPatienceSteps() + 50).build().resumeKey());
        assertNotEquals(c.resumeKey(), c.toBuilder().optSeed(c.seed() + 1).build().resumeKey());
    }

    @Test
    void aChangedEarlyStopPatienceRefusesToResume(@TempDir Path tmp) {
        Path dir = tmp.resolve("model");
        GanConfig config = GanTestData.small(GanConfig.Loss.WGAN_GP, 4, "PyTorch");
        Gan.train(GanTestData.twoClasses(2), config, dir, false, TrainingListener.NONE).close();
        GanConfig longer = config.toBuilder().optSteps(8).build();
        SpectroganException e = assertThrows(SpectroganException.class, () -> Gan.train(GanTestData.twoClasses(2),
                longer.toBuilder().optEarlyStopPatienceSteps(100).build(), dir, true, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("settings differ") && e.getMessage().contains("earlyStopPatienceSteps=100"), e.getMessage());
        // the same key with more steps resumes
        try (GanModel m = Gan.train(GanTestData.twoClasses(2), longer, dir, true, TrainingListener.NONE)) {
            assertEquals(8, m.lossHistory().size());
        }
    }
}
