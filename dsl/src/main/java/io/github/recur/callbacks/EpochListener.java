package io.github.recur.callbacks;

import io.github.recur.model.Callback;
import io.github.recur.model.Model;
import java.util.Map;

/**
 * A callback written as a lambda, called at the end of each epoch with the epoch (0-based) and its logs.
 *
 * <pre>{@code callbacks((EpochListener) (epoch, logs) -> System.out.println(epoch + " " + logs.get("loss")))}</pre>
 */
@FunctionalInterface
public interface EpochListener extends Callback {
    void epochEnded(int epoch, Map<String, Double> logs);

    @Override
    default void onEpochEnd(int epoch, Map<String, Double> logs, Model model) {
        epochEnded(epoch, logs);
    }
}
