package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.gan.DiffAugment;
import org.spectrogan.gan.GanConfig;
import picocli.CommandLine;

/**
 * {@code spectrogan train}'s flags for the pipeline's gan keys it lacked ({@code selectBy}, {@code scoreEverySteps},
 * {@code emaWarmup}, {@code beta1}, {@code beta2}, {@code lambda}, {@code clip}, {@code diffAugment}): each reaches
 * the GAN's settings, a bad value is a one-line error naming the flag before the features are read, and
 * {@code --select-by quality} holds out whole groups of the CSV and keeps the best-scoring snapshot.
 */
class TrainFlagsTest {
    @TempDir
    Path dir;

    private static GanConfig parse(String... flags) {
        TrainCommand c = new TrainCommand();
        List<String> args = new ArrayList<>(List.of("--features", "f.csv", "--out", "m"));
        args.addAll(List.of(flags));
        new CommandLine(c).parseArgs(args.toArray(String[]::new));
        return c.config();
    }

    @Test
    void theFlagsReachTheGanConfig() {
        GanConfig g = parse("--select-by", "quality", "--score-every-steps", "7", "--no-ema-warmup", "--beta1", "0.5",
                "--beta2", "0.99", "--lambda", "5", "--clip", "0", "--diff-augment", "noise=0.1,scale=0.2,timeMask=0.3");
        assertEquals(GanConfig.SelectBy.QUALITY, g.selectBy());
        assertEquals(7, g.scoreEverySteps());
        assertFalse(g.emaWarmup());
        assertEquals(0.5, g.beta1());
        assertEquals(0.99, g.beta2());
        assertEquals(5.0, g.gradientPenaltyLambda());
        assertEquals(0.0, g.clipValue());
        assertEquals(new DiffAugment.Strength(0.1, 0.2, 0, 0, 0.3, 0), g.diffAugment());
        assertEquals(0.01, parse("--loss", "wgan-clip", "--clip", "0.01").clipValue());
        assertTrue(parse("--ema-warmup").emaWarmup());
    }

