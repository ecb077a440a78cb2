package org.spectrogan.augment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spectrogan.adapters.AdapterSpec;
import org.spectrogan.adapters.Recording;
import org.spectrogan.adapters.Recordings;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.common.StrictJson;
import org.spectrogan.features.FeatureMeta;
import org.spectrogan.features.FeatureSpec;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.features.Features;

/** Reads a pipeline's recordings through its adapter and extracts its features (adapters + features packages). */
public final class RecordingsLoader implements AugmentJob.Loader {
    public static final RecordingsLoader INSTANCE = new RecordingsLoader();

    private RecordingsLoader() {
    }

    /** The pipeline's features section as a {@link FeatureSpec}; an unknown key names the key and the file. */
    public static FeatureSpec featureSpec(PipelineConfig cfg) {
        return StrictJson.bind(cfg.file(), cfg.features(), FeatureSpec.class, "features");
    }

    /** The adapter and feature spec, checked before any recording is read. */
    @Override
    public void validate(PipelineConfig cfg) {
        if (org.spectrogan.adapters.ExampleTables.isTable(AdapterSpec.load(cfg.adapterPath()))) { // h13: table inputs
            org.spectrogan.features.RawExamples.fromJson(cfg.features(), cfg.file());
            return;
        }
        featureSpec(cfg);
    }

    @Override
    public AugmentJob.Loaded load(PipelineConfig cfg) {
        AdapterSpec adapter = AdapterSpec.load(cfg.adapterPath());
        if (org.spectrogan.adapters.ExampleTables.isTable(adapter)) { // h13: inputs that are already examples
            org.spectrogan.adapters.ExampleTable ex = org.spectrogan.adapters.ExampleTables.read(cfg.dataPath(), adapter);
            FeatureTable table = org.spectrogan.features.RawExamples.fromJson(cfg.features(), cfg.file()).apply(ex);
            return new AugmentJob.Loaded(table, ex.exampleSeconds(), ex.files(), null);
        }
        FeatureSpec spec = featureSpec(cfg);
        org.spectrogan.adapters.ReadResult read = Recordings.readWithReport(cfg.dataPath(), adapter);
        List<Recording> recs = read.recordings();
        if (recs.isEmpty()) {
            throw SpectroganException.inFile(cfg.dataPath(), "no recording read through adapter " + cfg.adapterPath());
        }
        org.spectrogan.features.Extraction extraction = Features.extraction(recs, spec,
                Math.max(1, Runtime.getRuntime().availableProcessors()));
        FeatureTable rows = extraction.table();
        FeatureMeta meta = Features.meta(recs, spec);
        double windowSeconds = meta.windowSamples() / meta.sampleRateHz();
        List<Path> files = new ArrayList<>();
        for (Recording r : recs) {
            files.add(r.sourcePath());
        }
        AugmentJob.AudioRenderer renderer = spec.kind().isAudio() ? AudioRendering.renderer(meta) : null;
        return new AugmentJob.Loaded(rows, windowSeconds, files, renderer, meta,
                new Dropped(read.report(), extraction, java.util.Map.of()));
    }
}
