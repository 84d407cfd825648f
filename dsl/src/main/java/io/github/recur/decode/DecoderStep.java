package io.github.recur.decode;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The seam between a search ({@link GreedySearch}, {@link BeamSearch}) and the model that predicts the next
 * token. A step holds a state per row of a batch, starting from what its creator put there (for a translation
 * model: the encoder's outputs and final state, one row per source sentence), and is used by one search, from
 * that start state to the end. The search drives it with two calls:
 *
 * <ul>
 *   <li>{@link #logProbabilities(int[])}: each row reads the token it produced last (the start token at first),
 *       advances its state by one step and returns the natural-log probabilities of its next token;</li>
 *   <li>{@link #keepRows(int[])}: the rows continue from other rows: row {@code i} of the next call continues
 *       row {@code rows[i]} of the last one. A beam that branches repeats a row, hypotheses that were dropped or
 *       ended are left out, any order is possible. Called between two {@code logProbabilities} calls, only when
 *       the rows change.</li>
 * </ul>
 *
 * <p>All rows of all sentences (for beam search: rows times beams) go through one call per step, so a model
 * computes them as one batch. Everything kept per row has to follow {@code keepRows}: recurrent states, and for
 * attention the encoder outputs and the source mask.
 *
 * <pre>{@code
 * class Bigram implements DecoderStep {          // a toy model: the next token depends on the last one only
 *     double[][] logP;                             // [previous token, next token]
 *     public INDArray logProbabilities(int[] previous) {
 *         double[][] out = new double[previous.length][];
 *         for (int i = 0; i < previous.length; i++) out[i] = logP[previous[i]];
 *         return Nd4j.createFromArray(out);
 *     }
 *     public void keepRows(int[] rows) {}          // it has no state besides the token it is given
 * }
 * Decoded d = new BeamSearch(3).endToken(END).maxLength(20).decode(new Bigram(), new int[] {START, START});
 * }</pre>
 */
public interface DecoderStep {
    /**
     * The next token's log-probabilities, {@code [rows, vocabulary]}, for {@code previousTokens.length} rows in the
     * order given: a log-softmax, every value {@code <= 0}, {@code -Infinity} for a token that cannot come next.
     *
     * @param previousTokens per row the token it produced last (the start token on the first call)
     */
    INDArray logProbabilities(int[] previousTokens);

    /**
     * Rebuilds the state from the current rows: new row {@code i} is a copy of current row {@code rows[i]}
     * (repeats, omissions and any order allowed), e.g. a gather of each per-row array along its batch axis.
     */
    void keepRows(int[] rows);
}
