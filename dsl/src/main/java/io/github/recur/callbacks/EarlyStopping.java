package io.github.recur.callbacks;

import io.github.recur.model.Callback;
import io.github.recur.model.History;
import io.github.recur.model.Model;
import java.util.Map;

/**
 * Stops training when the monitored value has not improved for {@code patience} epochs, as Keras'
 * {@code EarlyStopping}. Monitors {@code val_loss} by default (falling back to {@code loss} when no
 * validation data is given); the direction is inferred from the name (accuracy-like names are
 * maximized) unless {@link #mode(String)} says otherwise. An improvement must exceed
 * {@link #minDelta(double)}; training stops at the {@code patience}-th epoch in a row without
 * improvement (patience 0 and 1 both stop at the first such epoch, as in Keras). With {@link #restoreBestWeights()} the weights of the best epoch are
 * loaded back at the end of training, whether it stopped early or ran all epochs.
 *
 * <pre>{@code model.fit(x, y, epochs(100), callbacks(new EarlyStopping().patience(5).restoreBestWeights()));}</pre>
 */
public final class EarlyStopping implements Callback {
    private static final String NAME = "EarlyStopping";

    private final Monitor monitor;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBest;

    // Per-fit state, reset in onTrainBegin.
    private double best;
    private int wait;
    private int bestEpoch = -1;
    private int stoppedEpoch = -1;
    private String resolvedKey;
    private Map<String, org.nd4j.linalg.api.ndarray.INDArray> bestWeights;

    /** Monitors {@code val_loss} (or {@code loss}), patience 0, minDelta 0. */
    public EarlyStopping() {
        this(new Monitor(NAME, "val_loss", Monitor.Mode.AUTO), 0, 0.0, false);
    }

    private EarlyStopping(Monitor monitor, int patience, double minDelta, boolean restoreBest) {
        if (patience < 0) throw new IllegalArgumentException(NAME + ": patience must be >= 0 epochs, got " + patience);
        if (!(minDelta >= 0)) throw new IllegalArgumentException(NAME + ": minDelta must be >= 0, got " + minDelta);
        this.monitor = monitor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBest = restoreBest;
        reset();
    }

    /** A copy watching another logged value, e.g. {@code "val_accuracy"}. */
    public EarlyStopping monitor(String key) {
        return new EarlyStopping(new Monitor(NAME, key, monitor.mode()), patience, minDelta, restoreBest);
    }

    /** A copy with direction {@code "min"}, {@code "max"} or {@code "auto"} (inferred from the name). */
    public EarlyStopping mode(String mode) {
        return new EarlyStopping(new Monitor(NAME, monitor.key(), Monitor.parseMode(NAME, mode)), patience, minDelta, restoreBest);
    }

    /** A copy that waits {@code epochs} epochs without improvement before stopping. */
    public EarlyStopping patience(int epochs) {
        return new EarlyStopping(monitor, epochs, minDelta, restoreBest);
    }

    /** A copy where only changes larger than {@code delta} count as improvement. */
    public EarlyStopping minDelta(double delta) {
        return new EarlyStopping(monitor, patience, delta, restoreBest);
    }

    /** A copy that loads the best epoch's weights back at the end of training. */
    public EarlyStopping restoreBestWeights() {
        return new EarlyStopping(monitor, patience, minDelta, true);
    }

    private void reset() {
        best = Double.NaN;
        wait = 0;
        bestEpoch = -1;
        stoppedEpoch = -1;
        resolvedKey = null;
        bestWeights = null;
    }

    @Override
    public void onTrainBegin(Model model) {
        reset();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, Model model) {
        Decision d = observe(epoch, logs);
        if (d.improved && restoreBest && model != null) bestWeights = model.weights();
        if (d.stop && model != null) model.stopTraining();
    }

    @Override
    public void onTrainEnd(Model model, History history) {
        if (restoreBest && bestWeights != null && model != null) model.loadWeights(bestWeights);
    }

    record Decision(boolean improved, boolean stop) {}

    /** The epoch logic without a model: whether this epoch improved, and whether training should stop. */
    Decision observe(int epoch, Map<String, Double> logs) {
        if (resolvedKey == null) resolvedKey = monitor.resolve(logs);
        Double value = logs.get(resolvedKey);
        double current = value == null ? Double.NaN : value;
        boolean maximize = monitor.maximize(resolvedKey);
        boolean first = Double.isNaN(best) && !Double.isNaN(current);
        if (first || Monitor.improves(current, best, minDelta, maximize)) {
            best = current;
            bestEpoch = epoch;
            wait = 0;
            return new Decision(true, false);
        }
        wait++;
        // As Keras: stop at the patience-th epoch in a row without improvement (never on the first epoch).
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            return new Decision(false, true);
        }
        return new Decision(false, false);
    }

    /** The 0-based epoch at which it asked to stop, or -1 if it did not. */
    public int stoppedEpoch() { return stoppedEpoch; }

    /** The 0-based epoch with the best monitored value so far, or -1 before the first. */
    public int bestEpoch() { return bestEpoch; }

    /** The best monitored value so far (NaN before the first epoch). */
    public double best() { return best; }

    /** The logged value actually watched in the current fit ({@code loss} if {@code val_loss} was absent). */
    public String monitored() { return resolvedKey == null ? monitor.key() : resolvedKey; }

    @Override
    public String toString() {
        return NAME + "(monitor=" + monitor.key() + ", patience=" + patience
                + (minDelta > 0 ? ", minDelta=" + minDelta : "") + (restoreBest ? ", restoreBestWeights" : "") + ")";
    }
}
