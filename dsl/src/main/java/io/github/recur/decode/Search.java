package io.github.recur.decode;

/**
 * A way to turn next-token distributions into sequences: {@link GreedySearch} or {@link BeamSearch}. Immutable
 * settings; {@link #decode} runs it on a {@link DecoderStep} in its start state.
 */
public interface Search {
    /**
     * Decodes every row of the step's batch together, one start token per row (e.g. the id of {@code "<start>"}),
     * and leaves the step at the end of the search (use a new one for the next batch).
     */
    Decoded decode(DecoderStep step, int[] startTokens);
}
