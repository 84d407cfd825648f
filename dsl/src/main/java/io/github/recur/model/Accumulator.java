package io.github.recur.model;

import io.github.recur.train.Metric;
import java.util.LinkedHashMap;
import java.util.Map;

/** Weighted running means of the loss and the metrics over the batches of an epoch (or an evaluation). */
final class Accumulator {
    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private final Map<String, Metric> metricByName = new LinkedHashMap<>();

    void addLoss(double mean, double weight) { addLoss("loss", mean, weight); }

    /** A loss under its own key ("tags_loss" for one output of several). */
    void addLoss(String key, double mean, double weight) {
        double[] s = sums.computeIfAbsent(key, k -> new double[2]);
        s[0] += mean * weight;
        s[1] += weight;
    }

    void add(Metric m, double[] sumAndWeight) { add("", m, sumAndWeight); }

    /** A metric under {@code prefix + name} ("tags_accuracy"). */
    void add(String prefix, Metric m, double[] sumAndWeight) {
        String key = prefix + m.name();
        metricByName.putIfAbsent(key, m);
        double[] s = sums.computeIfAbsent(key, k -> new double[2]);
        s[0] += sumAndWeight[0];
        s[1] += sumAndWeight[1];
    }

    /** Whether any row counted for the loss (false when a mask hid every one). */
    boolean hasWeight() {
        double[] s = sums.get("loss");
        return s != null && s[1] > 0;
    }

    /** Puts every mean into {@code logs}, under {@code prefix + name} (a metric's {@code finish} applied). */
    void into(Map<String, Double> logs, String prefix) {
        for (var e : sums.entrySet()) {
            double mean = e.getValue()[1] == 0 ? Double.NaN : e.getValue()[0] / e.getValue()[1];
            Metric m = metricByName.get(e.getKey());
            logs.put(prefix + e.getKey(), m == null ? mean : m.finish(mean));
        }
    }
}
