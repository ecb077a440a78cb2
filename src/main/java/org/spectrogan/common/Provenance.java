package org.spectrogan.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Versions and the git commit of this build, for manifests and checkpoints. */
public final class Provenance {
    private Provenance() {
    }

    /** The spectrogan version from the jar manifest, or "dev" when run from classes. */
    public static String spectroganVersion() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The git commit of the working directory, or "unknown" when git or the repository is absent. */
    public static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Java, OS and spectrogan versions plus the git commit. */
    public static Map<String, String> environment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spectrogan", spectroganVersion());
        m.put("gitCommit", gitCommit());
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        return m;
    }

    /** SHA-256 per input file, in the order given. */
    public static Map<String, String> inputHashes(Iterable<Path> files) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Path f : files) {
            if (Files.isRegularFile(f)) {
                m.put(f.toString(), Hashing.sha256(f));
            }
        }
        return m;
    }
}
