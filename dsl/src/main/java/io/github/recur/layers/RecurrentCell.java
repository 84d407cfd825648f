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

    /** True when ∂L/∂hh equals ∂L/∂xp (the two pre-activations are simply added), so one buffer serves. */
    boolean recurrentGradientIsInputGradient();

    void forward(Step s);

    void backward(Step s);
}
