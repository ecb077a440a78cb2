package org.spectrogan.adapters;

import java.util.List;

/** The recordings of one {@link Recordings#readWithReport} call and what was found but not read. */
public record ReadResult(List<Recording> recordings, ReadReport report) {
    public ReadResult {
        recordings = List.copyOf(recordings);
    }
}
