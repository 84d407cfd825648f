package io.github.recur;

import io.github.recur.layers.Activation;
import io.github.recur.layers.Bidirectional;
import io.github.recur.layers.Dense;
import io.github.recur.layers.Dropout;
import io.github.recur.layers.Embedding;
import io.github.recur.layers.Layer;
import io.github.recur.layers.Recurrent;
import io.github.recur.layers.RecurrentCells;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-creates layers from the plain data of {@link Model#architecture()} (one map per layer with
 * {@code "type"} and the layer's {@link Layer#config()}), the inverse of those methods; used when
 * loading a saved model. Unknown types and keys are errors, so a typo never goes unnoticed.
 *
 * <pre>{@code Model copy = Layers.sequentialFrom(model.architecture());   // same layers, unbuilt}</pre>
 */
public final class Layers {
    private static final List<String> TYPES = List.of("input", "lstm", "gru", "simple_rnn", "dense", "embedding", "dropout", "bidirectional");

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
        var r = new Reader((String) type, config);
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
            default -> throw new IllegalArgumentException("unknown layer type '" + type + "'; known types: " + TYPES);
        };
        r.checkAllUsed();
        return layer;
    }

    private static Recurrent recurrent(String type, Reader r) {
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
        return new Recurrent(cell, units, r.bool("return_sequences"), r.bool("go_backwards"));
    }

    /** Typed access to a config map that remembers which keys were read, to report unknown ones. */
    private static final class Reader {
        private final String type;
        private final Map<String, ?> config;
        private final Set<String> used = new HashSet<>(Set.of("type"));

        Reader(String type, Map<String, ?> config) {
            this.type = type;
            this.config = config;
        }

        private Object get(String key) {
            used.add(key);
            Object v = config.get(key);
            if (v == null) throw new IllegalArgumentException(type + " config is missing \"" + key + "\": " + config);
            return v;
        }

        int integer(String key) {
            Object v = get(key);
            if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(type + " config: \"" + key + "\" must be an integer, got " + v);
            }
            return n.intValue();
        }

        double number(String key) {
            Object v = get(key);
            if (!(v instanceof Number n)) throw new IllegalArgumentException(type + " config: \"" + key + "\" must be a number, got " + v);
            return n.doubleValue();
        }

        boolean bool(String key) {
            Object v = get(key);
            if (!(v instanceof Boolean b)) throw new IllegalArgumentException(type + " config: \"" + key + "\" must be true or false, got " + v);
            return b;
        }

        String string(String key) {
            Object v = get(key);
            if (!(v instanceof String s)) throw new IllegalArgumentException(type + " config: \"" + key + "\" must be a string, got " + v);
            return s;
        }

        @SuppressWarnings("unchecked")
        Map<String, ?> map(String key) {
            Object v = get(key);
            if (!(v instanceof Map)) throw new IllegalArgumentException(type + " config: \"" + key + "\" must be an object, got " + v);
            return (Map<String, ?>) v;
        }

        void checkAllUsed() {
            Set<String> unknown = new HashSet<>(config.keySet());
            unknown.removeAll(used);
            if (!unknown.isEmpty()) throw new IllegalArgumentException(type + " config has unknown keys " + unknown + "; known: " + used);
        }
    }
}
