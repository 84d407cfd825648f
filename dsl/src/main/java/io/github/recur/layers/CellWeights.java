package io.github.recur.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A recurrent layer's four parameters in PyTorch's layout, the values or their gradients:
 * {@code W_ih [G·H, in]}, {@code W_hh [G·H, H]}, {@code b_ih [G·H]}, {@code b_hh [G·H]}.
 */
record CellWeights(INDArray ih, INDArray hh, INDArray bIh, INDArray bHh) {}
