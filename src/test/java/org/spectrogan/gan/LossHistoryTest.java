package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectrogan.common.SpectroganException;

/** loss.csv (also the checkpoint's copy of the history) written from and read back into typed loss points. */
class LossHistoryTest {
    @Test
    void theCsvKeepsEveryPointExactlyAndItsFormat() {
        List<LossPoint> h = List.of(new LossPoint(1, 0.125, -0.1, 3.0e-7), new LossPoint(2, -1.0 / 3, 2.5, 0.0));
        String csv = LossHistory.csv(h);
        // the format of checkpoints written before the history was typed: step as an integer, doubles round-trip
        assertEquals("step,wasserstein_estimate,critic_loss,gradient_penalty\n1,0.125,-0.1,3.0E-7\n2,"
                + (-1.0 / 3) + ",2.5,0.0\n", csv);
        assertEquals(h, LossHistory.parse(csv, Path.of("loss.csv")));
    }

    @Test
    void aCorruptHistoryNamesTheFileAndLine() {
        String m = assertThrows(SpectroganException.class, () -> LossHistory.parse(
                LossHistory.HEADER + "\n1,0.1,0.2,0.3\n2.5,0.1,0.2,0.3\n", Path.of("m/loss.csv"))).getMessage();
        assertTrue(m.contains("loss.csv") && m.contains("line 3") && m.contains("2.5"), m);
        m = assertThrows(SpectroganException.class, () -> LossHistory.parse("w,x\n", Path.of("m/loss.csv"))).getMessage();
        assertTrue(m.contains("unexpected header"), m);
    }
}
