package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configuration error class of issue 14 stops {@code augment} before any data is read, naming the pipeline
 * file and the key. The data folder holds a file no reader accepts: had the data been read first, the error would
 * name that file instead.
 */
class ConfigBeforeDataTest {
    @TempDir
    Path dir;

    private Path pipeline(String gan, String extra) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("broken.txt"), "not,a,number\n");
        Files.writeString(dir.resolve("adapter.json"), "{\"format\": \"text\", \"rateHz\": 128, \"labelFrom\": \"folder\"}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"name\": \"p\", \"input\": {\"data\": \"data\"}, \"adapter\": \"adapter.json\","
                + " \"features\": {\"kind\": \"de\", \"windowSeconds\": 1, \"stepSeconds\": 1}, \"gan\": " + gan + extra + "}");
        return p;
    }

    private String refused(Path p, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "augment";
        args[1] = p.toString();
        args[2] = "--no-progress";
        System.arraycopy(more, 0, args, 3, more.length);
        CliRun r = CliRun.of(args);
        assertEquals(Main.EXIT_BAD_INPUT, r.status(), r.err());
        assertFalse(r.err().contains("broken.txt"), "the data was read before the check: " + r.err());
        assertTrue(Files.notExists(dir.resolve("out")) && Files.notExists(Path.of("out", "p")), "nothing written");
        return r.err();
    }

    @Test
    void everyConfigurationErrorClassIsRefusedBeforeTheDataNamingFileAndKey() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"steps\": 0}", "gan.steps must be >= 1");
        cases.put("{\"steps\": -3}", "gan.steps must be >= 1");
        cases.put("{\"batch\": 1}", "gan.batch must be >= 2 rows, got 1");
        cases.put("{\"threads\": 0}", "gan.threads must be >= 1");
        cases.put("{\"learningRate\": -0.01}", "gan.learningRate must be > 0");
        cases.put("{\"hidden\": []}", "gan.hidden must list one or more layer widths");
        cases.put("{\"steps\": \"100\"}", "gan.steps: expected an integer, got the string \"100\"");
        cases.put("{\"steps\": 10.5}", "gan.steps: expected an integer, got the number 10.5");
        cases.put("{\"steps\": null}", "'gan.steps' is null");
        for (var c : cases.entrySet()) {
            Path p = pipeline(c.getKey(), "");
            String err = refused(p);
            assertTrue(err.contains(p + ": ") && err.contains(c.getValue()), c.getKey() + " -> " + err);
            // a budget on the command line does not hide it
            assertTrue(refused(p, "--quick").contains(c.getValue()), c.getKey());
            assertTrue(refused(p, "--steps", "20").contains(c.getValue()), c.getKey());
        }
        Path p = pipeline("{}", ", \"evaluation\": {\"classifiers\": [\"deepnet\"]}");
        assertTrue(refused(p).contains("evaluation.classifiers"), refused(p));
        p = pipeline("{}", ", \"features2\": {}");
        assertTrue(refused(p).contains("features2"), refused(p));
        Files.writeString(p, Files.readString(pipeline("{}", "")).replace("\"windowSeconds\": 1", "\"windowSeconds\": \"1\""));
        assertTrue(refused(p).contains("features.windowSeconds: expected a number"), refused(p));
    }

    @Test
    void stepsZeroOnTheCommandLineIsAnErrorNotTheDefault() throws Exception {
        Path p = pipeline("{\"steps\": 50}", "");
        String err = refused(p, "--steps", "0");
        assertTrue(err.contains("--steps must be >= 1 generator steps, got 0"), err);
        assertTrue(refused(p, "--steps", "-2").contains("--steps must be >= 1"), err);
    }

    @Test
    void trainChecksItsSettingsBeforeReadingTheFeatures() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.csv"), "label,x\na,not-a-number\n");
        for (String[] flags : new String[][] {{"--steps", "0"}, {"--batch", "1"}, {"--threads", "0"}, {"--lr", "-1"}, {"--latent", "0"}}) {
            CliRun r = CliRun.of("train", "--features", broken.toString(), "--out", dir.resolve("m").toString(), "--quiet", flags[0], flags[1]);
            assertEquals(Main.EXIT_BAD_INPUT, r.status(), r.err());
            assertFalse(r.err().contains("broken.csv"), String.join(" ", flags) + ": " + r.err());
            assertTrue(Files.notExists(dir.resolve("m")), "no model folder made");
        }
    }
}
