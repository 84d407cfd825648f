package io.github.recur.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Bleu} on cases computed by hand from the definition, and its refusals of bad input. */
class BleuTest {
    private static List<String> words(String s) { return s.isEmpty() ? List.of() : Arrays.asList(s.split(" ")); }

    private static List<List<String>> refs(String... references) {
        var out = new ArrayList<List<String>>();
        for (String r : references) out.add(words(r));
        return out;
    }

    private static final Bleu BLEU4 = Bleu.bleu4();

    @Test void aHypothesisEqualToAReferenceScoresOne() {
        assertEquals(1.0, BLEU4.sentence(refs("there is a cat on the mat", "the cat is on the mat"), words("the cat is on the mat")), 0);
    }

    @Test void repeatedTokensCountAtMostAsOftenAsInTheReferenceThatHasThemMost() {
        // Papineni et al.'s example: "the" is 2 times in reference 1, once in reference 2: 2 of 7 unigrams match
        BleuScore s = BLEU4.corpusScore(List.of(refs("the cat is on the mat", "there is a cat on the mat")),
                List.of(words("the the the the the the the")));
        assertEquals(2, s.matches()[0]);
        assertEquals(7, s.totals()[0]);
        assertEquals(2.0 / 7, s.precisions()[0], 0);
        assertEquals(0, s.value(), 0, "no bigram matches: unsmoothed BLEU-4 is 0");
    }

    @Test void corpusBleuSumsTheCountsOfAllSentencesBeforeDividing() {
        var references = List.of(
                refs("It is a guide to action that ensures that the military will forever heed Party commands",
                        "It is the guiding principle which guarantees the military forces always being under the command of the Party",
                        "It is the practical guide for the army always to heed the directions of the party"),
                refs("he was interested in world history because he read the book"));
        var hypotheses = List.of(words("It is a guide to action which ensures that the military always obeys the commands of the party"),
                words("he read the book because he was interested in world history"));
        BleuScore s = BLEU4.corpusScore(references, hypotheses);
        // the second sentence alone: 11 of 11 unigrams, 9 of 10 bigrams ("book because" is not in it), 6 of 9 trigrams
        assertArrayEquals(new long[] {28, 19, 13, 8}, s.matches(), "clipped matches per order, both sentences");
        assertArrayEquals(new long[] {29, 27, 25, 23}, s.totals());
        // closest references 18 + 11 tokens = the hypotheses' 29: brevity penalty exp(0) = 1
        double expected = Math.pow(28.0 / 29 * 19.0 / 27 * 13.0 / 25 * 8.0 / 23, 0.25);
        assertEquals(expected, s.value(), 1e-15);
        double average = (BLEU4.sentence(references.get(0), hypotheses.get(0)) + BLEU4.sentence(references.get(1), hypotheses.get(1))) / 2;
        assertTrue(Math.abs(average - s.value()) > 0.02, "corpus BLEU is not the mean of sentence BLEU: " + average + " vs " + s.value());
    }

    @Test void brevityPenaltyUsesTheClosestReferenceLengthAndTheShorterOfTwoEquallyClose() {
        List<String> twelve = Collections.nCopies(12, "a");
        BleuScore tie = BLEU4.corpusScore(List.of(List.of(Collections.nCopies(13, "a"), Collections.nCopies(11, "a"))), List.of(twelve));
        assertEquals(11, tie.referenceLength());
        assertEquals(1.0, tie.brevityPenalty(), 0);
        BleuScore closer = BLEU4.corpusScore(List.of(List.of(Collections.nCopies(2, "a"), Collections.nCopies(13, "a"))), List.of(twelve));
        assertEquals(13, closer.referenceLength());
        assertEquals(Math.exp(1 - 13.0 / 12), closer.brevityPenalty(), 1e-15);
        assertEquals(Math.exp(1 - 13.0 / 12), closer.value(), 1e-15, "every n-gram of the hypothesis matches");
        BleuScore equalLength = BLEU4.corpusScore(List.of(List.of(twelve)), List.of(twelve));
        assertEquals(1.0, equalLength.brevityPenalty(), 0);
    }

    @Test void unsmoothedScoreIsZeroWhenAWeightedOrderHasNoMatchButNotWhenThatOrderWeighsNothing() {
        var references = refs("the cat is on the mat");
        var hypothesis = words("the cat sat on a mat"); // bigrams: "the cat" only; no trigram
        assertEquals(0, BLEU4.sentence(references, hypothesis), 0);
        double bleu2 = Math.sqrt(4.0 / 6 * 1.0 / 5) * 1; // 4 of 6 unigrams, 1 of 5 bigrams, equal lengths
        assertEquals(bleu2, BLEU4.weights(0.5, 0.5, 0, 0).sentence(references, hypothesis), 1e-15);
        assertEquals(bleu2, BLEU4.weights(0.5, 0.5).sentence(references, hypothesis), 1e-15);
    }

