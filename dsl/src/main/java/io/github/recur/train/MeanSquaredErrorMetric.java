package io.github.recur.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean squared error as a metric, {@code "mse"}: weighted mean over rows of
 * {@code mean_j (pred_j - target_j)^2}.
 *
 * <pre>{@code model.compile(adam(1e-3), mae(), new MeanSquaredErrorMetric());}</pre>
 */
public final class MeanSquaredErrorMetric implements Metric {
    public MeanSquaredErrorMetric() {}

    @Override public String name() { return "mse"; }

    @Override
    public double[] sumAndWeight(INDArray pred, INDArray target, INDArray weights) {
        INDArray d = pred.sub(MetricSupport.sameShapeTarget(name(), pred, target));
        return MetricSupport.weighted(name(), d.muli(d).mean(1), weights);
    }

    @Override public String toString() { return name(); }
}
