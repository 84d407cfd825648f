package io.github.recur.train;

import io.github.recur.internal.FastMath;
import io.github.recur.internal.Vec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sparse categorical cross-entropy from logits in one pass per row: the fast path of
 * {@link SparseCategoricalCrossentropy#fromLogits()}, as PyTorch's {@code cross_entropy} computes it.
 * For a row of logits {@code x} with class index {@code y} and weight {@code w}: the maximum {@code m},
 * {@code s = Σ_k exp(x_k − m)}, the row loss {@code log s − (x_y − m)}, and the gradient
 * {@code (exp(x_k − m) / s − [k = y]) · w / Σw} written straight into the caller's buffer. No one-hot
 * rows and no {@code [N, C]} temporaries: one row of the logits at a time in a Java array.
 *
 * <p>The reference is the ND4J operations of {@link CategoricalCrossentropy} on one-hot rows; the tests
 * compare the two. Runs only where Java loops may touch the arrays' memory ({@link Vec#fits}): FLOAT
 * with {@link FastMath#expShifted} (within 1 ulp), DOUBLE with {@link Math#exp}. Sums are kept in double.
 */
final class FusedSparseCrossentropy implements BaseLoss.Fused {
    private final INDArray logits;
    private final int[] classes;
    private final int rows, cols;

    /** {@code classes}: each row's class index, already checked to lie in {@code [0, C)}. */
    FusedSparseCrossentropy(INDArray logits, int[] classes) {
        this.logits = logits;
        this.classes = classes;
        this.rows = (int) logits.size(0);
        this.cols = (int) logits.size(1);
    }

    /** Whether this path can run: logits and gradient buffer contiguous, of one floating dtype, reachable by host loops. */
    static boolean fits(INDArray logits, INDArray grad) {
        return Vec.fits(logits) && logits.length() < Integer.MAX_VALUE
                && (grad == null || Vec.fits(grad) && grad.dataType() == logits.dataType());
    }

    @Override
    public double compute(INDArray weights, double wsum, INDArray grad) {
        double[] w = weights == null ? null : weights.reshape(weights.length()).toDoubleVector();
        Vec x = Vec.of(logits);
        Vec g = grad == null ? null : Vec.of(grad);
        return logits.dataType() == DataType.FLOAT ? floatRows(x, w, wsum, g) : doubleRows(x, w, wsum, g);
    }

    private double floatRows(Vec x, double[] w, double wsum, Vec g) {
        float[] row = new float[cols], scratch = new float[cols];
        double total = 0;
        for (int i = 0; i < rows; i++) {
            x.getFloats(i * cols, row, 0, cols);
            float max = row[0];
            for (int k = 1; k < cols; k++) max = Math.max(max, row[k]);
            int y = classes[i];
            double shiftedTarget = (double) row[y] - max;
            FastMath.expShifted(row, cols, max, scratch); // a NaN logit makes NaNs here, so a NaN loss
            double sum = 0;
            for (int k = 0; k < cols; k++) sum += row[k];
            double weight = w == null ? 1 : w[i];
            total += weight * (Math.log(sum) - shiftedTarget);
            if (g == null) continue;
            double share = weight / wsum;
            double py = row[y] / sum;
            float scale = (float) (share / sum);
            for (int k = 0; k < cols; k++) row[k] *= scale;
            row[y] = (float) ((py - 1) * share); // in double: a softmax near 1 minus 1 would lose its digits in float
            g.putFloats(i * cols, row, 0, cols);
        }
        return total / wsum;
    }

    private double doubleRows(Vec x, double[] w, double wsum, Vec g) {
        double[] row = new double[cols];
        double total = 0;
        for (int i = 0; i < rows; i++) {
            x.getDoubles(i * cols, row, 0, cols);
            double max = row[0];
            for (int k = 1; k < cols; k++) max = Math.max(max, row[k]);
            int y = classes[i];
            double shiftedTarget = row[y] - max;
            double sum = 0;
            for (int k = 0; k < cols; k++) {
                double e = Math.exp(row[k] - max);
                row[k] = e;
                sum += e;
            }
            double weight = w == null ? 1 : w[i];
            total += weight * (Math.log(sum) - shiftedTarget);
            if (g == null) continue;
            double share = weight / wsum;
            double py = row[y] / sum;
            double scale = share / sum;
            for (int k = 0; k < cols; k++) row[k] *= scale;
            row[y] = (py - 1) * share;
            g.putDoubles(i * cols, row, 0, cols);
        }
        return total / wsum;
    }
}