    @Test void epsilonSmoothingGivesAnOrderWithoutMatchesEpsilonOverItsTotal() {
        var references = refs("the cat is on the mat");
        var hypothesis = words("the cat sat on a mat");
        double expected = Math.exp(0.25 * (Math.log(4.0 / 6) + Math.log(1.0 / 5) + Math.log(0.1 / 4) + Math.log(0.1 / 3)));
        assertEquals(expected, BLEU4.smoothing(BleuSmoothing.epsilon(0.1)).sentence(references, hypothesis), 1e-15);
        assertEquals(expected, BLEU4.smoothing(BleuSmoothing.epsilon()).sentence(references, hypothesis), 1e-15, "nltk's default epsilon is 0.1");
    }

    @Test void addOneAndNistSmoothingFollowTheirFormulas() {
        var references = refs("the cat is on the mat");
        var hypothesis = words("the cat sat on a mat");
        double addOne = Math.exp(0.25 * (Math.log(4.0 / 6) + Math.log(2.0 / 6) + Math.log(1.0 / 5) + Math.log(1.0 / 4)));
        assertEquals(addOne, BLEU4.smoothing(BleuSmoothing.addOne()).sentence(references, hypothesis), 1e-15);
        double nist = Math.exp(0.25 * (Math.log(4.0 / 6) + Math.log(1.0 / 5) + Math.log(1.0 / (2 * 4)) + Math.log(1.0 / (4 * 3))));
        assertEquals(nist, BLEU4.smoothing(BleuSmoothing.nist()).sentence(references, hypothesis), 1e-15);
        double scaled = Math.exp(0.25 * (Math.log(4.0 / 6) + Math.log(1.0 / 5)
                + Math.log(1 / (2 * 5 / Math.log(6)) / 4) + Math.log(1 / (4 * 5 / Math.log(6)) / 3)));
        assertEquals(scaled, BLEU4.smoothing(BleuSmoothing.lengthScaledNist(5)).sentence(references, hypothesis), 1e-15);
    }

    @Test void noUnigramMatchScoresZeroWhateverTheSmoothing() {
        var references = List.of(refs("the cat is on the mat"));
        var hypotheses = List.of(words("le chat est sur le tapis"));
        for (BleuSmoothing s : List.of(BleuSmoothing.none(), BleuSmoothing.epsilon(), BleuSmoothing.addOne(), BleuSmoothing.nist(),
                BleuSmoothing.lengthScaledNist(5))) {
            assertEquals(0, BLEU4.smoothing(s).corpus(references, hypotheses), 0, s.toString());
        }
    }

    @Test void anEmptyHypothesisCountsOneNGramPerOrderAndNoLength() {
        BleuScore s = BLEU4.corpusScore(List.of(refs("a b c d"), refs("a b c d")), List.of(words(""), words("a b c d")));
        assertArrayEquals(new long[] {5, 4, 3, 2}, s.totals(), "nltk: at least 1 per sentence and order");
        assertArrayEquals(new long[] {4, 3, 2, 1}, s.matches());
        assertEquals(4, s.hypothesisLength());
        assertEquals(4 + 4, s.referenceLength());
        assertEquals(Math.exp(1 - 8.0 / 4), s.brevityPenalty(), 1e-15);
        assertEquals(0, BLEU4.sentence(refs("a b"), words("")), 0);
    }

    @Test void tokensAreComparedByEqualsWhateverTheirType() {
        int[][] idRefs = {{5, 6, 7, 8, 9}, {5, 6, 6, 7}};
        int[] idHyp = {5, 6, 7, 7, 9};
        List<List<Integer>> boxedRefs = List.of(List.of(5, 6, 7, 8, 9), List.of(5, 6, 6, 7));
        Bleu smoothed = BLEU4.smoothing(BleuSmoothing.epsilon());
        assertEquals(smoothed.sentence(idRefs, idHyp), smoothed.sentence(boxedRefs, List.of(5, 6, 7, 7, 9)), 0);
        assertEquals(smoothed.sentence(refs("f g h i j", "f g g h"), words("f g h h j")), smoothed.sentence(idRefs, idHyp), 0);
        assertTrue(BLEU4.sentence(refs("The cat"), words("the cat")) < 1, "case matters");
    }

