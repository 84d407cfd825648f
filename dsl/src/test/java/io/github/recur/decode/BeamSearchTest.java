package io.github.recur.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.decode.ToyDecoders.Bigram;
import io.github.recur.decode.ToyDecoders.HistoryModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BeamSearch} against exhaustive search, greedy decoding and hand-computed cases on toy models. */
class BeamSearchTest {
    private static final int START = 0;
    private static final int END = 1;

    @Test void aBeamWiderThanAllSequencesFindsTheExhaustiveRankingOfEveryRow() {
        int vocabulary = 4;
        int compared = 0;
        for (int maxLength = 1; maxLength <= 5; maxLength++) {
            for (double alpha : new double[] {0, 0.6, 1.5}) {
                for (long seed = 1; seed <= 3; seed++) {
                    int[] sources = {0, 1, 2};
                    var model = new HistoryModel(seed, vocabulary, END, sources);
                    int width = (int) Math.pow(vocabulary, maxLength);
                    Decoded d = new BeamSearch(width).endToken(END).maxLength(maxLength).lengthPenalty(alpha).decode(model, new int[] {START, START, START});
                    for (int r = 0; r < sources.length; r++) {
                        var exact = ExhaustiveSearch.all(model, sources[r], START, maxLength, alpha);
                        List<Hypothesis> found = d.hypotheses(r);
                        String where = "maxLength " + maxLength + ", alpha " + alpha + ", seed " + seed + ", row " + r;
                        assertEquals(exact.size(), found.size(), where + ": every complete sequence fits in the beam");
                        for (int i = 0; i < exact.size(); i++) {
                            assertArrayEquals(exact.get(i).tokens(), found.get(i).tokens(), where + ", rank " + i);
                            assertEquals(exact.get(i).ended(), found.get(i).ended(), where + ", rank " + i);
                            assertEquals(exact.get(i).score(), found.get(i).score(), 1e-12, where + ", rank " + i);
                            assertEquals(exact.get(i).logProbability(), found.get(i).logProbability(), 1e-12, where + ", rank " + i);
                            compared++;
                        }
                    }
                }
            }
        }
        assertTrue(compared > 5000, "compared " + compared + " hypotheses");
    }

    @Test void aNarrowBeamFindsTheExhaustiveBestOftenAndNeverScoresAboveIt() {
        int found = 0, rows = 0;
        for (long seed = 1; seed <= 40; seed++) {
            var model = new HistoryModel(seed, 5, END, 0, 1, 2, 3);
            Decoded d = new BeamSearch(3).endToken(END).maxLength(5).lengthPenalty(0.6).decode(model, new int[] {START, START, START, START});
            for (int r = 0; r < 4; r++) {
                double best = ExhaustiveSearch.all(model, r, START, 5, 0.6).get(0).score();
                double beam = d.best(r).score();
                assertTrue(beam <= best + 1e-12, "seed " + seed + " row " + r + ": beam " + beam + " above the optimum " + best);
                if (Math.abs(beam - best) <= 1e-12) found++;
                rows++;
            }
        }
        assertTrue(found > rows / 2, "width 3 found the optimum in only " + found + " of " + rows + " rows");
    }

    @Test void widthOneEqualsGreedyDecoding() {
        for (long seed = 1; seed <= 30; seed++) {
            for (double alpha : new double[] {0, 1.0}) {
                int[] sources = {0, 1, 2, 3, 4};
                int[] starts = {START, START, START, START, START};
                Decoded beam = new BeamSearch(1).endToken(END).maxLength(6).lengthPenalty(alpha).decode(new HistoryModel(seed, 5, END, sources), starts);
                Decoded greedy = new GreedySearch().endToken(END).maxLength(6).decode(new HistoryModel(seed, 5, END, sources), starts);
                for (int r = 0; r < sources.length; r++) {
                    assertEquals(1, beam.hypotheses(r).size());
                    assertArrayEquals(greedy.tokens(r), beam.tokens(r), "seed " + seed + " row " + r);
                    assertEquals(greedy.best(r).ended(), beam.best(r).ended());
                    assertEquals(greedy.best(r).logProbability(), beam.best(r).logProbability(), 1e-12);
                }
            }
        }
    }

