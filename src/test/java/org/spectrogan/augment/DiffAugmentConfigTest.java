package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.gan.DiffAugment;
import org.spectrogan.gan.GanConfig;

/** The pipeline key {@code gan.diffAugment}: read onto the GAN's settings, keys left out are 0, bad values named. */
class DiffAugmentConfigTest {
    @TempDir
    Path dir;

    Path write(String gan) throws Exception {
        return pipelineWithGan(dir, gan);
    }

    /** A minimal pipeline file in {@code dir} whose {@code gan} section is the given JSON object. */
    static Path pipelineWithGan(Path dir, String gan) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\", "
                + "\"features\": {\"kind\": \"de\"}, \"gan\": " + gan + "}");
        return p;
    }

    @Test
    void theStrengthsReachTheGanConfigAndDefaultToOff() throws Exception {
        GanConfig on = PipelineConfig.load(write("{\"diffAugment\": {\"noise\": 0.1, \"scale\": 0.2}}")).ganConfig();
        assertEquals(new DiffAugment.Strength(0.1, 0.2, 0, 0, 0, 0), on.diffAugment());
        GanConfig off = PipelineConfig.load(write("{\"steps\": 10}")).ganConfig();
        assertEquals(DiffAugment.Strength.OFF, off.diffAugment());
        assertEquals(GanConfig.DEFAULT_DIFF_AUGMENT, off.diffAugment());
    }

    @Test
    void badStrengthsAndUnknownKeysAreErrorsNamingTheFileAndKey() throws Exception {
        Path p = write("{\"diffAugment\": {\"mixup\": 0.9}}");
        String m = assertThrows(SpectroganException.class, () -> PipelineConfig.load(p)).getMessage();
        assertTrue(m.startsWith(p.toString()) && m.contains("mixup") && m.contains("0.9"), m);
        Path q = write("{\"diffAugment\": {\"nosie\": 0.1}}");
        m = assertThrows(SpectroganException.class, () -> PipelineConfig.load(q)).getMessage();
        assertTrue(m.contains("nosie"), m);
    }
}
