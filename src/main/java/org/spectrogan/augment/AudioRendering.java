package org.spectrogan.augment;

import java.util.List;
import java.util.TreeMap;
import org.spectrogan.features.AudioRenderer;
import org.spectrogan.features.FeatureMeta;
import org.spectrogan.features.FeatureTable;

/**
 * Synthetic audio feature rows back to WAV (Griffin-Lim, the features package's renderer): three patches per
 * class, or for single-frame rows one clip of 32 consecutive frames per class.
 */
final class AudioRendering {
    private AudioRendering() {
    }

    static AugmentJob.AudioRenderer renderer(FeatureMeta meta) {
        int perClass = meta.patchFrames() > 1 ? 3 : 32;
        return (rows, dir) -> {
            TreeMap<String, Integer> taken = new TreeMap<>();
            List<FeatureTable.Row> few = rows.rows().stream().filter(r -> taken.merge(r.label(), 1, Integer::sum) <= perClass).toList();
            return AudioRenderer.render(new FeatureTable(rows.featureNames(), few), meta, dir).stream()
                    .map(AudioRenderer.Rendered::file).toList();
        };
    }
}
