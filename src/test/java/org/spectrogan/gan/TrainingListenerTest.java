package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener hears named events in order, and its loss points are the model's loss history. */
class TrainingListenerTest {
    @Test
    void eventsArriveInOrderAndStepsMatchTheLossHistory(@TempDir Path tmp) {
        List<String> events = new ArrayList<>();
        List<LossPoint> points = new ArrayList<>();
        TrainingListener l = new TrainingListener() {
            @Override
            public void onTrainingBegin(int firstStep, int totalSteps) {
                events.add("begin " + firstStep + "/" + totalSteps);
            }

            @Override
            public void onStep(LossPoint p) {
                points.add(p);
            }

            @Override
            public void onCheckpoint(int step, Path modelDir) {
                events.add("checkpoint " + step);
            }

            @Override
            public void onTrainingEnd(int lastStep, boolean stoppedEarly) {
                events.add("end " + lastStep + (stoppedEarly ? " early" : ""));
            }
        };
        GanConfig c = GanTestData.small(GanConfig.Loss.WGAN_GP, 6, "PyTorch");
        try (GanModel m = Gan.train(GanTestData.twoClasses(2), c, tmp.resolve("m"), false, l)) {
            assertEquals(List.of("begin 0/6", "checkpoint 6", "end 6"), events.stream()
                    .filter(e -> !e.startsWith("checkpoint") || e.equals("checkpoint 6")).toList());
            assertEquals(6, points.size());
            for (int i = 0; i < 6; i++) {
                assertEquals(m.lossHistory().get(i), points.get(i));
                assertEquals(i + 1, points.get(i).step());
            }
            assertTrue(points.stream().allMatch(p -> Double.isFinite(p.wassersteinEstimate())));
        }
    }
}
