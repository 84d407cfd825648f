package io.github.recur.model;

import io.github.recur.train.Loss;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network's output and the batch-first targets as rows for a {@link Loss} or metric:
 * {@code [N, C]} predictions and targets, with the output mask as per-row weights (null: all count).
 */
record LossRows(INDArray pred, INDArray target, INDArray weights) {

    /** Checks {@code y} against the (time-major) output and flattens both. */
    static LossRows of(INDArray out, INDArray y, INDArray outMask, Loss loss, DataType dtype, String lastLayer) {
        if (y == null) throw new IllegalArgumentException("targets y are missing");
        long c = out.size(out.rank() - 1);
        long n = out.rank() == 3 ? out.size(0) * out.size(1) : out.size(0);
        INDArray pred = out.reshape('c', n, c);
        long expectCols = loss.sparseTargets() ? 1 : c;
        INDArray target = out.rank() == 3
                ? sequenceTarget(y, out.size(0), out.size(1), n, expectCols, dtype)
                : lastStepTarget(y, n, expectCols, dtype, lastLayer);
        INDArray weights = out.rank() == 3 && outMask != null ? outMask.reshape(n).castTo(dtype) : null;
        return new LossRows(pred, target, weights);
    }

    private static INDArray sequenceTarget(INDArray y, long t, long b, long n, long cols, DataType dtype) {
        INDArray y3 = y.rank() == 2 ? y.reshape(y.size(0), y.size(1), 1) : y;
        if (y3.rank() != 3 || y3.size(0) != b || y3.size(1) != t || y3.size(2) != cols) {
            throw new IllegalArgumentException("target y should be [batch " + b + ", time " + t + ", " + cols
                    + "] to match the sequence output, but is " + Arrays.toString(y.shape())
                    + "; for one target per sequence, drop returnSequences() on the last recurrent layer");
        }
        return y3.castTo(dtype).permute(1, 0, 2).dup('c').reshape('c', n, cols);
    }

    private static INDArray lastStepTarget(INDArray y, long n, long cols, DataType dtype, String lastLayer) {
        INDArray y2 = y.rank() == 1 ? y.reshape(y.length(), 1) : y;
        if (y2.rank() != 2 || y2.size(0) != n || y2.size(1) != cols) {
            throw new IllegalArgumentException("target y should be [batch " + n + ", " + cols + "] to match the output of "
                    + lastLayer + ", but is " + Arrays.toString(y.shape())
                    + (y.rank() == 3 ? "; for sequence targets add returnSequences() to the last recurrent layer" : ""));
        }
        return y2.castTo(dtype);
    }

    /** The total row weight: the row count, or the sum of the mask's weights. */
    double weight() {
        return weights == null ? pred.size(0) : weights.sumNumber().doubleValue();
    }
}
