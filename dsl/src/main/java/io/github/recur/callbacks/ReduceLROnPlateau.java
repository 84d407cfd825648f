package io.github.recur.callbacks;

import io.github.recur.model.Callback;
import io.github.recur.model.Model;
import io.github.recur.train.Optimizer;
import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when the monitored value has not improved by more
 * than {@code minDelta} for {@code patience} epochs, then waits {@code cooldown} epochs before
 * counting again, never going below {@code minLr} — Keras' {@code ReduceLROnPlateau} with its
 * defaults: monitor {@code val_loss} (falls back to {@code loss}), factor 0.1, patience 10,
 * minDelta 1e-4, cooldown 0, minLr 0.
 *
 * <pre>{@code callbacks(new ReduceLROnPlateau().factor(0.5).patience(3))}</pre>
 */
public final class ReduceLROnPlateau implements Callback {
    private static final String NAME = "ReduceLROnPlateau";

    private final Monitor monitor;
    private final double factor;
    private final int patience;
    private final double minDelta;
    private final int cooldown;
    private final double minLr;

    private double best;
    private int wait;
    private int cooldownCounter;
    private String resolvedKey;

    public ReduceLROnPlateau() {
        this(new Monitor(NAME, "val_loss", Monitor.Mode.AUTO), 0.1, 10, 1e-4, 0, 0.0);
    }

    private ReduceLROnPlateau(Monitor monitor, double factor, int patience, double minDelta, int cooldown, double minLr) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException(NAME + ": factor must be in (0, 1) so the rate goes down, got " + factor);
        }
        if (patience < 0) throw new IllegalArgumentException(NAME + ": patience must be >= 0 epochs, got " + patience);
        if (!(minDelta >= 0)) throw new IllegalArgumentException(NAME + ": minDelta must be >= 0, got " + minDelta);
        if (cooldown < 0) throw new IllegalArgumentException(NAME + ": cooldown must be >= 0 epochs, got " + cooldown);
        if (!(minLr >= 0) || Double.isInfinite(minLr)) {
            throw new IllegalArgumentException(NAME + ": minLr must be a finite number >= 0, got " + minLr);
        }
        this.monitor = monitor;
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.cooldown = cooldown;
        this.minLr = minLr;
        reset();
    }

    public ReduceLROnPlateau monitor(String key) {
        return new ReduceLROnPlateau(new Monitor(NAME, key, monitor.mode()), factor, patience, minDelta, cooldown, minLr);
    }

    /** A copy with direction {@code "min"}, {@code "max"} or {@code "auto"}. */
    public ReduceLROnPlateau mode(String mode) {
        return new ReduceLROnPlateau(new Monitor(NAME, monitor.key(), Monitor.parseMode(NAME, mode)), factor, patience, minDelta, cooldown, minLr);
    }

    public ReduceLROnPlateau factor(double f) {
        return new ReduceLROnPlateau(monitor, f, patience, minDelta, cooldown, minLr);
    }

    public ReduceLROnPlateau patience(int epochs) {
        return new ReduceLROnPlateau(monitor, factor, epochs, minDelta, cooldown, minLr);
    }

    public ReduceLROnPlateau minDelta(double d) {
        return new ReduceLROnPlateau(monitor, factor, patience, d, cooldown, minLr);
    }

    public ReduceLROnPlateau cooldown(int epochs) {
        return new ReduceLROnPlateau(monitor, factor, patience, minDelta, epochs, minLr);
    }

    public ReduceLROnPlateau minLr(double lr) {
        return new ReduceLROnPlateau(monitor, factor, patience, minDelta, cooldown, lr);
    }

    private void reset() {
        best = Double.NaN;
        wait = 0;
        cooldownCounter = 0;
        resolvedKey = null;
    }

    @Override
    public void onTrainBegin(Model model) {
        reset();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, Model model) {
        if (model == null) return;
        Optimizer opt = model.optimizer();
        if (opt == null) throw new IllegalStateException(NAME + ": the model has no optimizer; compile it first");
        double lr = opt.learningRate();
        double next = nextLearningRate(lr, logs);
        if (next != lr) opt.learningRate(next);
    }

    /** The epoch logic without a model: the learning rate to use from now on, given the current one. */
    double nextLearningRate(double lr, Map<String, Double> logs) {
        if (resolvedKey == null) resolvedKey = monitor.resolve(logs);
        Double v = logs.get(resolvedKey);
        double current = v == null ? Double.NaN : v;
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        boolean first = Double.isNaN(best) && !Double.isNaN(current);
        if (first || Monitor.improves(current, best, minDelta, monitor.maximize(resolvedKey))) {
            best = current;
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= patience && lr > minLr) {
                wait = 0;
                cooldownCounter = cooldown;
                return Math.max(lr * factor, minLr);
            }
        }
        return lr;
    }

    @Override
    public String toString() {
        return NAME + "(monitor=" + monitor.key() + ", factor=" + factor + ", patience=" + patience
                + ", minDelta=" + minDelta + ", cooldown=" + cooldown + ", minLr=" + minLr + ")";
    }
}