    @Test void weightsAndSmoothingReturnChangedCopies() {
        Bleu base = Bleu.bleu4();
        Bleu two = base.weights(0.5, 0.5).smoothing(BleuSmoothing.nist());
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, base.weights(), 0);
        assertTrue(base.smoothing().isNone());
        assertArrayEquals(new double[] {0.5, 0.5}, two.weights(), 0);
        double[] w = {0.5, 0.5};
        Bleu fromArray = base.weights(w);
        w[0] = 0.9;
        assertArrayEquals(new double[] {0.5, 0.5}, fromArray.weights(), 0, "the weights are copied in");
        assertEquals("BLEU-2 (weights 0.5000, 0.5000; NIST geometric (method 3))", two.toString());
    }

    @Test void scoreToStringShowsValuePrecisionsAndBrevityPenalty() {
        BleuScore s = BLEU4.corpusScore(List.of(refs("a b c d e")), List.of(words("a b c d e")));
        assertEquals("BLEU-4 1.0000 (precisions 1.0000/1.0000/1.0000/1.0000; brevity penalty 1.0000; hypotheses 5 tokens, references 5)",
                s.toString());
    }

    // ---- bad input ----------------------------------------------------------------------------

    private static String refused(Runnable call) { return assertThrows(IllegalArgumentException.class, call::run).getMessage(); }

    private static void mentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "\"" + message + "\" should mention \"" + p + "\"");
    }

    @Test void anEmptyCorpusIsRefused() {
        mentions(refused(() -> BLEU4.corpus(List.<List<List<String>>>of(), List.<List<String>>of())), "corpusBleu", "empty", "0 hypotheses");
        mentions(refused(() -> BLEU4.corpus(new int[0][][], new int[0][])), "corpusBleu", "empty");
    }

    @Test void hypothesesAndReferenceListsOfDifferentLengthsAreRefusedWithBothCounts() {
        mentions(refused(() -> BLEU4.corpus(List.of(refs("a b")), List.of(words("a b"), words("c")))),
                "corpusBleu", "2 hypotheses", "1 lists of references");
        mentions(refused(() -> BLEU4.corpus(new int[][][] {{{1}}, {{2}}, {{3}}}, new int[][] {{1}})), "1 hypotheses", "3 lists of references");
    }

    @Test void aNullTokenIsRefusedWithItsPosition() {
        List<String> withNull = new ArrayList<>(List.of("a", "b"));
        withNull.add(null);
        mentions(refused(() -> BLEU4.corpus(List.of(refs("a b"), refs("c")), List.of(words("a"), withNull))),
                "corpusBleu", "token 2 of hypothesis 1", "null");
        mentions(refused(() -> BLEU4.corpus(List.of(List.of(words("a"), withNull)), List.of(words("a")))),
                "token 2 of reference 1 of hypothesis 0");
        mentions(refused(() -> BLEU4.sentence(List.of(withNull), words("a"))), "sentenceBleu", "token 2 of reference 0");
    }

    @Test void nullOrMissingSentencesAreRefusedByName() {
        mentions(refused(() -> BLEU4.corpus(null, List.of(words("a")))), "corpusBleu", "references is null");
        mentions(refused(() -> BLEU4.corpus(List.of(refs("a")), null)), "hypotheses is null");
        mentions(refused(() -> BLEU4.corpus(List.of(List.of()), List.of(words("a")))), "references of hypothesis 0 are empty");
        mentions(refused(() -> BLEU4.sentence(List.<List<String>>of(), words("a"))), "sentenceBleu", "references are empty");
        mentions(refused(() -> BLEU4.sentence(refs("a"), null)), "sentenceBleu", "hypothesis is null");
        mentions(refused(() -> BLEU4.corpus(new int[][][] {{{1}, null}}, new int[][] {{1}})), "reference 1 of hypothesis 0 is null");
        mentions(refused(() -> BLEU4.sentence(new int[][] {{1}}, null)), "hypothesis is null");
    }

    @Test void weightsThatAreNegativeEmptyOrDoNotSumToOneAreRefused() {
        mentions(refused(() -> BLEU4.weights(0.5, 0.7, -0.2)), "Bleu.weights", "3-grams", ">= 0", "-0.2");
        mentions(refused(() -> BLEU4.weights(0.3, 0.3)), "sum to 1", "[0.3, 0.3]", "0.6");
        mentions(refused(() -> BLEU4.weights(new double[0])), "no weights");
        mentions(refused(() -> BLEU4.weights((double[]) null)), "weights is null");
        mentions(refused(() -> BLEU4.weights(Double.NaN, 1)), "1-grams", "NaN");
        assertEquals(3, BLEU4.weights(0.333, 0.333, 0.334).weights().length, "weights summing to 1 up to rounding are fine");
    }

    @Test void smoothingParametersOutsideTheirRangeAreRefused() {
        mentions(refused(() -> BleuSmoothing.epsilon(0)), "epsilon", "> 0", "got 0.0");
        mentions(refused(() -> BleuSmoothing.epsilon(Double.POSITIVE_INFINITY)), "epsilon", "Infinity");
        mentions(refused(() -> BleuSmoothing.lengthScaledNist(0)), "k must be >= 1", "got 0");
        mentions(refused(() -> BLEU4.smoothing(null)), "smoothing is null");
    }
}
