package io.github.recur.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Huber loss, {@code "huber"}: per element with {@code d = pred - target},
 * {@code 0.5 d^2} where {@code |d| <= delta}, else {@code delta (|d| - 0.5 delta)}; a row's loss is
 * the mean over its columns. Same as Keras {@code Huber(delta)} and PyTorch {@code HuberLoss(delta=...)}
 * (not {@code SmoothL1Loss(beta)}, which divides by beta). Quadratic near 0, linear for outliers.
 *
 * <pre>{@code model.compile(adam(1e-3), new Huber(0.5));}</pre>
 */
public final class Huber extends BaseLoss {
    private final double delta;

    /** Huber with {@code delta = 1.0}. */
    public Huber() {
        this(1.0);
    }

    public Huber(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("huber: delta must be a finite number > 0, got " + delta);
        }
        this.delta = delta;
    }

    public double delta() { return delta; }

    @Override public String name() { return "huber"; }

    @Override
    protected INDArray rowLoss(INDArray pred, INDArray target) {
        INDArray absD = Transforms.abs(pred.sub(target), false);
        // a = min(|d|, delta); loss = 0.5 a^2 + delta (|d| - a) covers both branches without a mask.
        INDArray a = Transforms.min(absD, delta, true);
        INDArray linear = absD.subi(a).muli(delta);
        return a.muli(a).muli(0.5).addi(linear).mean(1);
    }

    @Override
    protected INDArray rowGrad(INDArray pred, INDArray target) {
        INDArray d = pred.sub(target);
        Transforms.max(d, -delta, false);
        Transforms.min(d, delta, false);
        return d.muli(1.0 / pred.size(1));
    }

    @Override
    public String toString() {
        return "huber(delta=" + delta + ")";
    }
}
