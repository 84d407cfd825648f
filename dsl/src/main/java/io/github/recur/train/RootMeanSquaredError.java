package io.github.recur.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Root mean squared error, {@code "rmse"}: the square root of the epoch's weighted MSE (not the
 * mean of per-batch roots), as Keras' {@code RootMeanSquaredError}.
 *
 * <pre>{@code model.compile(adam(1e-3), mse(), new RootMeanSquaredError());}</pre>
 */
public final class RootMeanSquaredError implements Metric {
    private final MeanSquaredErrorMetric mse = new MeanSquaredErrorMetric();

    public RootMeanSquaredError() {}

    @Override public String name() { return "rmse"; }

    @Override
    public double[] sumAndWeight(INDArray pred, INDArray target, INDArray weights) {
        return mse.sumAndWeight(pred, target, weights);
    }

    @Override
    public double finish(double mean) {
        return Math.sqrt(mean);
    }

    @Override public String toString() { return name(); }
}
