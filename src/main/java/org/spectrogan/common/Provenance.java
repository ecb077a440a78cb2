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

    /**
     * SHA-256 per input file read from {@code root} (a file, a folder or a zip), in the order given: a file on
     * disk is hashed when it lies inside {@code root}; an entry of a zip ({@code archive.zip/inner/name}) is hashed
     * from the zip's bytes of that entry, and the zip itself once. A path outside {@code root} (say an entry with
     * an absolute name) is never looked up on disk: it is left out, so an unrelated file can never be hashed.
     */
    public static Map<String, String> inputHashes(Path root, Iterable<Path> files) {
        Path r = root.toAbsolutePath().normalize();
        Map<String, String> m = new LinkedHashMap<>();
        Map<Path, java.util.zip.ZipFile> zips = new java.util.HashMap<>();
        try {
            for (Path f : files) {
                Path p = f.toAbsolutePath().normalize();
                if (!p.startsWith(r)) {
                    continue;
                }
                Path archive = null;
                for (Path a = p.getParent(); a != null && a.startsWith(r); a = a.getParent()) {
                    if (Files.isRegularFile(a)) {
                        archive = a;
                        break;
                    }
                }
                if (archive == null) {
                    if (Files.isRegularFile(p)) {
                        m.put(f.toString(), Hashing.sha256(p));
                    }
                    continue;
                }
                java.util.zip.ZipFile zip = zips.get(archive);
                if (zip == null) {
                    m.put(archive.toString(), Hashing.sha256(archive));
                    try {
                        zip = new java.util.zip.ZipFile(archive.toFile());
                    } catch (IOException e) {
                        throw SpectroganException.inFile(archive, "cannot open the zip for hashing (" + e.getMessage() + ")", e);
                    }
                    zips.put(archive, zip);
                }
                String entry = archive.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                java.util.zip.ZipEntry e = zip.getEntry(entry);
                if (e == null || e.isDirectory()) {
                    continue;
                }
                try (java.io.InputStream in = zip.getInputStream(e)) {
                    m.put(f.toString(), Hashing.sha256(in, archive + ": entry " + entry));
                } catch (IOException ex) {
                    throw SpectroganException.inFile(archive, "cannot read entry " + entry + " for hashing (" + ex.getMessage() + ")", ex);
                }
            }
        } finally {
            for (java.util.zip.ZipFile z : zips.values()) {
                try {
                    z.close();
                } catch (IOException ignored) {
                    // read-only handle
                }
            }
        }
        return m;
    }
}
