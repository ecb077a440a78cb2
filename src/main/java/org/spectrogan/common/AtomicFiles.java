package org.spectrogan.common;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The one place for output safety. Outputs are written to a hidden temporary file or folder beside the target
 * ({@code .X.tmp-<pid>-<random>}) and moved into place, so a reader never sees a half-written output and a failure
 * leaves nothing behind; the temporaries of a killed run (their process is gone) are removed by the next write
 * beside the same target. A folder spectrogan writes holds a {@link #MARKER} file (command, version), and only
 * such a folder is ever replaced ({@code --overwrite}); names taken from a pipeline file are checked to be one
 * plain path component ({@link #requireSafeName}).
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that writes a whole file to a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically through {@code writer}. Parent folders are created. */
    public static void write(Path target, StreamWriter writer) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            removeStaleTemporaries(absolute);
            tmp = Files.createTempFile(dir, temporaryPrefix(absolute), ".tmp");
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.writeTo(out);
            }
            moveIntoPlace(tmp, absolute);
            tmp = null;
        } catch (IOException e) {
            throw new SpectroganException(target + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort clean-up of our own temporary file
                }
            }
        }
    }

    /** Writes a UTF-8 text file atomically. */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Moves a finished temporary file or folder over {@code target}, atomically where the file system can. */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Refuses to overwrite files the user already has: throws unless none of {@code targets} exists, or
     * {@code overwrite} is set; a target that is a folder is always an error (these name files).
     */
    public static void requireAbsentOrOverwrite(boolean overwrite, Path... targets) {
        for (Path target : targets) {
            if (Files.isDirectory(target)) {
                throw new SpectroganException(target + ": is a folder; this output is a file");
            }
            if (Files.exists(target) && !overwrite) {
                throw new SpectroganException(target + ": already exists; choose another output or pass --overwrite");
            }
        }
    }

    /** {@link #requireAbsentOrOverwrite(boolean, Path...)} for one file. */
    public static void requireAbsentOrOverwrite(Path target, boolean overwrite) {
        requireAbsentOrOverwrite(overwrite, target);
    }

    // ---- folders spectrogan writes: the marker, replacement, temporaries ----

    /** The file in every output folder spectrogan writes; only a folder holding it is ever replaced. */
    public static final String MARKER = ".spectrogan-output";
    private static final String MARKER_SIGNATURE = "\"writtenBy\": \"spectrogan\"";

    /** Writes the {@link #MARKER} into {@code dir}: which command wrote it, the version, the process. */
    public static void writeMarker(Path dir, String command) {
        String json = "{" + MARKER_SIGNATURE + ", \"command\": \"" + command.replaceAll("[\"\\\\\\p{Cntrl}]", "?")
                + "\", \"version\": \"" + Provenance.spectroganVersion() + "\", \"pid\": " + ProcessHandle.current().pid() + "}\n";
        try {
            Files.writeString(dir.resolve(MARKER), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpectroganException(dir.resolve(MARKER) + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** True when {@code dir} is a folder spectrogan wrote (it holds the {@link #MARKER}). */
    public static boolean isOwned(Path dir) {
        Path m = dir.resolve(MARKER);
        if (!Files.isDirectory(dir) || !Files.isRegularFile(m)) {
            return false;
        }
        try {
            return Files.size(m) < 4096 && Files.readString(m, StandardCharsets.UTF_8).contains(MARKER_SIGNATURE);
        } catch (IOException e) {
            return false;
        }
    }

    /** True when {@code dir} is a folder with nothing in it. */
    public static boolean isEmptyFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new SpectroganException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Checks, before any work, that the output folder {@code out} may be written: absent; or with
     * {@code overwrite}, a folder spectrogan wrote (an empty folder is fine too). A user's folder (no
     * {@link #MARKER}) or a file is never replaced, whatever the flags.
     */
    public static void requireReplaceableFolder(Path out, boolean overwrite) {
        if (!Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new SpectroganException(out + ": exists and is not a folder; choose another output folder");
        }
        if (isEmptyFolder(out)) {
            return;
        }
        if (!overwrite) {
            throw new SpectroganException(out + ": already exists; choose another output folder or pass --overwrite");
        }
        if (!isOwned(out)) {
            throw new SpectroganException(out + ": was not written by spectrogan (no " + MARKER
                    + " file in it); --overwrite only replaces spectrogan's own output folders, so choose another folder");
        }
    }

    /**
     * A new hidden temporary folder beside {@code target} ({@code .X.tmp-<pid>-<random>}) holding the
     * {@link #MARKER}; the temporaries a killed run left beside {@code target} are removed first.
     */
    public static Path createTemporaryFolderBeside(Path target, String command) {
        Path out = target.toAbsolutePath().normalize();
        try {
            Files.createDirectories(out.getParent());
            removeStaleTemporaries(out);
            Path tmp = Files.createTempDirectory(out.getParent(), temporaryPrefix(out));
            try {
                // temporary folders are private; the finished output folder should not be
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the defaults
            }
            writeMarker(tmp, command);
            return tmp;
        } catch (IOException e) {
            throw new SpectroganException(out + ": cannot create the output folder (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Moves the finished temporary folder {@code tmp} to {@code out}. An existing {@code out} is replaced only
     * with {@code overwrite} and only when spectrogan wrote it (or it is empty), as
     * {@link #requireReplaceableFolder}; the old folder is set aside under a temporary name first and deleted
     * after the move, so {@code out} is never half old and half new.
     */
    public static void replaceFolder(Path tmp, Path out, boolean overwrite) {
        Path target = out.toAbsolutePath().normalize();
        try {
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (!overwrite && !isEmptyFolder(target)) {
                    throw new SpectroganException(target + ": appeared while the job ran; the result stays in " + tmp);
                }
                requireReplaceableFolder(target, true);
                Path old = Files.createTempDirectory(target.getParent(), oldPrefix(target));
                Files.delete(old);
                Files.move(target, old);
                Files.move(tmp, target);
                deleteTree(old);
            } else {
                Files.move(tmp, target);
            }
        } catch (IOException e) {
            throw new SpectroganException(target + ": cannot move the finished output into place (" + e.getMessage() + ")", e);
        }
    }

    private static String temporaryPrefix(Path target) {
        return "." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-";
    }

    private static String oldPrefix(Path target) {
        return "." + target.getFileName() + ".old-" + ProcessHandle.current().pid() + "-";
    }

    /**
     * Removes the temporary files and folders beside {@code target} ({@code .X.tmp-<pid>-*}, {@code .X.old-<pid>-*})
     * whose process is no longer running: what a killed run left. Those of a running process (another run
     * writing the same output) are left alone. Returns how many were removed.
     */
    public static int removeStaleTemporaries(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null || !Files.isDirectory(dir)) {
            return 0;
        }
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote("." + abs.getFileName()) + "\\.(?:tmp|old)-(\\d{1,19})-.*");
        int removed = 0;
        String start = "." + abs.getFileName() + ".";
        try (var s = Files.newDirectoryStream(dir, q -> q.getFileName().toString().startsWith(start))) {
            for (Path q : s) {
                var m = p.matcher(q.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    deleteTree(q);
                    removed++;
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            // best effort: a leftover is hidden and named as a temporary
        }
        return removed;
    }

    /**
     * Checks that {@code name}, taken from {@code file} under {@code key}, is one plain path component, so an
     * output named after it stays inside its output root: not blank, not {@code .} or {@code ..}, no path
     * separator, drive letter or control character. Throws naming the file, the key and the value.
     */
    public static String requireSafeName(Path file, String key, String name) {
        String why = null;
        if (name == null || name.isBlank()) {
            why = "is empty";
        } else if (name.equals(".") || name.equals("..")) {
            why = "is '" + name + "', which names a folder, not an output";
        } else if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            why = "holds a path separator";
        } else if (name.indexOf(':') >= 0) {
            why = "holds ':' (a drive letter or stream name)";
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            why = "holds a control character";
        } else if (name.length() > 200) {
            why = "is longer than 200 characters";
        }
        if (why != null) {
            String shown = name == null ? "null" : name.length() > 80 ? name.substring(0, 77) + "..." : name;
            throw SpectroganException.inFile(file, key + " '" + shown.replaceAll("\\p{Cntrl}", "?") + "' " + why
                    + "; it names an output folder, so it must be a plain name such as 'my-pipeline'");
        }
        return name;
    }

    /** Deletes a file tree; used only on our own temporary folders. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover temporary folder is named as such
        }
    }
}
