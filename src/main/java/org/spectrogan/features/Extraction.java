package org.spectrogan.features;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What one feature extraction produced and what it left out: the table, how many recordings and windows it
 * started from, and per {@link DropReason} how many were dropped with the name of one example, so that nothing
 * is dropped silently. A recording counts under a reason when at least one of its windows (or, for
 * {@link DropReason#TOO_SHORT}, the whole recording) was dropped for it. Serialises to JSON as it is.
 *
 * @param table             the features rows
 * @param recordingsRead    recordings given to the extraction
 * @param recordingsKept    recordings that gave at least one row
 * @param windowsCut        windows cut from recordings long enough for one (labelled or not)
 * @param drops             one entry per reason that dropped anything, in {@link DropReason} order
 */
public record Extraction(@com.fasterxml.jackson.annotation.JsonIgnore FeatureTable table, int recordingsRead,
                         int recordingsKept, int windowsCut, List<Drop> drops) {

    /**
     * Dropped for one reason: {@code recordings} recordings touched, {@code windows} windows (0 for
     * {@link DropReason#TOO_SHORT}, which drops a recording before any window is cut), and an example: the
     * first such recording's file name, with the window's start in seconds for window drops.
     */
    public record Drop(DropReason reason, int recordings, int windows, String example) {
    }

    public Extraction {
        drops = List.copyOf(drops);
    }

    /** Rows written: one per kept window. */
    public int windowsKept() {
        return table.size();
    }

    /** The drop for {@code reason}, or a zero count with no example. */
    public Drop drop(DropReason reason) {
        return drops.stream().filter(d -> d.reason() == reason).findFirst().orElse(new Drop(reason, 0, 0, ""));
    }

    /** One line for logs and reports, e.g. "dropped 1293 of 3000 recordings shorter than one window (e.g. 0_a_1.wav)". */
    public String summary() {
        if (drops.isEmpty()) {
            return "nothing dropped: " + windowsKept() + " windows from " + recordingsRead + " recordings";
        }
        return "dropped " + drops.stream().map(d -> d.reason() == DropReason.TOO_SHORT
                        ? d.recordings() + " of " + recordingsRead + " " + d.reason().description() + " (e.g. " + d.example() + ")"
                        : d.windows() + " of " + windowsCut + " " + d.reason().description() + " in " + d.recordings()
                        + " recordings (e.g. " + d.example() + ")")
                .collect(Collectors.joining("; ")) + "; kept " + windowsKept() + " windows from " + recordingsKept
                + " of " + recordingsRead + " recordings";
    }
}
