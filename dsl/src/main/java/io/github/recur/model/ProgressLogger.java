package io.github.recur.model;

import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The progress of {@code fit}, as Keras' {@code ProgbarLogger}: an ordinary {@link Callback} that
 * {@code fit} puts first unless {@code verbose(false)}. Shows epoch, logged values, time per epoch and
 * the time left; here one printed line per epoch. A notebook front end installs a subclass that
 * updates one display in place ({@link #useByDefault}).
 *
 * <pre>{@code model.fit(x, y, epochs(3)); // Epoch 1/3 - loss: 0.1234 - (time)/epoch - ETA (time) ...}</pre>
 */
public class ProgressLogger implements Callback {
    private static volatile IntFunction<? extends ProgressLogger> byDefault = ProgressLogger::new;

    private final int epochs;
    private long start = System.nanoTime();
    private int lastEpoch = -1;
    private Map<String, Double> lastLogs;

    /** Progress of a fit over {@code epochs} epochs. */
    public ProgressLogger(int epochs) {
        if (epochs <= 0) throw new IllegalArgumentException("ProgressLogger: epochs must be positive, got " + epochs);
        this.epochs = epochs;
    }

    /**
     * What {@code fit} adds from now on, made with the planned number of epochs; null goes back to
     * printed lines. The notebook display installs its in-place version this way.
     */
    public static void useByDefault(IntFunction<? extends ProgressLogger> factory) {
        byDefault = factory == null ? ProgressLogger::new : factory;
    }

    static ProgressLogger forFit(int epochs) { return byDefault.apply(epochs); }

    /** The planned number of epochs. */
    public int epochs() { return epochs; }

    @Override public void onTrainBegin(Model model) {
        start = System.nanoTime();
        lastEpoch = -1;
        lastLogs = null;
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs, Model model) {
        lastEpoch = epoch;
        lastLogs = logs;
        show(line(epoch, logs, null), epoch);
    }

    /** Training ended before the last planned epoch (a callback stopped it): the line says so instead of an ETA. */
    @Override public void onTrainEnd(Model model, History history) {
        if (lastLogs != null && lastEpoch + 1 < epochs) {
            show(line(lastEpoch, lastLogs, "stopped early by a callback after epoch " + history.epochs()), lastEpoch);
        }
    }

    /** {@code fit} stopped because its thread was interrupted (0-based epoch). */
    public void interrupted(int epoch) {
        System.out.println("Training interrupted during epoch " + (epoch + 1) + "; the model keeps the weights it has.");
    }

    /** Shows a progress line after 0-based {@code epoch}; printed here, overridden to display it elsewhere. */
    protected void show(String line, int epoch) {
        System.out.println(line);
    }

    /** {@code Epoch 2/3 - loss: 0.2500 - (time)/epoch - ETA (time)}, or the reason training stopped instead of the ETA. */
    protected String line(int epoch, Map<String, Double> logs, String stopped) {
        double perEpoch = (System.nanoTime() - start) / 1e9 / (epoch + 1);
        var sb = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d", epoch + 1, epochs));
        for (var e : logs.entrySet()) sb.append(String.format(Locale.ROOT, " - %s: %.4g", e.getKey(), e.getValue()));
        sb.append(String.format(Locale.ROOT, " - %s/epoch", seconds(perEpoch)));
        if (stopped != null) sb.append(" - ").append(stopped);
        else if (epoch + 1 < epochs) sb.append(" - ETA ").append(seconds(perEpoch * (epochs - epoch - 1)));
        return sb.toString();
    }

    private static String seconds(double s) {
        return s < 1 ? String.format(Locale.ROOT, "%.0f ms", s * 1000) : s < 120
                ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.1f min", s / 60);
    }
}
