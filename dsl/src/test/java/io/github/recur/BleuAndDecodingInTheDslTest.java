package io.github.recur;

import static io.github.recur.Recur.beamSearch;
import static io.github.recur.Recur.bleu;
import static io.github.recur.Recur.corpusBleu;
import static io.github.recur.Recur.greedySearch;
import static io.github.recur.Recur.sentenceBleu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.recur.decode.Decoded;
import io.github.recur.decode.DecoderStep;
import io.github.recur.text.BleuSmoothing;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** BLEU and the decoding searches as one static import offers them. */
class BleuAndDecodingInTheDslTest {
    @Test void corpusAndSentenceBleuAreNltksDefaultBleu4() {
        var references = List.of(List.of(List.of("the", "cat", "is", "on", "the", "mat"), List.of("there", "is", "a", "cat", "on", "the", "mat")));
        var hypotheses = List.of(List.of("the", "cat", "sat", "on", "the", "mat"));
        // 5 of 6 unigrams, 3 of 5 bigrams, 1 of 4 trigrams ("on the mat"), 0 of 3 4-grams: unsmoothed 0
        assertEquals(0, corpusBleu(references, hypotheses), 0);
        assertEquals(0, sentenceBleu(references.get(0), hypotheses.get(0)), 0);
        double smoothed = Math.exp(0.25 * (Math.log(5.0 / 6) + Math.log(3.0 / 5) + Math.log(1.0 / 4) + Math.log(0.1 / 3)));
        assertEquals(smoothed, bleu().smoothing(BleuSmoothing.epsilon(0.1)).sentence(references.get(0), hypotheses.get(0)), 1e-15);
        assertEquals(1.0, corpusBleu(new int[][][] {{{4, 5, 6, 7}}}, new int[][] {{4, 5, 6, 7}}), 0);
        assertEquals(1.0, sentenceBleu(new int[][] {{4, 5, 6, 7}, {4}}, new int[] {4, 5, 6, 7}), 0);
    }

    @Test void greedyAndBeamSearchDecodeAStep() {
        // tokens 0 start, 1 end, 2 a: after the start a (0.9), after a the end (0.8)
        double[][] logP = {{Double.NEGATIVE_INFINITY, Math.log(0.1), Math.log(0.9)}, {0, 0, 0}, {Double.NEGATIVE_INFINITY, Math.log(0.8), Math.log(0.2)}};
        DecoderStep bigram = new DecoderStep() {
            @Override public INDArray logProbabilities(int[] previous) {
                double[][] out = new double[previous.length][];
                for (int i = 0; i < out.length; i++) out[i] = logP[previous[i]];
                return Nd4j.createFromArray(out);
            }

            @Override public void keepRows(int[] rows) {}
        };
        Decoded greedy = greedySearch().endToken(1).maxLength(5).decode(bigram, new int[] {0, 2});
        assertArrayEquals(new int[][] {{2}, {}}, greedy.tokens());
        Decoded beam = beamSearch(2).endToken(1).maxLength(5).decode(bigram, new int[] {0});
        assertArrayEquals(new int[] {2}, beam.tokens(0));
        assertEquals(Math.log(0.9) + Math.log(0.8), beam.best(0).logProbability(), 1e-15);
    }
}
