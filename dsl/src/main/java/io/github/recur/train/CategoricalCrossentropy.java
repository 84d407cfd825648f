package io.github.recur.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Categorical cross-entropy, {@code "categorical_crossentropy"}: with one-hot (or soft) targets, a
 * row's loss is {@code -sum_k t_k log p_k} — a sum over classes, as Keras and PyTorch
 * {@code CrossEntropyLoss}.
 *
 * <p>By default predictions are probabilities (a softmax output); like Keras each row is
 * renormalized to sum 1 and clipped to {@code [1e-7, 1 - 1e-7]}. With {@link #fromLogits()} the
 * predictions are raw scores and the loss uses a stable log-softmax
 * ({@code x - max - log sum exp(x - max)}), gradient {@code softmax(x) sum(t) - t}: prefer it.
 *
 * <pre>{@code model.compile(adam(1e-3), new CategoricalCrossentropy().fromLogits());}</pre>
 */
public final class CategoricalCrossentropy extends BaseLoss {
    private final boolean fromLogits;

    /** Categorical cross-entropy on probabilities. */
    public CategoricalCrossentropy() {
        this(false);
    }

    public CategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    /** A copy that takes raw scores (logits) instead of probabilities. */
    public CategoricalCrossentropy fromLogits() {
        return new CategoricalCrossentropy(true);
    }

    public boolean isFromLogits() { return fromLogits; }

    @Override public String name() { return "categorical_crossentropy"; }

    /** Probabilities need a softmax output; logits need one without. */
    @Override
    public void checkOutput(String activation, String layer) {
        if (!fromLogits && !"softmax".equals(activation)) {
            throw new IllegalArgumentException(name() + " takes class probabilities, but the last layer, " + layer + ", outputs "
                    + (activation == null ? "values that are not probabilities" : activation + " values")
                    + "; end the model with dense(classes, \"softmax\"), or keep this output as raw scores and use categoricalCrossentropy().fromLogits()");
        }
        if (fromLogits && ("softmax".equals(activation) || "sigmoid".equals(activation))) {
            throw new IllegalArgumentException(name() + "(fromLogits) takes raw scores, but the last layer, " + layer + ", already applies "
                    + activation + "; use dense(classes) without an activation, or categoricalCrossentropy() without fromLogits()");
        }
    }

    @Override
    protected INDArray rowLoss(INDArray pred, INDArray target) {
        if (fromLogits) {
            return logSoftmax(pred).muli(target).sum(1).negi();
        }
        INDArray q = normalized(pred);
        INDArray qc = Transforms.min(Transforms.max(q, BinaryCrossentropy.EPSILON, false), 1.0 - BinaryCrossentropy.EPSILON, false);
        return Transforms.log(qc, false).muli(target).sum(1).negi();
    }

    @Override
    protected INDArray rowGrad(INDArray pred, INDArray target) {
        INDArray sumT = col(target.sum(1));
        if (fromLogits) {
            INDArray softmax = Transforms.exp(logSoftmax(pred), false);
            return softmax.muliColumnVector(sumT).subi(target);
        }
        // L = -sum t log(p / s) with s = row sum: dL/dp_k = (sum(t) - t_k / q_k) / s, q at its clipped value.
        INDArray s = rowSums(pred);
        INDArray q = pred.divColumnVector(s);
        INDArray qc = Transforms.min(Transforms.max(q, BinaryCrossentropy.EPSILON, false), 1.0 - BinaryCrossentropy.EPSILON, false);
        return target.div(qc).negi().addiColumnVector(sumT).diviColumnVector(s);
    }

    /** From logits, one log-softmax for both: loss {@code -Σ t log softmax(x)}, gradient {@code softmax(x) Σt − t}. */
    @Override
    protected INDArray[] rowLossAndGrad(INDArray pred, INDArray target, boolean withGrad) {
        if (!fromLogits) return super.rowLossAndGrad(pred, target, withGrad);
        INDArray z = pred.subColumnVector(col(pred.max(1)));
        INDArray e = Transforms.exp(z, true);
        INDArray sumE = col(e.sum(1));
        INDArray logSoftmax = z.subiColumnVector(Transforms.log(sumE, true));
        INDArray grad = withGrad ? e.diviColumnVector(sumE).muliColumnVector(col(target.sum(1))).subi(target) : null;
        INDArray rows = logSoftmax.muli(target).sum(1).negi();
        release(z, pred, target); // logSoftmax is z, written in place
        return new INDArray[] {rows, grad};
    }

    private static INDArray rowSums(INDArray pred) {
        // Guard an all-zero row against 0/0; such a row is clipped to eps anyway.
        return Transforms.max(col(pred.sum(1)), 1e-30, false);
    }

    private static INDArray normalized(INDArray pred) {
        return pred.divColumnVector(rowSums(pred));
    }

    static INDArray logSoftmax(INDArray x) {
        INDArray z = x.subColumnVector(col(x.max(1)));
        INDArray lse = col(Transforms.log(Transforms.exp(z, true).sum(1), false));
        return z.subiColumnVector(lse);
    }

    @Override
    public String toString() {
        return fromLogits ? name() + "(fromLogits)" : name();
    }
}
