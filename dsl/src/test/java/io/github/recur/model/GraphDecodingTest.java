package io.github.recur.model;

import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.decode.Decoded;
import io.github.recur.decode.Hypothesis;
import io.github.recur.layers.Node;
import io.github.recur.layers.RecurrentNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Decoding a step at a time (the encoder once, the decoder carrying its state) must give what the whole
 * model gives when it reads the decoded prefix with teacher forcing: the same next-token choice and the same
 * log-probabilities. Checked on untrained models, where every number is arbitrary and nothing can agree by luck.
 */
class GraphDecodingTest {
    private static final int START = 1, END = 2, VOCAB = 9;

    private static Model encoderDecoder(boolean lstm, String attention) {
        Node source = input("source").tokens();
        Node targetIn = input("target_in").tokens();
        var enc = lstm ? lstm(12) : gru(12);
        var dec = lstm ? lstm(12) : gru(12);
        RecurrentNode encoder = enc.returnSequences().named("encoder").on(embedding(VOCAB, 6).maskZero().on(source));
        RecurrentNode decoder = dec.returnSequences().named("decoder").on(embedding(VOCAB, 6).maskZero().on(targetIn), encoder.states());
        Node features = attention == null ? decoder
                : concat(decoder, (attention.equals("additive") ? additiveAttention(5) : attention(attention)).named("attention").on(decoder, encoder));
        return model(List.of(source, targetIn), dense(VOCAB).on(features)).dataType(DataType.DOUBLE).seed(11);
    }

    private static INDArray sources() {
        // padded at the end, as a maskZero embedding expects
        return Nd4j.createFromArray(new double[][] {{3, 4, 5, 6, 7}, {8, 3, 0, 0, 0}, {5, 5, 5, 4, 0}});
    }

    /** log-softmax of the whole model's scores at step t for one row, given the prefix it was fed. */
    private static double[] fullModelLogProbabilities(Model m, INDArray source, int[] prefix) {
        double[] in = new double[prefix.length + 1];
        in[0] = START;
        for (int i = 0; i < prefix.length; i++) in[i + 1] = prefix[i];
        INDArray logits = m.predict(Map.of("source", source, "target_in", Nd4j.createFromArray(new double[][] {in})));
        INDArray last = logits.get(NDArrayIndex.point(0), NDArrayIndex.point(prefix.length), NDArrayIndex.all());
        double[] z = last.toDoubleVector();
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : z) max = Math.max(max, v);
        for (double v : z) sum += Math.exp(v - max);
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) out[i] = z[i] - max - Math.log(sum);
        return out;
    }

    @Test void greedyDecodingChoosesWhatTheWholeModelChoosesOnTheDecodedPrefix() {
        for (String attention : new String[] {null, "dot", "general", "additive"}) {
            for (boolean lstm : new boolean[] {true, false}) {
                Model m = encoderDecoder(lstm, attention);
                INDArray src = sources();
                Decoded d = m.decode(greedySearch().endToken(END).maxLength(6), Map.of("source", src), "target_in", START);
                for (int row = 0; row < 3; row++) {
                    INDArray one = src.get(NDArrayIndex.interval(row, row + 1), NDArrayIndex.all());
                    Hypothesis h = d.best(row);
                    int[] tokens = h.tokens();
                    double logP = 0;
                    for (int t = 0; t <= tokens.length && t < 6; t++) {
                        double[] lp = fullModelLogProbabilities(m, one, java.util.Arrays.copyOf(tokens, t));
                        int best = 1;
                        for (int k = 1; k < lp.length; k++) if (lp[k] > lp[best]) best = k; // 0 is padding, never produced
                        int chosen = t < tokens.length ? tokens[t] : END;
                        assertEquals(best, chosen, attention + "/" + (lstm ? "lstm" : "gru") + " row " + row + " step " + t);
                        logP += lp[chosen];
                    }
                    assertEquals(logP, h.logProbability(), 1e-9, "the log-probability of row " + row);
                }
            }
        }
    }

    @Test void aBeamOfOneIsGreedyAndAWiderBeamScoresItsBestAsTheWholeModelDoes() {
        Model m = encoderDecoder(true, "dot");
        INDArray src = sources();
        var inputs = Map.of("source", src);
        Decoded greedy = m.decode(greedySearch().endToken(END).maxLength(6), inputs, "target_in", START);
        Decoded beam1 = m.decode(beamSearch(1).endToken(END).maxLength(6), inputs, "target_in", START);
        assertArrayEquals(greedy.tokens(), beam1.tokens());
        Decoded beam4 = m.decode(beamSearch(4).endToken(END).maxLength(6), inputs, "target_in", START);
        for (int row = 0; row < 3; row++) {
            INDArray one = src.get(NDArrayIndex.interval(row, row + 1), NDArrayIndex.all());
            for (Hypothesis h : beam4.hypotheses(row)) {
                int[] tokens = h.tokens();
                double logP = 0;
                for (int t = 0; t < h.length(); t++) {
                    double[] lp = fullModelLogProbabilities(m, one, java.util.Arrays.copyOf(tokens, t));
                    logP += lp[t < tokens.length ? tokens[t] : END];
                }
                assertEquals(logP, h.logProbability(), 1e-9, "row " + row + " " + h);
            }
            assertTrue(beam4.best(row).logProbability() >= greedy.best(row).logProbability() - 1e-12 || beam4.best(row).length() != greedy.best(row).length(),
                    "a wider beam finds at least the greedy sequence's probability");
        }
        // decoding left no state behind: predictions are as before
        INDArray before = m.predict(Map.of("source", src, "target_in", Nd4j.ones(DataType.DOUBLE, 3, 2)));
        m.decode(beamSearch(3).endToken(END).maxLength(4), inputs, "target_in", START);
        assertEquals(0, before.sub(m.predict(Map.of("source", src, "target_in", Nd4j.ones(DataType.DOUBLE, 3, 2)))).amaxNumber().doubleValue(), 0);
    }

    @Test void decodingWhatCannotBeDecodedIsRefusedWithTheReason() {
        Model m = encoderDecoder(false, null);
        var e = assertThrows(IllegalArgumentException.class, () -> m.decode(greedySearch().endToken(END).maxLength(4), Map.of("source", sources()), "source", START));
        assertTrue(e.getMessage().contains("sources hold \"source\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.decode(greedySearch().endToken(END).maxLength(4), Map.of("source", sources()), "target", START));
        assertTrue(e.getMessage().contains("no input \"target\"; its inputs are [source, target_in]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sequential(lstm(4), dense(2)).decode(greedySearch().maxLength(3), Map.of("x", sources()), "x", 1));
        assertTrue(e.getMessage().contains("this model is sequential"), e.getMessage());
    }
}
