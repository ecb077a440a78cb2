package org.spectrogan.gan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.SpectroganException;

/** The loss history ({@link LossPoint} per generator step) as CSV (loss.csv, also the checkpoint's copy) and PNG. */
public final class LossHistory {
    static final String HEADER = "step,wasserstein_estimate,critic_loss,gradient_penalty";

    private LossHistory() {
    }

    static String csv(List<LossPoint> history) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (LossPoint h : history) {
            sb.append((long) h.step()).append(',').append(h.wassersteinEstimate()).append(',').append(h.criticLoss())
                    .append(',').append(h.gradientPenalty()).append('\n');
        }
        return sb.toString();
    }

    static List<LossPoint> parse(String csv, Path file) {
        List<LossPoint> out = new ArrayList<>();
        String[] lines = csv.split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            throw SpectroganException.inFile(file, "corrupt loss history (unexpected header)");
        }
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            if (cells.length != 4) {
                throw SpectroganException.inFile(file, "corrupt loss history at line " + (i + 1));
            }
            double[] row = new double[4];
            try {
                for (int j = 0; j < 4; j++) {
                    row[j] = Double.parseDouble(cells[j]);
                }
            } catch (NumberFormatException e) {
                throw SpectroganException.inFile(file, "corrupt loss history at line " + (i + 1));
            }
            if (row[0] != Math.rint(row[0]) || row[0] < 0 || row[0] > Integer.MAX_VALUE) {
                throw SpectroganException.inFile(file, "corrupt loss history at line " + (i + 1) + " (step " + cells[0] + ")");
            }
            out.add(new LossPoint((int) row[0], row[1], row[2], row[3]));
        }
        return out;
    }

    /** Writes loss.csv and loss.png into {@code dir}, atomically. */
    static void write(Path dir, List<LossPoint> history) {
        write(dir, history, List.of());
    }

    /** As above; with quality scores also quality.csv ({@code step,score}), and the scores in the plot. */
    static void write(Path dir, List<LossPoint> history, List<QualityPoint> scores) {
        AtomicFiles.writeString(dir.resolve("loss.csv"), csv(history));
        if (!scores.isEmpty()) {
            StringBuilder sb = new StringBuilder("step,score\n");
            for (QualityPoint q : scores) {
                sb.append(q.step()).append(',').append(q.score()).append('\n');
            }
            AtomicFiles.writeString(dir.resolve("quality.csv"), sb.toString());
        }
        if (history.isEmpty()) {
            return;
        }
        plot(history, scores, dir.resolve("loss.png"));
    }

    /**
     * The loss history ({@link GanModel#lossHistory()}: the Wasserstein estimate, critic loss and gradient penalty
     * per generator step) as a PNG at {@code png}, atomically.
     */
    public static void plot(List<LossPoint> history, Path png) {
        plot(history, List.of(), png);
    }

    /**
     * As above with the quality score per scored step ({@link GanModel#qualityScores()}) on a second axis and the
     * chosen step marked; no scores draws the losses alone.
     */
    public static void plot(List<LossPoint> history, List<QualityPoint> scores, Path png) {
        System.setProperty("java.awt.headless", "true");
        double[] step = new double[history.size()];
        double[] w = new double[step.length];
        double[] loss = new double[step.length];
        double[] pen = new double[step.length];
        for (int i = 0; i < step.length; i++) {
            LossPoint h = history.get(i);
            step[i] = h.step();
            w[i] = h.wassersteinEstimate();
            loss[i] = h.criticLoss();
            pen[i] = h.gradientPenalty();
        }
        XYChart chart = new XYChartBuilder().width(900).height(500).title("WGAN training")
                .xAxisTitle("generator step").yAxisTitle("value").build();
        chart.addSeries("Wasserstein estimate", step, w).setMarker(SeriesMarkers.NONE);
        chart.addSeries("critic loss", step, loss).setMarker(SeriesMarkers.NONE);
        chart.addSeries("gradient penalty", step, pen).setMarker(SeriesMarkers.NONE);
        if (!scores.isEmpty()) {
            double[] qs = new double[scores.size()];
            double[] qv = new double[scores.size()];
            QualityPoint best = scores.get(0);
            for (int i = 0; i < qs.length; i++) {
                qs[i] = scores.get(i).step();
                qv[i] = scores.get(i).score();
                if (scores.get(i).score() > best.score()) {
                    best = scores.get(i);
                }
            }
            chart.addSeries("quality score (right axis)", qs, qv).setYAxisGroup(1);
            var chosen = chart.addSeries("chosen step " + best.step(), new double[] {best.step()},
                    new double[] {best.score()});
            chosen.setMarker(SeriesMarkers.DIAMOND);
            chosen.setYAxisGroup(1);
            chart.setYAxisGroupTitle(1, "quality score");
            chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
        }
        AtomicFiles.write(png,
                out -> out.write(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG)));
    }
}
