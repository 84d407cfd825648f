package io.github.recur.train;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shared reduction for the built-in losses: checks shapes, computes each row's loss, and returns
 * the weighted mean over rows {@code sum(w_i * row_i) / sum(w_i)}; the gradient of that mean is
 * written to {@code grad} (each row's gradient times {@code w_i / sum(w)}).
 *
 * <p>Everything runs in the prediction's dtype (float or double); targets and weights are cast to it.
 * When every weight is 0 (a fully masked batch) the loss is 0 and the gradient is 0.
 *
 * <pre>{@code
 * double l = new MeanSquaredError().compute(pred, target, null, grad);
 * }</pre>
 */
public abstract class BaseLoss implements Loss {

    /** Each row's loss, shape {@code [N]} or {@code [N, 1]}. {@code target} already has pred's dtype. */
    protected abstract INDArray rowLoss(INDArray pred, INDArray target);

    /** d(row loss)/d(pred), shape {@code [N, C]}, a new array (it is scaled in place, copied out and freed afterwards). */
    protected abstract INDArray rowGrad(INDArray pred, INDArray target);

    /**
     * Each row's loss and, if {@code withGrad}, d(row loss)/d(pred) (else null): {@link #rowLoss} and
     * {@link #rowGrad}. A loss whose two share their costly part (a log-softmax) computes it once here.
     */
    protected INDArray[] rowLossAndGrad(INDArray pred, INDArray target, boolean withGrad) {
        return new INDArray[] {rowLoss(pred, target), withGrad ? rowGrad(pred, target) : null};
    }

    /**
     * The fast path of a loss that has one: a computation from the prediction and the target as given, in one
     * pass over the rows, that {@link #compute} runs instead of {@link #prepareTarget} and {@link #rowLossAndGrad};
     * null (the default) where the loss has none or it cannot run on these arrays. It checks the target as
     * {@code prepareTarget} does and gives what that path gives, to rounding (its tests compare the two).
     */
    Fused fused(INDArray pred, INDArray target, INDArray grad) {
        return null;
    }

    /** A loss computed in one pass over the rows of the prediction it was made for; see {@link #fused}. */
    interface Fused {
        /**
         * The weighted mean loss, and its gradient, already divided by {@code wsum}, written into {@code grad}
         * unless it is null. {@code weights}: per-row weights {@code [N, 1]} in the prediction's dtype, or null
         * for all ones; {@code wsum}: their sum (N without weights), positive.
         */
        double compute(INDArray weights, double wsum, INDArray grad);
    }

    /**
     * Checks the target against the prediction and returns it in {@code dtype}, shaped like the
     * prediction. Sparse losses override this to turn class indices into one-hot rows.
     */
    protected INDArray prepareTarget(INDArray pred, INDArray target, DataType dtype) {
        if (!Arrays.equals(pred.shape(), target.shape())) {
            throw new IllegalArgumentException(name() + ": target shape " + Arrays.toString(target.shape())
                    + " does not match prediction shape " + Arrays.toString(pred.shape())
                    + "; give one target value per output column");
        }
        return target.dataType() == dtype ? target : target.castTo(dtype);
    }

    @Override
    public final double compute(INDArray pred, INDArray target, INDArray weights, INDArray grad) {
        if (pred == null || target == null) {
            throw new IllegalArgumentException(name() + ": prediction and target must not be null");
        }
        if (pred.rank() != 2) {
            throw new IllegalArgumentException(name() + ": prediction must be rows [N, C], got shape "
                    + Arrays.toString(pred.shape()));
        }
        DataType dtype = pred.dataType();
        if (!dtype.isFPType()) {
            throw new IllegalArgumentException(name() + ": prediction must be FLOAT or DOUBLE, got " + dtype);
        }
        long n = pred.size(0);
        if (grad != null && !Arrays.equals(grad.shape(), pred.shape())) {
            throw new IllegalArgumentException(name() + ": gradient buffer shape " + Arrays.toString(grad.shape())
                    + " does not match prediction shape " + Arrays.toString(pred.shape()));
        }
        Fused fast = fused(pred, target, grad);
        INDArray t = fast == null ? prepareTarget(pred, target, dtype) : null;
        INDArray w = null;
        double wsum = n;
        if (weights != null) {
            if (weights.length() != n) {
                throw new IllegalArgumentException(name() + ": weights must have one value per row (" + n
                        + "), got shape " + Arrays.toString(weights.shape()));
            }
            w = weights.reshape(n, 1).castTo(dtype);
            if (n > 0 && w.minNumber().doubleValue() < 0) {
                throw new IllegalArgumentException(name() + ": weights must be >= 0 (0 = masked row), got "
                        + w.minNumber());
            }
            wsum = w.sumNumber().doubleValue();
        }
        if (n == 0 || wsum <= 0) {
            // Nothing counts (empty or fully masked batch): no loss and no gradient rather than 0/0 = NaN.
            if (grad != null) grad.assign(0);
            if (t != null && sparseTargets()) release(t, pred, target);
            return 0.0;
        }
        if (fast != null) return fast.compute(w, wsum, grad);
        INDArray[] lossAndGrad = rowLossAndGrad(pred, t, grad != null);
        INDArray rows = lossAndGrad[0].reshape(n, 1);
        double value = (w == null ? rows.sumNumber() : rows.mul(w).sumNumber()).doubleValue() / wsum;
        if (grad != null) {
            INDArray g = lossAndGrad[1];
            if (w == null) g.divi(wsum);
            else g.muliColumnVector(w.div(wsum));
            grad.assign(g);
            release(g, pred, target);
        }
        if (sparseTargets()) release(t, pred, target); // [N, C] rows built from [N, 1] indices: never the caller's
        return value;
    }

    /**
     * Frees a temporary of this loss now rather than when the garbage collector finds it: ND4J returns an
     * array's memory only then, and a vocabulary-sized {@code [N, C]} temporary left to it means fresh pages on
     * every training step. Never the caller's prediction or target, and only arrays that own their memory.
     */
    static void release(INDArray temporary, INDArray pred, INDArray target) {
        if (temporary != null && temporary != pred && temporary != target && temporary.closeable()) temporary.close();
    }

    /** Reshapes a per-row vector to a column {@code [N, 1]} for column-wise broadcasting. */
    static INDArray col(INDArray v) {
        return v.reshape(v.length(), 1);
    }

    @Override
    public String toString() {
        return name();
    }
}
