package org.spectrogan.adapters;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One recording as spectrogan sees it: {@code channels x samples} float32 values in a physical unit, a sample
 * rate, channel names, where it came from, a group id (subject / recording / speaker) and labelled segments.
 * Immutable after construction (the sample arrays are owned by the recording and never handed out for
 * writing: {@link #channel(int)} returns the internal array, which callers must not modify).
 *
 * <p>Time axis: seconds from the first sample. Most recordings are one contiguous {@link Piece}, so sample
 * {@code i} lies at {@code i / rate}. A discontinuous recording (EDF+D) holds its pieces back to back in the
 * sample arrays, but each piece starts at its own time ({@link Piece#startSeconds()}), later than the end of the
 * one before; segment onsets are on this time axis, so a gap shifts them away from {@code sample / rate}. Use
 * {@link #secondsAt(int)} to place a sample in time, and never cut a window across a piece boundary.
 */
public final class Recording {
    private final float[][] samples;
    private final double sampleRateHz;
    private final List<String> channelNames;
    private final String physicalUnit;
    private final Path sourcePath;
    private final String format;
    private final String groupId;
    private final List<LabelledSegment> segments;
    private final double[] channelOffsets;
    private final List<Piece> pieces;

    /**
     * A stretch of samples recorded without interruption: samples {@code [startSample, startSample + sampleCount)}
     * of every channel, the first of them at {@code startSeconds} on the recording's time axis.
     */
    public record Piece(int startSample, int sampleCount, double startSeconds) {
        public Piece {
            if (startSample < 0 || sampleCount < 0) {
                throw new IllegalArgumentException("piece start " + startSample + " and length " + sampleCount
                        + " must be >= 0 samples");
            }
            if (!(startSeconds >= 0) || !Double.isFinite(startSeconds)) {
                throw new IllegalArgumentException("piece start must be a finite number of seconds >= 0, got " + startSeconds);
            }
        }

        public int endSample() {
            return startSample + sampleCount;
        }
    }

    public Recording(float[][] samples, double sampleRateHz, List<String> channelNames, String physicalUnit,
                     Path sourcePath, String format, String groupId, List<LabelledSegment> segments) {
        this(samples, null, sampleRateHz, channelNames, physicalUnit, sourcePath, format, groupId, segments);
    }

    /**
     * A recording whose channel {@code c} holds physical values minus {@code channelOffsets[c]} (null: no
     * offsets). Readers of text formats keep a large DC level (e.g. 4300 uV headset values) in double here so
     * that the float32 samples keep full precision for spectral features.
     */
    public Recording(float[][] samples, double[] channelOffsets, double sampleRateHz, List<String> channelNames,
                     String physicalUnit, Path sourcePath, String format, String groupId,
                     List<LabelledSegment> segments) {
        this(samples, channelOffsets, sampleRateHz, channelNames, physicalUnit, sourcePath, format, groupId, segments, null);
    }

    /**
     * A recording made of {@code pieces} (null: one contiguous piece): they must cover the samples in order
     * (the first starts at sample 0 and second 0, each starts where the one before ends in the arrays, and no
     * earlier in time than the end of the one before).
     */
    public Recording(float[][] samples, double[] channelOffsets, double sampleRateHz, List<String> channelNames,
                     String physicalUnit, Path sourcePath, String format, String groupId,
                     List<LabelledSegment> segments, List<Piece> pieces) {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(channelNames, "channelNames");
        Objects.requireNonNull(sourcePath, "sourcePath");
        if (samples.length == 0) {
            throw new IllegalArgumentException(sourcePath + ": a recording needs at least one channel");
        }
        if (samples.length != channelNames.size()) {
            throw new IllegalArgumentException(sourcePath + ": " + samples.length + " channels of data but "
                    + channelNames.size() + " channel names");
        }
        int n = samples[0].length;
        for (int c = 0; c < samples.length; c++) {
            if (samples[c].length != n) {
                throw new IllegalArgumentException(sourcePath + ": channel " + channelNames.get(c) + " has "
                        + samples[c].length + " samples, channel " + channelNames.get(0) + " has " + n);
            }
        }
        if (!(sampleRateHz > 0) || !Double.isFinite(sampleRateHz)) {
            throw new IllegalArgumentException(sourcePath + ": sample rate must be a positive number of Hz, got " + sampleRateHz);
        }
        this.samples = samples;
        this.sampleRateHz = sampleRateHz;
        this.channelNames = List.copyOf(channelNames);
        this.physicalUnit = physicalUnit == null ? "" : physicalUnit;
        this.sourcePath = sourcePath;
        this.format = format == null ? "" : format;
        this.groupId = groupId == null || groupId.isBlank() ? sourcePath.getFileName().toString() : groupId;
        this.segments = List.copyOf(segments == null ? List.of() : segments);
        if (channelOffsets != null && channelOffsets.length != samples.length) {
            throw new IllegalArgumentException(sourcePath + ": " + channelOffsets.length + " channel offsets for "
                    + samples.length + " channels");
        }
        this.channelOffsets = channelOffsets == null ? new double[samples.length] : channelOffsets.clone();
        this.pieces = pieces == null ? List.of(new Piece(0, n, 0.0)) : checkPieces(List.copyOf(pieces), n, sampleRateHz, sourcePath);
    }

    private static List<Piece> checkPieces(List<Piece> pieces, int n, double rateHz, Path sourcePath) {
        if (pieces.isEmpty() || pieces.get(0).startSample() != 0 || pieces.get(0).startSeconds() != 0.0) {
            throw new IllegalArgumentException(sourcePath + ": the first piece must start at sample 0 and 0 s, pieces " + pieces);
        }
        for (int k = 1; k < pieces.size(); k++) {
            Piece a = pieces.get(k - 1);
            Piece b = pieces.get(k);
            double endSeconds = a.startSeconds() + a.sampleCount() / rateHz;
            if (b.startSample() != a.endSample() || b.startSeconds() < endSeconds - 1e-9 * Math.max(1, endSeconds)) {
                throw new IllegalArgumentException(sourcePath + ": piece " + k + " " + b + " does not follow piece "
                        + (k - 1) + " " + a + " (which ends at " + endSeconds + " s)");
            }
        }
        if (pieces.get(pieces.size() - 1).endSample() != n) {
            throw new IllegalArgumentException(sourcePath + ": pieces end at sample "
                    + pieces.get(pieces.size() - 1).endSample() + " but the recording has " + n + " samples");
        }
        return pieces;
    }

    public int channelCount() {
        return samples.length;
    }

    public int sampleCount() {
        return samples[0].length;
    }

    /** Seconds of signal: the samples divided by the rate (gaps of a discontinuous recording not counted). */
    public double durationSeconds() {
        return sampleCount() / sampleRateHz;
    }

    /** Seconds from the first sample to the end of the last one on the time axis, gaps included. */
    public double spanSeconds() {
        Piece last = pieces.get(pieces.size() - 1);
        return last.startSeconds() + last.sampleCount() / sampleRateHz;
    }

    /** The contiguous pieces, in order; one piece unless the recording is discontinuous (EDF+D with gaps). */
    public List<Piece> pieces() {
        return pieces;
    }

    /** The time of sample {@code index} in seconds from the first sample, gaps included. */
    public double secondsAt(int index) {
        if (index < 0 || index > sampleCount()) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + sampleCount());
        }
        for (int k = pieces.size() - 1; k >= 0; k--) {
            Piece p = pieces.get(k);
            if (index >= p.startSample()) {
                return p.startSeconds() + (index - p.startSample()) / sampleRateHz;
            }
        }
        throw new IllegalStateException("no piece holds sample " + index);
    }

    /** The sample arrays themselves, for readers in this package that rewrap a recording. */
    float[][] samplesForReader() {
        return samples;
    }

    /**
     * The samples of channel {@code index} relative to {@link #channelOffset(int)} (physical value = sample +
     * offset; the offset is 0 for binary formats). The array is shared, do not modify it. Spectral features
     * remove the mean anyway, so they use these values directly.
     */
    public float[] channel(int index) {
        return samples[index];
    }

    /** The constant (in the physical unit) to add to {@link #channel(int)} to get physical values. */
    public double channelOffset(int index) {
        return channelOffsets[index];
    }

    /** The physical value of one sample, in {@link #physicalUnit()}. */
    public double physicalValue(int channel, int sample) {
        return samples[channel][sample] + channelOffsets[channel];
    }

    /** The offsets themselves, for readers in this package that rewrap a recording. */
    double[] offsetsForReader() {
        return channelOffsets;
    }

    /** Index of the channel with this name, or -1. Matches exactly first, then ignoring case and trailing dots. */
    public int channelIndex(String name) {
        int i = channelNames.indexOf(name);
        if (i >= 0) {
            return i;
        }
        String wanted = stripDots(name);
        for (int c = 0; c < channelNames.size(); c++) {
            if (stripDots(channelNames.get(c)).equalsIgnoreCase(wanted)) {
                return c;
            }
        }
        return -1;
    }

    /** A channel name without the trailing dots EDF files pad names with ("Fc5." becomes "Fc5"). */
    public static String stripDots(String name) {
        int end = name.length();
        while (end > 0 && name.charAt(end - 1) == '.') {
            end--;
        }
        return name.substring(0, end).trim();
    }

    public double sampleRateHz() {
        return sampleRateHz;
    }

    public List<String> channelNames() {
        return channelNames;
    }

    public String physicalUnit() {
        return physicalUnit;
    }

    public Path sourcePath() {
        return sourcePath;
    }

    /**
     * The file on disk that holds this recording: the source path itself, or for a recording read from a zip
     * entry ({@code archive.zip/inner/file.wav}) the archive. Use it to hash inputs.
     */
    public Path containerFile() {
        for (Path p = sourcePath; p != null; p = p.getParent()) {
            if (java.nio.file.Files.isRegularFile(p)) {
                return p;
            }
        }
        return sourcePath;
    }

    /** The format the recording was read from: "edf", "bdf", "mat", "csv", "text", "wav". */
    public String format() {
        return format;
    }

    public String groupId() {
        return groupId;
    }

    public List<LabelledSegment> segments() {
        return segments;
    }

    /** A copy with other segments (for example relabelled by run). */
    public Recording withSegments(List<LabelledSegment> newSegments) {
        return new Recording(samples, channelOffsets, sampleRateHz, channelNames, physicalUnit, sourcePath, format, groupId, newSegments, pieces);
    }

    /** A copy with another group id. */
    public Recording withGroupId(String newGroupId) {
        return new Recording(samples, channelOffsets, sampleRateHz, channelNames, physicalUnit, sourcePath, format, newGroupId, segments, pieces);
    }

    @Override
    public String toString() {
        return "Recording[" + sourcePath + ", " + format + ", " + channelCount() + " ch x " + sampleCount()
                + " samples @ " + sampleRateHz + " Hz, group " + groupId + ", " + segments.size() + " segments"
                + (pieces.size() > 1 ? ", " + pieces.size() + " pieces" : "") + "]";
    }
}
