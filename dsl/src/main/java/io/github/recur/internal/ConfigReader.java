package io.github.recur.internal;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to a saved configuration map (a layer's or an optimizer's) that remembers which keys
 * were read, so that unknown keys — typos, or a file from a newer Recur — are reported, not ignored.
 */
public final class ConfigReader {
    private final String type;
    private final Map<String, ?> config;
    private final Set<String> used = new HashSet<>(Set.of("type"));

    public ConfigReader(String type, Map<String, ?> config) {
        this.type = type;
        this.config = config;
    }

    private Object get(String key) {
        used.add(key);
        Object v = config.get(key);
        if (v == null) throw new IllegalArgumentException(type + " config is missing \"" + key + "\": " + config);
        return v;
    }

    private boolean has(String key) {
        used.add(key);
        return config.get(key) != null;
    }

    public int integer(String key) {
        Object v = get(key);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(type + " config: \"" + key + "\" must be an integer, got " + v);
        }
        return n.intValue();
    }

    public double number(String key) {
        Object v = get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException(type + " config: \"" + key + "\" must be a number, got " + v);
        return n.doubleValue();
    }

    /** The number under {@code key}, or {@code fallback} when the key is absent. */
    public double number(String key, double fallback) {
        return has(key) ? number(key) : fallback;
    }

    public boolean bool(String key) {
        Object v = get(key);
        if (!(v instanceof Boolean b)) throw new IllegalArgumentException(type + " config: \"" + key + "\" must be true or false, got " + v);
        return b;
    }

    /** The boolean under {@code key}, or {@code fallback} when the key is absent. */
    public boolean bool(String key, boolean fallback) {
        return has(key) ? bool(key) : fallback;
    }

    public String string(String key) {
        Object v = get(key);
        if (!(v instanceof String s)) throw new IllegalArgumentException(type + " config: \"" + key + "\" must be a string, got " + v);
        return s;
    }

    @SuppressWarnings("unchecked")
    public Map<String, ?> map(String key) {
        Object v = get(key);
        if (!(v instanceof Map)) throw new IllegalArgumentException(type + " config: \"" + key + "\" must be an object, got " + v);
        return (Map<String, ?>) v;
    }

    /** Fails when the map holds keys nothing asked for. */
    public void checkAllUsed() {
        Set<String> unknown = new HashSet<>(config.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) throw new IllegalArgumentException(type + " config has unknown keys " + unknown + "; known: " + used);
    }
}
