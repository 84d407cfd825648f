package io.github.recur.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss over rows of predictions. The model flattens its output to rows: {@code [batch, C]} for a
 * last-step or dense output, {@code [time*batch, C]} for a sequence output, with per-row weights
 * from the mask. The value is the weighted mean over rows of each row's loss, where a row's loss is
 * the mean over its C columns (MSE, MAE, Huber, binary cross-entropy — as Keras and PyTorch's
 * default {@code reduction="mean"}) or the sum over classes (categorical cross-entropies).
 */
public interface Loss {
    /** Short name shown in summaries and histories, e.g. {@code "mse"}. */
    String name();

    /**
     * @param pred    predictions {@code [N, C]}
     * @param target  targets {@code [N, C]} ({@code [N, 1]} class indices for sparse categorical)
     * @param weights per-row weights {@code [N]} (1 = counts, 0 = masked) or {@code null} for all ones
     * @param grad    if not null, receives dLoss/dPred ({@code [N, C]}), already divided by the weight sum
     * @return the weighted mean loss
     */
    double compute(INDArray pred, INDArray target, INDArray weights, INDArray grad);

    /** Whether the targets are class indices (one column) rather than one value per output column. */
    default boolean sparseTargets() { return false; }

    /**
     * Refuses a model output this loss cannot learn from (probabilities expected from a linear
     * output, say), with an {@link IllegalArgumentException} that says what to change. {@code activation}
     * is the last layer's output activation ({@code "linear"}, {@code "sigmoid"}, {@code "softmax"}, ...)
     * or null when it has none (a recurrent or dropout layer); {@code layer} names that layer. The
     * built-in losses accept any output by default; the cross-entropies check.
     */
    default void checkOutput(String activation, String layer) {}

    /**
     * Refuses targets this loss cannot learn from (labels outside [0, 1] for binary cross-entropy,
     * class indices outside {@code [0, outputs)} for sparse categorical), before training starts, with
     * an {@link IllegalArgumentException} naming the first bad value. {@code y} is batch-first as given
     * to {@code fit}; {@code outputs} is the model's output size.
     */
    default void checkTargets(INDArray y, long outputs) {}
}
