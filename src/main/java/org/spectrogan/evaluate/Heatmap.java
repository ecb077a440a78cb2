package org.spectrogan.evaluate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * One heatmap panel drawn with Java 2D: {@code values[row][col]} as coloured cells, row labels on the left
 * (thinned so they never collide), column labels below, a colour bar with its range on the right. Sequential
 * (dark blue to yellow) for values, diverging (blue, white, red; symmetric about 0) for differences. Row 0 is
 * drawn at the top unless {@code firstRowAtBottom} (mel bins: low frequencies at the bottom).
 */
final class Heatmap {
    static final int WIDTH = 460;
    static final int HEIGHT = 520;

    private Heatmap() {
    }

    static BufferedImage draw(String title, String rowAxis, String colAxis, List<String> rowLabels, List<String> colLabels,
                              double[][] values, double min, double max, boolean diverging, boolean firstRowAtBottom) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        FontMetrics tf = g.getFontMetrics();
        g.drawString(title, Math.max(4, (WIDTH - tf.stringWidth(title)) / 2), 18);
        int left = 78;
        int top = 30;
        int right = WIDTH - 78;
        int bottom = HEIGHT - 58;
        int rows = values.length;
        int cols = rows == 0 ? 0 : values[0].length;
        double cw = (double) (right - left) / Math.max(1, cols);
        double ch = (double) (bottom - top) / Math.max(1, rows);
        for (int r = 0; r < rows; r++) {
            int y0 = firstRowAtBottom ? (int) Math.round(bottom - (r + 1) * ch) : (int) Math.round(top + r * ch);
            int y1 = firstRowAtBottom ? (int) Math.round(bottom - r * ch) : (int) Math.round(top + (r + 1) * ch);
            for (int c = 0; c < cols; c++) {
                int x0 = (int) Math.round(left + c * cw);
                int x1 = (int) Math.round(left + (c + 1) * cw);
                g.setColor(color(values[r][c], min, max, diverging));
                g.fillRect(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, right - left, bottom - top);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        FontMetrics f = g.getFontMetrics();
        int rowStep = Math.max(1, (int) Math.ceil((f.getHeight() + 1) / ch));
        for (int r = 0; r < rows; r += rowStep) {
            double yc = firstRowAtBottom ? bottom - (r + 0.5) * ch : top + (r + 0.5) * ch;
            String s = rowLabels.get(r);
            g.drawString(s, left - 4 - f.stringWidth(s), (int) Math.round(yc + f.getAscent() / 2.0 - 1));
        }
        int widest = colLabels.stream().mapToInt(f::stringWidth).max().orElse(10);
        int colStep = Math.max(1, (int) Math.ceil((widest + 6) / cw));
        for (int c = 0; c < cols; c += colStep) {
            String s = colLabels.get(c);
            double xc = left + (c + 0.5) * cw;
            g.drawString(s, (int) Math.round(xc - f.stringWidth(s) / 2.0), bottom + 4 + f.getAscent());
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        FontMetrics af = g.getFontMetrics();
        g.drawString(colAxis, left + (right - left - af.stringWidth(colAxis)) / 2, bottom + 36);
        Graphics2D rot = (Graphics2D) g.create();
        rot.rotate(-Math.PI / 2);
        rot.drawString(rowAxis, -(top + (bottom - top + af.stringWidth(rowAxis)) / 2), 14);
        rot.dispose();
        // colour bar
        int bx = right + 14;
        int bw = 14;
        for (int y = top; y < bottom; y++) {
            double v = max - (max - min) * (y - top) / (double) (bottom - top);
            g.setColor(color(v, min, max, diverging));
            g.drawLine(bx, y, bx + bw, y);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(bx, top, bw, bottom - top);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(num(max), bx - 4, top - 3);
        g.drawString(num(min), bx - 4, bottom + 12);
        g.dispose();
        return img;
    }

    private static String num(double v) {
        return Math.abs(v) >= 100 || v == 0 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** Sequential: dark blue (min) over teal to yellow (max); diverging: blue (-max) to white (0) to red (+max). */
    static Color color(double v, double min, double max, boolean diverging) {
        if (Double.isNaN(v)) {
            return Color.LIGHT_GRAY;
        }
        double t = max > min ? (v - min) / (max - min) : 0.5;
        t = Math.max(0, Math.min(1, t));
        if (diverging) {
            if (t < 0.5) {
                double u = t / 0.5;
                return mix(new Color(33, 102, 172), Color.WHITE, u);
            }
            return mix(Color.WHITE, new Color(178, 24, 43), (t - 0.5) / 0.5);
        }
        Color[] stops = {new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140), new Color(94, 201, 98), new Color(253, 231, 37)};
        double pos = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) pos);
        return mix(stops[i], stops[i + 1], pos - i);
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }
}