    @Test void eachRowsResultDoesNotDependOnTheOtherRowsOfTheBatch() {
        int[] sources = {3, 1, 4, 1, 5, 9, 2, 6};
        int[] starts = new int[sources.length];
        BeamSearch search = new BeamSearch(3).endToken(END).maxLength(7).lengthPenalty(0.6);
        Decoded together = search.decode(new HistoryModel(7, 5, END, sources), starts);
        for (int r = 0; r < sources.length; r++) {
            Decoded alone = search.decode(new HistoryModel(7, 5, END, sources[r]), new int[] {START});
            assertEquals(alone.hypotheses(0).size(), together.hypotheses(r).size());
            for (int i = 0; i < alone.hypotheses(0).size(); i++) {
                assertArrayEquals(alone.hypotheses(0).get(i).tokens(), together.hypotheses(r).get(i).tokens(), "row " + r + " rank " + i);
                assertEquals(alone.hypotheses(0).get(i).score(), together.hypotheses(r).get(i).score(), 0, "row " + r + " rank " + i);
            }
        }
        assertArrayEquals(together.tokens(1), together.tokens(3), "the same source gives the same result in another row");
    }

    @Test void allRowsAndBeamsGoThroughTheStepAsOneBatchPerStep() {
        var model = new HistoryModel(3, 6, -1, 0, 1, 2);
        new BeamSearch(4).maxLength(5).decode(model, new int[] {START, START, START});
        assertEquals(List.of(3, 12, 12, 12, 12), model.batchSizes, "one call per step: 3 rows, then 3 rows x 4 beams");
        assertEquals(4, model.kept.size(), "the state is reordered between steps");
        for (int[] rows : model.kept) {
            for (int i = 0; i < rows.length; i++) {
                int previousBatch = rows == model.kept.get(0) ? 3 : 12;
                assertTrue(rows[i] >= 0 && rows[i] < previousBatch);
                assertEquals(i / 4, rows[i] * 3 / previousBatch, "row " + i + " continues a hypothesis of its own sentence");
            }
        }
    }

    @Test void endedHypothesesStayEndedAndLeaveTheBatch() {
        var model = new HistoryModel(11, 4, END, 0, 1);
        Decoded d = new BeamSearch(5).endToken(END).maxLength(6).decode(model, new int[] {START, START});
        for (int[] fed : model.fed.subList(1, model.fed.size())) {
            for (int token : fed) assertTrue(token != END, "a hypothesis that ended was fed to the step again");
        }
        for (int r = 0; r < 2; r++) {
            for (Hypothesis h : d.hypotheses(r)) {
                for (int token : h.tokens()) assertTrue(token != END, "the end token is inside " + h);
                assertTrue(h.ended() || h.tokens().length == 6, h + " neither ended nor reached the maximum length");
            }
        }
        int live = model.batchSizes.get(model.batchSizes.size() - 1);
        assertTrue(live < 2 * 5, "rows that ended leave the batch: the last step had " + live + " rows");
    }

    /**
     * Tokens: 0 start, 1 end, 2 a, 3 b. After the start: end 0.5, a 0.48, b 0.02; after a: end 0.99, a and b
     * 0.005; after b: end 0.2, a 0.4, b 0.4. Width 2, at most 3 tokens.
     */
    private static final double[][] SHORT_OR_LONG = {
        {0, 0.5, 0.48, 0.02},
        {0.25, 0.25, 0.25, 0.25},
        {0, 0.99, 0.005, 0.005},
        {0, 0.2, 0.4, 0.4},
    };

    @Test void withoutALengthPenaltyTheMostProbableSequenceWinsEvenIfItIsEmpty() {
        Decoded d = new BeamSearch(2).endToken(END).maxLength(3).decode(new Bigram(SHORT_OR_LONG), new int[] {START});
        // step 1 keeps [end] (0.5) and [a] (0.48); step 2: [end] stays, [a end] 0.4752 beats [a a], [a b] (0.0024): all ended
        List<Hypothesis> h = d.hypotheses(0);
        assertArrayEquals(new int[0], h.get(0).tokens());
        assertTrue(h.get(0).ended());
        assertEquals(Math.log(0.5), h.get(0).score(), 1e-15);
        assertArrayEquals(new int[] {2}, h.get(1).tokens());
        assertEquals(Math.log(0.48) + Math.log(0.99), h.get(1).logProbability(), 1e-15);
        assertEquals(h.get(1).logProbability(), h.get(1).score(), 0, "alpha 0: the score is the log-probability");
    }

    @Test void gnmtLengthPenaltyLetsTheLongerSequenceWin() {
        Decoded d = new BeamSearch(2).endToken(END).maxLength(3).lengthPenalty(1.0).decode(new Bigram(SHORT_OR_LONG), new int[] {START});
        List<Hypothesis> h = d.hypotheses(0);
        double aEnd = (Math.log(0.48) + Math.log(0.99)) / ((5.0 + 2) / 6); // -0.638: above ln 0.5 = -0.693 over lp(1) = 1
        assertArrayEquals(new int[] {2}, h.get(0).tokens());
        assertEquals(2, h.get(0).length(), "a and the end token");
        assertEquals(aEnd, h.get(0).score(), 1e-15);
        assertEquals(Math.log(0.48) + Math.log(0.99), h.get(0).logProbability(), 1e-15);
        assertArrayEquals(new int[0], h.get(1).tokens());
        assertEquals(Math.log(0.5), h.get(1).score(), 1e-15);
        assertEquals(Math.pow(7.0 / 6, 0.6), BeamSearch.lengthPenalty(2, 0.6), 1e-15);
        assertEquals(1.0, BeamSearch.lengthPenalty(17, 0), 0);
    }

