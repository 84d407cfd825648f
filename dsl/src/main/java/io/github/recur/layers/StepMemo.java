package io.github.recur.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a reference step computed: the new state, the gate activations in {@link RecurrentCell#gateNames}
 * order (for introspection), and whatever its backward step reads (each cell's own record).
 */
interface StepMemo {
    /** h', {@code [B, H]}. */
    INDArray h();

    /** c' for LSTM, else null. */
    INDArray c();

    /** The gate activations, each {@code [B, H]}, in gate order. */
    INDArray[] gates();
}
