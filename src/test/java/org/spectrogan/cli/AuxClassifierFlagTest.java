package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --aux-classifier-weight}: reaches the trained model's settings; bad values refused before the data. */
class AuxClassifierFlagTest {
    @TempDir
    Path dir;

    @Test
    void theFlagReachesTheModelAndBadValuesAreRefusedBeforeReadingTheFeatures() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.csv"), "label,x\na,not-a-number\n");
        CliRun concat = CliRun.of("train", "--features", broken.toString(), "--out", dir.resolve("m").toString(), "--quiet",
                "--critic", "concat", "--aux-classifier-weight", "0.5");
        assertEquals(Main.EXIT_BAD_INPUT, concat.status(), concat.err());
        assertTrue(concat.err().contains("--aux-classifier-weight 0.5 needs critic projection")
                && !concat.err().contains("broken.csv"), concat.err());
        CliRun negative = CliRun.of("train", "--features", broken.toString(), "--out", dir.resolve("m").toString(),
                "--quiet", "--critic", "projection", "--aux-classifier-weight", "-2");
        assertEquals(Main.EXIT_BAD_INPUT, negative.status(), negative.err());
        assertTrue(negative.err().contains("--aux-classifier-weight must be >= 0") && negative.err().contains("got -2.0"),
                negative.err());
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
                "--steps", "5", "--batch", "16", "--latent", "4", "--hidden", "16,16", "--critic", "projection",
                "--aux-classifier-weight", "0.5");
        assertEquals(0, ok.status(), ok.err());
        Path state = dir.resolve("m").resolve(Files.readString(dir.resolve("m").resolve("LATEST")).trim()).resolve("state.json");
        String json = Files.readString(state);
        assertTrue(json.replaceAll("\\s", "").contains("\"auxClassifierWeight\":0.5"), json);
        assertTrue(json.contains("critic.auxClassifier.weight"), "the head is in the checkpoint's tensors");
    }
}
