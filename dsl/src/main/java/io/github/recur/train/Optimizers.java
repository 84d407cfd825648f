package io.github.recur.train;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds optimizers from {@link Optimizer#config()} (used when loading a saved model).
 *
 * <pre>{@code Optimizer same = Optimizers.fromConfig(new Adam(1e-3).clipNorm(1.0).config());}</pre>
 */
public final class Optimizers {
    private static final List<String> TYPES = List.of("sgd", "adam", "rmsprop", "adagrad");

    private Optimizers() {}

    /** The optimizer described by {@code config} (keys as written by {@link Optimizer#config()}), with empty state. */
    public static Optimizer fromConfig(Map<String, ?> config) {
        if (config == null) throw new IllegalArgumentException("optimizer config must not be null");
        Object type = config.get("type");
        if (!(type instanceof String)) {
            throw new IllegalArgumentException("optimizer config needs a \"type\" (one of " + TYPES + "), got " + config);
        }
        Reader r = new Reader((String) type, config);
        BaseOptimizer<?> opt = switch ((String) type) {
            case "sgd" -> {
                Sgd s = new Sgd(r.num("lr", null));
                double m = r.num("momentum", 0.0);
                if (m != 0) s = s.momentum(m);
                if (r.bool("nesterov", false)) s = s.nesterov();
                yield s;
            }
            case "adam" -> new Adam(r.num("lr", null))
                    .betas(r.num("beta1", 0.9), r.num("beta2", 0.999))
                    .eps(r.num("eps", 1e-8));
            case "rmsprop" -> {
                RmsProp p = new RmsProp(r.num("lr", null))
                        .alpha(r.num("alpha", 0.99))
                        .eps(r.num("eps", 1e-8))
                        .momentum(r.num("momentum", 0.0));
                if (r.bool("centered", false)) p = p.centered();
                yield p;
            }
            case "adagrad" -> new Adagrad(r.num("lr", null))
                    .eps(r.num("eps", 1e-10))
                    .initialAccumulator(r.num("initialAccumulator", 0.0));
            default -> throw new IllegalArgumentException("unknown optimizer type '" + type + "'; known types: " + TYPES);
        };
        opt = applyBase(opt, r);
        r.checkAllUsed();
        return opt;
    }

    private static <T extends BaseOptimizer<T>> T applyBase(BaseOptimizer<T> o, Reader r) {
        @SuppressWarnings("unchecked")
        T t = (T) o;
        double wd = r.num("weightDecay", 0.0);
        if (wd != 0) t = t.weightDecay(wd);
        double cn = r.num("clipNorm", 0.0);
        if (cn != 0) t = t.clipNorm(cn);
        double cv = r.num("clipValue", 0.0);
        if (cv != 0) t = t.clipValue(cv);
        return t;
    }

    /** Reads typed values and remembers which keys were used, so unknown keys (typos) are reported. */
    private static final class Reader {
        private final String type;
        private final Map<String, ?> config;
        private final Set<String> used = new HashSet<>(Set.of("type"));

        Reader(String type, Map<String, ?> config) {
            this.type = type;
            this.config = config;
        }

        double num(String key, Double dflt) {
            used.add(key);
            Object v = config.get(key);
            if (v == null) {
                if (dflt == null) throw new IllegalArgumentException(type + " config is missing \"" + key + "\": " + config);
                return dflt;
            }
            if (!(v instanceof Number)) {
                throw new IllegalArgumentException(type + " config: \"" + key + "\" must be a number, got " + v);
            }
            return ((Number) v).doubleValue();
        }

        boolean bool(String key, boolean dflt) {
            used.add(key);
            Object v = config.get(key);
            if (v == null) return dflt;
            if (!(v instanceof Boolean)) {
                throw new IllegalArgumentException(type + " config: \"" + key + "\" must be true or false, got " + v);
            }
            return (Boolean) v;
        }

        void checkAllUsed() {
            Set<String> unknown = new HashSet<>(config.keySet());
            unknown.removeAll(used);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(type + " config has unknown keys " + unknown + "; known: " + used);
            }
        }
    }
}
