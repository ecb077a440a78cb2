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

    /** Per class: mean of every feature column, real vs synthetic, over the column index. */
    public static void featureProfiles(FeatureTable real, FeatureTable synthetic, Path png) {
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

    /** Per class: real and synthetic rows projected on the first two principal components of the real rows (z-scored). */
    public static void pca(FeatureTable real, FeatureTable synthetic, Path png) {
        Standardizer z = Standardizer.fit(real);
        double[][] realZ = z.apply(real);
        Pca p = Pca.fit(realZ, Math.min(2, real.featureCount()));
        String axes = String.format(Locale.ROOT, "PC1 (%.0f%% of variance)", 100 * p.explainedShare(0));
        String yAxis = real.featureCount() > 1 ? String.format(Locale.ROOT, "PC2 (%.0f%%)", 100 * p.explainedShare(1)) : "0";
        List<Chart<?, ?>> panels = new ArrayList<>();
        int index = 0;
        for (String label : labels(real, synthetic)) {
            XYChart c = new XYChartBuilder().width(PANEL_W).height(PANEL_H).title("class " + label + ": PCA of real rows")
                    .xAxisTitle(axes).yAxisTitle(yAxis).build();
            c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            c.getStyler().setMarkerSize(4);
            addScatter(c, "real", project(p, z, real, label, index), alpha(REAL));
            addScatter(c, "synthetic", project(p, z, synthetic, label, index + 1), alpha(SYNTHETIC));
            panels.add(c);
            index += 2;
        }
        writeGrid(panels, png);
    }

    /** Per classifier: the metric (mean and 95% interval as error bars) against the share of real training rows. */
    public static void sweep(List<LowDataSweep.Point> points, Metric metric, Path png) {
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

    /** Bars of the metric per classifier and training set, with the 95% interval as error bars. */
    public static void gain(List<GainEvaluation.ClassifierGain> gains, Metric metric, Path png) {
        CategoryChart c = new CategoryChartBuilder().width(Math.max(PANEL_W, 220 * gains.size())).height(PANEL_H)
                .title(metric.title() + " on the real test rows").xAxisTitle("classifier").yAxisTitle(metric.title() + " (%)").build();
        c.getStyler().setErrorBarsColorSeriesColor(true);
        List<String> names = gains.stream().map(GainEvaluation.ClassifierGain::classifier).toList();
        for (GainEvaluation.Arm arm : GainEvaluation.Arm.values()) {
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            for (GainEvaluation.ClassifierGain g : gains) {
                Summary s = g.arm(arm) == null ? null : g.arm(arm).get(metric);
                ys.add(s == null ? 0.0 : 100 * s.mean());
                es.add(s == null ? 0.0 : errorBar(s));
            }
            c.addSeries(arm.title(), names, ys, es).setFillColor(color(arm));
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

    private static double[][] project(Pca p, Standardizer z, FeatureTable t, String label, long seed) {
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
        int cols = Math.min(3, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        List<BufferedImage> images = new ArrayList<>();
        int w = 0;
        int h = 0;
        for (Chart<?, ?> c : panels) {
            BufferedImage img = BitmapEncoder.getBufferedImage(c);
            images.add(img);
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
