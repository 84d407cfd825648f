package io.github.recur.model;

import java.util.Map;

/**
 * Hooks into {@code fit}. {@code logs} holds this epoch's values by name ({@code loss},
 * {@code val_loss}, {@code mae}, {@code val_mae}, {@code lr}, ...). A callback may call
 * {@link Model#stopTraining()}.
 */
public interface Callback {
    default void onTrainBegin(Model model) {}

    /** Called before each epoch (0-based); schedules set the learning rate here. */
    default void onEpochBegin(int epoch, Model model) {}

    default void onEpochEnd(int epoch, Map<String, Double> logs, Model model) {}

    default void onTrainEnd(Model model, History history) {}
}
