package io.github.recur.callbacks;

import java.util.Locale;
import java.util.Map;

/**
 * Which logged value a callback watches and which direction is better. Shared by
 * {@link EarlyStopping}, {@link ModelCheckpoint} and {@link ReduceLROnPlateau}.
 */
final class Monitor {
    /** Whether larger values are better: {@code "auto"} infers it from the name like Keras. */
    enum Mode { MIN, MAX, AUTO }

    private final String owner;
    private final String key;
    private final Mode mode;

    Monitor(String owner, String key, Mode mode) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException(owner + ": monitor must name a logged value such as \"val_loss\"");
        }
        this.owner = owner;
        this.key = key;
        this.mode = mode;
    }

    static Mode parseMode(String owner, String mode) {
        if (mode == null) throw new IllegalArgumentException(owner + ": mode must be \"min\", \"max\" or \"auto\", got null");
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "min" -> Mode.MIN;
            case "max" -> Mode.MAX;
            case "auto" -> Mode.AUTO;
            default -> throw new IllegalArgumentException(owner + ": mode must be \"min\", \"max\" or \"auto\", got \"" + mode + "\"");
        };
    }

    String key() { return key; }

    Mode mode() { return mode; }

    /** Larger is better for accuracy-like names ("acc", "accuracy", "auc"), as Keras' auto mode. */
    boolean maximize(String resolvedKey) {
        if (mode != Mode.AUTO) return mode == Mode.MAX;
        String k = resolvedKey.toLowerCase(Locale.ROOT);
        return k.endsWith("acc") || k.contains("accuracy") || k.contains("auc");
    }

    /**
     * The key actually present in {@code logs}: the configured one, or {@code loss} when the
     * default {@code val_loss} is absent (training without validation data).
     */
    String resolve(Map<String, Double> logs) {
        if (logs.containsKey(key)) return key;
        if (key.equals("val_loss") && logs.containsKey("loss")) return "loss";
        throw new IllegalArgumentException(owner + ": monitored value '" + key + "' is not logged; available: "
                + logs.keySet() + ". Pass validation data for val_* values or monitor one of those.");
    }

    /** Whether {@code current} beats {@code best} by more than {@code minDelta} in the right direction. */
    static boolean improves(double current, double best, double minDelta, boolean maximize) {
        if (Double.isNaN(current)) return false;
        return maximize ? current - minDelta > best : current + minDelta < best;
    }
}
