package io.github.recur.layers;

import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The math of one recurrent step, in PyTorch's equations, weight layout and gate order:
 * {@link SimpleRnnCell}, {@link LstmCell}, {@link GruCell}. Each cell writes its step forward and
 * backward as ND4J operations (the reference path, read it next to a tutorial) and names the fast CPU
 * kernel that computes the same ({@link FastKernel}). The sequence around the step (time, masks,
 * direction, state) is {@link Recurrent}'s.
 *
 * <pre>{@code RecurrentCell lstm = RecurrentCells.lstm(); lstm.gateNames(); // [input, forget, cell, output]}</pre>
 */
public abstract sealed class RecurrentCell permits SimpleRnnCell, LstmCell, GruCell {
    RecurrentCell() {}

    /** Layer type name ("lstm", "gru", "simple_rnn"). */
    public abstract String type();

    /** Gate blocks G: W_ih is {@code [G*H, in]}, W_hh {@code [G*H, H]}. */
    public abstract int gates();

    /** Names of the gate blocks in weight order, for introspection (e.g. input, forget, cell, output). */
    public abstract String[] gateNames();

    /** True for LSTM: a cell state travels with h. */
    public abstract boolean hasCellState();

    // ---- package-private: what the layer and the two paths need ---------------------------------

    /** The cell's own configuration entries for {@link Recurrent#config()} (SimpleRNN's activation). */
    void putConfig(Map<String, Object> config) {}

    /** Added to {@link Recurrent#details()}, e.g. {@code ", relu"}. */
    String details() { return ""; }

    /** Initial biases beyond zero (LSTM's forget gate, Keras' {@code unit_forget_bias}). */
    void initBiases(INDArray bIh, int units, Random rng) {}

    /** True when the only "gate" is the hidden state itself (SimpleRNN): its activations are {@link Recurrent#hiddenStates()}. */
    boolean gatesAreHiddenStates() { return false; }

    /** The fast CPU kernel of this cell. */
    abstract FastKernel fast();

    /**
     * The reference step forward, ND4J operations only: from x_t {@code [B, in]} and the previous state
     * (h, and c for LSTM; each {@code [B, H]}), the new state and what the backward step reads.
     * {@code drop} ({@code [B, H]} or null): the recurrent dropout mask, which multiplies h where it
     * enters h·W_hhᵀ only (the state itself, GRU's z ⊙ h and LSTM's c, passes undropped).
     */
    abstract StepMemo forward(INDArray x, INDArray h, INDArray c, INDArray drop, CellWeights w);

    /**
     * The reference step backward: from ∂L/∂h' and ∂L/∂c' (null without a cell state) to ∂L/∂x_t and
     * ∂L/∂ of the previous state, adding this step's weight gradients into {@code grad}.
     */
    abstract StepGradient backward(INDArray dhNext, INDArray dcNext, StepMemo step, CellWeights w, CellWeights grad);

    // ---- shared by the reference steps ------------------------------------------------------------

    /**
     * Backward through the two affine maps every cell starts from, a_x = x·W_ihᵀ + b_ih and
     * a_h = h̃·W_hhᵀ + b_hh with h̃ = h ⊙ drop (h̃ = h without recurrent dropout), given ∂L/∂a_x and
     * ∂L/∂a_h ({@code [B, G·H]}): adds ∂L/∂W_ih = ∂L/∂a_xᵀ·x, ∂L/∂b_ih = Σ_batch ∂L/∂a_x (and the same
     * for W_hh, b_hh with h̃) and returns ∂L/∂x = ∂L/∂a_x·W_ih and ∂L/∂h = (∂L/∂a_h·W_hh) ⊙ drop.
     */
    static StepGradient affineBackward(INDArray dAx, INDArray dAh, INDArray x, INDArray hDropped, INDArray drop,
                                       CellWeights w, CellWeights grad) {
        grad.ih().addi(dAx.transpose().mmul(x));
        grad.bIh().addi(dAx.sum(0));
        grad.hh().addi(dAh.transpose().mmul(hDropped));
        grad.bHh().addi(dAh.sum(0));
        INDArray dh = dAh.mmul(w.hh());
        return new StepGradient(dAx.mmul(w.ih()), drop == null ? dh : dh.muli(drop), null);
    }

    /** h where it enters h·W_hhᵀ: h ⊙ drop under recurrent dropout, else h itself. */
    static INDArray dropped(INDArray h, INDArray drop) { return drop == null ? h : h.mul(drop); }

    /** Gate block {@code k} ({@code [B, H]} columns k·H .. (k+1)·H) of a {@code [B, G·H]} array. */
    static INDArray block(INDArray a, int k, int units) {
        return a.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval((long) k * units, (long) (k + 1) * units));
    }

    /** σ'(a) written with σ(a) = s: s ⊙ (1 − s). */
    static INDArray sigmoidSlope(INDArray s) { return s.mul(s.rsub(1.0)); }

    /** tanh'(a) written with tanh(a) = t: 1 − t². */
    static INDArray tanhSlope(INDArray t) { return t.mul(t).rsubi(1.0); }
}
