package org.spectrogan.common;

import java.nio.file.Path;

/**
 * A problem with what the user gave (a file, a value, a configuration), as opposed to a bug.
 * The CLI prints its message on one line and exits with status 2; the message always names the file or
 * the value at fault and what is wrong with it.
 */
public class SpectroganException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpectroganException(String message) {
        super(message);
    }

    public SpectroganException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An error about one file: the message reads {@code "<file>: <problem>"}. */
    public static SpectroganException inFile(Path file, String problem) {
        return new SpectroganException(file + ": " + problem);
    }

    /** An error about one file, keeping the underlying cause for {@code --debug}. */
    public static SpectroganException inFile(Path file, String problem, Throwable cause) {
        return new SpectroganException(file + ": " + problem, cause);
    }
}
