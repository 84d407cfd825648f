package io.github.recur.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.decode.ToyDecoders.Bigram;
import io.github.recur.decode.ToyDecoders.HistoryModel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link GreedySearch}: the most probable token per row and step, rows ending on their own, one batch per step. */
class GreedyDecodingTest {
    private static final int START = 0;
    private static final int END = 1;

    @Test void eachRowFollowsItsMostProbableTokenUntilTheEndToken() {
        int[] sources = {0, 1, 2, 3, 4, 5};
        long seed = 21;
        var model = new HistoryModel(seed, 5, END, sources);
        Decoded d = new GreedySearch().endToken(END).maxLength(8).decode(model, new int[sources.length]);
        for (int r = 0; r < sources.length; r++) {
            // the argmax chain of the row's own distributions, step by step
            int[] history = {START};
            double logP = 0;
            int[] tokens = new int[0];
            boolean ended = false;
            for (int t = 1; t <= 8 && !ended; t++) {
                double[] p = HistoryModel.distribution(seed, 5, END, sources[r], history);
                int best = 0;
                for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
                logP += p[best];
                if (best == END) {
                    ended = true;
                } else {
                    tokens = Arrays.copyOf(tokens, tokens.length + 1);
                    tokens[tokens.length - 1] = best;
                    history = Arrays.copyOf(history, history.length + 1);
                    history[history.length - 1] = best;
                }
            }
            assertArrayEquals(tokens, d.tokens(r), "row " + r);
            assertEquals(ended, d.best(r).ended(), "row " + r);
            assertEquals(logP, d.best(r).logProbability(), 1e-12, "row " + r);
            assertEquals(d.best(r).logProbability(), d.best(r).score(), 0, "greedy has no length penalty");
        }
    }

    @Test void rowsThatEndedLeaveTheBatchAndTheOthersGoOnTogether() {
        // tokens: 0 start, 1 end, 2 a, 3 b; the start token is followed by a or b per row: rows start from a or b
        double[][] p = {{0, 0.1, 0.6, 0.3}, {0.25, 0.25, 0.25, 0.25}, {0, 0.7, 0.2, 0.1}, {0, 0.1, 0.1, 0.8}};
        var model = new Bigram(p);
        // row 0 starts at the start token: a, then end. Row 1 starts at b: b b b b (b keeps b at 0.8). Row 2 starts at a: end.
        Decoded d = new GreedySearch().endToken(END).maxLength(4).decode(model, new int[] {START, 3, 2});
        assertArrayEquals(new int[] {2}, d.tokens(0));
        assertTrue(d.best(0).ended());
        assertArrayEquals(new int[] {3, 3, 3, 3}, d.tokens(1));
        assertFalse(d.best(1).ended(), "stopped by the maximum length");
        assertArrayEquals(new int[0], d.tokens(2));
        assertTrue(d.best(2).ended());
        assertEquals(Math.log(0.7), d.best(2).logProbability(), 1e-15);
        assertEquals(Math.log(0.6) + Math.log(0.7), d.best(0).logProbability(), 1e-15);
        assertEquals(4 * Math.log(0.8), d.best(1).logProbability(), 1e-14);
        assertEquals(List.of(3, 2, 1, 1), model.batchSizes, "one call per step with the rows still going");
        assertArrayEquals(new int[] {0, 1}, model.kept.get(0), "row 2 ended at step 1");
        assertArrayEquals(new int[] {1}, model.kept.get(1), "row 0 ended at step 2");
        assertEquals(2, model.kept.size(), "no keepRows when the rows stay the same");
    }

    @Test void aTieGoesToTheLowerTokenId() {
        double[][] p = {{0, 0, 0.4, 0.4, 0.2}, {0.2, 0.2, 0.2, 0.2, 0.2}, {0, 1, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 1, 0, 0, 0}};
        Decoded d = new GreedySearch().endToken(END).maxLength(5).decode(new Bigram(p), new int[] {START});
        assertArrayEquals(new int[] {2}, d.tokens(0));
    }

    @Test void eachRowsResultDoesNotDependOnTheOtherRowsOfTheBatch() {
        int[] sources = {8, 6, 7, 5, 3, 0, 9};
        GreedySearch search = new GreedySearch().endToken(END).maxLength(9);
        Decoded together = search.decode(new HistoryModel(4, 6, END, sources), new int[sources.length]);
        for (int r = 0; r < sources.length; r++) {
            Decoded alone = search.decode(new HistoryModel(4, 6, END, sources[r]), new int[] {START});
            assertArrayEquals(alone.tokens(0), together.tokens(r), "row " + r);
            assertEquals(alone.best(0).logProbability(), together.best(r).logProbability(), 0, "row " + r);
        }
    }

    @Test void withoutAMaximumLengthItRunsUntilEveryRowEnded() {
        double[][] p = {{0, 0.1, 0.9, 0}, {0.25, 0.25, 0.25, 0.25}, {0, 0.3, 0, 0.7}, {0, 0.6, 0.4, 0}};
        Decoded d = new GreedySearch().endToken(END).decode(new Bigram(p), new int[] {START});
        assertArrayEquals(new int[] {2, 3}, d.tokens(0), "start -> a (0.9) -> b (0.7) -> end (0.6)");
        assertTrue(d.best(0).ended());
        assertEquals(3, d.best(0).length());
    }

    @Test void settingsAreImmutableCopiesAndSayWhatTheyAre() {
        GreedySearch base = new GreedySearch();
        GreedySearch set = base.endToken(3).maxLength(12);
        assertEquals("greedy search (no end token, no maxLength)", base.toString());
        assertEquals("greedy search (endToken 3, maxLength 12)", set.toString());
    }
}
