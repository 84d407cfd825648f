package io.github.recur.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean squared error, {@code "mse"}: a row's loss is {@code mean_j (pred_j - target_j)^2}
 * (Keras {@code MeanSquaredError}, PyTorch {@code MSELoss()}).
 *
 * <pre>{@code model.compile(adam(1e-3), new MeanSquaredError());}</pre>
 */
public final class MeanSquaredError extends BaseLoss implements Metric {
    private static final Metric METRIC = new MeanSquaredErrorMetric();

    public MeanSquaredError() {}

    /** Also a metric, so {@code metrics(mae())} reads as in Keras. */
    @Override
    public double[] sumAndWeight(INDArray pred, INDArray target, INDArray weights) {
        return METRIC.sumAndWeight(pred, target, weights);
    }

    @Override public String name() { return "mse"; }

    @Override
    protected INDArray rowLoss(INDArray pred, INDArray target) {
        INDArray d = pred.sub(target);
        return d.muli(d).mean(1);
    }

    @Override
    protected INDArray rowGrad(INDArray pred, INDArray target) {
        return pred.sub(target).muli(2.0 / pred.size(1));
    }
}
