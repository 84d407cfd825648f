package io.github.recur.train;

import io.github.recur.internal.ConfigReader;

import java.util.List;
import java.util.Map;

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
        ConfigReader r = new ConfigReader((String) type, config);
        BaseOptimizer<?> opt = switch ((String) type) {
            case "sgd" -> {
                Sgd s = new Sgd(r.number("lr"));
                double m = r.number("momentum", 0.0);
                if (m != 0) s = s.momentum(m);
                if (r.bool("nesterov", false)) s = s.nesterov();
                yield s;
            }
            case "adam" -> new Adam(r.number("lr"))
                    .betas(r.number("beta1", 0.9), r.number("beta2", 0.999))
                    .eps(r.number("eps", 1e-8));
            case "rmsprop" -> {
                RmsProp p = new RmsProp(r.number("lr"))
                        .alpha(r.number("alpha", 0.99))
                        .eps(r.number("eps", 1e-8))
                        .momentum(r.number("momentum", 0.0));
                if (r.bool("centered", false)) p = p.centered();
                yield p;
            }
            case "adagrad" -> new Adagrad(r.number("lr"))
                    .eps(r.number("eps", 1e-10))
                    .initialAccumulator(r.number("initialAccumulator", 0.0));
            default -> throw new IllegalArgumentException("unknown optimizer type '" + type + "'; known types: " + TYPES);
        };
        opt = applyBase(opt, r);
        r.checkAllUsed();
        return opt;
    }

    private static <T extends BaseOptimizer<T>> T applyBase(BaseOptimizer<T> o, ConfigReader r) {
        @SuppressWarnings("unchecked")
        T t = (T) o;
        double wd = r.number("weightDecay", 0.0);
        if (wd != 0) t = t.weightDecay(wd);
        double cn = r.number("clipNorm", 0.0);
        if (cn != 0) t = t.clipNorm(cn);
        double cv = r.number("clipValue", 0.0);
        if (cv != 0) t = t.clipValue(cv);
        return t;
    }
}
