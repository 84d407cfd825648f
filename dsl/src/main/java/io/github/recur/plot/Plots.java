package io.github.recur.plot;

import io.github.recur.model.History;
import io.github.recur.model.Model;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Charts for training and understanding recurrent networks, as XChart charts (the Recur kernel
 * shows them as images; {@link #save} writes PNG or SVG). Every chart has a title, axis labels, a
 * legend and a notebook size of {@value #WIDTH}x{@value #HEIGHT}.
 *
 * <pre>{@code
 * lossCurves(history)
 * predictions(split.actual(), predicted, split.trainEnd())
 * gradientNorms(Map.of("SimpleRNN", rnn.stateGradientNorms(x, y, 0), "LSTM", lstm.stateGradientNorms(x, y, 0)))
 * Plots.save(chart, "loss.svg");
 * }</pre>
 */
public final class Plots {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 400;

    private Plots() {}

    // ---- training curves ------------------------------------------------------------------------

    /** Training and validation loss per epoch. */
    public static XYChart lossCurves(History history) {
        return curves(history, "Loss per epoch", "loss", "loss", "val_loss");
    }

    /** A metric and its validation counterpart per epoch, e.g. {@code metricCurves(history, "mae")}. */
    public static XYChart metricCurves(History history, String metric) {
        given(metric, "metricCurves", "metric");
        return curves(history, metric + " per epoch", metric, metric, "val_" + metric);
    }

    private static XYChart curves(History history, String title, String yLabel, String... keys) {
        if (history == null || history.epochs() == 0) throw new IllegalArgumentException("the history is empty; train with fit(...) first");
        if (!history.has(keys[0])) throw new IllegalArgumentException("the history has no '" + keys[0] + "'; it has " + history.keys());
        XYChart c = xy(title, "epoch", yLabel);
        for (String k : keys) {
            if (!history.has(k)) continue;
            double[] v = history.values(k);
            curve(c, k, epochs(v.length), v);
        }
        return c;
    }

    /** One per-epoch curve in the style every training chart shares: validation dashed, no markers on long runs. */
    static XYSeries curve(XYChart c, String key, double[] epochs, double[] values) {
        XYSeries s = c.addSeries(key, epochs, values);
        if (key.startsWith("val_")) s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        if (values.length > 30) s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    /** A chart that follows training, updated in place after each epoch: {@code fit(x, y, epochs(30), callbacks(liveLossChart()))}. */
    public static LiveLossChart liveLossChart() { return new LiveLossChart(); }

    // ---- predictions ------------------------------------------------------------------------------

    /**
     * Actual values against predictions over time, with the train/test boundary marked at row
     * {@code trainEnd}. {@code predicted} is aligned to the end of {@code actual} (window predictions
     * start {@code lookBack} rows in), so it may be shorter.
     */
    public static XYChart predictions(double[] actual, double[] predicted, int trainEnd) {
        return predictions(actual, predicted, trainEnd, -1);
    }

    /**
     * As {@link #predictions(double[], double[], int)} with a second boundary where the test rows begin
     * ({@code testStart} -1: none).
     */
    public static XYChart predictions(double[] actual, double[] predicted, int trainEnd, int testStart) {
        requireValues(actual, "actual");
        requireValues(predicted, "predicted");
        if (trainEnd < 0 || trainEnd > actual.length) {
            throw new IllegalArgumentException("predictions: trainEnd " + trainEnd + " is outside 0.." + actual.length + " (the rows of actual)");
        }
        if (testStart != -1 && (testStart < trainEnd || testStart > actual.length)) {
            throw new IllegalArgumentException("predictions: testStart " + testStart + " is outside " + trainEnd + ".." + actual.length
                    + " (from trainEnd to the rows of actual); -1 draws no second boundary");
        }
        if (predicted.length > actual.length) {
            throw new IllegalArgumentException("predictions: " + predicted.length + " predicted values for " + actual.length
                    + " actual ones; predicted is aligned to the end of actual and cannot be longer");
        }
        XYChart c = xy("Predictions against actual values", "time step", "value");
        c.addSeries("actual", steps(0, actual.length), actual).setMarker(SeriesMarkers.NONE);
        XYSeries p = c.addSeries("predicted", steps(actual.length - predicted.length, predicted.length), predicted);
        p.setMarker(SeriesMarkers.NONE);
        double[] range = range(actual, predicted);
        boundary(c, "train | " + (testStart > 0 ? "validation" : "test"), trainEnd, range, actual.length);
        if (testStart > 0) boundary(c, "validation | test", testStart, range, actual.length);
        return c;
    }

    /** A multi-step forecast continuing a history. */
    public static XYChart forecast(double[] history, double[] forecast) { return forecast(history, forecast, null); }

    /** A multi-step forecast continuing a history, with the values that really followed (may be null). */
    public static XYChart forecast(double[] history, double[] forecast, double[] actualFuture) {
        requireValues(history, "history");
        requireValues(forecast, "forecast");
        XYChart c = xy("Forecast of " + forecast.length + " steps", "time step", "value");
        c.addSeries("history", steps(0, history.length), history).setMarker(SeriesMarkers.NONE);
        if (actualFuture != null && actualFuture.length > 0) {
            c.addSeries("actual", steps(history.length, actualFuture.length), actualFuture).setMarker(SeriesMarkers.NONE);
        }
        c.addSeries("forecast", steps(history.length, forecast.length), forecast).setMarker(SeriesMarkers.CIRCLE);
        boundary(c, "forecast start", history.length, range(history, forecast, actualFuture), history.length + forecast.length);
        return c;
    }

    // ---- what happens inside ------------------------------------------------------------------

    /** Hidden states of recurrent layer {@code layerIndex} for the first input sequence of {@code x}, as a heatmap. */
    public static HeatMapChart hiddenStates(Model model, INDArray x, int layerIndex) {
        given(model, "hiddenStates", "model");
        return heatmap(model.hiddenStates(x, layerIndex), "Hidden state h_t of layer " + layerIndex, "unit");
    }

    /** Gate activations of recurrent layer {@code layerIndex} for one input, all gates stacked in one heatmap. */
    public static HeatMapChart gates(Model model, INDArray x, int layerIndex) {
        given(model, "gates", "model");
        return gates(model.gateActivations(x, layerIndex));
    }

    /** Values {@code [time][units]} over time: time on the x axis, one row per unit. */
    public static HeatMapChart heatmap(double[][] values, String title, String unitLabel) {
        requireMatrix(values, "values");
        given(title, "heatmap", "title");
        given(unitLabel, "heatmap", "unitLabel");
        return Heatmaps.of(values, title, unitLabel);
    }

    /** Gate activations by gate name, each {@code [time][units]}, stacked (rows labelled gate:unit). */
    public static HeatMapChart gates(Map<String, double[][]> gates) {
        if (gates == null || gates.isEmpty()) throw new IllegalArgumentException("gates: no gate activations given");
        for (var e : gates.entrySet()) requireMatrix(e.getValue(), "gate '" + e.getKey() + "'");
        return Heatmaps.gates(gates);
    }

    /**
     * Attention weights of one example as a course shows them: source tokens across, target tokens
     * down (the first on top), white 0 to dark blue 1. {@code weights} is {@code [target, source]}
     * (one example of {@code Attention.weights()}: {@code weights.slice(i)}); steps beyond the tokens
     * given (padding) are left out, provided they got no weight.
     *
     * <pre>{@code Plots.attention(att.weights().slice(0), "je suis ici".split(" "), "i am here".split(" "))}</pre>
     */
    public static HeatMapChart attention(INDArray weights, String[] sourceTokens, String[] targetTokens) {
        if (weights == null) throw new IllegalArgumentException("attention: weights is null");
        if (weights.rank() != 2) {
            throw new IllegalArgumentException("attention: weights must be one example's [target, source] matrix, got shape "
                    + Arrays.toString(weights.shape()) + (weights.rank() == 3 ? "; pick one example with weights.slice(i)" : ""));
        }
        return attention(weights.castTo(DataType.DOUBLE).toDoubleMatrix(), sourceTokens, targetTokens);
    }

    /** {@link #attention(INDArray, String[], String[])} for weights as {@code double[target][source]}. */
    public static HeatMapChart attention(double[][] weights, String[] sourceTokens, String[] targetTokens) {
        requireMatrix(weights, "weights");
        if (sourceTokens == null || targetTokens == null) throw new IllegalArgumentException("attention: the token lists must not be null");
        if (sourceTokens.length == 0 || targetTokens.length == 0) {
            throw new IllegalArgumentException("attention: give at least one source and one target token");
        }
        int rows = weights.length, cols = weights[0].length;
        if (targetTokens.length > rows || sourceTokens.length > cols) {
            throw new IllegalArgumentException("attention: " + targetTokens.length + " target and " + sourceTokens.length
                    + " source tokens, but the weights are [" + rows + ", " + cols + "] (target, source); pass the tokens of "
                    + "the same example, or the weights transposed if target and source are swapped");
        }
        double[][] shown = new double[targetTokens.length][sourceTokens.length];
        for (int t = 0; t < targetTokens.length; t++) {
            double left = 0;
            for (int j = 0; j < cols; j++) {
                double w = weights[t][j];
                if (!Double.isFinite(w) || w < 0 || w > 1 + 1e-6) {
                    throw new IllegalArgumentException("attention: weights must lie in [0, 1], got " + w + " at [" + t + ", " + j + "]");
                }
                if (j < sourceTokens.length) shown[t][j] = w;
                else left += w;
            }
            if (left > 1e-3) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "attention: target step %d gives %.3f of its weight "
                        + "to source steps beyond the %d tokens given; pass every source token (padding gets no weight)",
                        t, left, sourceTokens.length));
            }
        }
        return Heatmaps.attention(shown, sourceTokens, targetTokens);
    }

    /**
     * Values {@code [time][units]} on a fixed colour scale {@code [min, max]}, so that charts of
     * different gates or models compare: {@code heatmap(gates.get("forget"), "forget gate", "unit", 0, 1)}
     * for a sigmoid gate (white 0 to blue 1), {@code -1, 1} for a tanh (blue, white 0, red).
     */
    public static HeatMapChart heatmap(double[][] values, String title, String unitLabel, double min, double max) {
        requireMatrix(values, "values");
        given(title, "heatmap", "title");
        given(unitLabel, "heatmap", "unitLabel");
        if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("heatmap: the colour scale needs finite min < max, got [" + min + ", " + max + "]");
        }
        return Heatmaps.fixedScale(values, title, unitLabel, min, max);
    }

    /**
     * ‖∂L/∂h_t‖ against the time step t for several models on a log axis: how far back the error
     * signal reaches (vanishing gradients fall off to the left, exploding ones rise). The axis spans
     * whole decades around the smallest and largest value, so every value is inside the chart.
     * Non-positive values cannot be drawn on a log axis and are left out.
     *
     * <pre>{@code
     * gradientNorms(Map.of("SimpleRNN", rnn.stateGradientNorms(x, y, 0), "LSTM", lstm.stateGradientNorms(x, y, 0)))
     * }</pre>
     */
    public static XYChart gradientNorms(Map<String, double[]> normsByModel) {
        if (normsByModel == null || normsByModel.isEmpty()) throw new IllegalArgumentException("gradientNorms: no series given");
        XYChart c = xy("Gradient reaching each time step", "time step t", "‖∂L/∂h_t‖ (log scale)");
        c.getStyler().setYAxisLogarithmic(true);
        // Below the plot: inside, the legend would hide the largest values of an exploding series at the left.
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (var e : normsByModel.entrySet()) {
            double[] v = e.getValue();
            requireValues(v, "norms of '" + e.getKey() + "'");
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                if (v[i] > 0 && Double.isFinite(v[i])) { xs.add((double) i); ys.add(v[i]); }
            }
            if (ys.isEmpty()) {
                throw new IllegalArgumentException("gradientNorms: '" + e.getKey() + "' has no positive finite value to draw on a log axis");
            }
            c.addSeries(e.getKey(), xs, ys).setMarker(SeriesMarkers.NONE);
            for (double y : ys) { lo = Math.min(lo, y); hi = Math.max(hi, y); }
        }
        // XChart's own log axis may end below the largest value; whole decades around the data never do.
        double bottom = Math.pow(10, Math.floor(Math.log10(lo))), top = Math.pow(10, Math.ceil(Math.log10(hi)));
        if (top <= bottom) top = bottom * 10;
        c.getStyler().setYAxisMin(bottom);
        c.getStyler().setYAxisMax(top);
        return c;
    }

    // ---- classification ---------------------------------------------------------------------------

    /** Counts {@code [actual][predicted]} for class ids {@code 0..classes-1}. */
    public static int[][] confusionCounts(int[] actual, int[] predicted, int classes) {
        given(actual, "confusionCounts", "actual");
        given(predicted, "confusionCounts", "predicted");
        if (classes <= 0) throw new IllegalArgumentException("confusionCounts: classes must be positive, got " + classes);
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("confusion matrix: " + actual.length + " actual labels but " + predicted.length + " predictions");
        }
        int[][] m = new int[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("confusion matrix: sample " + i + " has class " + actual[i] + " / " + predicted[i]
                        + " outside 0.." + (classes - 1));
            }
            m[actual[i]][predicted[i]]++;
        }
        return m;
    }

    /**
     * Class ids from model outputs or targets: argmax of {@code [n, classes]} scores, or a 0.5
     * threshold for one sigmoid output {@code [n, 1]}; ids {@code [n]} pass through.
     */
    public static int[] classes(INDArray outputs) {
        given(outputs, "classes", "outputs");
        INDArray o = outputs.castTo(DataType.DOUBLE);
        long n = o.size(0);
        int[] out = new int[(int) n];
        if (o.rank() == 1 || o.size(1) == 1) {
            double[] v = o.reshape(n).toDoubleVector();
            boolean ids = Arrays.stream(v).allMatch(d -> d == Math.rint(d)) && Arrays.stream(v).anyMatch(d -> d > 1);
            for (int i = 0; i < n; i++) out[i] = ids ? (int) v[i] : (v[i] >= 0.5 ? 1 : 0);
            return out;
        }
        INDArray am = o.argMax(1);
        for (int i = 0; i < n; i++) out[i] = am.getInt(i);
        return out;
    }

    /** A confusion matrix of model outputs against targets (see {@link #classes}). */
    public static HeatMapChart confusionMatrix(INDArray actual, INDArray predicted, String... classNames) {
        given(actual, "confusionMatrix", "actual");
        given(predicted, "confusionMatrix", "predicted");
        given(classNames, "confusionMatrix", "classNames");
        return confusionMatrix(classes(actual), classes(predicted), classNames);
    }

    /** A confusion matrix: actual classes down, predicted across, counts in the cells. */
    public static HeatMapChart confusionMatrix(int[] actual, int[] predicted, String... classNames) {
        given(actual, "confusionMatrix", "actual");
        given(predicted, "confusionMatrix", "predicted");
        given(classNames, "confusionMatrix", "classNames");
        int k = classNames.length;
        for (int a : actual) k = Math.max(k, a + 1);
        for (int p : predicted) k = Math.max(k, p + 1);
        return Heatmaps.confusion(confusionCounts(actual, predicted, k), classNames);
    }

    // ---- saving -----------------------------------------------------------------------------------

    /** Writes a chart as PNG or SVG, chosen by the file extension ({@code .png}, {@code .svg}); returns the path. */
    public static Path save(Chart<?, ?> chart, String path) {
        given(chart, "save", "chart");
        given(path, "save", "path");
        Path p = Path.of(path);
        String lower = path.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".png") && !lower.endsWith(".svg")) throw new IllegalArgumentException("save: '" + path + "' should end in .png or .svg");
        try {
            if (p.getParent() != null) Files.createDirectories(p.getParent());
            try (OutputStream out = Files.newOutputStream(p)) {
                if (lower.endsWith(".png")) BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
                else VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("save: could not write " + path + ": " + e.getMessage(), e);
        }
        return p;
    }

    /** The chart as PNG bytes. */
    public static byte[] png(Chart<?, ?> chart) {
        given(chart, "png", "chart");
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chart as an SVG document (XChart's VectorGraphics2D dependency comes with it). */
    public static String svg(Chart<?, ?> chart) {
        given(chart, "svg", "chart");
        var out = new java.io.ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    static XYChart xy(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setLegendVisible(true);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        return c;
    }

    private static void boundary(XYChart c, String name, int at, double[] range, int length) {
        if (at <= 0 || at >= length) return;
        XYSeries s = c.addSeries(name, new double[] {at, at}, new double[] {range[0], range[1]});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(Color.GRAY);
        s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
    }

    private static double[] range(double[]... arrays) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] a : arrays) {
            if (a == null) continue;
            for (double v : a) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        }
        return new double[] {lo, hi};
    }

    static double[] epochs(int n) { return steps(1, n); }

    private static double[] steps(int from, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = from + i;
        return x;
    }

    private static void given(Object value, String call, String name) {
        if (value == null) throw new IllegalArgumentException(call + ": " + name + " is null");
    }

    private static void requireValues(double[] v, String what) {
        if (v == null || v.length == 0) throw new IllegalArgumentException(what + " is empty; nothing to plot");
    }

    private static void requireMatrix(double[][] v, String what) {
        if (v == null || v.length == 0 || v[0].length == 0) throw new IllegalArgumentException(what + " is empty; expected [time][units]");
    }
}
