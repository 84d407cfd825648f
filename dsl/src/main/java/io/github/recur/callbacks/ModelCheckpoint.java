package io.github.recur.callbacks;

import io.github.recur.model.Callback;
import io.github.recur.model.Model;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves the model with {@link Model#save(Path)} after each epoch, or only when the monitored
 * value improved ({@link #saveBestOnly()}), as Keras' {@code ModelCheckpoint}. A literal
 * {@code {epoch}} in the file name is replaced by the 1-based epoch number (like Keras' file
 * names), to keep one file per epoch.
 *
 * <pre>{@code callbacks(new ModelCheckpoint(Path.of("best.recur")).saveBestOnly())}</pre>
 */
public final class ModelCheckpoint implements Callback {
    private static final String NAME = "ModelCheckpoint";

    private final Path path;
    private final Monitor monitor;
    private final boolean saveBestOnly;

    private double best = Double.NaN;
    private String resolvedKey;
    private Path lastSaved;

    /** Saves to {@code path} after every epoch; monitor {@code val_loss} (or {@code loss}) once {@link #saveBestOnly()}. */
    public ModelCheckpoint(Path path) {
        this(path, new Monitor(NAME, "val_loss", Monitor.Mode.AUTO), false);
    }

    private ModelCheckpoint(Path path, Monitor monitor, boolean saveBestOnly) {
        if (path == null) throw new IllegalArgumentException(NAME + ": path must not be null");
        this.path = path;
        this.monitor = monitor;
        this.saveBestOnly = saveBestOnly;
    }

    /** A copy judging improvement on another logged value, e.g. {@code "val_accuracy"}. */
    public ModelCheckpoint monitor(String key) {
        return new ModelCheckpoint(path, new Monitor(NAME, key, monitor.mode()), saveBestOnly);
    }

    /** A copy with direction {@code "min"}, {@code "max"} or {@code "auto"}. */
    public ModelCheckpoint mode(String mode) {
        return new ModelCheckpoint(path, new Monitor(NAME, monitor.key(), Monitor.parseMode(NAME, mode)), saveBestOnly);
    }

    /** A copy that saves only when the monitored value improves on the best so far. */
    public ModelCheckpoint saveBestOnly() {
        return new ModelCheckpoint(path, monitor, true);
    }

    @Override
    public void onTrainBegin(Model model) {
        best = Double.NaN;
        resolvedKey = null;
        lastSaved = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, Model model) {
        if (shouldSave(logs)) {
            Path target = pathFor(epoch);
            if (model != null) model.save(target);
            lastSaved = target;
        }
    }

    /** Whether this epoch's model is to be saved (updates the best value). */
    boolean shouldSave(Map<String, Double> logs) {
        if (!saveBestOnly) return true;
        if (resolvedKey == null) resolvedKey = monitor.resolve(logs);
        Double v = logs.get(resolvedKey);
        double current = v == null ? Double.NaN : v;
        boolean better = Double.isNaN(best) ? !Double.isNaN(current)
                : Monitor.improves(current, best, 0.0, monitor.maximize(resolvedKey));
        if (better) best = current;
        return better;
    }

    /** The file for a 0-based epoch: {@code {epoch}} in the name becomes {@code epoch + 1}. */
    Path pathFor(int epoch) {
        String s = path.toString();
        return s.contains("{epoch}") ? Path.of(s.replace("{epoch}", Integer.toString(epoch + 1))) : path;
    }

    /** The last file written (null before the first save). */
    public Path lastSaved() { return lastSaved; }

    /** The best monitored value so far (NaN before the first, or without {@link #saveBestOnly()}). */
    public double best() { return best; }

    @Override
    public String toString() {
        return NAME + "(" + path + (saveBestOnly ? ", best " + monitor.key() : "") + ")";
    }
}
