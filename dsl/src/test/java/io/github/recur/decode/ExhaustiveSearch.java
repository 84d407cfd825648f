package io.github.recur.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Every sequence a {@link ToyDecoders.HistoryModel} can produce up to a maximum length, scored as beam search
 * scores (log-probability over GNMT's length penalty) and ranked best first: the ground truth a wide enough beam
 * must find. A sequence is complete when it ends with the end token or reaches the maximum length.
 */
final class ExhaustiveSearch {
    private ExhaustiveSearch() {}

    record Sequence(int[] tokens, boolean ended, double logProbability, double score) {
        @Override public String toString() { return Arrays.toString(tokens) + (ended ? " end" : "") + " " + score; }
    }

    static List<Sequence> all(ToyDecoders.HistoryModel model, int source, int start, int maxLength, double alpha) {
        List<Sequence> out = new ArrayList<>();
        extend(model, source, new int[] {start}, new int[0], 0, maxLength, alpha, out);
        out.sort(Comparator.comparingDouble(Sequence::score).reversed());
        return out;
    }

    private static void extend(ToyDecoders.HistoryModel m, int source, int[] history, int[] tokens, double logP, int maxLength, double alpha,
                               List<Sequence> out) {
        double[] next = ToyDecoders.HistoryModel.distribution(m.seed, m.vocabulary, m.endToken, source, history);
        int t = tokens.length + 1;
        double penalty = Math.pow((5.0 + t) / 6.0, alpha);
        for (int k = 0; k < next.length; k++) {
            double lp = logP + next[k];
            if (k == m.endToken) {
                out.add(new Sequence(tokens, true, lp, lp / penalty));
                continue;
            }
            int[] longer = Arrays.copyOf(tokens, t);
            longer[t - 1] = k;
            if (t == maxLength) {
                out.add(new Sequence(longer, false, lp, lp / penalty));
            } else {
                int[] h = Arrays.copyOf(history, history.length + 1);
                h[history.length] = k;
                extend(m, source, h, longer, lp, maxLength, alpha, out);
            }
        }
    }
}
