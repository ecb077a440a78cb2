package org.spectrogan;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where tests find ../shared (data and scipy/MNE reference values). Tests that need a file call
 * {@link #require(String)}, which skips the test with a clear message when the file is absent.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The shared folder: system property spectrogan.shared (set by the build), else ../shared. */
    public static Path root() {
        String p = System.getProperty("spectrogan.shared");
        return (p != null ? Path.of(p) : Path.of("..", "shared")).toAbsolutePath().normalize();
    }

    /** The project root: system property spectrogan.root (set by the build), else the working folder. */
    public static Path projectRoot() {
        String p = System.getProperty("spectrogan.root");
        return (p != null ? Path.of(p) : Path.of("")).toAbsolutePath().normalize();
    }

    /**
     * The shared file or folder at {@code relative}. When it is absent the test is skipped saying which is
     * missing, except under {@code CI=true}, where a missing ../shared is a failure (a CI without the data must
     * not pass by skipping everything).
     */
    public static Path require(String relative) {
        return require(relative, System.getenv(), root());
    }

    /** {@link #require(String)} with the environment and the shared root given (for its own test). */
    static Path require(String relative, Map<String, String> env, Path root) {
        Path p = root.resolve(relative);
        if (!Files.exists(p)) {
            if ("true".equalsIgnoreCase(env.getOrDefault("CI", "").trim())) {
                fail("shared data " + p + " is absent and CI=true: put ../shared beside the checkout (tests do not skip under CI)");
            }
            assumeTrue(false, () -> "skipped: shared data " + p + " is absent (put ../shared beside the checkout)");
        }
        return p;
    }
}
