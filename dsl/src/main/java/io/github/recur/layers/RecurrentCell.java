package io.github.recur.layers;

/**
 * The math of one recurrent step, forward and backward, in PyTorch's equations and gate order.
 * The sequence loop ({@link Recurrent}) owns time, masks, direction, state and the matrix products;
 * a cell only turns the two pre-activation blocks into the new state, and back.
 */
public interface RecurrentCell {
    /** Layer type name ("lstm", "gru", "simple_rnn"). */
    String type();

    /** Gate blocks G: W_ih is {@code [G*H, in]}, W_hh {@code [G*H, H]}. */
    int gates();

    /** Names of the gate blocks in weight order, for introspection (e.g. i, f, g, o). */
    String[] gateNames();

    /** True for LSTM: a cell state travels with h. */
    boolean hasCellState();

    /** Columns (in units of H) per batch row that forward keeps for backward. */
    int cacheWidth();

    /** Where, in units of H, cache column block k holds gate k's activation (for introspection). */
    default int gateCacheBlock(int gate) { return gate; }

    /**
     * True when forward writes the gate activations back over the step's pre-activations in {@code xp}
     * (one {@code [B, H]} block per gate, in gate order) instead of into the cache (LSTM): backward reads
     * them there, then writes the step's gradient over them.
     */
    default boolean gatesInPreActivation() { return false; }

    /**
     * True when the pre-activation is one sum, x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh (LSTM, SimpleRNN). The loop
     * then adds b_hh and each step's recurrent product straight into {@code xp} (the cell reads only
     * {@code xp}; {@code hh} is null), and one gradient buffer serves both products. GRU, whose
     * candidate gate multiplies the recurrent part by r, gets {@code hh} and {@code bhh} separately.
     */
    boolean preActivationIsSum();

    /**
     * How many leading gate blocks add b_hh plainly (x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh, whatever comes after):
     * the loop puts their b_hh into {@code xp} together with b_ih, once per pass instead of once per step.
     * Every gate where {@link #preActivationIsSum}; GRU's r and z, not its candidate n.
     */
    default int gatesWithSummedBias() { return preActivationIsSum() ? gates() : 0; }

    void forward(Step s);

    void backward(Step s);
}
