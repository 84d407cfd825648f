package io.github.recur.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

/** The heatmaps of {@link Plots}: values over time (states, gates) on a scale centred on 0, and confusion matrices. */
final class Heatmaps {
    private Heatmaps() {}

    /** Values {@code [time][units]} over time: time on the x axis, one row per unit. */
    static HeatMapChart of(double[][] values, String title, String unitLabel) {
        int t = values.length, h = values[0].length;
        List<Number[]> cells = new ArrayList<>(t * h);
        List<String> ys = new ArrayList<>();
        for (int u = 0; u < h; u++) ys.add(String.valueOf(u));
        for (int i = 0; i < t; i++) for (int u = 0; u < h; u++) cells.add(new Number[] {i, u, values[i][u]});
        return symmetric(heat(title, "time step", unitLabel, timeLabels(t), ys, cells, "activation"), cells);
    }

    /** Values {@code [time][units]} on the colour scale {@code [min, max]} (white to blue when min >= 0). */
    static HeatMapChart fixedScale(double[][] values, String title, String unitLabel, double min, double max) {
        int t = values.length, h = values[0].length;
        List<Number[]> cells = new ArrayList<>(t * h);
        List<String> ys = new ArrayList<>();
        for (int u = 0; u < h; u++) ys.add(String.valueOf(u));
        for (int i = 0; i < t; i++) for (int u = 0; u < h; u++) cells.add(new Number[] {i, u, values[i][u]});
        HeatMapChart c = heat(title, "time step", unitLabel, timeLabels(t), ys, cells, "value");
        c.getStyler().setMin(min);
        c.getStyler().setMax(max);
        c.getHeatMapSeries().setMin(min);
        c.getHeatMapSeries().setMax(max);
        if (min >= 0) c.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(107, 174, 214), new Color(8, 48, 107)});
        c.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(Locale.ROOT, "%.2f", v));
        return c;
    }

    /** Gate activations by gate name, each {@code [time][units]}, stacked (rows labelled gate:unit). */
    static HeatMapChart gates(Map<String, double[][]> gates) {
        int t = -1;
        List<String> ys = new ArrayList<>();
        List<Number[]> cells = new ArrayList<>();
        for (var e : gates.entrySet()) {
            double[][] v = e.getValue();
            if (t >= 0 && v.length != t) {
                throw new IllegalArgumentException("gates: gate '" + e.getKey() + "' has " + v.length + " time steps, others " + t);
            }
            t = v.length;
            for (int u = 0; u < v[0].length; u++) {
                int row = ys.size();
                ys.add(e.getKey() + ":" + u);
                for (int i = 0; i < t; i++) cells.add(new Number[] {i, row, v[i][u]});
            }
        }
        HeatMapChart c = heat("Gate activations over time (" + String.join(", ", gates.keySet()) + ")", "time step",
                ys.size() > 40 ? "units, upwards: " + String.join(" · ", gates.keySet()) : "gate:unit",
                timeLabels(t), ys, cells, "activation");
        // A label per row would overprint: with many units the axis title names the blocks instead.
        if (ys.size() > 40) c.getStyler().setYAxisTicksVisible(false);
        return symmetric(c, cells);
    }

    /** A confusion matrix: actual classes down, predicted across, counts in the cells. */
    static HeatMapChart confusion(int[][] m, String... classNames) {
        int k = m.length;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) names.add(i < classNames.length ? classNames[i] : String.valueOf(i));
        List<String> ys = new ArrayList<>(names);
        java.util.Collections.reverse(ys); // first class on top, as confusion matrices are read
        List<Number[]> cells = new ArrayList<>();
        for (int a = 0; a < k; a++) for (int p = 0; p < k; p++) cells.add(new Number[] {p, k - 1 - a, m[a][p]});
        int total = 0, right = 0;
        for (int[] row : m) for (int v : row) total += v;
        for (int i = 0; i < k; i++) right += m[i][i];
        HeatMapChart c = heat(String.format(Locale.ROOT, "Confusion matrix (accuracy %.1f%% of %d)", total == 0 ? 0.0 : 100.0 * right / total, total),
                "predicted class", "actual class", names, ys, cells, "count");
        c.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(107, 174, 214), new Color(8, 81, 156)});
        c.getStyler().setShowValue(true);
        c.getStyler().setHeatMapValueDecimalPattern("#");
        c.getStyler().setHeatMapDecimalValueFormatter(v -> String.valueOf(Math.round(v)));
        return c;
    }

    /** Attention weights {@code [target][source]}: source tokens across, target tokens down, 0 white to 1 dark blue. */
    static HeatMapChart attention(double[][] weights, String[] source, String[] target) {
        List<String> xs = distinct(source);
        List<String> ys = distinct(target);
        java.util.Collections.reverse(ys); // the first target token on top, as the sentence reads
        int rows = target.length;
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < rows; t++) for (int j = 0; j < source.length; j++) cells.add(new Number[] {j, rows - 1 - t, weights[t][j]});
        HeatMapChart c = heat("Attention: which source token each target token looked at", "source", "target", xs, ys, cells, "weight");
        c.getStyler().setMin(0);
        c.getStyler().setMax(1);
        c.getHeatMapSeries().setMin(0);
        c.getHeatMapSeries().setMax(1);
        c.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(107, 174, 214), new Color(8, 48, 107)});
        c.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(Locale.ROOT, "%.2f", v));
        if (xs.size() > 12) c.getStyler().setXAxisLabelRotation(90);
        return c;
    }

    /** Axis labels must differ to be separate categories: a repeated token gets its position ("the (4)"). */
    private static List<String> distinct(String[] tokens) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < tokens.length; i++) {
            String label = tokens[i] == null ? "null" : tokens[i];
            out.add(seen.add(label) ? label : label + " (" + i + ")");
        }
        return out;
    }

    private static HeatMapChart heat(String title, String x, String y, List<?> xs, List<?> ys, List<Number[]> cells, String name) {
        HeatMapChart c = new HeatMapChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendVisible(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setRangeColors(new Color[] {new Color(49, 54, 149), Color.WHITE, new Color(165, 0, 38)});
        c.getStyler().setPlotContentSize(0.95);
        if (xs.size() > 40) c.getStyler().setXAxisLabelRotation(90);
        c.addSeries(name, xs, ys, cells);
        return c;
    }

    /** Centres the colour scale on 0 (white), so the sign of an activation reads at a glance. */
    private static HeatMapChart symmetric(HeatMapChart c, List<Number[]> cells) {
        double m = 0;
        for (Number[] n : cells) if (Double.isFinite(n[2].doubleValue())) m = Math.max(m, Math.abs(n[2].doubleValue()));
        // A round bound (1.0 rather than 0.998...) keeps the colour bar's labels short.
        m = m == 0 ? 1 : Math.ceil(m * 10) / 10;
        c.getStyler().setMin(-m);
        c.getStyler().setMax(m);
        c.getHeatMapSeries().setMin(-m);
        c.getHeatMapSeries().setMax(m);
        c.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(Locale.ROOT, "%.2f", v));
        return c;
    }

    private static List<String> timeLabels(int t) {
        List<String> xs = new ArrayList<>(t);
        for (int i = 0; i < t; i++) xs.add(String.valueOf(i)); // 0-based, as every other chart and index
        return xs;
    }

}
