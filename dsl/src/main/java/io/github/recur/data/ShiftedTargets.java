package io.github.recur.data;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A decoder's training arrays for teacher forcing, both {@code [n, time]} token ids (stored as numbers)
 * padded with 0: {@code targetIn} is the start token followed by the target (what the decoder reads at
 * each step) and {@code targetOut} the target followed by the end token (what it must predict there).
 * Made by {@link Vocabulary#teacherForcing}; both have the same real steps, so {@link #mask()} is the mask
 * of the decoder's input and of the loss alike.
 *
 * <pre>{@code
 * ShiftedTargets y = out.teacherForcing(train.targets(), 0);
 * y.targetIn()    // [n, 11]: <start> 1 9 9 8 - 0 5 - 0 9
 * y.targetOut()   // [n, 11]:  1 9 9 8 - 0 5 - 0 9 <end>
 * y.mask()        // [n, 11]: 1 on the steps the loss scores, 0 on padding
 * }</pre>
 *
 * @param targetIn  the decoder's input: start token, then the target, then padding
 * @param targetOut the decoder's expected output: the target, then the end token, then padding
 */
public record ShiftedTargets(INDArray targetIn, INDArray targetOut) {

    public ShiftedTargets {
        if (targetIn == null) throw new IllegalArgumentException("ShiftedTargets: targetIn is null; make both with Vocabulary.teacherForcing");
        if (targetOut == null) throw new IllegalArgumentException("ShiftedTargets: targetOut is null; make both with Vocabulary.teacherForcing");
        if (targetIn.rank() != 2 || !Arrays.equals(targetIn.shape(), targetOut.shape())) {
            throw new IllegalArgumentException("ShiftedTargets: targetIn and targetOut must both be [n, time], but are "
                    + Arrays.toString(targetIn.shape()) + " and " + Arrays.toString(targetOut.shape()));
        }
    }

    /** The number of targets (rows). */
    public int size() { return (int) targetIn.size(0); }

    /** The number of steps of every row, padding included. */
    public int length() { return (int) targetIn.size(1); }

    /**
     * 1 where {@code targetIn} holds a token, 0 on padding, as a float array {@code [n, time]}: the
     * decoder's input mask, and the steps of {@code targetOut} the loss must score (the same steps).
     *
     * <pre>{@code
     * INDArray weights = y.mask();   // e.g. to average a per-step loss over real steps only
     * }</pre>
     */
    public INDArray mask() { return targetIn.neq(0).castTo(DataType.FLOAT); }

    @Override public String toString() {
        return "ShiftedTargets(" + size() + " targets of " + length() + " steps: targetIn, targetOut, mask)";
    }
}
