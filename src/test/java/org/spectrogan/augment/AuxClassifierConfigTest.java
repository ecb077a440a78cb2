package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.gan.GanConfig;

/** The pipeline key {@code gan.auxClassifierWeight}: read onto the GAN's settings, off by default, bad values named. */
class AuxClassifierConfigTest {
    @TempDir
    Path dir;

    Path write(String gan) throws Exception {
        return DiffAugmentConfigTest.pipelineWithGan(dir, gan);
    }

    @Test
    void theWeightReachesTheGanConfigAndDefaultsToOff() throws Exception {
        GanConfig on = PipelineConfig.load(write("{\"critic\": \"projection\", \"auxClassifierWeight\": 0.5}")).ganConfig();
        assertEquals(0.5, on.auxClassifierWeight());
        assertEquals(GanConfig.Critic.PROJECTION, on.critic());
        GanConfig byDefault = PipelineConfig.load(write("{\"steps\": 10}")).ganConfig();
        assertEquals(GanConfig.Critic.CONCAT, byDefault.critic());
        assertEquals(0.0, byDefault.auxClassifierWeight());
        GanConfig projection = PipelineConfig.load(write("{\"critic\": \"projection\"}")).ganConfig();
        assertEquals(0.0, projection.auxClassifierWeight());
    }

    @Test
    void badValuesAreOneLineErrorsNamingTheFileTheKeyAndTheValue() throws Exception {
        Path negative = write("{\"critic\": \"projection\", \"auxClassifierWeight\": -1}");
        String m = assertThrows(SpectroganException.class, () -> PipelineConfig.load(negative)).getMessage();
        assertTrue(m.startsWith(negative.toString()) && m.contains("gan.auxClassifierWeight must be >= 0")
                && m.endsWith("got -1.0") && !m.contains("\n"), m);
        Path concat = write("{\"critic\": \"concat\", \"auxClassifierWeight\": 1}");
        m = assertThrows(SpectroganException.class, () -> PipelineConfig.load(concat)).getMessage();
        assertTrue(m.startsWith(concat.toString()) && m.contains("gan.auxClassifierWeight 1.0 needs critic projection")
                && !m.contains("\n"), m);
        Path text = write("{\"critic\": \"projection\", \"auxClassifierWeight\": \"lots\"}");
        m = assertThrows(SpectroganException.class, () -> PipelineConfig.load(text)).getMessage();
        assertTrue(m.contains("auxClassifierWeight"), m);
    }
}
