package org.spectrogan.evaluate;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.ZScore;
import org.spectrogan.features.FeatureTable;

/** PNG plots for reports (XChart), each written atomically; grids hold one panel per class or classifier. */
public final class Plots {
    public static final String FEATURE_PROFILES = "feature-profiles.png";
    public static final String PCA = "pca.png";
    public static final String SWEEP = "sweep.png";
    public static final String GAIN = "gain.png";

    private static final Color REAL = new Color(31, 119, 180);
    private static final Color SYNTHETIC = new Color(255, 127, 14);
    private static final Color SYNTHETIC_ONLY = new Color(44, 160, 44);
    private static final int PANEL_W = 560;
    private static final int PANEL_H = 380;
    private static final int MAX_POINTS_PER_SET = 1500;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    /**
     * Per class, the mean feature values of the real and the synthetic rows and their difference (synthetic minus
     * real), laid out as the features are: EEG band features ({@code <channel>_<band>_de|bp}) as channel x band
     * heatmaps, spectrogram patches ({@code <coefficient>_t<frame>}) as coefficient x time images (lowest
     * coefficient at the bottom). Real and synthetic share one colour scale per class; the difference has its own,
     * symmetric about 0. Other features are drawn as mean value over the column index.
     */
    public static void featureProfiles(FeatureTable real, FeatureTable synthetic, Path png) {
        double[] samples = timeSamples(real.featureNames());
        if (samples != null) {
            waveforms(real, synthetic, samples, png);
            return;
        }
        Layout layout = Layout.of(real.featureNames());
        if (layout == null) {
            lineProfiles(real, synthetic, png);
            return;
        }
        List<BufferedImage> panels = new ArrayList<>();
        for (String label : labels(real, synthetic)) {
            double[] r = means(real, label);
            double[] s = means(synthetic, label);
            double[][] gr = layout.grid(r);
            double[][] gs = layout.grid(s);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] v : new double[][] {r, s}) {
                if (v != null) {
                    for (double x : v) {
                        min = Math.min(min, x);
                        max = Math.max(max, x);
                    }
                }
            }
            double[][] diff = null;
            double span = 0;
            if (r != null && s != null) {
                double[] d = new double[r.length];
                for (int j = 0; j < d.length; j++) {
                    d[j] = s[j] - r[j];
                    span = Math.max(span, Math.abs(d[j]));
                }
                diff = layout.grid(d);
            }
            panels.add(layout.draw("class " + label + ": real (mean)", gr, min, max, false));
            panels.add(layout.draw("class " + label + ": synthetic (mean)", gs, min, max, false));
            panels.add(layout.draw("class " + label + ": synthetic - real", diff, -span, span, true));
        }
        writeImages(panels, 3, png);
    }

    /** How feature columns map onto a grid of rows x columns (null when the names follow no known pattern). */
    record Layout(List<String> rows, List<String> cols, int[][] index, String rowAxis, String colAxis, boolean bottomUp) {
        private static final java.util.regex.Pattern BAND = java.util.regex.Pattern.compile("^(.+)_([^_]+)_(de|bp)$");
        private static final java.util.regex.Pattern FRAME = java.util.regex.Pattern.compile("^(.+)_t(\\d+)$");

        static Layout of(List<String> names) {
            Layout band = build(names, BAND, "channel", "band", false);
            return band != null ? band : build(names, FRAME, null, "frame (STFT hop)", true);
        }

        private static Layout build(List<String> names, java.util.regex.Pattern p, String rowAxis, String colAxis, boolean bottomUp) {
            List<String> rows = new ArrayList<>();
            List<String> cols = new ArrayList<>();
            List<String[]> keys = new ArrayList<>();
            for (String n : names) {
                java.util.regex.Matcher m = p.matcher(n);
                if (!m.matches()) {
                    return null;
                }
                String r = m.group(1);
                String c = m.group(2);
                if (!rows.contains(r)) {
                    rows.add(r);
                }
                if (!cols.contains(c)) {
                    cols.add(c);
                }
                keys.add(new String[] {r, c});
            }
            if (rows.size() < 2 || cols.size() < 2) {
                return null;
            }
            int[][] index = new int[rows.size()][cols.size()];
            for (int[] row : index) {
                java.util.Arrays.fill(row, -1);
            }
            for (int j = 0; j < keys.size(); j++) {
                index[rows.indexOf(keys.get(j)[0])][cols.indexOf(keys.get(j)[1])] = j;
            }
            String axis = rowAxis;
            List<String> labels = rows;
            if (axis == null) {
                String first = rows.get(0);
                axis = first.startsWith("logmel_") ? "mel band" : first.startsWith("mfcc_") ? "MFCC coefficient"
                        : first.startsWith("stft_") ? "frequency" : "coefficient";
                labels = rows.stream().map(r -> r.replaceFirst("^(logmel|mfcc|stft)_", "")).toList();
                cols = cols.stream().map(c -> "t" + c).toList();
            }
            return new Layout(labels, cols, index, axis, colAxis, bottomUp);
        }

        double[][] grid(double[] v) {
            if (v == null) {
                return null;
            }
            double[][] g = new double[rows.size()][cols.size()];
            for (int r = 0; r < g.length; r++) {
                for (int c = 0; c < g[r].length; c++) {
                    g[r][c] = index[r][c] < 0 ? Double.NaN : v[index[r][c]];
                }
            }
            return g;
        }

        BufferedImage draw(String title, double[][] grid, double min, double max, boolean diverging) {
            double[][] g = grid != null ? grid : new double[rows.size()][cols.size()];
            if (grid == null) {
                for (double[] row : g) {
                    java.util.Arrays.fill(row, Double.NaN);
                }
                title += " (no rows)";
            }
            return Heatmap.draw(title, rowAxis, colAxis, rows, cols, g, min, max, diverging, bottomUp);
        }
    }

    /**
     * The sample numbers of time-series columns (one prefix and a strictly increasing number, e.g. ERP CORE's
     * {@code Time1 .. Time128} or their decimated runs {@code Time1, Time5, ...}), at least 8 of them; else null.
     */
    static double[] timeSamples(List<String> names) {
        if (names.size() < 8) {
            return null;
        }
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("^(\\D*?)(\\d+)$");
        String prefix = null;
        double[] x = new double[names.size()];
        for (int j = 0; j < x.length; j++) {
            java.util.regex.Matcher m = p.matcher(names.get(j));
            if (!m.matches() || (prefix != null && !prefix.equals(m.group(1))) || m.group(2).length() > 9) {
                return null;
            }
            prefix = m.group(1);
            x[j] = Long.parseLong(m.group(2));
            if (j > 0 && x[j] <= x[j - 1]) {
                return null;
            }
        }
        return x;
    }

    /** Per class: the class-average waveform, real vs synthetic, each with a band of +-1 SD over its rows. */
    private static void waveforms(FeatureTable real, FeatureTable synthetic, double[] x, Path png) {
        List<Chart<?, ?>> panels = new ArrayList<>();
        String prefix = real.featureNames().get(0).replaceAll("\\d+$", "");
        for (String label : labels(real, synthetic)) {
            XYChart c = new XYChartBuilder().width(PANEL_W).height(PANEL_H)
                    .title("class " + label + ": average waveform +-1 SD")
                    .xAxisTitle("sample (column " + prefix + "N)").yAxisTitle("value").build();
            c.getStyler().setMarkerSize(0);
            c.getStyler().setXAxisDecimalPattern("#");
            for (Object[] set : new Object[][] {{"real", real, REAL}, {"synthetic", synthetic, SYNTHETIC}}) {
                FeatureTable t = (FeatureTable) set[1];
                double[] mean = means(t, label);
                if (mean == null) {
                    continue;
                }
                double[] sd = sds(t, label, mean);
                int n = x.length;
                double[] bx = new double[2 * n];
                double[] by = new double[2 * n];
                for (int j = 0; j < n; j++) {
                    bx[j] = x[j];
                    by[j] = mean[j] + sd[j];
                    bx[2 * n - 1 - j] = x[j];
                    by[2 * n - 1 - j] = mean[j] - sd[j];
                }
                Color color = (Color) set[2];
                XYSeries band = c.addSeries(set[0] + " +-1 SD", bx, by);
                band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
                band.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 0));
                band.setMarker(SeriesMarkers.NONE);
                addLine(c, set[0] + " mean (" + count(t, label) + " rows)", x, mean, color);
            }
            panels.add(c);
        }
        writeGrid(panels, png);
    }

    private static int count(FeatureTable t, String label) {
        int n = 0;
        for (FeatureTable.Row r : t.rows()) {
            n += r.label().equals(label) ? 1 : 0;
        }
        return n;
    }

    /** Standard deviation (n - 1; 0 for a single row) of every column over the rows of {@code label}. */
    private static double[] sds(FeatureTable t, String label, double[] mean) {
        double[] v = new double[mean.length];
        int n = 0;
        for (FeatureTable.Row r : t.rows()) {
            if (r.label().equals(label)) {
                n++;
                for (int j = 0; j < v.length; j++) {
                    double d = r.values()[j] - mean[j];
                    v[j] += d * d;
                }
            }
        }
        for (int j = 0; j < v.length; j++) {
            v[j] = n < 2 ? 0 : Math.sqrt(v[j] / (n - 1));
        }
        return v;
    }

    /** Per class: mean of every feature column, real vs synthetic, over the column index. */
    private static void lineProfiles(FeatureTable real, FeatureTable synthetic, Path png) {
        List<Chart<?, ?>> panels = new ArrayList<>();
        double[] x = new double[real.featureCount()];
        for (int j = 0; j < x.length; j++) {
            x[j] = j;
        }
        for (String label : labels(real, synthetic)) {
            XYChart c = new XYChartBuilder().width(PANEL_W).height(PANEL_H).title("class " + label + ": mean feature values")
                    .xAxisTitle("feature column (file order)").yAxisTitle("mean value").build();
            c.getStyler().setMarkerSize(0);
            c.getStyler().setXAxisTickMarkSpacingHint(90);
            c.getStyler().setXAxisDecimalPattern("#");
            addLine(c, "real", x, means(real, label), REAL);
            addLine(c, "synthetic", x, means(synthetic, label), SYNTHETIC);
            panels.add(c);
        }
        writeGrid(panels, png);
    }

    /**
     * Per class: real and synthetic rows projected on the first two principal components of the real rows
     * (z-scored). The axes span the 1st to 99th percentile of the real rows' projections (all classes, widened by
     * a tenth on each side), so a few outliers cannot squash the plot; the title says how many points fell outside.
     */
    public static void pca(FeatureTable real, FeatureTable synthetic, Path png) {
        ZScore z = ZScore.fit(real.matrix(), ZScore.ConstantColumns.CENTRE);
        double[][] realZ = z.apply(real.matrix());
        Pca p = Pca.fit(realZ, Math.min(2, real.featureCount()));
        String axes = String.format(Locale.ROOT, "PC1 (%.0f%% of variance)", 100 * p.explainedShare(0));
        String yAxis = real.featureCount() > 1 ? String.format(Locale.ROOT, "PC2 (%.0f%%)", 100 * p.explainedShare(1)) : "0";
        double[][] all = p.project(realZ);
        double[] xr = robustRange(all, 0);
        double[] yr = robustRange(all, 1);
        List<Chart<?, ?>> panels = new ArrayList<>();
        int index = 0;
        for (String label : labels(real, synthetic)) {
            double[][] r = project(p, z, real, label, index);
            double[][] s = project(p, z, synthetic, label, index + 1);
            int outside = outside(r, xr, yr) + outside(s, xr, yr);
            XYChart c = new XYChartBuilder().width(PANEL_W).height(PANEL_H).title("class " + label + ": PCA of real rows")
                    .xAxisTitle(String.format(Locale.ROOT, "%s; axes: 1st-99th pct of real, %d point%s outside",
                            axes, outside, outside == 1 ? "" : "s"))
                    .yAxisTitle(yAxis).build();
            c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            c.getStyler().setMarkerSize(4);
            c.getStyler().setXAxisMin(xr[0]);
            c.getStyler().setXAxisMax(xr[1]);
            c.getStyler().setYAxisMin(yr[0]);
            c.getStyler().setYAxisMax(yr[1]);
            addScatter(c, "real", clip(r, xr, yr), alpha(REAL));
            addScatter(c, "synthetic", clip(s, xr, yr), alpha(SYNTHETIC));
            panels.add(c);
            index += 2;
        }
        writeGrid(panels, png);
    }

    /** The 1st and 99th percentile of column {@code j} (0 for a missing column), widened by 10% of their span. */
    static double[] robustRange(double[][] pts, int j) {
        double[] v = new double[pts.length];
        for (int i = 0; i < pts.length; i++) {
            v[i] = pts[i].length > j ? pts[i][j] : 0;
        }
        org.apache.commons.math3.stat.descriptive.rank.Percentile q = new org.apache.commons.math3.stat.descriptive.rank.Percentile();
        double lo = v.length == 0 ? -1 : q.evaluate(v, 1);
        double hi = v.length == 0 ? 1 : q.evaluate(v, 99);
        double pad = hi > lo ? 0.1 * (hi - lo) : 1;
        return new double[] {lo - pad, hi + pad};
    }

    private static boolean inside(double[] pt, double[] xr, double[] yr) {
        double y = pt.length > 1 ? pt[1] : 0;
        return pt[0] >= xr[0] && pt[0] <= xr[1] && y >= yr[0] && y <= yr[1];
    }

    private static int outside(double[][] pts, double[] xr, double[] yr) {
        int n = 0;
        for (double[] pt : pts) {
            n += inside(pt, xr, yr) ? 0 : 1;
        }
        return n;
    }

    private static double[][] clip(double[][] pts, double[] xr, double[] yr) {
        return java.util.Arrays.stream(pts).filter(pt -> inside(pt, xr, yr)).toArray(double[][]::new);
    }

    /** Per classifier: the metric (mean and 95% interval as error bars) against the share of real training rows. */
    public static void sweep(List<LowDataSweep.Point> points, Metric metric, Path png) {
        sweep(points, java.util.Map.of(), metric, png);
    }

    /**
     * As {@link #sweep(List, Metric, Path)}, plus per named augmenter of {@code augmenters} (same trials) the
     * metric with real + that augmenter's rows, beside the ceiling.
     */
    public static void sweep(List<LowDataSweep.Point> points, java.util.Map<String, List<LowDataSweep.Point>> augmenters,
                             Metric metric, Path png) {
        List<String> classifiers = new ArrayList<>();
        for (LowDataSweep.Point p : points) {
            for (GainEvaluation.ClassifierGain g : p.classifiers()) {
                if (!classifiers.contains(g.classifier())) {
                    classifiers.add(g.classifier());
                }
            }
        }
        List<Chart<?, ?>> panels = new ArrayList<>();
        for (String name : classifiers) {
            XYChart c = new XYChartBuilder().width(PANEL_W).height(PANEL_H).title(name + ": " + metric.title() + " on real test rows")
                    .xAxisTitle("real training rows used (%)").yAxisTitle(metric.title() + " (%)").build();
            c.getStyler().setErrorBarsColorSeriesColor(true);
            c.getStyler().setXAxisDecimalPattern("#");
            for (GainEvaluation.Arm arm : GainEvaluation.Arm.values()) {
                List<double[]> xy = new ArrayList<>();
                for (LowDataSweep.Point p : points) {
                    for (GainEvaluation.ClassifierGain g : p.classifiers()) {
                        if (g.classifier().equals(name) && g.arm(arm) != null) {
                            Summary s = g.arm(arm).get(metric);
                            xy.add(new double[] {100 * p.fraction(), 100 * s.mean(), errorBar(s)});
                        }
                    }
                }
                if (xy.isEmpty()) {
                    continue;
                }
                double[] xs = xy.stream().mapToDouble(v -> v[0]).toArray();
                double[] ys = xy.stream().mapToDouble(v -> v[1]).toArray();
                double[] es = xy.stream().mapToDouble(v -> v[2]).toArray();
                XYSeries s = c.addSeries(arm.title(), xs, ys, es);
                s.setLineColor(color(arm));
                s.setMarkerColor(color(arm));
                s.setMarker(SeriesMarkers.CIRCLE);
            }
            Color[] palette = {new Color(0x8E44AD), new Color(0x16A085), new Color(0xD35400), new Color(0x2C3E50),
                    new Color(0xC0392B), new Color(0x7F8C8D), new Color(0x27AE60)};
            int k = 0;
            for (var e : augmenters.entrySet()) {
                List<double[]> pts = new ArrayList<>();
                for (LowDataSweep.Point p : e.getValue()) {
                    for (GainEvaluation.ClassifierGain g : p.classifiers()) {
                        if (g.classifier().equals(name) && g.augmented() != null && p.fraction() < 1) {
                            Summary sm = g.augmented().get(metric);
                            pts.add(new double[] {100 * p.fraction(), 100 * sm.mean(), errorBar(sm)});
                        }
                    }
                }
                if (!pts.isEmpty()) {
                    XYSeries s = c.addSeries("real + " + e.getKey() + " (x1, unchecked)", pts.stream().mapToDouble(v -> v[0]).toArray(),
                            pts.stream().mapToDouble(v -> v[1]).toArray(), pts.stream().mapToDouble(v -> v[2]).toArray());
                    Color col = palette[k++ % palette.length];
                    s.setLineColor(col);
                    s.setMarkerColor(col);
                    s.setMarker(SeriesMarkers.TRIANGLE_UP);
                }
            }
            // the ceiling: the same subsets with held-back real rows in place of the synthetic ones
            List<double[]> xy = new ArrayList<>();
            for (LowDataSweep.Point p : points) {
                for (GainEvaluation.ClassifierGain g : p.ceiling()) {
                    if (g.classifier().equals(name)) {
                        Summary sm = g.augmented().get(metric);
                        xy.add(new double[] {100 * p.fraction(), 100 * sm.mean(), errorBar(sm)});
                    }
                }
            }
            if (!xy.isEmpty()) {
                XYSeries s = c.addSeries("ceiling: real + held-back real", xy.stream().mapToDouble(v -> v[0]).toArray(),
                        xy.stream().mapToDouble(v -> v[1]).toArray(), xy.stream().mapToDouble(v -> v[2]).toArray());
                s.setLineColor(Color.GRAY);
                s.setMarkerColor(Color.GRAY);
                s.setMarker(SeriesMarkers.DIAMOND);
            }
            panels.add(c);
        }
        writeGrid(panels, png);
    }

    /**
     * The paired gain (real + synthetic minus real only, same trial) per classifier with all real training rows,
     * in points, each with its 95% interval as a vertical line (clipped intervals as clipped; a case without an
     * interval as a hollow marker); a dashed line at zero.
     */
    public static void gain(List<GainEvaluation.ClassifierGain> gains, Metric metric, Path png) {
        gain(gains, List.of(), metric, png);
    }

    /**
     * As {@link #gain(List, Metric, Path)}, with one series per fraction of the low-data sweep beside the
     * full-data one (the sweep's 100% point is left out when there is a full-data gain: the same comparison).
     */
    public static void gain(List<GainEvaluation.ClassifierGain> gains, List<LowDataSweep.Point> sweep, Metric metric, Path png) {
        java.util.LinkedHashMap<String, List<GainEvaluation.ClassifierGain>> series = new java.util.LinkedHashMap<>();
        for (LowDataSweep.Point p : sweep) {
            if (p.fraction() < 1 || gains.isEmpty()) {
                series.put(Verdict.percent(p.fraction()) + " of real rows", p.classifiers());
            }
        }
        if (!gains.isEmpty()) {
            series.put("all real rows", gains);
        }
        List<String> names = new ArrayList<>();
        for (List<GainEvaluation.ClassifierGain> gs : series.values()) {
            for (GainEvaluation.ClassifierGain g : gs) {
                if (!names.contains(g.classifier())) {
                    names.add(g.classifier());
                }
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot for " + png);
        }
        XYChart c = new XYChartBuilder().width(Math.max(2 * PANEL_W, 220 * names.size())).height(PANEL_H + 60)
                .title("Paired gain in " + metric.title() + " (real + synthetic minus real only), mean and 95% interval")
                .xAxisTitle("classifier").yAxisTitle("gain (points)").build();
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        c.getStyler().setXAxisTicksVisible(false);
        c.getStyler().setMarkerSize(9);
        c.getStyler().setXAxisMin(-0.5);
        c.getStyler().setXAxisMax(names.size() - 0.5);
        c.getStyler().setXAxisTickMarkSpacingHint(Math.max(40, c.getWidth() / (names.size() + 1)));
        double bottom = 0;
        for (List<GainEvaluation.ClassifierGain> gs : series.values()) {
            for (GainEvaluation.ClassifierGain g : gs) {
                Summary sm = g.gain().get(metric);
                bottom = Math.min(bottom, 100 * (sm.hasInterval() ? sm.lower() : sm.mean()));
            }
        }
        bottom -= 1.5;
        c.getStyler().setYAxisMin(bottom - 0.5);
        for (int i = 0; i < names.size(); i++) {
            c.addAnnotation(new org.knowm.xchart.AnnotationText(names.get(i), i, bottom, false));
        }
        XYSeries zero = c.addSeries("zero", new double[] {-0.5, names.size() - 0.5}, new double[] {0, 0});
        zero.setLineColor(Color.GRAY);
        zero.setMarker(SeriesMarkers.NONE);
        zero.setLineStyle(new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        zero.setShowInLegend(false);
        Color[] palette = {new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), SYNTHETIC, REAL};
        int k = 0;
        int m = series.size();
        for (var e : series.entrySet()) {
            Color col = palette[Math.max(0, palette.length - m + k) % palette.length];
            double offset = m == 1 ? 0 : -0.3 + 0.6 * k / (m - 1);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> hollowX = new ArrayList<>();
            List<Double> hollowY = new ArrayList<>();
            for (GainEvaluation.ClassifierGain g : e.getValue()) {
                Summary sm = g.gain().get(metric);
                double x = names.indexOf(g.classifier()) + offset;
                if (sm.hasInterval()) {
                    xs.add(x);
                    ys.add(100 * sm.mean());
                    XYSeries bar = c.addSeries(e.getKey() + " " + g.classifier() + " interval",
                            new double[] {x, x}, new double[] {100 * sm.lower(), 100 * sm.upper()});
                    bar.setLineColor(col);
                    bar.setLineStyle(new java.awt.BasicStroke(2.5f));
                    bar.setMarker(SeriesMarkers.NONE);
                    bar.setShowInLegend(false);
                } else {
                    hollowX.add(x);
                    hollowY.add(100 * sm.mean());
                }
            }
            if (!xs.isEmpty()) {
                XYSeries pts = c.addSeries(e.getKey(), xs, ys);
                pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                pts.setMarkerColor(col);
                pts.setMarker(SeriesMarkers.CIRCLE);
            }
            if (!hollowX.isEmpty()) {
                XYSeries pts = c.addSeries(e.getKey() + " (no interval: too few trials or no spread)", hollowX, hollowY);
                pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                pts.setMarkerColor(col);
                pts.setMarker(SeriesMarkers.DIAMOND);
            }
            k++;
        }
        writeGrid(List.of(c), png);
    }

    private static Color color(GainEvaluation.Arm arm) {
        return switch (arm) {
            case REAL -> REAL;
            case AUGMENTED -> SYNTHETIC;
            case SYNTHETIC_ONLY -> SYNTHETIC_ONLY;
        };
    }

    private static List<String> labels(FeatureTable real, FeatureTable synthetic) {
        List<String> labels = new ArrayList<>(real.labels());
        for (String l : synthetic.labels()) {
            if (!labels.contains(l)) {
                labels.add(l);
            }
        }
        return labels;
    }

    private static double[] means(FeatureTable t, String label) {
        double[] m = new double[t.featureCount()];
        int n = 0;
        for (FeatureTable.Row r : t.rows()) {
            if (r.label().equals(label)) {
                n++;
                for (int j = 0; j < m.length; j++) {
                    m[j] += r.values()[j];
                }
            }
        }
        if (n == 0) {
            return null;
        }
        for (int j = 0; j < m.length; j++) {
            m[j] /= n;
        }
        return m;
    }

    private static void addLine(XYChart c, String name, double[] x, double[] y, Color color) {
        if (y == null) {
            return;
        }
        XYSeries s = c.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarker(SeriesMarkers.NONE);
    }

    private static double[][] project(Pca p, ZScore z, FeatureTable t, String label, long seed) {
        List<double[]> rows = new ArrayList<>();
        for (FeatureTable.Row r : t.rows()) {
            if (r.label().equals(label)) {
                rows.add(r.values());
            }
        }
        double[][] sample = Subsampling.atMost(rows.toArray(new double[0][]), MAX_POINTS_PER_SET, seed);
        return p.project(z.apply(sample));
    }

    private static void addScatter(XYChart c, String name, double[][] pts, Color color) {
        if (pts.length == 0) {
            return;
        }
        double[] xs = new double[pts.length];
        double[] ys = new double[pts.length];
        for (int i = 0; i < pts.length; i++) {
            xs[i] = pts[i][0];
            ys[i] = pts[i].length > 1 ? pts[i][1] : 0;
        }
        XYSeries s = c.addSeries(name, xs, ys);
        s.setMarkerColor(color);
        s.setMarker(SeriesMarkers.CIRCLE);
    }

    private static Color alpha(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 110);
    }

    /** Draws the panels in a grid (up to 3 columns) and writes one PNG atomically. */
    private static void writeGrid(List<Chart<?, ?>> panels, Path png) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot for " + png);
        }
        List<BufferedImage> images = new ArrayList<>();
        for (Chart<?, ?> c : panels) {
            images.add(BitmapEncoder.getBufferedImage(c));
        }
        writeImages(images, Math.min(3, panels.size()), png);
    }

    /** Draws images in a grid of {@code cols} columns and writes one PNG atomically. */
    private static void writeImages(List<BufferedImage> images, int cols, Path png) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot for " + png);
        }
        int rows = (images.size() + cols - 1) / cols;
        int w = 0;
        int h = 0;
        for (BufferedImage img : images) {
            w = Math.max(w, img.getWidth());
            h = Math.max(h, img.getHeight());
        }
        BufferedImage grid = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < images.size(); i++) {
            g.drawImage(images.get(i), (i % cols) * w, (i / cols) * h, null);
        }
        g.dispose();
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(grid, "png", out)) {
                throw new java.io.IOException("no PNG writer");
            }
        });
    }

    /** Half the 95% interval in points for an error bar (upper side; clipped intervals keep their clipped top); 0 without an interval. */
    private static double errorBar(Summary s) {
        return s.hasInterval() ? 100 * (s.upper() - s.mean()) : 0.0;
    }
}
