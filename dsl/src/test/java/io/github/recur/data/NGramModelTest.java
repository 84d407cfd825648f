package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NGramModelTest {
    // "a b a b c a" with a = 0, b = 1, c = 2.
    static final int[] TINY = {0, 1, 0, 1, 2, 0};

    @Test
    void bigramProbabilitiesMatchKneserNeyWorkedByHand() {
        var m = NGramModel.fit(TINY, 2, 3);
        // Bigrams ab ×2, ba, bc, ca: D2 = n1/(n1 + 2 n2) = 3/5. Continuation counts a 2, b 1, c 1: D1 = 2/4.
        assertArrayEquals(new double[] {0.5, 0.6}, m.discounts(), 1e-12);
        // p1(w) = (N(• w) - 0.5)/4 + 0.5 · 3/4 · 1/3.
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, m.distribution(new int[0]), 1e-12);
        // After a: only b seen (twice). p(b|a) = (2 - 0.6)/2 + 0.6 · 1/2 · p1(b).
        assertArrayEquals(new double[] {0.15, 0.775, 0.075}, m.distribution(new int[] {0}), 1e-12);
        // After b: a once, c once. p(a|b) = 0.4/2 + 0.6 · 2/2 · 0.5.
        assertArrayEquals(new double[] {0.5, 0.15, 0.35}, m.distribution(new int[] {1}), 1e-12);
        // Only the last order - 1 tokens of a context count.
        assertEquals(0.775, m.probability(new int[] {2, 1, 0}, 1), 1e-12);
    }

    @Test
    void perplexityScoresEachTokenGivenTheTextBeforeIt() {
        var m = NGramModel.fit(TINY, 2, 3);
        int[] text = {0, 1, 0};
        double expected = Math.exp(-(Math.log(0.775) + Math.log(0.5)) / 2);
        assertEquals(expected, m.perplexity(text, 1, 3), 1e-12);
        assertArrayEquals(new double[] {Math.log(0.775), Math.log(0.5)}, m.logProbabilities(text, 1, 3), 1e-12);
        // From the start, the first token has no context: the unigram estimate 0.5.
        assertEquals(Math.exp(-(Math.log(0.5) + Math.log(0.775) + Math.log(0.5)) / 3), m.perplexity(text), 1e-12);
    }

    @Test
    void everyDistributionSumsToOneAndNothingIsImpossible() {
        var rng = new Random(4);
        int v = 7;
        int[] tokens = new int[400];
        for (int i = 0; i < tokens.length; i++) tokens[i] = i > 0 && rng.nextDouble() < 0.5 ? (tokens[i - 1] + 1) % 5 : rng.nextInt(5); // ids 5 and 6 never occur
        for (int order = 1; order <= 5; order++) {
            var m = NGramModel.fit(tokens, order, v);
            for (int[] context : new int[][] {{}, {3}, {1, 2}, {6, 6, 6, 6}, {0, 1, 2, 3}, Arrays.copyOfRange(tokens, 100, 110)}) {
                double[] p = m.distribution(context);
                assertEquals(1.0, Arrays.stream(p).sum(), 1e-12, "order " + order + ", context " + Arrays.toString(context));
                assertTrue(Arrays.stream(p).allMatch(x -> x > 0), "order " + order + ": an unseen id must keep some probability");
            }
        }
    }

    @Test
    void higherOrdersFitStructuredTextBetterAndAUniformGuessHasPerplexityV() {
        // A text that repeats "0 1 2 3": given three tokens the next is certain.
        int[] cycle = new int[200];
        for (int i = 0; i < cycle.length; i++) cycle[i] = i % 4;
        var unigram = NGramModel.fit(cycle, 1, 4);
        var fourGram = NGramModel.fit(cycle, 4, 4);
        int[] heldOut = {0, 1, 2, 3, 0, 1, 2, 3};
        assertEquals(4.0, unigram.perplexity(heldOut), 1e-9); // four equally frequent ids
        assertTrue(fourGram.perplexity(heldOut, 3, heldOut.length) < 1.1, "4-gram perplexity " + fourGram.perplexity(heldOut, 3, heldOut.length));
    }

    @Test
    void samplingFollowsTheDistributionAndTemperature() {
        var m = NGramModel.fit(TINY, 2, 3);
        int[] seen = new int[3];
        var rng = new Random(9);
        for (int i = 0; i < 20000; i++) seen[m.sample(new int[] {0}, 1.0, rng)]++;
        assertEquals(0.775, seen[1] / 20000.0, 0.01);
        assertEquals(0.15, seen[0] / 20000.0, 0.01);
        // A low temperature nearly always takes the most likely id.
        int likely = 0;
        for (int i = 0; i < 1000; i++) if (m.sample(new int[] {0}, 0.05, rng) == 1) likely++;
        assertEquals(1000, likely);
        int[] text = m.generate(new int[] {0}, 50, 1.0, new Random(1));
        assertEquals(50, text.length);
        assertTrue(Arrays.stream(text).allMatch(t -> t >= 0 && t < 3));
        assertArrayEquals(text, m.generate(new int[] {0}, 50, 1.0, new Random(1)), "the same seed gives the same text");
    }

    @Test
    void badInputIsRefusedWithTheValueAndWhatToDo() {
        var e = assertThrows(IllegalArgumentException.class, () -> NGramModel.fit(new int[] {0, 3, 1}, 2, 3));
        assertEquals("NGramModel.fit: training token at index 1 is 3, outside the vocabulary 0..2; encode text with the vocabulary "
                + "the model was fitted for", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NGramModel.fit(TINY, 0, 3)).getMessage().contains("order must be at least 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NGramModel.fit(new int[] {0, 1}, 3, 3)).getMessage()
                .contains("2 training tokens hold no 3-gram"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NGramModel.fit(TINY, 12, 100)).getMessage().contains("exceeds 2^63"));
        var m = NGramModel.fit(TINY, 2, 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.perplexity(TINY, 4, 2)).getMessage()
                .contains("range [4, 2) must be non-empty and inside the 6 tokens"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.probability(new int[] {0}, 5)).getMessage()
                .contains("next id 5 is outside the vocabulary 0..2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.sample(new int[] {0}, 0, new Random())).getMessage()
                .contains("temperature must be a positive number, got 0.0"));
        assertTrue(m.toString().startsWith("NGramModel(order 2, Kneser-Ney, vocabulary 3, 6 training tokens, 4 distinct 2-grams"), m.toString());
    }
}
