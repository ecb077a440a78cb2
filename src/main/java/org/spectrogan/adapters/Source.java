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
    private final ReadBudget budget;

    private Source(Path path, Path diskFile, ZipFile zip, ZipEntry entry, ReadBudget budget) {
        this.path = path;
        this.diskFile = diskFile;
        this.zip = zip;
        this.entry = entry;
        this.budget = budget;
    }

    static Source ofFile(Path file, ReadBudget budget) {
        return new Source(file, file, null, null, budget);
    }

    /** An entry whose name {@link Recordings} has checked (no NUL, not absolute, no {@code ..}). */
    static Source ofZipEntry(Path zipPath, ZipFile zip, ZipEntry entry, ReadBudget budget) {
        return new Source(zipPath.resolve(entry.getName()), null, zip, entry, budget);
    }

    /** The limits of the read this source belongs to. */
    ReadBudget budget() {
        return budget;
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

    /** The size in bytes, or -1 when unknown (a zip entry: the directory's size is not trusted). */
    long sizeBytes() throws IOException {
        return diskFile != null ? Files.size(diskFile) : -1;
    }

    /** Whether the bytes come out of a decompressor (a zip entry): readers must not trust declared sizes. */
    boolean compressed() {
        return diskFile == null;
    }

    /** The bytes; a zip entry's decompressed bytes are charged to the read's budget as they stream. */
    InputStream openStream() throws IOException {
        if (diskFile != null) {
            return Files.newInputStream(diskFile);
        }
        return new Charged(zip.getInputStream(entry));
    }

    /** Charges every byte read to the budget (and so stops a zip bomb while it inflates). */
    private final class Charged extends java.io.FilterInputStream {
        Charged(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                budget.chargeBytes(path, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                budget.chargeBytes(path, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(n);
            if (k > 0) {
                budget.chargeBytes(path, k);
            }
            return k;
        }
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

    /** Up to {@code n} first bytes (not charged: a few bytes to sniff the format). */
    byte[] head(int n) throws IOException {
        try (InputStream in = diskFile != null ? Files.newInputStream(diskFile) : zip.getInputStream(entry)) {
            return in.readNBytes(n);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
