package io.github.recur.model;

import io.github.recur.internal.Vec;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The checks every call of a {@link Model} runs on the arrays a user hands it, before anything is
 * computed or changed: present, not empty, finite (the first NaN or infinity is located by sample,
 * step and feature), and masks of 0 and 1 with at least one real step per sequence. Each failure is
 * an {@link IllegalArgumentException} that names the call, the argument, what was expected, what was
 * found and what to do; ND4J never sees such input, so the user never sees its stack traces.
 */
final class DataChecks {
    private DataChecks() {}

    /** {@code x}: present, no empty axis, finite. */
    static void inputs(String call, INDArray x) { inputs(call, "x", x); }

    /** Inputs under another name (a forecast's {@code history}). */
    static void inputs(String call, String name, INDArray x) {
        present(call, name, x, "the inputs [batch, time, features]");
        notEmpty(call, name, x);
        finite(call, name, x, "replace missing values first (interpolate, or fill them and mask those steps)");
    }

    /** {@code y}: present, no empty axis, finite. */
    static void targets(String call, INDArray y) {
        present(call, "y", y, "the targets");
        notEmpty(call, "y", y);
        finite(call, "y", y, "drop or fill the samples with missing targets");
    }

    /**
     * A mask, when given: {@code [batch, time]} like {@code x}, only 0 and 1, and every sequence with at
     * least one real step (a sequence of padding only has nothing to learn from or to predict).
     */
    static void mask(String call, INDArray mask, INDArray x) {
        if (mask == null) return;
        if (mask.rank() != 2 || x.rank() < 2 || mask.size(0) != x.size(0) || mask.size(1) != x.size(1)) {
            throw new IllegalArgumentException(call + ": mask must be [batch, time] = [" + x.size(0) + ", "
                    + (x.rank() < 2 ? "?" : x.size(1)) + "] like x, but is " + Arrays.toString(mask.shape()));
        }
        INDArray m = mask.dataType().isFPType() ? mask : mask.castTo(DataType.FLOAT);
        // m (1 - m) is 0 exactly for 0 and 1; NaN stays NaN and fails too.
        double off = m.mul(m.rsub(1.0)).amaxNumber().doubleValue();
        if (!(off == 0)) {
            long[] at = firstWhere(m, v -> v != 0 && v != 1);
            throw new IllegalArgumentException(call + ": mask must hold only 0 (padding) and 1 (real step), but mask["
                    + at[0] + ", " + at[1] + "] is " + m.getDouble(at[0], at[1]) + "; build it with 1 for every real step");
        }
        INDArray perSequence = m.sum(1);
        if (perSequence.minNumber().doubleValue() == 0) {
            int empty = 0, first = -1;
            for (int i = 0; i < perSequence.length(); i++) {
                if (perSequence.getDouble(i) == 0) {
                    if (first < 0) first = i;
                    empty++;
                }
            }
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: %d of %d sequences have no real step (their mask is all 0), the first is sample %d; "
                    + "drop empty sequences, or give each at least one step with mask 1", call, empty, perSequence.length(), first));
        }
    }

    static void present(String call, String name, INDArray a, String what) {
        if (a == null) throw new IllegalArgumentException(call + ": " + name + " is null; pass " + what);
    }

    private static void notEmpty(String call, String name, INDArray a) {
        long[] shape = a.shape();
        if (shape.length == 0) {
            throw new IllegalArgumentException(call + ": " + name + " is a scalar; pass an array with one row per sample");
        }
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] == 0) {
                String axisName = axis == 0 ? "samples" : axis == 1 && shape.length == 3 ? "time steps" : "values along axis " + axis;
                throw new IllegalArgumentException(call + ": " + name + " " + Arrays.toString(shape) + " has 0 " + axisName
                        + (axis == 0 ? "; pass at least one sample" : "; every sample needs at least one " + (axis == 1 && shape.length == 3 ? "step" : "value")));
            }
        }
    }

    /**
     * One pass when all is well (in Java for arrays host loops may read, which spares the per-call cost
     * of an ND4J op on {@code step}'s single rows); the slow search only to name the first bad value.
     */
    private static void finite(String call, String name, INDArray a, String todo) {
        if (!a.dataType().isFPType()) return;
        double sum = Vec.fits(a) ? Vec.of(a).sumOfSquares() : a.sumNumber().doubleValue();
        if (Double.isFinite(sum)) return;
        long[] at = firstWhere(a, v -> !Double.isFinite(v));
        if (at == null) return; // a sum that overflowed: large but finite values
        double v = a.getDouble(at);
        throw new IllegalArgumentException(call + ": " + name + " has " + v + " at " + name + Arrays.toString(at)
                + where(a.rank(), at) + "; " + todo);
    }

    private static String where(int rank, long[] at) {
        return switch (rank) {
            case 3 -> " (sample " + at[0] + ", step " + at[1] + ", feature " + at[2] + ")";
            case 2 -> " (sample " + at[0] + ", column " + at[1] + ")";
            default -> " (sample " + at[0] + ")";
        };
    }

    /** The index of the first element (c order) that matches, or null. */
    private static long[] firstWhere(INDArray a, java.util.function.DoublePredicate bad) {
        double[] values = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        long[] shape = a.shape();
        for (int i = 0; i < values.length; i++) {
            if (bad.test(values[i])) {
                long[] at = new long[shape.length];
                long rest = i;
                for (int k = shape.length - 1; k >= 0; k--) {
                    at[k] = rest % shape[k];
                    rest /= shape[k];
                }
                return at;
            }
        }
        return null;
    }
}
