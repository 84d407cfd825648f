package io.github.recur.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A metric accumulated over batches: each batch contributes a weighted sum and a weight, the epoch
 * value is {@code finish(sum / weight)} (RMSE takes the square root there).
 * Rows, columns and weights follow {@link Loss}.
 */
public interface Metric {
    String name();

    /** Returns {sum, weight} for this batch. */
    double[] sumAndWeight(INDArray pred, INDArray target, INDArray weights);

    default double finish(double mean) { return mean; }
}
