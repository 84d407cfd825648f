package io.github.recur.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every buffer of a recurrent layer's fast path, kept between passes and reused while the sizes stay
 * the same: allocating and zeroing whole-sequence arrays on every training step costs more than the
 * cell arithmetic (bench/RESULTS.md). T steps, B batch rows, H units, G = gates·H, in input features.
 */
final class Workspace {
    /**
     * {@code [T·B, G]}: x_t·W_ihᵀ plus the biases (and, where the pre-activation is one sum, h_{t-1}·W_hhᵀ);
     * LSTM writes its gates back over it; backward writes each step's ∂L/∂xp over the step's block.
     */
    INDArray xp;
    /** {@code [(T+1)·B, H]}: h_0 .. h_T, and the cell states c_0 .. c_T for LSTM (else null). */
    INDArray hs, cs;
    /** {@code [T·B, H]}: h_0 .. h_{T-1} times the recurrent dropout mask, as h·W_hhᵀ reads them (recurrent dropout only). */
    INDArray hd;
    /** {@code [T·B, cacheWidth·H]}: what a kernel keeps for backward. */
    INDArray cache;
    /** {@code [B, G]}: one step's h_{t-1}·W_hhᵀ where it is not summed into xp (GRU), else null. */
    INDArray hh;
    /** {@code [1, G]}: b_ih, plus b_hh for the gates whose b_hh is summed into xp. */
    INDArray biasSum;
    /** {@code [T·B, G]}: ∂L/∂(h_{t-1}·W_hhᵀ + b_hh) where it differs from ∂L/∂xp (GRU). */
    INDArray dhh;
    /** {@code [B, H]}: ∂L/∂h and ∂L/∂c (LSTM) of the step being processed. */
    INDArray dh, dc;
    /** {@code [B, H]}: ∂L/∂(h ⊙ drop) of the step being processed (recurrent dropout only). */
    INDArray dhd;
    /** {@code [T·B, in+H]} rows [x_t | h_{t-1}] and {@code [in+H, G]} their product with ∂L/∂xp: both weight gradients at once. */
    INDArray xh, gradXhT;
    /** {@code [in, G]} and {@code [H, G]}: the weight gradients before their transpose, where they are apart (GRU). */
    INDArray gradIhT, gradHhT;
    /** {@code [1, T·B]} of ones: the bias gradients as column sums. */
    INDArray ones;
    /** The per-step views and the kernels' scratch arrays. */
    final StepBuffers step = new StepBuffers();

    /** {@code old} when it already is a {@code [rows, cols]} array of type {@code dt}, else a new uninitialised one. */
    static INDArray reuse(INDArray old, DataType dt, long rows, long cols) {
        if (old != null && old.dataType() == dt && old.rows() == rows && old.columns() == cols) return old;
        return Nd4j.createUninitialized(dt, rows, cols);
    }

    /** The ones row for column sums over {@code rows} rows. */
    INDArray ones(DataType dt, int rows) {
        if (ones == null || ones.columns() != rows || ones.dataType() != dt) ones = Nd4j.ones(dt, 1, rows);
        return ones;
    }
}
