package io.github.recur.layers;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a recurrent layer runs its cell over a sequence: the one seam between the readable reference
 * path ({@link ReferenceRecurrence}: each cell's equations as ND4J operations, step after step) and the
 * fast CPU path ({@link FastRecurrence}: fused loops, direct BLAS, reused workspaces). Both give the
 * same outputs, final states and gradients; tests compare them.
 *
 * <p>{@link Recurrent} does everything around it once for both: direction (it hands over the sequence
 * in step order and reverses the results), the initial state (zeros, given or carried), the stateful
 * carry, masking the output gradient, and the output's form. A masked step ({@code mask} 0) leaves the
 * state as it was and passes its gradient through untouched; both paths implement that in their loop.
 *
 * <p>Both paths also give the gradient of the loss with respect to the initial state (∂L/∂h_0, and
 * ∂L/∂c_0 for LSTM: how an encoder that hands its final state to a decoder learns from the decoder's
 * loss), take a gradient into the final state (the decoder's ∂L/∂h_0 handed back to the encoder), and
 * apply recurrent dropout: one {@code [B, H]} mask per pass on h_{t-1} where it enters h_{t-1}·W_hhᵀ.
 *
 * <p>A new capability (attention over the states, ...) is added to this interface and to the reference
 * path first; {@link Recurrent} keeps a layer on the reference path until the fast path has it too
 * (see {@link Recurrent#recurrence}).
 */
interface Recurrence {
    /**
     * Runs the cell over all steps. {@code x [T, B, in]} in step order, in the weights' data type;
     * {@code mask [T, B]} (1 = real step) c-order or null; {@code h0}, {@code c0} {@code [B, H]} or null
     * for zeros. {@code drop}: the recurrent dropout mask {@code [B, H]} (0 or 1/(1−rate)) that multiplies
     * h_{t-1} where it enters h_{t-1}·W_hhᵀ at every step, or null for none. {@code keep}: whether backward or
     * gate introspection will follow (predictions keep less).
     */
    void forward(INDArray x, INDArray mask, INDArray h0, INDArray c0, INDArray drop, boolean keep);

    /** h_T of the last forward pass (the state after each row's last valid step), a new {@code [B, H]} array. */
    INDArray lastOutput();

    /** h_1 .. h_T in step order, a new {@code [T, B, H]} array, zero at masked steps. */
    INDArray sequenceOutput();

    /** Copies the final state of the last forward pass into {@code h} and, for LSTM, {@code c} ({@code [B, H]} each). */
    void copyFinalState(INDArray h, INDArray c);

    /**
     * Backpropagation through time from {@code dSequence} (∂L/∂h_t, {@code [T, B, H]} in step order, zero
     * at masked steps; or null), {@code dLast} (∂L/∂h_T, {@code [B, H]}; or null) and {@code dLastC}
     * (∂L/∂c_T for LSTM, {@code [B, H]}; or null). Overwrites the parameter gradients; fills
     * {@code norms[t]} with ‖∂L/∂h_t‖ when not null; keeps ∂L/∂h_0 (and ∂L/∂c_0) for
     * {@link #copyInitialStateGradient} when {@code initialGradient}; returns ∂L/∂x {@code [T, B, in]} in
     * step order, or null when {@code inputGradient} is false.
     */
    INDArray backward(INDArray dSequence, INDArray dLast, INDArray dLastC, boolean inputGradient, boolean initialGradient, double[] norms);

    /**
     * Copies ∂L/∂h_0 into {@code dh} and, for LSTM, ∂L/∂c_0 into {@code dc} ({@code [B, H]} each), from the
     * last backward pass, which must have been asked for them ({@code initialGradient}).
     */
    void copyInitialStateGradient(INDArray dh, INDArray dc);

    /** h_1 .. h_T of the last forward pass in step order, a new {@code [T, B, H]} array. */
    INDArray hiddenStates();

    /** The gate activations of the last forward pass that kept them, by gate name, each {@code [T, B, H]} in step order. */
    Map<String, INDArray> gates();

    /** Whether {@link #gates()} still holds after a backward pass (the fast LSTM writes its gradient over them). */
    boolean gatesSurviveBackward();
}
