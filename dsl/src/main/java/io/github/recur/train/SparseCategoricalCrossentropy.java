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

    @Override public boolean sparseTargets() { return true; }

    @Override
    protected INDArray prepareTarget(INDArray pred, INDArray target, DataType dtype) {
        long n = pred.size(0);
        long c = pred.size(1);
        boolean column = target.rank() == 2 && target.size(0) == n && target.size(1) == 1;
        boolean vector = target.rank() == 1 && target.length() == n;
        if (!column && !vector) {
            throw new IllegalArgumentException(name() + ": targets must be class indices [" + n
                    + ", 1] for predictions " + Arrays.toString(pred.shape()) + ", got shape "
                    + Arrays.toString(target.shape()) + "; for one-hot targets use categorical_crossentropy");
        }
        return oneHot(target.reshape(n).toDoubleVector(), c, dtype, name());
    }

    /** One-hot rows {@code [indices.length, classes]}; validates every index. */
    static INDArray oneHot(double[] indices, long classes, DataType dtype, String who) {
        int n = indices.length;
        int c = Math.toIntExact(classes);
        double[] data = new double[n * c];
        for (int i = 0; i < n; i++) {
            double v = indices[i];
            if (!(v >= 0 && v < c) || v != Math.rint(v)) {
                throw new IllegalArgumentException(who + ": target at row " + i + " is " + v
                        + ", not a class index for " + c + " classes; targets must be integers 0.." + (c - 1));
            }
            data[i * c + (int) v] = 1.0;
        }
        return Nd4j.create(data, new long[] {n, c}, DataType.DOUBLE).castTo(dtype);
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
    public String toString() {
        return isFromLogits() ? name() + "(fromLogits)" : name();
    }
}
