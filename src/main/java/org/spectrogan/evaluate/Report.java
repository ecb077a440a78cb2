package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything an evaluation found, serialised as report.json (Jackson) and rendered as report.md
 * ({@link ReportWriter}). Build it with {@link #builder()}; the pipeline adds its own sections as one record of
 * its details ({@code extra}: each component a key of report.json's {@code extra} object and a line of the
 * Markdown's "Details"; an empty map when there are none; read back from JSON as a map) and {@code notes}
 * (sentences the Markdown shows under "Notes"). {@code testGroupEffects} (may be empty): per set of synthetic rows and
 * classifier, the gain in every reported metric with the test groups resampled ({@link MetricEffects}).
 */
public record Report(String title, Map<String, String> environment, List<DataSummary> inputs, Settings settings,
                     List<GainEvaluation.ClassifierGain> gain, List<LowDataSweep.Point> sweep,
                     Fidelity.Result fidelity, Verdict verdict, List<String> notes, List<String> plots,
                     Object extra, List<MetricEffects> testGroupEffects) {
    public Report {
        Objects.requireNonNull(title, "title");
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        inputs = List.copyOf(inputs);
        gain = List.copyOf(gain);
        sweep = List.copyOf(sweep);
        notes = List.copyOf(notes);
        plots = List.copyOf(plots);
        extra = extra == null ? Map.of() : extra;
        testGroupEffects = testGroupEffects == null ? List.of() : List.copyOf(testGroupEffects);
    }

    /** One input table: what it is ("real train", "synthetic", "real test"), where from, its hash and counts. */
    public record DataSummary(String role, String path, String sha256, int rows, Map<String, Integer> rowsPerClass) {
        public static DataSummary of(String role, String path, String sha256, org.spectrogan.features.FeatureTable t) {
            return new DataSummary(role, path, sha256, t.size(), t.countsByLabel());
        }
    }

    /**
     * How the evaluation ran. {@code repeatFraction}: share of rows each repeat drew (1 = all). {@code metrics}: the
     * {@link ReportedMetric} names report.md's tables show (null: {@link ReportedMetric#DEFAULT_NAMES}).
     */
    public record Settings(List<String> classifiers, int repeats, double repeatFraction, long seed,
                           List<Double> fractions, String resampling, List<String> metrics) {
        public Settings {
            metrics = metrics == null ? ReportedMetric.DEFAULT_NAMES : List.copyOf(metrics);
            ReportedMetric.parseAll(metrics);
        }

        /** With the default metrics. */
        public Settings(List<String> classifiers, int repeats, double repeatFraction, long seed,
                        List<Double> fractions, String resampling) {
            this(classifiers, repeats, repeatFraction, seed, fractions, resampling, null);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: setTitle and setSettings are required; the rest is optional. */
    public static final class Builder {
        private String title;
        private Map<String, String> environment = Map.of();
        private final List<DataSummary> inputs = new ArrayList<>();
        private Settings settings;
        private List<GainEvaluation.ClassifierGain> gain = List.of();
        private List<LowDataSweep.Point> sweep = List.of();
        private Fidelity.Result fidelity;
        private Metric verdictMetric = Metric.BALANCED_ACCURACY;
        private final List<String> notes = new ArrayList<>();
        private final List<String> plots = new ArrayList<>();
        private Object details;
        private List<MetricEffects> testGroupEffects = List.of();

        public Builder setTitle(String title) {
            this.title = title;
            return this;
        }

        public Builder setSettings(Settings settings) {
            this.settings = settings;
            return this;
        }

        public Builder optEnvironment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        public Builder optInput(DataSummary input) {
            inputs.add(input);
            return this;
        }

        public Builder optGain(List<GainEvaluation.ClassifierGain> gain) {
            this.gain = gain;
            return this;
        }

        public Builder optSweep(List<LowDataSweep.Point> sweep) {
            this.sweep = sweep;
            return this;
        }

        public Builder optFidelity(Fidelity.Result fidelity) {
            this.fidelity = fidelity;
            return this;
        }

        /** The metric the verdict judges (balanced accuracy unless set). */
        public Builder optVerdictMetric(Metric metric) {
            this.verdictMetric = metric;
            return this;
        }

        public Builder optNote(String note) {
            notes.add(note);
            return this;
        }

        /** A plot file name relative to the report's folder. */
        public Builder optPlot(String fileName) {
            plots.add(fileName);
            return this;
        }

        /** The caller's details: a record whose components (typed results) become the keys of {@code extra}. */
        public Builder optDetails(Object details) {
            this.details = details;
            return this;
        }

        /** Per set of synthetic rows and classifier, the gain in every metric with the test groups resampled. */
        public Builder optTestGroupEffects(List<MetricEffects> effects) {
            this.testGroupEffects = effects;
            return this;
        }

        public Report build() {
            Objects.requireNonNull(title, "title is required");
            Objects.requireNonNull(settings, "settings are required");
            Verdict verdict = Verdict.of(gain, sweep, verdictMetric);
            return new Report(title, environment, inputs, settings, gain, sweep, fidelity, verdict, notes, plots, details,
                    testGroupEffects);
        }
    }
}
