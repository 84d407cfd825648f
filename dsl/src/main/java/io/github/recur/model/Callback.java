package io.github.recur.model;

import java.util.Map;

/**
 * Hooks into {@code fit}. {@code logs} holds this epoch's values by name ({@code loss},
 * {@code val_loss}, {@code mae}, {@code val_mae}, {@code lr}, ...). A callback may call
 * {@link Model#stopTraining()}. The built-in ones are in {@code io.github.recur.callbacks}
 * ({@code earlyStopping()}, {@code checkpoint(path)}, ...); {@code fit} puts a {@link ProgressLogger}
 * before them unless {@code verbose(false)}.
 *
 * <pre>{@code
 * model.fit(x, y, epochs(50), callbacks(new Callback() {
 *     public void onEpochEnd(int epoch, Map<String, Double> logs, Model model) {
 *         if (logs.get("loss") < 1e-3) model.stopTraining();
 *     }
 * }));
 * }</pre>
 */
public interface Callback {
    default void onTrainBegin(Model model) {}

    /** Called before each epoch (0-based); schedules set the learning rate here. */
    default void onEpochBegin(int epoch, Model model) {}

    default void onEpochEnd(int epoch, Map<String, Double> logs, Model model) {}

    default void onTrainEnd(Model model, History history) {}
}
