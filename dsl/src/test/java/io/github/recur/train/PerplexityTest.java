package io.github.recur.train;

import static io.github.recur.Recur.adam;
import static io.github.recur.Recur.dense;
import static io.github.recur.Recur.embedding;
import static io.github.recur.Recur.gru;
import static io.github.recur.Recur.metrics;
import static io.github.recur.Recur.perplexity;
import static io.github.recur.Recur.sequential;
import static io.github.recur.Recur.sparseCategoricalCrossentropy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PerplexityTest {
    static INDArray d(double[][] v) {
        return Nd4j.create(v).castTo(DataType.DOUBLE);
    }

    static double value(Metric m, INDArray pred, INDArray target, INDArray weights) {
        double[] sw = m.sumAndWeight(pred, target, weights);
        return m.finish(sw[0] / sw[1]);
    }

    @Test
    void aUniformGuessOverVClassesHasPerplexityV() {
        INDArray pred = Nd4j.valueArrayOf(new long[] {5, 7}, 1.0 / 7, DataType.DOUBLE);
        INDArray idx = d(new double[][] {{0}, {3}, {6}, {2}, {2}});
        assertEquals(7.0, value(new Perplexity(), pred, idx, null), 1e-12);
    }

    @Test
    void isTheExpOfTheMeanNegativeLogProbabilityOfTheTargets() {
        INDArray pred = d(new double[][] {{0.5, 0.25, 0.25}, {0.1, 0.1, 0.8}, {0.2, 0.6, 0.2}});
        INDArray idx = d(new double[][] {{0}, {2}, {0}});
        double expected = Math.exp(-(Math.log(0.5) + Math.log(0.8) + Math.log(0.2)) / 3);
        assertEquals(expected, value(new Perplexity(), pred, idx, null), 1e-12);
        // One-hot rows mean the same targets.
        INDArray onehot = d(new double[][] {{1, 0, 0}, {0, 0, 1}, {1, 0, 0}});
        assertEquals(expected, value(new Perplexity(), pred, onehot, null), 1e-12);
        // Unnormalised rows are renormalised, as the cross-entropy losses do.
        assertEquals(expected, value(new Perplexity(), pred.mul(3.0), idx, null), 1e-12);
    }

    @Test
    void equalsExpOfTheSparseCrossEntropyLossOnTheSameRows() {
        var rng = new java.util.Random(3);
        double[][] p = new double[20][6];
        double[][] t = new double[20][1];
        for (int i = 0; i < 20; i++) {
            double s = 0;
            for (int k = 0; k < 6; k++) { p[i][k] = rng.nextDouble() + 1e-3; s += p[i][k]; }
            for (int k = 0; k < 6; k++) p[i][k] /= s;
            t[i][0] = rng.nextInt(6);
        }
        double loss = new SparseCategoricalCrossentropy().compute(d(p), d(t), null, null);
        assertEquals(Math.exp(loss), value(new Perplexity(), d(p), d(t), null), 1e-9);
    }

    @Test
    void logitsGiveThePerplexityOfTheirSoftmax() {
        double[][] logits = {{2.0, -1.0, 0.5}, {0.0, 3.0, -2.0}};
        double[][] probs = new double[2][3];
        for (int i = 0; i < 2; i++) {
            double s = 0;
            for (int k = 0; k < 3; k++) s += Math.exp(logits[i][k]);
            for (int k = 0; k < 3; k++) probs[i][k] = Math.exp(logits[i][k]) / s;
        }
        INDArray idx = d(new double[][] {{2}, {1}});
        assertEquals(value(new Perplexity(), d(probs), idx, null), value(new Perplexity().fromLogits(), d(logits), idx, null), 1e-12);
        // Large logits do not overflow (the log-softmax is shifted by the row maximum): -ln p = 1000 exactly.
        assertEquals(1000.0, new Perplexity(true).sumAndWeight(d(new double[][] {{1000, 0, -1000}}), d(new double[][] {{1}}), null)[0], 1e-9);
    }

    @Test
    void maskedRowsDoNotCountAndTheEpochValueIsNotAMeanOfBatchPerplexities() {
        INDArray pred = d(new double[][] {{0.5, 0.5}, {0.9, 0.1}, {0.2, 0.8}});
        INDArray idx = d(new double[][] {{0}, {1}, {1}});
        INDArray w = Nd4j.createFromArray(1.0, 0.0, 1.0);
        assertEquals(Math.exp(-(Math.log(0.5) + Math.log(0.8)) / 2), value(new Perplexity(), pred, idx, w), 1e-12);
        // Two batches of different sizes: the epoch's perplexity pools their log-probabilities.
        var m = new Perplexity();
        double[] a = m.sumAndWeight(d(new double[][] {{0.5, 0.5}}), d(new double[][] {{0}}), null);
        double[] b = m.sumAndWeight(d(new double[][] {{0.9, 0.1}, {0.2, 0.8}}), d(new double[][] {{1}, {1}}), null);
        double pooled = m.finish((a[0] + b[0]) / (a[1] + b[1]));
        assertEquals(Math.exp(-(Math.log(0.5) + Math.log(0.1) + Math.log(0.8)) / 3), pooled, 1e-12);
    }

    @Test
    void aTargetThatIsNotAClassIndexIsAnErrorNamingTheRowAndValue() {
        INDArray pred = d(new double[][] {{0.5, 0.5}, {0.5, 0.5}});
        var e = assertThrows(IllegalArgumentException.class, () -> new Perplexity().sumAndWeight(pred, d(new double[][] {{0}, {2}}), null));
        assertEquals("perplexity: target at row 1 is 2.0, not a class index for 2 classes; targets must be integers 0..1", e.getMessage());
        var shape = assertThrows(IllegalArgumentException.class, () -> new Perplexity().sumAndWeight(pred, Nd4j.zeros(2, 3), null));
        assertTrue(shape.getMessage().contains("fits neither class indices [2, 1] nor one-hot rows [2, 2]"), shape.getMessage());
        var single = assertThrows(IllegalArgumentException.class, () -> new Perplexity().sumAndWeight(d(new double[][] {{0.3}}), d(new double[][] {{0}}), null));
        assertTrue(single.getMessage().contains("at least 2 classes"), single.getMessage());
    }

    @Test
    void isSavedWithACompiledModelAndReadBack() {
        Map<String, Object> config = Losses.metricConfig(new Perplexity().fromLogits());
        assertEquals(Map.of("type", "perplexity", "from_logits", true), config);
        Metric back = Losses.metricFromConfig(config);
        assertTrue(back instanceof Perplexity p && p.isFromLogits());
    }

    @Test
    void aLanguageModelReportsTheExpOfItsLossOverEveryStep() {
        // Next-token targets at every step of a sequence output: the metric sees the same rows as the loss.
        var rng = new java.util.Random(5);
        float[] x = new float[4 * 9], y = new float[4 * 9];
        for (int i = 0; i < x.length; i++) { x[i] = rng.nextInt(6); y[i] = rng.nextInt(6); }
        var m = sequential(embedding(6, 4), gru(5).returnSequences(), dense(6, "softmax")).seed(2);
        m.compile(adam(), sparseCategoricalCrossentropy(), metrics(perplexity()));
        Map<String, Double> logs = m.evaluate(Nd4j.create(x, 4, 9), Nd4j.create(y, 4, 9));
        assertEquals(Math.exp(logs.get("loss")), logs.get("perplexity"), 1e-4 * logs.get("perplexity"));
        assertArrayEquals(new Object[] {"loss", "perplexity"}, logs.keySet().toArray());
    }
}
