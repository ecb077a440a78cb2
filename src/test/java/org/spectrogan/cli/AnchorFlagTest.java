package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --anchor}: reaches the trained model (its settings and the anchor's tensors); a bad name is refused before the data. */
class AnchorFlagTest {
    @TempDir
    Path dir;

    @Test
    void theFlagReachesTheModelAndABadNameIsRefusedBeforeReadingTheFeatures() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.csv"), "label,x\na,not-a-number\n");
        CliRun bad = CliRun.of("train", "--features", broken.toString(), "--out", dir.resolve("m").toString(), "--quiet",
                "--anchor", "gauss");
        assertEquals(Main.EXIT_BAD_INPUT, bad.status(), bad.err());
        assertTrue(bad.err().contains("--anchor must be none, gaussian, smote or mixup, got 'gauss'") && !bad.err().contains("broken.csv"),
                bad.err());
        assertTrue(Files.notExists(dir.resolve("m")), "no model folder made");

        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder("label,group,source,t0,alpha,beta\n");
        for (int i = 0; i < 40; i++) {
            double base = i % 2 == 0 ? 1 : 5;
            csv.append(i % 2 == 0 ? "open" : "closed").append(",s").append(i % 4).append(",real,").append(i).append(',')
                    .append(base + rng.nextGaussian()).append(',').append(100 + base + rng.nextGaussian()).append('\n');
        }
        Path good = Files.writeString(dir.resolve("good.csv"), csv.toString());
        CliRun ok = CliRun.of("train", "--features", good.toString(), "--out", dir.resolve("m").toString(), "--quiet",
                "--steps", "5", "--batch", "16", "--latent", "4", "--hidden", "16,16", "--anchor", "gaussian");
        assertEquals(0, ok.status(), ok.err());
        Path state = dir.resolve("m").resolve(Files.readString(dir.resolve("m").resolve("LATEST")).trim()).resolve("state.json");
        String json = Files.readString(state);
        assertTrue(json.replaceAll("\\s", "").contains("\"anchor\":\"GAUSSIAN\""), json);
        assertTrue(json.contains("anchor.mean") && json.contains("anchor.factor"), "the anchor is in the checkpoint's tensors");
    }
}
