package io.github.recur.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy decoding: every row takes its most probable next token (the lowest id on a tie) until it produces the
 * end token or reaches the maximum length. A row that ended stays ended and leaves the batch (the step is asked to
 * {@link DecoderStep#keepRows keep} only the others); all other rows go through the step as one batch per step.
 * Its score is the log-probability (no length penalty).
 *
 * <pre>{@code
 * Decoded d = new GreedySearch().endToken(END).maxLength(40).decode(step, starts);
 * }</pre>
 */
public final class GreedySearch implements Search {
    private static final String NAME = "greedySearch";

    private final Stopping stopping;

    /** A greedy search without end token or maximum length yet: set at least one before decoding. */
    public GreedySearch() { this(Stopping.unset()); }

    private GreedySearch(Stopping stopping) { this.stopping = stopping; }

    /** A copy that stops a row when it produces this token (e.g. the id of {@code "<end>"}). */
    public GreedySearch endToken(int token) { return new GreedySearch(stopping.withEndToken(NAME, token)); }

    /** A copy that generates at most this many tokens per row, the end token included. */
    public GreedySearch maxLength(int length) { return new GreedySearch(stopping.withMaxLength(NAME, length)); }

    @Override
    public Decoded decode(DecoderStep step, int[] startTokens) {
        stopping.check(NAME, step, startTokens);
        int n = startTokens.length;
        List<List<Integer>> generated = new ArrayList<>();
        for (int r = 0; r < n; r++) generated.add(new ArrayList<>());
        double[] logProbability = new double[n];
        boolean[] ended = new boolean[n];
        int[] live = new int[n];              // the batch row of each step row
        for (int r = 0; r < n; r++) live[r] = r;
        int[] previous = startTokens.clone();
        int vocabulary = 0;
        for (int t = 1; ; t++) {
            StepScores scores = StepScores.next(NAME, step, previous, t, vocabulary, stopping.endToken, live);
            vocabulary = scores.vocabulary;
            int[] keep = new int[live.length], next = new int[live.length];
            int kept = 0;
            for (int i = 0; i < live.length; i++) {
                int best = 0;
                for (int k = 1; k < vocabulary; k++) if (scores.get(i, k) > scores.get(i, best)) best = k;
                int r = live[i];
                logProbability[r] += scores.get(i, best);
                if (best == stopping.endToken) {
                    ended[r] = true;
                } else {
                    generated.get(r).add(best);
                    keep[kept] = i;
                    next[kept++] = best;
                }
            }
            if (kept == 0 || stopping.lastStep(NAME, t, kept)) break;
            if (kept < live.length) {
                keep = Arrays.copyOf(keep, kept);
                step.keepRows(keep.clone());
                int[] stillLive = new int[kept];
                for (int j = 0; j < kept; j++) stillLive[j] = live[keep[j]];
                live = stillLive;
            }
            previous = Arrays.copyOf(next, kept);
        }
        List<List<Hypothesis>> rows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            int[] tokens = generated.get(r).stream().mapToInt(Integer::intValue).toArray();
            rows.add(List.of(new Hypothesis(tokens, ended[r], logProbability[r], logProbability[r])));
        }
        return new Decoded(rows);
    }

    @Override public String toString() { return "greedy search (" + stopping + ")"; }
}
