package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.spectrogan.gan.LossPoint;

/** Without a terminal, progress is plain lines: no carriage returns, at most one line per few seconds. */
class BarProgressTest {
    @Test
    void plainModeWritesStageLinesAndNoRedraws() {
        StringWriter out = new StringWriter();
        try (AugmentCommand.BarProgress p = new AugmentCommand.BarProgress(new PrintWriter(out), false)) {
            p.stage("training the GAN");
            p.onTrainingBegin(0, 10_000);
            for (int s = 1; s <= 10_000; s++) {
                p.onStep(new LossPoint(s, 0.5, -0.5, 0.1));
            }
            p.onTrainingEnd(10_000, false);
            for (int i = 0; i < 1000; i++) {
                p.tick("fit " + i);
            }
        }
        String text = out.toString();
        assertFalse(text.contains("\r"), text);
        assertTrue(text.startsWith("» training the GAN\n"), text);
        assertTrue(text.contains("GAN: 10000 steps, Wasserstein estimate 0.5000"), text);
        // 11,000 events in well under the 5 s interval (or a few intervals on a slow machine): a handful of lines
        assertTrue(text.lines().count() < 20, text);
    }
}
