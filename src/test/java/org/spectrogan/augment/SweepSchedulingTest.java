package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;
import org.spectrogan.gan.GanModel;
import org.spectrogan.gan.TrainingListener;
import org.spectrogan.gan.TrainingSet;

/**
 * The low-data sweep's GANs trained up front ({@link PreparedGans}): each prepared job is trained once and handed
 * to the synthesis run that asks for exactly its rows and config; with real GANs the sweep's written outputs are
 * the same whether the GANs train one after another or on parallel workers.
 */
class SweepSchedulingTest {
    @TempDir
    Path dir;

    private PipelineConfig config() throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\","
                + " \"features\": {\"kind\": \"de\"}, \"split\": {\"testFraction\": 0.25, \"seed\": 3},"
                + " \"gan\": {\"steps\": 20, \"batch\": 16, \"hidden\": [16, 16], \"latent\": 8},"
                + " \"evaluation\": {\"classifiers\": [\"logreg\"], \"repeats\": 2, \"fractions\": [0.5, 1.0]},"
                + " \"force\": true}");
        return PipelineConfig.load(p);
    }

    @Test
    void preparedJobsAreTrainedOnceAndHandedToTheRunThatAsksForThem() {
        FeatureTable t = Tables.gaussian(2, 6, 5, 3, 1.0, 9);
        TrainingSet a = GanSettings.trainingSet(t, List.of("c0", "c1"), java.util.Map.of());
        TrainingSet tiny = GanSettings.trainingSet(new FeatureTable(t.featureNames(), t.rows().subList(0, 1)),
                List.of("c0", "c1"), java.util.Map.of());
        GanConfig c = GanConfig.defaults(GanConfig.Loss.WGAN_GP).toBuilder().optSeed(5).build();
        List<TrainingSet> trained = new ArrayList<>();
        GanSettings.Trainer counting = (data, config, outDir, listener) -> {
            trained.add(data);
            if (data.x().length < 2) {
                throw new SpectroganException("too few rows: " + data.x().length);
            }
            return new FakeGan(data, 0, outDir);
        };
        try (PreparedGans prepared = new PreparedGans(counting)) {
            prepared.prepare(List.of(a, tiny), List.of(c, c), 1L << 30);
            assertEquals(2, trained.size(), "both jobs trained up front");
            GanModel first = prepared.train(copy(a), c, dir.resolve("x"), TrainingListener.NONE);
            assertSame(trained.get(0), ((FakeGan) first).data, "the prepared model of the same rows");
            SpectroganException e = assertThrows(SpectroganException.class,
                    () -> prepared.train(copy(tiny), c, dir.resolve("y"), TrainingListener.NONE));
            assertEquals("too few rows: 1", e.getMessage(), "the prepared job's own error");
            assertEquals(2, trained.size(), "nothing trained again");
            prepared.train(copy(a), c.toBuilder().optSeed(6).build(), dir.resolve("z"), TrainingListener.NONE);
            assertEquals(3, trained.size(), "another seed is not a prepared job: trained by the delegate");
        }
    }

    private static TrainingSet copy(TrainingSet s) {
        double[][] x = new double[s.x().length][];
        for (int i = 0; i < x.length; i++) {
            x[i] = s.x()[i].clone();
        }
        return new TrainingSet(x, s.classIndex().clone(), List.copyOf(s.classNames()), List.copyOf(s.featureNames()),
                s.inputHashes());
    }

    @Test
    void theSweepWritesTheSameOutputsOnOneOrTwoWorkers() throws Exception {
        FeatureTable t = Tables.gaussian(3, 10, 8, 6, 1.0, 5);
        List<String> datasets = new ArrayList<>();
        List<JsonNode> sweeps = new ArrayList<>();
        for (String workers : List.of("1", "2")) {
            System.setProperty(PreparedGans.WORKERS_PROPERTY, workers);
            try {
                Path out = dir.resolve("out" + workers);
                new AugmentJob(config(), Pipeline.Budget.full(), AugmentJobTest.loader(t), GanSettings.Trainer.GAN,
                        Progress.NONE).run(out, false);
                datasets.add(Files.readString(out.resolve("dataset.csv")));
                JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
                sweeps.add(report.path("sweep"));
            } finally {
                System.clearProperty(PreparedGans.WORKERS_PROPERTY);
            }
        }
        assertEquals(datasets.get(0), datasets.get(1), "dataset.csv");
        assertTrue(!sweeps.get(0).isMissingNode() && sweeps.get(0).size() > 0, "the report has a sweep: " + sweeps.get(0));
        assertEquals(sweeps.get(0), sweeps.get(1), "report.json's sweep");
    }
}
