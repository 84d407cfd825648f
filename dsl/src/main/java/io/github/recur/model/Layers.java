package io.github.recur.model;

import io.github.recur.internal.ConfigReader;
import io.github.recur.layers.Activation;
import io.github.recur.layers.AttentionLayer;
import io.github.recur.layers.Bidirectional;
import io.github.recur.layers.Concat;
import io.github.recur.layers.Dense;
import io.github.recur.layers.Dropout;
import io.github.recur.layers.Embedding;
import io.github.recur.layers.Input;
import io.github.recur.layers.Layer;
import io.github.recur.layers.Recurrent;
import io.github.recur.layers.RecurrentCells;
import java.util.List;
import java.util.Map;

/**
 * Re-creates layers from the plain data of {@link Model#architecture()} (one map per layer with
 * {@code "type"} and the layer's {@link Layer#config()}), the inverse of those methods; used when
 * loading a saved model. Unknown types and keys are errors, so a typo never goes unnoticed.
 *
 * <pre>{@code Model copy = Layers.sequentialFrom(model.architecture());   // same layers, unbuilt}</pre>
 */
public final class Layers {
    private static final List<String> TYPES = List.of("input", "lstm", "gru", "simple_rnn", "dense", "embedding", "dropout", "bidirectional",
            "concat", "attention");

    private Layers() {}

    /** A new, unbuilt sequential model with the layers described by {@code architecture}. */
    public static Model sequentialFrom(List<? extends Map<String, ?>> architecture) {
        if (architecture == null || architecture.isEmpty()) throw new IllegalArgumentException("architecture: no layers");
        Layer[] layers = new Layer[architecture.size()];
        for (int i = 0; i < layers.length; i++) {
            try {
                layers[i] = fromConfig(architecture.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("architecture entry " + i + ": " + e.getMessage(), e);
            }
        }
        return new Model(layers);
    }

    /** The layer described by one map of {@link Model#architecture()} (unbuilt). */
    public static Layer fromConfig(Map<String, ?> config) {
        if (config == null) throw new IllegalArgumentException("layer config is null");
        Object type = config.get("type");
        if (!(type instanceof String)) throw new IllegalArgumentException("layer config needs a \"type\" (one of " + TYPES + "), got " + config);
        var r = new ConfigReader((String) type, config);
        Layer layer = switch ((String) type) {
            case "input" -> new Input(r.integer("time_steps"), r.integer("features"));
            case "lstm", "gru", "simple_rnn" -> recurrent((String) type, r);
            case "dense" -> new Dense(r.integer("units"), Activation.parse(r.string("activation")));
            case "embedding" -> new Embedding(r.integer("vocabulary"), r.integer("dimension"), r.bool("mask_zero"));
            case "dropout" -> new Dropout(r.number("rate"));
            case "bidirectional" -> {
                Layer inner = fromConfig(r.map("layer"));
                if (!(inner instanceof Recurrent)) throw new IllegalArgumentException("bidirectional: the inner layer must be recurrent, got " + inner.type());
                String merge = r.string("merge");
                yield switch (merge) {
                    case "concat" -> new Bidirectional((Recurrent) inner, Bidirectional.Merge.CONCAT);
                    case "sum" -> new Bidirectional((Recurrent) inner, Bidirectional.Merge.SUM);
                    default -> throw new IllegalArgumentException("bidirectional: merge must be \"concat\" or \"sum\", got \"" + merge + "\"");
                };
            }
            case "concat" -> new Concat();
            case "attention" -> {
                String score = r.string("score");
                yield new AttentionLayer(score, "additive".equals(score) ? r.integer("units") : 0);
            }
            default -> throw new IllegalArgumentException("unknown layer type '" + type + "'; known types: " + TYPES);
        };
        if (config.containsKey("name")) layer = layer.named(r.string("name"));
        r.checkAllUsed();
        return layer;
    }

    /**
     * How many weight values {@code layer} holds once built for {@code inputFeatures}, computed without
     * allocating anything (a double: a damaged configuration may ask for more than a long holds).
     */
    static double parameterCount(Layer layer, int inputFeatures) {
        if (layer instanceof Recurrent r) return (double) r.cell().gates() * r.units() * ((double) inputFeatures + r.units() + 2);
        if (layer instanceof Bidirectional b) return 2 * parameterCount(b.forwardLayer(), inputFeatures);
        if (layer instanceof Dense d) return (double) d.units() * ((double) inputFeatures + 1);
        if (layer instanceof Embedding e) return (double) e.vocabulary() * e.dimension();
        return 0;
    }

    /** As {@link #parameterCount(Layer, int)} for a layer with several inputs (attention reads a query and values). */
    static double parameterCount(Layer layer, int[] inputFeatures) {
        if (layer instanceof AttentionLayer a) {
            Object units = a.config().get("units");
            double q = inputFeatures[0], v = inputFeatures.length > 1 ? inputFeatures[1] : 0;
            return units instanceof Integer u ? (double) u * (q + v + 1) : "general".equals(a.config().get("score")) ? q * v : 0;
        }
        return inputFeatures.length == 1 ? parameterCount(layer, inputFeatures[0]) : 0;
    }

    private static Recurrent recurrent(String type, ConfigReader r) {
        int units = r.integer("units");
        var cell = switch (type) {
            case "lstm" -> RecurrentCells.lstm();
            case "gru" -> RecurrentCells.gru();
            default -> {
                String act = r.string("activation");
                if (!act.equals("tanh") && !act.equals("relu")) {
                    throw new IllegalArgumentException("simple_rnn: activation must be \"tanh\" or \"relu\", got \"" + act + "\"");
                }
                yield RecurrentCells.simpleRnn(act.equals("relu"));
            }
        };
        boolean sequences = r.bool("return_sequences"), backwards = r.bool("go_backwards");
        return new Recurrent(cell, units, sequences, backwards, r.number("recurrent_dropout", 0)); // absent in files before recurrent dropout
    }
}
