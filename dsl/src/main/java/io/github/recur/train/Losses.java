package io.github.recur.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Losses and metrics as plain data and back, for saving a compiled model: {@link #config(Loss)}
 * gives {@code {"type": "huber", "delta": 1.0}} and {@link #fromConfig(Map)} re-creates the loss.
 * Only the built-in losses and metrics can be described this way.
 *
 * <pre>{@code Loss same = Losses.fromConfig(Losses.config(new Huber(2.0)));}</pre>
 */
public final class Losses {
    private static final List<String> LOSSES = List.of("mse", "mae", "huber", "binary_crossentropy",
            "categorical_crossentropy", "sparse_categorical_crossentropy");
    private static final List<String> METRICS = List.of("mse", "mae", "rmse", "accuracy", "perplexity");

    private Losses() {}

    /** The configuration of a built-in loss; a custom loss is an error naming what can be saved. */
    public static Map<String, Object> config(Loss loss) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", loss.name());
        if (loss instanceof Huber h) m.put("delta", h.delta());
        else if (loss instanceof BinaryCrossentropy b) m.put("from_logits", b.isFromLogits());
        else if (loss instanceof CategoricalCrossentropy c) m.put("from_logits", c.isFromLogits());
        else if (loss instanceof SparseCategoricalCrossentropy s) m.put("from_logits", s.isFromLogits());
        else if (!(loss instanceof MeanSquaredError) && !(loss instanceof MeanAbsoluteError)) {
            throw new IllegalArgumentException("save: the loss " + loss.name() + " (" + loss.getClass().getName()
                    + ") is not built in, so it cannot be saved with the model; use one of " + LOSSES
                    + ", or save only the weights with saveWeights(path)");
        }
        return m;
    }

    /** The loss described by {@code config} (as {@link #config(Loss)} writes it). */
    public static Loss fromConfig(Map<String, ?> config) {
        if (config == null) throw new IllegalArgumentException("loss config is null; expected a map with \"type\", e.g. {type=mse}");
        Object type = config.get("type");
        Loss loss = switch (String.valueOf(type)) {
            case "mse" -> new MeanSquaredError();
            case "mae" -> new MeanAbsoluteError();
            case "huber" -> new Huber(number(config, "delta"));
            case "binary_crossentropy" -> new BinaryCrossentropy(bool(config, "from_logits"));
            case "categorical_crossentropy" -> new CategoricalCrossentropy(bool(config, "from_logits"));
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy(bool(config, "from_logits"));
            default -> throw new IllegalArgumentException("unknown loss type '" + type + "'; known: " + LOSSES);
        };
        return loss;
    }

    /** The configuration of a built-in metric. */
    public static Map<String, Object> metricConfig(Metric metric) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", metric.name());
        if (metric instanceof Accuracy a) m.put("from_logits", a.isFromLogits());
        else if (metric instanceof Perplexity p) m.put("from_logits", p.isFromLogits());
        else if (!(metric instanceof MeanSquaredError || metric instanceof MeanAbsoluteError || metric instanceof RootMeanSquaredError
                || metric instanceof MeanSquaredErrorMetric || metric instanceof MeanAbsoluteErrorMetric)) {
            throw new IllegalArgumentException("save: the metric " + metric.name() + " (" + metric.getClass().getName()
                    + ") is not built in, so it cannot be saved with the model; use " + METRICS
                    + ", or save only the weights with saveWeights(path)");
        }
        return m;
    }

    /** The metric described by {@code config}. */
    public static Metric metricFromConfig(Map<String, ?> config) {
        if (config == null) throw new IllegalArgumentException("metric config is null; expected a map with \"type\", e.g. {type=mae}");
        Object type = config.get("type");
        return switch (String.valueOf(type)) {
            case "mse" -> new MeanSquaredError();
            case "mae" -> new MeanAbsoluteError();
            case "rmse" -> new RootMeanSquaredError();
            case "accuracy" -> new Accuracy(bool(config, "from_logits"));
            case "perplexity" -> new Perplexity(bool(config, "from_logits"));
            default -> throw new IllegalArgumentException("unknown metric type '" + type + "'; known: " + METRICS);
        };
    }

    private static double number(Map<String, ?> c, String key) {
        if (!(c.get(key) instanceof Number n)) throw new IllegalArgumentException(c.get("type") + " config: \"" + key + "\" must be a number, got " + c.get(key));
        return n.doubleValue();
    }

    private static boolean bool(Map<String, ?> c, String key) {
        if (!(c.get(key) instanceof Boolean b)) throw new IllegalArgumentException(c.get("type") + " config: \"" + key + "\" must be true or false, got " + c.get(key));
        return b;
    }
}
