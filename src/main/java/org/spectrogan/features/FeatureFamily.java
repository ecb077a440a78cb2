package org.spectrogan.features;

import java.util.List;

/**
 * One family of feature kinds: {@link BandFeatures} (Welch based EEG kinds de, bandpower, psd; one block of
 * columns per channel) or {@link SpectrogramFeatures} (STFT based audio kinds stft, logmel, mfcc; the channels
 * mixed to mono, one patch per window). {@link Features} cuts the windows and labels them; a family names the
 * columns and fills them, through a {@link Workspace} per worker thread that owns that family's buffers.
 */
public interface FeatureFamily {
    /** The family of the spec's kind. */
    static FeatureFamily of(FeatureSpec.Resolved resolved) {
        return resolved.spec().kind().isAudio() ? new SpectrogramFeatures(resolved) : new BandFeatures(resolved);
    }

    /** True when the chosen channels are mixed to one (mono) signal before extraction. */
    boolean mixesToMono();

    /** The feature column names, given the (dot-stripped) names of the chosen channels. */
    List<String> featureNames(List<String> channelNames);

    /** Fresh buffers for one worker thread. */
    Workspace newWorkspace();

    /** Per-thread buffers of one family, reused across channels, windows and recordings; not thread safe. */
    interface Workspace {
        /**
         * Fills the columns of channel {@code channel} (0 for mono families) in {@code rows[w]} for every window
         * {@code windows.get(w)} of the samples {@code x}.
         */
        void fill(float[] x, int channel, List<Features.Window> windows, double[][] rows);
    }
}
