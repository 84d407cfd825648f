package io.github.recur.train;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Classification accuracy, {@code "accuracy"}; the kind is decided from the shapes:
 * <ul>
 *   <li>one output column ({@code C == 1}): binary, the prediction is class 1 when it is above 0.5
 *       (probabilities) or above 0 (logits, see {@link #fromLogits()}); targets above 0.5 are class 1;</li>
 *   <li>{@code C > 1} with targets {@code [N, 1]}: sparse, argmax of the prediction vs the class index;</li>
 *   <li>{@code C > 1} with targets {@code [N, C]}: categorical, argmax vs argmax of the one-hot target.</li>
 * </ul>
 * Weighted rows (0 = masked) count with their weight.
 *
 * <pre>{@code model.compile(adam(1e-3), new BinaryCrossentropy().fromLogits(), new Accuracy(true));}</pre>
 */
public final class Accuracy implements Metric {
    private final boolean fromLogits;

    /** Accuracy on probabilities (binary threshold 0.5). */
    public Accuracy() {
        this(false);
    }

    /** @param fromLogits whether a single output column holds logits (binary threshold 0 instead of 0.5) */
    public Accuracy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    /** A copy for models whose single output column is a logit (threshold 0). */
    public Accuracy fromLogits() {
        return new Accuracy(true);
    }

    public boolean isFromLogits() { return fromLogits; }

    @Override public String name() { return "accuracy"; }

    @Override
    public double[] sumAndWeight(INDArray pred, INDArray target, INDArray weights) {
        MetricSupport.checkPred(name(), pred);
        if (target == null) throw new IllegalArgumentException(name() + ": target must not be null");
        long n = pred.size(0);
        long c = pred.size(1);
        INDArray correct;
        if (c == 1) {
            if (target.length() != n) throw shapeError(pred, target);
            double threshold = fromLogits ? 0.0 : 0.5;
            INDArray p = pred.reshape(n).castTo(DataType.DOUBLE).gt(threshold).castTo(DataType.DOUBLE);
            INDArray t = target.reshape(n).castTo(DataType.DOUBLE).gt(0.5).castTo(DataType.DOUBLE);
            correct = p.eq(t);
        } else if (n == 0) {
            return new double[] {0, 0};
        } else {
            INDArray predClass = Nd4j.argMax(pred, 1).reshape(n);
            INDArray targetClass;
            if (target.rank() == 2 && target.size(0) == n && target.size(1) == c) {
                targetClass = Nd4j.argMax(target, 1).reshape(n);
            } else if (target.length() == n && (target.rank() == 1 || target.size(1) == 1)) {
                targetClass = target.reshape(n).castTo(DataType.DOUBLE);
                predClass = predClass.castTo(DataType.DOUBLE);
            } else {
                throw shapeError(pred, target);
            }
            correct = predClass.castTo(DataType.DOUBLE).eq(targetClass.castTo(DataType.DOUBLE));
        }
        return MetricSupport.weighted(name(), correct.castTo(DataType.DOUBLE), weights);
    }

    private IllegalArgumentException shapeError(INDArray pred, INDArray target) {
        return new IllegalArgumentException(name() + ": target shape " + Arrays.toString(target.shape())
                + " fits neither one-hot [N, C] nor class indices [N, 1] for predictions "
                + Arrays.toString(pred.shape()));
    }

    @Override public String toString() { return fromLogits ? name() + "(fromLogits)" : name(); }
}
