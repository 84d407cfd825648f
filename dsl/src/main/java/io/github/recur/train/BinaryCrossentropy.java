package io.github.recur.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Binary cross-entropy, {@code "binary_crossentropy"}: per element
 * {@code -(t log p + (1 - t) log(1 - p))}, a row's loss is the mean over its columns (Keras
 * {@code BinaryCrossentropy}, PyTorch {@code BCELoss} / {@code BCEWithLogitsLoss}).
 *
 * <p>By default predictions are probabilities (a sigmoid output), clipped to
 * {@code [1e-7, 1 - 1e-7]} like Keras so that 0 and 1 do not give infinities; outside that range
 * the gradient is taken at the clipped value (as PyTorch's BCELoss does) so saturated outputs still
 * learn. With {@link #fromLogits()} predictions are raw scores and the loss is computed stably as
 * {@code max(x, 0) - t x + log(1 + exp(-|x|))}, with gradient {@code sigmoid(x) - t}: prefer it.
 *
 * <pre>{@code model.compile(adam(1e-3), new BinaryCrossentropy().fromLogits());}</pre>
 */
public final class BinaryCrossentropy extends BaseLoss {
    /** Keras' {@code backend.epsilon()}. */
    public static final double EPSILON = 1e-7;

    private final boolean fromLogits;

    /** Binary cross-entropy on probabilities. */
    public BinaryCrossentropy() {
        this(false);
    }

    public BinaryCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    /** A copy that takes raw scores (logits) instead of probabilities. */
    public BinaryCrossentropy fromLogits() {
        return new BinaryCrossentropy(true);
    }

    public boolean isFromLogits() { return fromLogits; }

    @Override public String name() { return "binary_crossentropy"; }

    @Override
    protected INDArray rowLoss(INDArray pred, INDArray target) {
        if (fromLogits) {
            INDArray x = pred;
            INDArray softplusNegAbs = Transforms.log(Transforms.exp(Transforms.abs(x, true).negi(), false).addi(1.0), false);
            return Transforms.max(x, 0.0, true).subi(target.mul(x)).addi(softplusNegAbs).mean(1);
        }
        INDArray p = clipped(pred);
        INDArray logP = Transforms.log(p, true);
        INDArray log1mP = Transforms.log(p.rsub(1.0), false);
        INDArray oneMinusT = target.rsub(1.0);
        return logP.muli(target).addi(log1mP.muli(oneMinusT)).negi().mean(1);
    }

    @Override
    protected INDArray rowGrad(INDArray pred, INDArray target) {
        double invC = 1.0 / pred.size(1);
        if (fromLogits) {
            return Transforms.sigmoid(pred, true).subi(target).muli(invC);
        }
        INDArray p = clipped(pred);
        // d/dp = (p - t) / (p (1 - p)).
        INDArray denom = p.rsub(1.0).muli(p);
        return p.sub(target).divi(denom).muli(invC);
    }

    private static INDArray clipped(INDArray pred) {
        INDArray p = Transforms.max(pred, EPSILON, true);
        return Transforms.min(p, 1.0 - EPSILON, false);
    }

    @Override
    public String toString() {
        return fromLogits ? name() + "(fromLogits)" : name();
    }
}