    @Test
    void leftOutTheyAreTheLibraryDefaults() {
        GanConfig g = parse();
        GanConfig library = GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).build();
        assertEquals(library.selectBy(), g.selectBy());
        assertEquals(GanConfig.SelectBy.WASSERSTEIN, g.selectBy());
        assertEquals(library.scoreEverySteps(), g.scoreEverySteps());
        assertEquals(library.emaWarmup(), g.emaWarmup());
        assertEquals(library.beta1(), g.beta1());
        assertEquals(library.beta2(), g.beta2());
        assertEquals(library.gradientPenaltyLambda(), g.gradientPenaltyLambda());
        assertEquals(library.clipValue(), g.clipValue());
        assertEquals(DiffAugment.Strength.OFF, g.diffAugment());
    }

    /** The run's stderr, which must be the one line "spectrogan: ..." (exit 2, no model folder, the CSV not read). */
    private String refused(String... flags) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.csv"), "label,x\na,not-a-number\n");
        List<String> args = new ArrayList<>(List.of("train", "--features", broken.toString(), "--out", dir.resolve("m").toString(), "--quiet"));
        args.addAll(List.of(flags));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(Main.EXIT_BAD_INPUT, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("broken.csv"), "refused before the features are read: " + r.err());
        assertTrue(Files.notExists(dir.resolve("m")), "no model folder made");
        return r.err().strip();
    }

    @Test
    void badValuesAreOneLineErrorsNamingTheFlag() throws Exception {
        assertEquals("spectrogan: --select-by must be wasserstein or quality, got 'best'", refused("--select-by", "best"));
        assertEquals("spectrogan: --score-every-steps must be >= 1 generator steps, got 0", refused("--score-every-steps", "0"));
        assertEquals("spectrogan: --beta1 must be in [0, 1), got 1.0", refused("--beta1", "1"));
        assertEquals("spectrogan: --beta2 must be in [0, 1), got -0.1", refused("--beta2", "-0.1"));
        assertEquals("spectrogan: --lambda must be >= 0 (gradient-penalty weight), got -1.0", refused("--lambda", "-1"));
        assertTrue(refused("--loss", "wgan-clip", "--clip", "0").startsWith("spectrogan: --clip must be > 0"));
        assertEquals("spectrogan: --diff-augment noise must be in [0, inf) (z units), got -1.0", refused("--diff-augment", "noise=-1"));
        assertEquals("spectrogan: --diff-augment mixup must be in [0, 0.5] (partner weight), got 0.7", refused("--diff-augment", "mixup=0.7"));
        assertEquals("spectrogan: --diff-augment: unknown key 'blur' (keys: noise, scale, mixup, timeShift, timeMask, frequencyMask)",
                refused("--diff-augment", "blur=1"));
        assertTrue(refused("--select-by", "quality", "--judge", "nope").startsWith("spectrogan: --judge: unknown classifier 'nope'"));
    }

    /** A features CSV of two classes in {@code groups} groups (none: no group column). */
    private Path features(String name, int groups) throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder sb = new StringBuilder(groups > 0 ? "label,group,alpha,beta\n" : "label,alpha,beta\n");
        for (int i = 0; i < 96; i++) {
            String label = i % 2 == 0 ? "open" : "closed";
            double base = i % 2 == 0 ? 1 : 5;
            sb.append(label).append(groups > 0 ? ",s" + (i / 2) % groups : "").append(',').append(base + rng.nextGaussian())
                    .append(',').append(100 + base + rng.nextGaussian()).append('\n');
        }
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    @Test
    void selectByQualityNeedsGroupsAndKeepsTheBestScoringSnapshot() throws Exception {
        Path noGroups = features("nogroups.csv", 0);
        CliRun r = CliRun.of("train", "--features", noGroups.toString(), "--out", dir.resolve("m0").toString(), "--quiet",
                "--select-by", "quality");
        assertEquals(Main.EXIT_BAD_INPUT, r.status(), r.err());
        assertEquals("spectrogan: " + noGroups + ": --select-by quality holds out whole groups of rows to score the GAN's snapshots, "
                + "but the rows have no group column; add a group column (e.g. the recording) or use --select-by wasserstein", r.err().strip());

        Path grouped = features("grouped.csv", 8);
        Path model = dir.resolve("m1");
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            r = CliRun.of("train", "--features", grouped.toString(), "--out", model.toString(), "--quiet", "--steps", "12", "--batch", "16",
                    "--latent", "4", "--hidden", "16,16", "--checkpoint-every", "0", "--select-by", "quality", "--score-every-steps", "4");
        } finally {
            System.setOut(old);
        }
        assertEquals(0, r.status(), r.err());
        String out = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        List<String> curve = Files.readAllLines(model.resolve("quality.csv"));
        assertEquals("step,score", curve.get(0));
        int argmax = -1;
        double best = Double.NEGATIVE_INFINITY;
        List<Integer> steps = new ArrayList<>();
        for (String line : curve.subList(1, curve.size())) {
            String[] f = line.split(",");
            steps.add(Integer.parseInt(f[0]));
            if (Double.parseDouble(f[1]) > best) {
                best = Double.parseDouble(f[1]);
                argmax = Integer.parseInt(f[0]);
            }
        }
        assertEquals(List.of(4, 8, 12), steps);
        // 8 groups of 12 rows, 25% held out: 2 groups (24 rows), the GAN trains on the other 72
        String expected = String.format(java.util.Locale.ROOT, "kept the generator of step %d (quality score %.4f, the best of 3 scores "
                + "every 4 steps on 24 rows of 2 groups (the GAN trained on 72 rows of the other 6); the curve in quality.csv)", argmax, best);
        assertTrue(out.contains(expected), out);
        assertTrue(out.contains("trained wgan-gp on 72 rows, 2 classes, 2 features: 12 steps"), out);
    }
}
