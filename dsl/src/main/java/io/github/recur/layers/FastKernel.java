package io.github.recur.layers;

/**
 * A cell's step on the fast CPU path: the same math as the cell's reference step, as loops over the
 * whole-sequence buffers of {@link FastRecurrence} ({@link StepBuffers} points at this step's
 * blocks). The FLOAT methods copy blocks into float[] and run one vectorisable loop per result; the
 * DOUBLE ones go element by element, exactly (the finite-difference checks run in double).
 *
 * <p>The layout methods say how the loop lays out the buffers for this cell.
 */
interface FastKernel {
    /** {@code [B, H]} blocks per step that forward keeps in the cache for backward. */
    int cacheWidth();

    /** Which cache block holds gate {@code k}'s activation (or, with {@link #gatesInPreActivation}, which xp block). */
    default int gateBlock(int gate) { return gate; }

    /**
     * True when forward writes the gate activations back over the step's pre-activations in xp (one
     * {@code [B, H]} block per gate, in gate order) instead of into the cache: backward reads them there,
     * then writes the step's gradient over them (LSTM).
     */
    default boolean gatesInPreActivation() { return false; }

    /**
     * True when the pre-activation is one sum, x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh (LSTM, SimpleRNN): the loop
     * adds each step's recurrent product and b_hh straight into xp ({@code hh} is null), and one gradient
     * serves both products. GRU, whose candidate multiplies the recurrent part by r, gets {@code hh} and
     * {@code bhh} apart.
     */
    boolean preActivationIsSum();

    /**
     * How many leading gate blocks add b_hh plainly: the loop puts their b_hh into xp with b_ih, once per
     * pass. Every gate where {@link #preActivationIsSum}; GRU's r and z, not its candidate n.
     */
    int gatesWithSummedBias();

    void forward(StepBuffers s);

    void backward(StepBuffers s);

    void forwardDouble(StepBuffers s);

    void backwardDouble(StepBuffers s);
}
