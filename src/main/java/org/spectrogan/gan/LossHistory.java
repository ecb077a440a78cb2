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

/** The loss history (per generator step: step, Wasserstein estimate, critic loss, penalty) as CSV and PNG. */
public final class LossHistory {
    static final String HEADER = "step,wasserstein_estimate,critic_loss,gradient_penalty";

    private LossHistory() {
    }

    static String csv(List<double[]> history) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (double[] h : history) {
            sb.append((long) h[0]).append(',').append(h[1]).append(',').append(h[2]).append(',').append(h[3]).append('\n');
        }
        return sb.toString();
    }

    static List<double[]> parse(String csv, Path file) {
        List<double[]> out = new ArrayList<>();
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
            out.add(row);
        }
        return out;
    }

    /** Writes loss.csv and loss.png into {@code dir}, atomically. */
    static void write(Path dir, List<double[]> history) {
        AtomicFiles.writeString(dir.resolve("loss.csv"), csv(history));
        if (history.isEmpty()) {
            return;
        }
        plot(history, dir.resolve("loss.png"));
    }

    /**
     * The loss history (rows of step, Wasserstein estimate, critic loss, gradient penalty, as
     * {@link GanModel#lossHistory()} gives them) as a PNG at {@code png}, atomically.
     */
    public static void plot(List<double[]> history, Path png) {
        System.setProperty("java.awt.headless", "true");
        double[] step = new double[history.size()];
        double[] w = new double[step.length];
        double[] loss = new double[step.length];
        double[] pen = new double[step.length];
        for (int i = 0; i < step.length; i++) {
            double[] h = history.get(i);
            step[i] = h[0];
            w[i] = h[1];
            loss[i] = h[2];
            pen[i] = h[3];
        }
        XYChart chart = new XYChartBuilder().width(900).height(500).title("WGAN training")
                .xAxisTitle("generator step").yAxisTitle("value").build();
        chart.addSeries("Wasserstein estimate", step, w).setMarker(SeriesMarkers.NONE);
        chart.addSeries("critic loss", step, loss).setMarker(SeriesMarkers.NONE);
        chart.addSeries("gradient penalty", step, pen).setMarker(SeriesMarkers.NONE);
        AtomicFiles.write(png,
                out -> out.write(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG)));
    }
}
