package org.spectrogan.adapters;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link Recordings#readWithReport} call found and did not read, so nothing is dropped silently: per
 * reason, how many files and one example name (the first in name order).
 *
 * @param filesFound regular files seen (in the folder tree, or entries of the zip; 1 for a single file)
 * @param recordingsRead files read as recordings
 * @param skipped reason -> count and example, in the order the reasons were first met; reasons are the
 *                constants of this record
 */
public record ReadReport(int filesFound, int recordingsRead, Map<String, Skipped> skipped) {
    /** Hidden files (name starting with '.'), macOS resource forks (__MACOSX/) and directory entries. */
    public static final String HIDDEN = "hidden file";
    /** Files whose name does not match the adapter's {@code include} glob (matched ignoring case). */
    public static final String NOT_INCLUDED = "name does not match include";
    /** Files whose extension is not one of a reader's (format auto) or of the chosen format. */
    public static final String UNKNOWN_EXTENSION = "unknown extension";
    /** With format auto and no include, files of a less common format than the folder's main one. */
    public static final String OTHER_FORMAT = "other format than the folder's";
    /** Files whose name the label or group regex does not match ({@code onUnmatched: skip}). */
    public static final String UNMATCHED_NAME = "name does not match the label or group pattern";
    /** EDF+ files that hold only annotations (e.g. hypnograms): read them with {@link EdfAnnotations}. */
    public static final String ANNOTATIONS_ONLY = "EDF+ annotations only";

    /** How many files were skipped for one reason, and the first of them. */
    public record Skipped(int count, String example) {
    }

    public ReadReport {
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    /** Files skipped for every reason together. */
    public int skippedTotal() {
        return skipped.values().stream().mapToInt(Skipped::count).sum();
    }

    /** Files skipped for this reason (0 if none). */
    public int skipped(String reason) {
        Skipped s = skipped.get(reason);
        return s == null ? 0 : s.count();
    }

    /** One line per reason, e.g. {@code "3 file(s): unknown extension (e.g. notes.pdf)"}. */
    public java.util.List<String> lines() {
        return skipped.entrySet().stream().map(e -> e.getValue().count() + " file(s): " + e.getKey() + " (e.g. "
                + Numbers.shown(e.getValue().example()) + ")").toList();
    }

    /** Collects counts while a folder or zip is read. */
    static final class Builder {
        private int found;
        private int read;
        private final Map<String, Skipped> skipped = new LinkedHashMap<>();

        void found() {
            found++;
        }

        void read() {
            read++;
        }

        void skip(String reason, String name) {
            skipped.merge(reason, new Skipped(1, name), (a, b) -> new Skipped(a.count() + 1, a.example()));
        }

        int skipped(String reason) {
            Skipped s = skipped.get(reason);
            return s == null ? 0 : s.count();
        }

        ReadReport build() {
            return new ReadReport(found, read, skipped);
        }
    }
}
