package org.spectrogan.adapters;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One file to read: a file on disk or an entry of a zip archive. {@link #path()} names it in messages and
 * becomes the recording's source path ({@code archive.zip/inner/path.wav} for zip entries).
 */
final class Source {
    private final Path path;
    private final Path diskFile;
    private final ZipFile zip;
    private final ZipEntry entry;

    private Source(Path path, Path diskFile, ZipFile zip, ZipEntry entry) {
        this.path = path;
        this.diskFile = diskFile;
        this.zip = zip;
        this.entry = entry;
    }

    static Source ofFile(Path file) {
        return new Source(file, file, null, null);
    }

    static Source ofZipEntry(Path zipPath, ZipFile zip, ZipEntry entry) {
        return new Source(zipPath.resolve(entry.getName()), null, zip, entry);
    }

    /** The name shown in messages and kept as the recording's source path. */
    Path path() {
        return path;
    }

    /** The file on disk, or null for a zip entry. */
    Path diskFile() {
        return diskFile;
    }

    String fileName() {
        return path.getFileName().toString();
    }

    /** The file name without its extension. */
    String baseName() {
        String n = fileName();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** The lower-case extension without the dot, or "". */
    String extension() {
        String n = fileName();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** The name of the folder holding the file (inside the zip for entries), or "" at the top. */
    String folderName() {
        Path parent = path.getParent();
        return parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
    }

    /** The size in bytes, or -1 when unknown. */
    long sizeBytes() throws IOException {
        return diskFile != null ? Files.size(diskFile) : entry.getSize();
    }

    InputStream openStream() throws IOException {
        return diskFile != null ? Files.newInputStream(diskFile) : zip.getInputStream(entry);
    }

    InputStream openBuffered() throws IOException {
        return new BufferedInputStream(openStream(), 1 << 16);
    }

    ReadableByteChannel openChannel() throws IOException {
        return diskFile != null ? FileChannel.open(diskFile, StandardOpenOption.READ) : Channels.newChannel(openStream());
    }

    byte[] readAllBytes() throws IOException {
        if (diskFile != null) {
            return Files.readAllBytes(diskFile);
        }
        try (InputStream in = openStream()) {
            return in.readAllBytes();
        }
    }

    /** Up to {@code n} first bytes. */
    byte[] head(int n) throws IOException {
        try (InputStream in = openStream()) {
            return in.readNBytes(n);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
