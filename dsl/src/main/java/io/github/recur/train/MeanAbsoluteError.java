package io.github.recur.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Mean absolute error, {@code "mae"}: a row's loss is {@code mean_j |pred_j - target_j|}
 * (Keras {@code MeanAbsoluteError}, PyTorch {@code L1Loss()}). The gradient at an exact tie is 0,
 * as in PyTorch.
 *
 * <pre>{@code model.compile(adam(1e-3), new MeanAbsoluteError());}</pre>
 */
public final class MeanAbsoluteError extends BaseLoss implements Metric {
    private static final Metric METRIC = new MeanAbsoluteErrorMetric();

    public MeanAbsoluteError() {}

    /** Also a metric, so {@code metrics(mae())} reads as in Keras. */
    @Override
    public double[] sumAndWeight(INDArray pred, INDArray target, INDArray weights) {
        return METRIC.sumAndWeight(pred, target, weights);
    }

    @Override public String name() { return "mae"; }

    @Override
    protected INDArray rowLoss(INDArray pred, INDArray target) {
        return Transforms.abs(pred.sub(target), false).mean(1);
    }

    @Override
    protected INDArray rowGrad(INDArray pred, INDArray target) {
        return Transforms.sign(pred.sub(target), false).muli(1.0 / pred.size(1));
    }
}
