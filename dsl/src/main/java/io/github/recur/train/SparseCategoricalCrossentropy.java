package io.github.recur.train;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sparse categorical cross-entropy, {@code "sparse_categorical_crossentropy"}: like
 * {@link CategoricalCrossentropy} but the targets are class indices {@code [N, 1]} (0-based), as
 * Keras {@code SparseCategoricalCrossentropy} and PyTorch {@code CrossEntropyLoss} with index targets.
 * An index that is not an integer in {@code [0, C)} is an error naming the row and the value.
 *
 * <pre>{@code model.compile(adam(1e-3), new SparseCategoricalCrossentropy().fromLogits());}</pre>
 */
public final class SparseCategoricalCrossentropy extends BaseLoss {
    private final CategoricalCrossentropy dense;

    /** Sparse categorical cross-entropy on probabilities. */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this.dense = new CategoricalCrossentropy(fromLogits);
    }

    /** A copy that takes raw scores (logits) instead of probabilities. */
    public SparseCategoricalCrossentropy fromLogits() {
        return new SparseCategoricalCrossentropy(true);
    }

    public boolean isFromLogits() { return dense.isFromLogits(); }

    @Override public String name() { return "sparse_categorical_crossentropy"; }

    /** Probabilities need a softmax output; logits need one without. */
    @Override
    public void checkOutput(String activation, String layer) {
        if (!isFromLogits() && !"softmax".equals(activation)) {
            throw new IllegalArgumentException(name() + " takes class probabilities, but the last layer, " + layer + ", outputs "
                    + (activation == null ? "values that are not probabilities" : activation + " values")
                    + "; end the model with dense(classes, \"softmax\"), or keep this output as raw scores and use sparseCategoricalCrossentropy().fromLogits()");
        }
        if (isFromLogits() && ("softmax".equals(activation) || "sigmoid".equals(activation))) {
            throw new IllegalArgumentException(name() + "(fromLogits) takes raw scores, but the last layer, " + layer + ", already applies "
                    + activation + "; use dense(classes) without an activation, or sparseCategoricalCrossentropy() without fromLogits()");
        }
    }

    @Override public boolean sparseTargets() { return true; }

    /** One-hot rows in the prediction's dtype, for the ND4J path (probabilities, or where the fused path cannot run). */
    @Override
    protected INDArray prepareTarget(INDArray pred, INDArray target, DataType dtype) {
        return oneHot(classIndices(pred, target), pred.size(1), dtype);
    }

    /** From logits, the one-pass computation of {@link FusedSparseCrossentropy} where it can run; probabilities keep the ND4J path. */
    @Override
    Fused fused(INDArray pred, INDArray target, INDArray grad) {
        if (!isFromLogits() || !FusedSparseCrossentropy.fits(pred, grad)) return null;
        return new FusedSparseCrossentropy(pred, classIndices(pred, target));
    }

    /** Each row's class index: targets {@code [N, 1]} or {@code [N]} of integers in {@code [0, C)}, else an error naming the row and the value. */
    private int[] classIndices(INDArray pred, INDArray target) {
        long n = pred.size(0);
        long c = pred.size(1);
        boolean column = target.rank() == 2 && target.size(0) == n && target.size(1) == 1;
        boolean vector = target.rank() == 1 && target.length() == n;
        if (!column && !vector) {
            throw new IllegalArgumentException(name() + ": targets must be class indices [" + n
                    + ", 1] for predictions " + Arrays.toString(pred.shape()) + ", got shape "
                    + Arrays.toString(target.shape()) + "; for one-hot targets use categorical_crossentropy");
        }
        double[] values = target.reshape(n).toDoubleVector();
        int[] classes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0 && v < c) || v != Math.rint(v)) {
                throw new IllegalArgumentException(name() + ": target at row " + i + " is " + v
                        + ", not a class index for " + c + " classes; targets must be integers 0.." + (c - 1));
            }
            classes[i] = (int) v;
        }
        return classes;
    }

    /** Class indices in {@code [0, outputs)}, checked over the whole data before training. */
    @Override
    public void checkTargets(INDArray y, long outputs) {
        if (y == null || y.length() == 0 || outputs < 2) return;
        double min = y.minNumber().doubleValue(), max = y.maxNumber().doubleValue();
        if (min >= 0 && max < outputs) {
            INDArray d = y.castTo(DataType.DOUBLE);
            if (d.sub(org.nd4j.linalg.ops.transforms.Transforms.round(d, true)).amaxNumber().doubleValue() == 0) return;
        }
        double[] v = y.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0 && v[i] < outputs) || v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException(name() + ": target " + i + " (in the order of y's values) is " + v[i]
                        + ", not a class index for the model's " + outputs + " outputs; targets must be integers 0.." + (outputs - 1)
                        + " (give the last dense layer as many units as there are classes)");
            }
        }
    }

    /** One-hot rows {@code [classes.length, count]} of {@code dtype}: no double copy of {@code [N, C]} to cast. */
    private static INDArray oneHot(int[] classes, long count, DataType dtype) {
        INDArray rows = Nd4j.zeros(dtype, classes.length, count);
        for (int i = 0; i < classes.length; i++) rows.putScalar(i, classes[i], 1.0);
        return rows;
    }

    @Override
    protected INDArray rowLoss(INDArray pred, INDArray target) {
        return dense.rowLoss(pred, target);
    }

    @Override
    protected INDArray rowGrad(INDArray pred, INDArray target) {
        return dense.rowGrad(pred, target);
    }

    @Override
    protected INDArray[] rowLossAndGrad(INDArray pred, INDArray target, boolean withGrad) {
        return dense.rowLossAndGrad(pred, target, withGrad);
    }

    @Override
    public String toString() {
        return isFromLogits() ? name() + "(fromLogits)" : name();
    }
}
