package io.github.recur.plot;

import io.github.recur.display.Display;
import io.github.recur.display.Displayer;
import io.github.recur.model.Callback;
import io.github.recur.model.History;
import io.github.recur.model.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * A loss chart that follows training: inside the Recur kernel one chart is shown and replaced in
 * place after each epoch; elsewhere it rewrites a PNG after each epoch ({@link #saveTo}) or prints a
 * line per epoch.
 *
 * <pre>{@code
 * model.fit(x, y, epochs(30), validationSplit(0.2), callbacks(liveLossChart()));
 * model.fit(x, y, epochs(30), callbacks(liveLossChart().saveTo("loss.png").metrics("mae")));
 * }</pre>
 */
public final class LiveLossChart implements Callback {
    private final List<String> keys;
    private final Path file;
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private XYChart chart;
    private String displayId;

    LiveLossChart() { this(List.of("loss", "val_loss"), null); }

    private LiveLossChart(List<String> keys, Path file) {
        this.keys = keys;
        this.file = file;
    }

    /** Outside a notebook, rewrite this PNG after each epoch instead of printing a line. */
    public LiveLossChart saveTo(String pngPath) { return new LiveLossChart(keys, Path.of(pngPath)); }

    /** Also plot these metrics and their validation values (same axis as the loss). */
    public LiveLossChart metrics(String... metrics) {
        List<String> k = new ArrayList<>(keys);
        for (String m : metrics) { k.add(m); k.add("val_" + m); }
        return new LiveLossChart(List.copyOf(k), file);
    }

    @Override public void onTrainBegin(Model model) {
        values.clear();
        chart = null;
        displayId = null;
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs, Model model) {
        for (String k : keys) {
            Double v = logs.get(k);
            if (v != null) values.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        chart = render(epoch + 1);
        Displayer d = Display.displayer();
        if (d != null) {
            if (displayId == null) displayId = d.display(chart);
            else d.update(displayId, chart);
        } else if (file != null) {
            Plots.save(chart, file.toString());
        } else {
            var sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d", epoch + 1));
            for (var e : values.entrySet()) sb.append(String.format(Locale.ROOT, " %s=%.4g", e.getKey(), last(e.getValue())));
            System.out.println(sb);
        }
    }

    @Override public void onTrainEnd(Model model, History history) {}

    /** The chart as it stands after the last epoch (null before training). */
    public XYChart chart() { return chart; }

    /** The display id used in the notebook, or null outside one. */
    public String displayId() { return displayId; }

    private XYChart render(int epochs) {
        XYChart c = Plots.xy("Training (epoch " + epochs + ")", "epoch", "loss");
        for (var e : values.entrySet()) {
            double[] y = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            // a series that started late (e.g. validation) ends at the current epoch
            double[] x = new double[y.length];
            for (int i = 0; i < y.length; i++) x[i] = epochs - y.length + 1 + i;
            Plots.curve(c, e.getKey(), x, y);
        }
        return c;
    }

    private static double last(List<Double> v) { return v.get(v.size() - 1); }
}
