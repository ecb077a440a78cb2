package org.spectrogan.augment;

import java.util.Map;
import java.util.TreeMap;
import org.spectrogan.common.SpectroganException;

/** How many synthetic rows each class gets, from the real train counts and the pipeline's synthesis section. */
public final class SynthesisPlan {
    private SynthesisPlan() {
    }

    /**
     * Rows per class. {@code balance}: every class up to the largest class times (1 + ratio) (ratio 0: up to the
     * largest); {@code ratio}: round(k x real rows) per class; {@code counts}: as given; {@code upTo}: each class named in counts filled up to
     * its count (target minus the real rows of these rows, never below 0; so every sweep subset is filled to the
     * same total), the others none. {@code scale} multiplies
     * the result (the do-no-harm check shrinks the amount with it).
     */
    public static Map<String, Integer> counts(Map<String, Integer> realCounts, PipelineConfig.Synthesis s, double scale) {
        Map<String, Integer> out = new TreeMap<>();
        switch (s.mode()) {
            case "balance" -> {
                int max = realCounts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
                double target = max * (1.0 + s.ratio());
                for (var e : realCounts.entrySet()) {
                    out.put(e.getKey(), (int) Math.round(Math.max(0, target - e.getValue()) * scale));
                }
            }
            case "ratio" -> {
                for (var e : realCounts.entrySet()) {
                    out.put(e.getKey(), (int) Math.round(e.getValue() * s.ratio() * scale));
                }
            }
            case "counts" -> {
                for (var e : s.counts().entrySet()) {
                    if (!realCounts.containsKey(e.getKey())) {
                        throw new SpectroganException("synthesis.counts names class '" + e.getKey()
                                + "', which is not among the classes " + realCounts.keySet());
                    }
                }
                for (String c : realCounts.keySet()) {
                    out.put(c, (int) Math.round(s.counts().getOrDefault(c, 0) * scale));
                }
            }
            case "upTo" -> {
                for (var e : s.counts().entrySet()) {
                    if (!realCounts.containsKey(e.getKey())) {
                        throw new SpectroganException("synthesis.counts names class '" + e.getKey()
                                + "', which is not among the classes " + realCounts.keySet());
                    }
                }
                for (var e : realCounts.entrySet()) {
                    int target = s.counts().getOrDefault(e.getKey(), 0);
                    out.put(e.getKey(), (int) Math.round(Math.max(0, target - e.getValue()) * scale));
                }
            }
            default -> throw new IllegalStateException(s.mode());
        }
        return out;
    }
}
