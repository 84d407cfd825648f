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

    /** Probabilities need a sigmoid (or softmax) output; logits need one without. */
    @Override
    public void checkOutput(String activation, String layer) {
        boolean probabilities = "sigmoid".equals(activation) || "softmax".equals(activation);
        if (!fromLogits && !probabilities) {
            throw new IllegalArgumentException(name() + " takes probabilities in (0, 1), but the last layer, " + layer + ", outputs "
                    + (activation == null ? "values that are not probabilities" : activation + " values")
                    + "; end the model with dense(1, \"sigmoid\"), or keep this output as raw scores and use "
                    + "binaryCrossentropy().fromLogits() (and accuracy().fromLogits())");
        }
        if (fromLogits && probabilities) {
            throw new IllegalArgumentException(name() + "(fromLogits) takes raw scores, but the last layer, " + layer + ", already applies "
                    + activation + "; use dense(1) without an activation, or binaryCrossentropy() without fromLogits()");
        }
    }

    /** Labels (or soft targets) in [0, 1]; anything else trains towards a value the output cannot reach. */
    @Override
    public void checkTargets(INDArray y, long outputs) {
        if (y == null || y.length() == 0) return;
        double min = y.minNumber().doubleValue(), max = y.maxNumber().doubleValue();
        if (min >= 0 && max <= 1) return;
        double[] v = y.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        long perRow = y.length() / y.size(0);
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0 && v[i] <= 1)) {
                throw new IllegalArgumentException(name() + ": targets must be labels 0 or 1 (or probabilities in [0, 1]), but sample "
                        + (i / perRow) + " has " + v[i] + "; for more than two classes use dense(classes, \"softmax\") with "
                        + "sparseCategoricalCrossentropy() (class indices) or categoricalCrossentropy() (one-hot rows)");
            }
        }
    }

    @Override
    protected INDArray prepareTarget(INDArray pred, INDArray target, org.nd4j.linalg.api.buffer.DataType dtype) {
        INDArray t = super.prepareTarget(pred, target, dtype);
        checkTargets(t, pred.size(1));
        return t;
    }

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
