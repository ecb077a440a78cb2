package org.spectrogan;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

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

    /** The shared file or folder at {@code relative}, or the test is skipped saying which is missing. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.exists(p), () -> "skipped: shared data " + p + " is absent (put ../shared beside the checkout)");
        return p;
    }
}