    @Test void withoutAnEndTokenEveryHypothesisHasTheMaximumLength() {
        // after the start: a 0.6, b 0.4; after a: a 0.5, b 0.5; after b: a 0.1, b 0.9 (end never comes)
        double[][] p = {{0, 0, 0.6, 0.4}, {0.25, 0.25, 0.25, 0.25}, {0, 0, 0.5, 0.5}, {0, 0, 0.1, 0.9}};
        Decoded d = new BeamSearch(2).maxLength(3).decode(new Bigram(p), new int[] {START});
        // step 2 keeps b b (0.36) and a a (0.3; it ties with a b, the lower id wins), so a b b (0.27) is pruned:
        // step 3 gives b b b (0.324) and a a a (0.15, again before a a b)
        assertArrayEquals(new int[] {3, 3, 3}, d.tokens(0));
        assertEquals(Math.log(0.4) + Math.log(0.9) + Math.log(0.9), d.best(0).logProbability(), 1e-15);
        assertFalse(d.best(0).ended());
        assertArrayEquals(new int[] {2, 2, 2}, d.hypotheses(0).get(1).tokens());
        assertEquals(Math.log(0.6) + Math.log(0.5) + Math.log(0.5), d.hypotheses(0).get(1).logProbability(), 1e-15);
        assertEquals(3, d.best(0).length());
        assertArrayEquals(new int[] {2, 2, 2}, new GreedySearch().maxLength(3).decode(new Bigram(p), new int[] {START}).tokens(0),
                "greedy takes a first and then the lower id on the a/b tie");
    }

    @Test void tokensTheModelRulesOutAreNeverChosen() {
        // after the start only a (token 2) is possible: a beam of 3 still holds one hypothesis after step 1
        double[][] p = {{0, 0, 1, 0}, {0.25, 0.25, 0.25, 0.25}, {0, 0.7, 0.3, 0}, {0, 1, 0, 0}};
        Decoded d = new BeamSearch(3).endToken(END).maxLength(2).decode(new Bigram(p), new int[] {START});
        List<Hypothesis> h = d.hypotheses(0);
        assertEquals(2, h.size(), "[a end] and [a a]; nothing with probability 0");
        assertArrayEquals(new int[] {2}, h.get(0).tokens());
        assertTrue(h.get(0).ended());
        assertArrayEquals(new int[] {2, 2}, h.get(1).tokens());
        assertEquals(Math.log(0.3), h.get(1).logProbability(), 1e-15);
    }

    @Test void endTokenOnlyDecodingRunsUntilEveryRowEnded() {
        var model = new HistoryModel(5, 4, END, 0, 1, 2);
        Decoded d = new BeamSearch(2).endToken(END).decode(model, new int[] {START, START, START});
        for (int r = 0; r < 3; r++) for (Hypothesis h : d.hypotheses(r)) assertTrue(h.ended(), h.toString());
    }

    @Test void settingsAreImmutableCopies() {
        BeamSearch base = new BeamSearch(4);
        BeamSearch tuned = base.endToken(2).maxLength(9).lengthPenalty(0.6);
        assertEquals(0, base.lengthPenalty(), 0);
        assertEquals(0.6, tuned.lengthPenalty(), 0);
        assertEquals(4, tuned.width());
        assertEquals("beam search (width 4, no length penalty, no end token, no maxLength)", base.toString());
        assertEquals("beam search (width 4, length penalty alpha 0.6, endToken 2, maxLength 9)", tuned.toString());
    }

    @Test void decodedGivesEveryRowsHypothesesBestFirstAsCopies() {
        Decoded d = new BeamSearch(3).endToken(END).maxLength(4).decode(new HistoryModel(2, 5, END, 0, 1), new int[] {START, START});
        assertEquals(2, d.rows());
        var scores = new ArrayList<Double>();
        for (Hypothesis h : d.hypotheses(1)) scores.add(h.score());
        for (int i = 1; i < scores.size(); i++) assertTrue(scores.get(i - 1) >= scores.get(i), "best first: " + scores);
        int[] t = d.tokens(0);
        if (t.length > 0) {
            t[0] = 99;
            assertTrue(d.tokens(0)[0] != 99, "tokens() returns a copy");
        }
        assertEquals(2, d.tokens().length);
        assertTrue(d.toString().startsWith("Decoded 2 rows\n  0: "), d.toString());
    }
}
