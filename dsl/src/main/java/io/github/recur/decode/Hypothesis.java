package io.github.recur.decode;

import java.util.Arrays;
import java.util.Locale;

/**
 * One decoded sequence: its tokens, whether the end token closed it, its log-probability and its score.
 *
 * <pre>{@code
 * Hypothesis best = decoded.best(0);
 * String text = vocabulary.decode(best.tokens());   // the end token is not among the tokens
 * }</pre>
 */
public final class Hypothesis {
    private final int[] tokens;
    private final boolean ended;
    private final double logProbability;
    private final double score;

    Hypothesis(int[] tokens, boolean ended, double logProbability, double score) {
        this.tokens = tokens;
        this.ended = ended;
        this.logProbability = logProbability;
        this.score = score;
    }

    /** The generated tokens, without the start token and without the end token. */
    public int[] tokens() { return tokens.clone(); }

    /** Whether the end token closed the sequence; false when it stopped at the maximum length. */
    public boolean ended() { return ended; }

    /** The generated steps: the tokens, plus 1 for the end token when it ended. The length penalty counts these. */
    public int length() { return tokens.length + (ended ? 1 : 0); }

    /** The natural log of the sequence's probability under the model: the sum over its steps, the end token's included. */
    public double logProbability() { return logProbability; }

    /** What the search ranks by: the log-probability, divided by the length penalty for beam search with one. */
    public double score() { return score; }

    @Override public String toString() {
        return Arrays.toString(tokens) + (ended ? " (ended)" : " (max length)") + String.format(Locale.ROOT, " log p %.4f, score %.4f",
                logProbability, score);
    }
}
