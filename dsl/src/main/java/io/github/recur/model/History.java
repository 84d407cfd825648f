package io.github.recur.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code fit} returns: every logged value per epoch ({@code loss}, {@code val_loss}, metrics,
 * {@code lr}), in the order they were first logged.
 *
 * <pre>{@code
 * History h = model.fit(x, y, epochs(10));
 * double last = h.last("loss");
 * }</pre>
 */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private int epochs;

    /** Records one epoch's logs (used by {@code fit}). */
    public void record(Map<String, Double> logs) {
        if (logs == null) throw new IllegalArgumentException("History.record: logs is null; pass the epoch's values by name");
        for (var e : logs.entrySet()) {
            var list = values.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            while (list.size() < epochs) list.add(Double.NaN);
            list.add(e.getValue());
        }
        epochs++;
    }

    /** Number of epochs recorded. */
    public int epochs() { return epochs; }

    /** Names of the logged series, e.g. {@code [loss, mae, val_loss, val_mae, lr]}. */
    public List<String> keys() { return List.copyOf(values.keySet()); }

    public boolean has(String key) { return values.containsKey(requireKey(key)); }

    private String requireKey(String key) {
        if (key == null) throw new IllegalArgumentException("History: key is null; use one of " + keys());
        return key;
    }

    /** All values of one series, one per epoch. */
    public List<Double> get(String key) {
        var list = values.get(requireKey(key));
        if (list == null) {
            throw new IllegalArgumentException("History has no series '" + key + "'; it has " + keys());
        }
        return Collections.unmodifiableList(list);
    }

    /** The series as a primitive array (for charts). */
    public double[] values(String key) {
        return get(key).stream().mapToDouble(Double::doubleValue).toArray();
    }

    public double last(String key) {
        var list = get(key);
        return list.get(list.size() - 1);
    }

    /** Smallest value of a series (e.g. the best {@code val_loss}). */
    public double min(String key) {
        return get(key).stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /** Copy of all series. */
    public Map<String, List<Double>> asMap() {
        var copy = new LinkedHashMap<String, List<Double>>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("History(" + epochs + " epochs");
        for (var k : values.keySet()) sb.append(String.format(", %s=%.4g", k, last(k)));
        return sb.append(')').toString();
    }
}
