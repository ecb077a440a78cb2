package org.spectrogan.adapters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code spectrogan inspect} reports about a set of recordings: formats, rates, channel names, total
 * samples and seconds, groups, and per label the number of segments and their seconds.
 *
 * @param format the format, or the formats joined by "," when they differ
 * @param sampleRateHz the rate of the first recording
 * @param sampleRatesHz every distinct rate
 * @param channels the channel names of the first recording
 * @param sameChannels whether every recording has those channel names
 * @param samples samples per channel summed over recordings
 * @param durationSeconds seconds of signal summed over recordings (gaps not counted)
 * @param gaps gaps between the contiguous pieces of discontinuous recordings (EDF+D), summed over recordings
 * @param gapSeconds seconds those gaps last
 * @param recordings the number of recordings
 * @param labels label -> number of segments
 * @param labelSeconds label -> seconds covered
 * @param groups group id -> number of recordings
 */
public record RecordingSummary(String format, double sampleRateHz, List<Double> sampleRatesHz, List<String> channels,
                               boolean sameChannels, long samples, double durationSeconds, int gaps, double gapSeconds, int recordings,
                               Map<String, Integer> labels, Map<String, Double> labelSeconds,
                               Map<String, Integer> groups) {

    public static RecordingSummary of(List<Recording> recs) {
        if (recs.isEmpty()) {
            throw new IllegalArgumentException("no recordings to summarise");
        }
        TreeSet<String> formats = new TreeSet<>();
        TreeSet<Double> rates = new TreeSet<>();
        long samples = 0;
        double seconds = 0;
        int gaps = 0;
        double gapSeconds = 0;
        Map<String, Integer> labels = new TreeMap<>();
        Map<String, Double> labelSeconds = new TreeMap<>();
        Map<String, Integer> groups = new TreeMap<>();
        boolean same = true;
        List<String> channels = recs.get(0).channelNames();
        for (Recording r : recs) {
            formats.add(r.format());
            rates.add(r.sampleRateHz());
            samples += r.sampleCount();
            seconds += r.durationSeconds();
            gaps += r.pieces().size() - 1;
            gapSeconds += r.spanSeconds() - r.durationSeconds();
            same &= r.channelNames().equals(channels);
            groups.merge(r.groupId(), 1, Integer::sum);
            for (LabelledSegment s : r.segments()) {
                labels.merge(s.label(), 1, Integer::sum);
                labelSeconds.merge(s.label(), s.durationSeconds(), Double::sum);
            }
        }
        return new RecordingSummary(String.join(",", formats), recs.get(0).sampleRateHz(), new ArrayList<>(rates),
                channels, same, samples, seconds, gaps, gapSeconds, recs.size(), labels, labelSeconds, groups);
    }

    /** The summary as an ordered map, ready for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("sampleRateHz", sampleRateHz);
        m.put("sampleRatesHz", sampleRatesHz);
        m.put("channels", channels);
        m.put("channelCount", channels.size());
        m.put("sameChannelsInAllRecordings", sameChannels);
        m.put("samples", samples);
        m.put("durationSeconds", durationSeconds);
        m.put("gaps", gaps);
        m.put("gapSeconds", gapSeconds);
        m.put("recordings", recordings);
        m.put("labels", labels);
        m.put("labelSeconds", labelSeconds);
        m.put("groups", groups);
        m.put("groupCount", groups.size());
        return m;
    }
}
