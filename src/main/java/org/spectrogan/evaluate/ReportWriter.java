package org.spectrogan.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.features.FeatureTable;

/** Writes a {@link Report} as report.json and report.md, each atomically. */
public final class ReportWriter {
    public static final String JSON_NAME = "report.json";
    public static final String MARKDOWN_NAME = "report.md";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /**
     * The rows the standard plots draw: the real training rows, the synthetic rows (empty: no profile or PCA plot)
     * and, for {@code augment}, each augmenter's sweep over the same trials (name -> points; they join sweep.png
     * beside the ceiling).
     */
    public record PlotRows(FeatureTable realTrain, FeatureTable synthetic, Map<String, List<LowDataSweep.Point>> augmenterSweeps) {
        public PlotRows {
            augmenterSweeps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(augmenterSweeps));
        }

        public PlotRows(FeatureTable realTrain, FeatureTable synthetic) {
            this(realTrain, synthetic, Map.of());
        }
    }

    /**
     * The one writer of a report folder, shared by {@code evaluate} and {@code augment}: takes the caller's
     * builder (title, environment, inputs, its own notes, plots and details), adds the evaluation's settings,
     * gain, sweep, fidelity and notes, writes the standard plots into {@code dir} (the gain when measured, the
     * low-data sweep when run, and with synthetic rows the feature profiles and, given two real rows, the PCA of
     * real vs synthetic rows), then report.json and report.md. Returns the report written.
     */
    public static Report write(Path dir, Report.Builder b, Evaluation.Result result, PlotRows rows) {
        b.setSettings(result.settings()).optGain(result.gain()).optSweep(result.sweep()).optFidelity(result.fidelity());
        result.notes().forEach(b::optNote);
        if (!result.gain().isEmpty()) {
            Plots.gain(result.gain(), result.sweep(), Metric.BALANCED_ACCURACY, dir.resolve(Plots.GAIN));
            b.optPlot(Plots.GAIN);
        }
        if (!result.sweep().isEmpty()) {
            Plots.sweep(result.sweep(), rows.augmenterSweeps(), Metric.BALANCED_ACCURACY, dir.resolve(Plots.SWEEP));
            b.optPlot(Plots.SWEEP);
        }
        if (rows.synthetic().size() > 0) {
            Plots.featureProfiles(rows.realTrain(), rows.synthetic(), dir.resolve(Plots.FEATURE_PROFILES));
            b.optPlot(Plots.FEATURE_PROFILES);
            if (rows.realTrain().size() >= 2) {
                Plots.pca(rows.realTrain(), rows.synthetic(), dir.resolve(Plots.PCA));
                b.optPlot(Plots.PCA);
            }
        }
        Report report = b.build();
        write(report, dir);
        return report;
    }

    /** Writes report.json and report.md into {@code dir}. */
    public static void write(Report report, Path dir) {
        AtomicFiles.writeString(dir.resolve(JSON_NAME), toJson(report));
        AtomicFiles.writeString(dir.resolve(MARKDOWN_NAME), toMarkdown(report));
    }

    /** The JSON text (NaN values are written as the string "NaN"). */
    public static String toJson(Report report) {
        try {
            return JSON.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report is not serialisable: " + e.getMessage(), e);
        }
    }

    /** Reads a report.json back (for tools and tests). */
    public static Report fromJson(String json) {
        try {
            return JSON.readValue(json, Report.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a spectrogan report: " + e.getOriginalMessage(), e);
        }
    }

    /** The Markdown text. */
    public static String toMarkdown(Report r) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(r.title()).append("\n\n");
        Verdict v = r.verdict();
        md.append("**").append(v.headline()).append("**\n\n");
        if (v.correction() != null) {
            md.append(v.correction()).append("\n\n");
        }
        appendCases(md, v, Verdict.HELPED, "Where it helped");
        appendCases(md, v, Verdict.HURT, "Where it hurt");
        appendCases(md, v, Verdict.UNCLEAR, "Where it did not clearly help");
        md.append("A case helped when the whole 95% interval of the paired gain (real + synthetic minus real only, ")
                .append("same trial) lies above zero. Points are percentage points of ").append(v.metric()).append(". ")
                .append("The trials share most training rows and all test rows, so the interval shows the spread due to ")
                .append("the training draw and the seeds; it does not include the sampling error of the test set itself.\n\n");

        if (!r.inputs().isEmpty()) {
            md.append("## Inputs\n\n| role | rows | rows per class | file | SHA-256 |\n|---|---:|---|---|---|\n");
            for (Report.DataSummary d : r.inputs()) {
                md.append("| ").append(d.role()).append(" | ").append(d.rows()).append(" | ").append(perClass(d.rowsPerClass()))
                        .append(" | ").append(d.path() == null ? "" : "`" + d.path() + "`").append(" | ")
                        .append(d.sha256() == null ? "" : "`" + d.sha256().substring(0, Math.min(12, d.sha256().length())) + "`")
                        .append(" |\n");
            }
            md.append('\n');
        }

        Report.Settings s = r.settings();
        md.append("## Settings\n\nClassifiers: ").append(String.join(", ", s.classifiers())).append("; ")
                .append(s.repeats()).append(" trials; ").append(s.resampling()).append("; seed ").append(s.seed()).append(".\n\n");

        if (!r.gain().isEmpty()) {
            md.append("## Downstream classifiers, all real training rows\n\n");
            gainTable(md, r.gain(), ReportedMetric.parseAll(s.metrics()));
        }
        if (!r.testGroupEffects().isEmpty()) {
            testGroupEffectsTable(md, r.testGroupEffects());
        }
        if (!r.sweep().isEmpty()) {
            boolean hasCeiling = r.sweep().stream().anyMatch(p -> !p.ceiling().isEmpty());
            md.append("## Low-data sweep\n\n")
                    .append("Each fraction is a stratified subset of the real training rows (by class and group), drawn anew ")
                    .append("in every trial; where the synthetic rows come from is in the notes. ").append(v.metric()).append(", mean over trials [95% interval]:\n\n")
                    .append("| real rows | classifier | real rows used | synthetic rows | real only | real + synthetic | gain (points) | synthetic only |")
                    .append(hasCeiling ? " ceiling: + held-back real rows (points) |\n" : "\n")
                    .append("|---:|---|---:|---:|---|---|---|---|").append(hasCeiling ? "---|\n" : "\n");
            Metric m = metricOf(v.metric());
            for (LowDataSweep.Point p : r.sweep()) {
                for (GainEvaluation.ClassifierGain g : p.classifiers()) {
                    md.append("| ").append(Verdict.percent(p.fraction())).append(" | ").append(g.classifier()).append(" | ")
                            .append(p.realTrainRows()).append(" | ").append(String.format(Locale.ROOT, "%.0f", p.meanSyntheticRows()))
                            .append(" | ").append(pct(g.real().get(m))).append(" | ").append(pct(g.augmented().get(m))).append(" | ")
                            .append(pts(g.gain().get(m))).append(" | ")
                            .append(g.syntheticOnly() == null ? "n/a" : pct(g.syntheticOnly().get(m))).append(" |");
                    if (hasCeiling) {
                        GainEvaluation.ClassifierGain c = p.ceiling().stream().filter(x -> x.classifier().equals(g.classifier())).findFirst().orElse(null);
                        md.append(' ').append(c == null ? "n/a" : pts(c.gain().get(m)) + String.format(Locale.ROOT, " (%.0f rows)", p.meanCeilingRows())).append(" |");
                    }
                    md.append('\n');
                }
            }
            md.append('\n');
            for (LowDataSweep.Point p : r.sweep()) {
                if (p.ceilingCappedTrials() > 0) {
                    md.append(String.format(Locale.ROOT, "Ceiling at %s capped: in %d trial(s) fewer real rows were left outside the subset "
                            + "than asked for (%.0f asked, %.0f used on average).%n%n", Verdict.percent(p.fraction()),
                            p.ceilingCappedTrials(), p.meanCeilingRowsAsked(), p.meanCeilingRows()));
                }
            }
        }

        sweepMetricsTable(md, r.sweep(), ReportedMetric.parseAll(s.metrics()), v.metric());

        if (r.fidelity() != null) {
            fidelity(md, r.fidelity());
        }
        if (!r.plots().isEmpty()) {
            md.append("## Plots\n\n");
            for (String p : r.plots()) {
                md.append("![").append(p).append("](").append(p).append(")\n\n");
            }
        }
        if (!r.notes().isEmpty()) {
            md.append("## Notes\n\n");
            for (String n : r.notes()) {
                md.append("- ").append(n).append('\n');
            }
            md.append('\n');
        }
        details(md, JSON.valueToTree(r.extra()));
        if (!r.environment().isEmpty()) {
            md.append("## Environment\n\n");
            r.environment().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        }
        return md.toString();
    }

    /** At most this many entries of a list are shown in report.md's "Details" (all are in report.json). */
    static final int DETAIL_ROWS = 6;
    /** At most this many figures per line or table row of "Details". */
    static final int DETAIL_FIGURES = 8;
    /** A text figure longer than this is cut (with "..."). */
    static final int DETAIL_TEXT_CHARS = 80;

    /**
     * report.md's "Details": one line per {@code extra} entry with its key figures ("name: value; ..."; an object's numbers, flags and
     * short texts, one level deep; a list's length and, for a list of objects, a small table of its first
     * {@link #DETAIL_ROWS} entries), numbers to 4 significant digits. Bounded whatever the entry's size: the full
     * data is in report.json, which the section names.
     */
    private static void details(StringBuilder md, JsonNode extra) {
        if (extra == null || extra.size() == 0) {
            return;
        }
        md.append("## Details\n\nThe key figures of each entry of report.json's `extra`; the full data is in ")
                .append(JSON_NAME).append(".\n\n");
        for (var it = extra.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            md.append("- **").append(e.getKey()).append("**");
            if (v.isArray()) {
                md.append(": ").append(count(v)).append(" (").append(JSON_NAME).append(" extra.").append(e.getKey()).append(")");
                if (hasObjects(v)) {
                    md.append("\n\n");
                    table(md, v);
                } else if (v.size() > 0) {
                    md.append(": ").append(listFigures(v)).append('\n');
                } else {
                    md.append('\n');
                }
            } else if (v.isObject()) {
                List<String[]> figures = figures(v);
                md.append(": ");
                for (int i = 0; i < Math.min(DETAIL_FIGURES, figures.size()); i++) {
                    md.append(i == 0 ? "" : "; ").append(figures.get(i)[0]).append(": ").append(figures.get(i)[1]);
                }
                if (figures.size() > DETAIL_FIGURES) {
                    md.append("; and ").append(figures.size() - DETAIL_FIGURES).append(" more in ").append(JSON_NAME);
                }
                md.append('\n');
            } else {
                md.append(": ").append(figure(v)).append('\n');
            }
        }
        md.append('\n');
    }

    private static String count(JsonNode list) {
        return list.size() + (list.size() == 1 ? " entry" : " entries");
    }

    private static boolean hasObjects(JsonNode list) {
        for (JsonNode x : list) {
            if (x.isObject()) {
                return true;
            }
        }
        return false;
    }

    /** A list of plain values: its first {@link #DETAIL_ROWS}, then how many more. */
    private static String listFigures(JsonNode list) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(DETAIL_ROWS, list.size()); i++) {
            b.append(i == 0 ? "" : ", ").append(figure(list.get(i)));
        }
        if (list.size() > DETAIL_ROWS) {
            b.append(", ... (").append(list.size() - DETAIL_ROWS).append(" more)");
        }
        return b.toString();
    }

    /** The first {@link #DETAIL_ROWS} objects of {@code list}, one row each, columns the first entry's figures. */
    private static void table(StringBuilder md, JsonNode list) {
        List<String> columns = new java.util.ArrayList<>();
        for (JsonNode x : list) {
            if (x.isObject()) {
                for (String[] f : figures(x)) {
                    if (!columns.contains(f[0]) && columns.size() < DETAIL_FIGURES) {
                        columns.add(f[0]);
                    }
                }
                break;
            }
        }
        md.append("  | ").append(String.join(" | ", columns)).append(" |\n  |").append("---|".repeat(columns.size())).append('\n');
        int shown = 0;
        for (JsonNode x : list) {
            if (shown == DETAIL_ROWS) {
                break;
            }
            Map<String, String> row = new java.util.LinkedHashMap<>();
            if (x.isObject()) {
                for (String[] f : figures(x)) {
                    row.put(f[0], f[1]);
                }
            }
            md.append("  |");
            for (String c : columns) {
                md.append(' ').append(row.getOrDefault(c, "").replace("|", "\\|")).append(" |");
            }
            md.append('\n');
            shown++;
        }
        if (list.size() > shown) {
            md.append("\n  ... and ").append(list.size() - shown).append(" more in ").append(JSON_NAME).append(".\n");
        }
        md.append('\n');
    }

    /**
     * An object's figures as (name, value): its plain fields, a list as its length, a nested object's plain fields
     * as {@code parent.child} (deeper ones as their field count).
     */
    private static List<String[]> figures(JsonNode object) {
        List<String[]> out = new java.util.ArrayList<>();
        for (var it = object.fields(); it.hasNext(); ) {
            var f = it.next();
            JsonNode v = f.getValue();
            if (v.isArray()) {
                out.add(new String[] {f.getKey(), count(v)});
            } else if (v.isObject()) {
                for (var in = v.fields(); in.hasNext(); ) {
                    var g = in.next();
                    JsonNode w = g.getValue();
                    String value = w.isArray() ? count(w) : w.isObject() ? w.size() + " fields" : figure(w);
                    out.add(new String[] {f.getKey() + "." + g.getKey(), value});
                }
            } else {
                out.add(new String[] {f.getKey(), figure(v)});
            }
        }
        return out;
    }

    /** A plain JSON value as report.md shows it: whole numbers as they are, others to 4 significant digits. */
    static String figure(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        if (v.isNumber()) {
            double d = v.asDouble();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.4g", d);
        }
        if (v.isNull()) {
            return "null";
        }
        String t = v.asText();
        return t.length() > DETAIL_TEXT_CHARS ? t.substring(0, DETAIL_TEXT_CHARS - 3) + "..." : t;
    }

    private static void appendCases(StringBuilder md, Verdict v, String outcome, String heading) {
        List<Verdict.Case> cases = v.cases().stream().filter(c -> c.outcome().equals(outcome)).toList();
        if (cases.isEmpty()) {
            return;
        }
        md.append(heading).append(":\n\n");
        for (Verdict.Case c : cases) {
            md.append("- ").append(c.sentence()).append('\n');
        }
        md.append('\n');
    }

    /**
     * "Gain on new test groups, per metric": one row per set of synthetic rows and classifier, one column per metric,
     * each cell the mean gain in points and its 95% test-group bootstrap interval; a cell whose interval is above zero
     * is bold.
     */
    static void testGroupEffectsTable(StringBuilder md, List<MetricEffects> effects) {
        List<String> metrics = effects.get(0).effects().stream().map(TestGroupEffect::metric).toList();
        TestGroupEffect first = effects.get(0).effects().get(0);
        md.append("## Gain on new test groups, per metric\n\n")
                .append(String.format(java.util.Locale.ROOT, "Real + synthetic minus real only, points, mean over the paired trials [95%% interval of a bootstrap that resamples the %d test group%s%s and the trials (%d%s, %d draws)]. ",
                        first.testGroups(), first.testGroups() == 1 ? " (one group: its rows)" : "s",
                        first.folds() > 1 ? " of all " + first.folds() + " folds" : "", first.trials(),
                        first.folds() > 1 ? " per fold" : "", first.draws()))
                .append("dataset.csv: the rows the do-no-harm check admitted in each fold (none: zero there); synthetic.csv: the configured rows; ")
                .append("an augmenter's name: its rows at amount x1 side by side. Bold: interval above zero.")
                .append(first.testGroups() < TestGroupEffect.FEW_TEST_GROUPS && first.testGroups() > 1
                        ? String.format(java.util.Locale.ROOT, " With only %d test groups the bootstrap is rough, so each cell also gives "
                        + "\"t [low, high]\": the small-sample 95%% t-interval over the groups' own gains (t with n - 1 degrees of freedom).",
                        first.testGroups()) : "")
                .append("\n\n| rows | classifier | synthetic rows |");
        for (String m : metrics) {
            md.append(' ').append(ReportedMetric.parse(m).title()).append(" |");
        }
        md.append("\n|---|---|---:|");
        md.append("---|".repeat(metrics.size())).append('\n');
        for (MetricEffects e : effects) {
            md.append("| ").append(e.rows()).append(" | ").append(e.classifier()).append(" | ").append(e.syntheticRows()).append(" |");
            for (String m : metrics) {
                TestGroupEffect g = e.effect(m);
                md.append(' ').append(g == null ? "" : g.helps() ? "**" + g.cell() + "**" : g.cell()).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static void gainTable(StringBuilder md, List<GainEvaluation.ClassifierGain> gains, List<ReportedMetric> metrics) {
        md.append("Mean over trials [95% interval], tested on the real test rows.\n\n| classifier | trained on |");
        for (ReportedMetric m : metrics) {
            md.append(' ').append(m.title()).append(" |");
        }
        md.append("\n|---|---|").append("---|".repeat(metrics.size())).append('\n');
        for (GainEvaluation.ClassifierGain g : gains) {
            for (GainEvaluation.Arm arm : GainEvaluation.Arm.values()) {
                MetricSummaries ms = g.arm(arm);
                md.append("| ").append(g.classifier()).append(" | ").append(arm.title());
                for (ReportedMetric m : metrics) {
                    Summary x = ms == null ? null : m.of(ms);
                    md.append(" | ").append(x == null ? "n/a" : pct(x));
                }
                md.append(" |\n");
            }
            md.append("| ").append(g.classifier()).append(" | **gain** (real + synthetic minus real, points)");
            for (ReportedMetric m : metrics) {
                Summary x = m.of(g.gain());
                md.append(" | ").append(x == null ? "n/a" : pts(x));
            }
            md.append(" |\n");
        }
        md.append('\n');
    }

    /**
     * The low-data sweep in the chosen metrics other than the verdict's (which the sweep table shows already):
     * one row per fraction, classifier and metric. Nothing when there is no sweep or no other metric.
     */
    private static void sweepMetricsTable(StringBuilder md, List<LowDataSweep.Point> sweep, List<ReportedMetric> metrics,
                                          String verdictMetric) {
        List<ReportedMetric> others = metrics.stream().filter(m -> !m.title().equals(verdictMetric)).toList();
        if (sweep.isEmpty() || others.isEmpty()) {
            return;
        }
        md.append("### Low-data sweep in the other metrics\n\nMean over trials [95% interval]; gain in points.\n\n")
                .append("| real rows | classifier | metric | real only | real + synthetic | gain (points) |\n|---:|---|---|---|---|---|\n");
        for (LowDataSweep.Point p : sweep) {
            for (GainEvaluation.ClassifierGain g : p.classifiers()) {
                for (ReportedMetric m : others) {
                    Summary real = m.of(g.real());
                    Summary aug = m.of(g.augmented());
                    Summary gain = m.of(g.gain());
                    md.append("| ").append(Verdict.percent(p.fraction())).append(" | ").append(g.classifier()).append(" | ")
                            .append(m.title()).append(" | ").append(real == null ? "n/a" : pct(real)).append(" | ")
                            .append(aug == null ? "n/a" : pct(aug)).append(" | ").append(gain == null ? "n/a" : pts(gain)).append(" |\n");
                }
            }
        }
        md.append('\n');
    }

    private static void fidelity(StringBuilder md, Fidelity.Result f) {
        md.append("## Fidelity of the synthetic rows\n\n")
                .append(String.format(Locale.ROOT, "- Label fidelity: a %s trained on the real training rows puts %.1f%% of the synthetic rows in their own class.%n",
                        f.labelFidelityClassifier(), 100 * f.labelFidelity()))
                .append(String.format(Locale.ROOT, "- Memorisation: %.1f%% of the synthetic rows lie nearer to a real training row than the 1st percentile of real-to-real nearest-neighbour distances (%.3g); about 1%% is what fresh real rows would show.%n",
                        100 * f.memorisedShare(), f.memorisationThreshold()))
                .append("- Distances are measured in ").append(f.space()).append(".\n\n")
                .append("| class | real rows | synthetic rows | MMD² real vs synthetic | MMD² real vs real (halves) | label fidelity | memorised | diversity (synthetic / real) | variance on real principal axes (synthetic / real) |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Fidelity.ClassFidelity c : f.classes()) {
            md.append("| ").append(c.label()).append(" | ").append(c.realRows()).append(" | ").append(c.syntheticRows())
                    .append(" | ").append(num(c.mmd2RealVsSynthetic())).append(" | ").append(num(c.mmd2RealVsReal()))
                    .append(" | ").append(share(c.labelFidelity())).append(" | ").append(share(c.memorisedShare()))
                    .append(" | ").append(ratio(c.diversityRatio())).append(" | ").append(ratio(c.principalVarianceRatio()))
                    .append(" |\n");
        }
        md.append("\nMMD² near the real-vs-real value means the synthetic rows are as close to the real class as another ")
                .append("sample of real rows; much larger means they are distinguishable. Diversity far below 1 means the ")
                .append("generator covers only part of the class (mode collapse). Variance on the real principal axes far ")
                .append("below 1 means the synthetic rows miss the correlations between features (compare pca.png), even ")
                .append("when MMD and diversity look fine.\n\n");
    }

    private static Metric metricOf(String title) {
        for (Metric m : Metric.values()) {
            if (m.title().equals(title)) {
                return m;
            }
        }
        return Metric.BALANCED_ACCURACY;
    }

    private static String perClass(Map<String, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(": ").append(n));
        return sb.toString();
    }

    static String pct(Summary s) {
        return s.percentText();
    }

    static String pts(Summary s) {
        return s.pointsText();
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String share(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
