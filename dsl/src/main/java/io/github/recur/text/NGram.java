package io.github.recur.text;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** An n-gram as a window of an int-coded sentence, compared by content; {@link #count} counts them. */
final class NGram {
    private final int[] tokens;
    private final int from;
    private final int n;
    private final int hash;

    private NGram(int[] tokens, int from, int n) {
        this.tokens = tokens;
        this.from = from;
        this.n = n;
        int h = n;
        for (int i = from; i < from + n; i++) h = 31 * h + tokens[i];
        this.hash = h;
    }

    /** How often each n-gram occurs in {@code sentence} (empty when it is shorter than n). */
    static Map<NGram, Integer> count(int[] sentence, int n) {
        Map<NGram, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= sentence.length; i++) counts.merge(new NGram(sentence, i, n), 1, Integer::sum);
        return counts;
    }

    @Override public boolean equals(Object o) {
        return o instanceof NGram g && g.n == n && g.hash == hash
                && Arrays.equals(tokens, from, from + n, g.tokens, g.from, g.from + n);
    }

    @Override public int hashCode() { return hash; }
}
