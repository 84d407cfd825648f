package io.github.recur.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Mean absolute error as a metric, {@code "mae"}: weighted mean over rows of
 * {@code mean_j |pred_j - target_j|}.
 *
 * <pre>{@code model.compile(adam(1e-3), mse(), new MeanAbsoluteErrorMetric());}</pre>
 */
public final class MeanAbsoluteErrorMetric implements Metric {
    public MeanAbsoluteErrorMetric() {}

    @Override public String name() { return "mae"; }

    @Override
    public double[] sumAndWeight(INDArray pred, INDArray target, INDArray weights) {
        INDArray d = pred.sub(MetricSupport.sameShapeTarget(name(), pred, target));
        return MetricSupport.weighted(name(), Transforms.abs(d, false).mean(1), weights);
    }

    @Override public String toString() { return name(); }
}
