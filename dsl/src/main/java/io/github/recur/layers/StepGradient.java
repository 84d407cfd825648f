package io.github.recur.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/** What a reference step's backward pass returns: ∂L/∂x_t, ∂L/∂h_{t-1} and ∂L/∂c_{t-1} (null without a cell state). */
record StepGradient(INDArray dx, INDArray dh, INDArray dc) {
    StepGradient withCell(INDArray dc) { return new StepGradient(dx, dh, dc); }

    /** The same with {@code extra} added to ∂L/∂h_{t-1} (a path from h to h' besides W_hh, as GRU's z ⊙ h). */
    StepGradient plusDh(INDArray extra) { return new StepGradient(dx, dh.addi(extra), dc); }
}
