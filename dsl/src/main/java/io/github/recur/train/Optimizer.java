package io.github.recur.train;

import io.github.recur.layers.Param;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Updates parameters from their gradients. Implementations keep per-parameter state (moments)
 * keyed by parameter name, apply L2 weight decay and gradient clipping (global norm, then value)
 * before their update rule.
 *
 * <pre>{@code model.compile(adam(1e-3).clipNorm(1.0), mse());}</pre>
 */
public interface Optimizer {
    /**
     * One update of every parameter from its {@link Param#grad()}. Returns the gradient global norm before
     * clipping; throws {@link NonFiniteGradientException} before changing anything when a gradient is NaN or infinite.
     */
    double step(List<Param> params);

    double learningRate();

    /** Changes the learning rate in place (schedules and reduce-on-plateau call this). */
    void learningRate(double lr);

    /** Short description for summaries, e.g. {@code "Adam(lr=0.001, clipNorm=1.0)"}. */
    String describe();

    /** Configuration, for saving: name and hyperparameters (numbers, strings, booleans). */
    Map<String, Object> config();

    /** Internal state (moments, step counts) keyed {@code paramName + "." + slot}, for saving. */
    Map<String, INDArray> state();

    void loadState(Map<String, INDArray> state);
}
