package io.github.recur.train;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shared checks and the weighted row sum used by the built-in metrics. */
final class MetricSupport {
    private MetricSupport() {}

    static void checkPred(String name, INDArray pred) {
        if (pred == null || pred.rank() != 2) {
            throw new IllegalArgumentException(name + ": prediction must be rows [N, C], got "
                    + (pred == null ? "null" : Arrays.toString(pred.shape())));
        }
    }

    static INDArray sameShapeTarget(String name, INDArray pred, INDArray target) {
        checkPred(name, pred);
        if (target == null || !Arrays.equals(pred.shape(), target.shape())) {
            throw new IllegalArgumentException(name + ": target shape "
                    + (target == null ? "null" : Arrays.toString(target.shape()))
                    + " does not match prediction shape " + Arrays.toString(pred.shape()));
        }
        return target.dataType() == pred.dataType() ? target : target.castTo(pred.dataType());
    }

    /** {sum_i w_i row_i, sum_i w_i}; {@code rows} has one value per row. */
    static double[] weighted(String name, INDArray rows, INDArray weights) {
        long n = rows.length();
        if (weights == null) {
            return new double[] {n == 0 ? 0 : rows.sumNumber().doubleValue(), n};
        }
        if (weights.length() != n) {
            throw new IllegalArgumentException(name + ": weights must have one value per row (" + n
                    + "), got shape " + Arrays.toString(weights.shape()));
        }
        if (n == 0) return new double[] {0, 0};
        INDArray w = weights.reshape(n).castTo(DataType.DOUBLE);
        INDArray r = rows.reshape(n).castTo(DataType.DOUBLE);
        return new double[] {r.mul(w).sumNumber().doubleValue(), w.sumNumber().doubleValue()};
    }
}
