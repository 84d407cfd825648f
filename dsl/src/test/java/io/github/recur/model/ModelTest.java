package io.github.recur.model;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.*;

import io.github.recur.TestLossAccess;
import io.github.recur.layers.Recurrent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ModelTest {
    private static Model compiled(Model m) {
        TestLossAccess.compileWithMse(m);
        return m;
    }

    @Test void sameSeedGivesIdenticalWeightsAfterTraining() {
        INDArray x = randn(1, 16, 6, 3).castTo(DataType.FLOAT), y = randn(2, 16, 1).castTo(DataType.FLOAT);
        Map<String, INDArray> a = train(x, y, 42), b = train(x, y, 42), c = train(x, y, 43);
        for (String k : a.keySet()) assertEquals(a.get(k), b.get(k), k);
        assertNotEquals(a.get("0.weight_ih_l0"), c.get("0.weight_ih_l0"));
    }

    private static Map<String, INDArray> train(INDArray x, INDArray y, long seed) {
        Model m = compiled(sequential(lstm(4).returnSequences(), dropout(0.3), gru(3), dense(1)));
        m.fit(x, y, epochs(2), batchSize(4), seed(seed), verbose(false));
        return m.weights();
    }

    @Test void predictionsKeepTheirValuesWhileTheModelTrainsOn() {
        // fit reuses its output and gradient arrays from step to step; what predict returned must not be one of them
        Model m = sequential(embedding(30, 4), gru(6).returnSequences(), dense(30)).seed(4);
        m.compile(adam(1e-2), sparseCategoricalCrossentropy().fromLogits());
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}}), y = x.add(1);
        m.fit(x, y, epochs(2), verbose(false));
        INDArray before = m.predict(x), kept = before.dup();
        m.fit(x, y, epochs(3), verbose(false));
        assertEquals(kept, before);
        assertNotEquals(kept, m.predict(x), "the model did learn meanwhile");
    }

    @Test void gateActivationsAndGradientsStillWorkAfterPredictionsThatSkipTheGates() {
        Model m = compiled(sequential(lstm(4).returnSequences(), gru(3), dense(1)).seed(3));
        INDArray x = randn(3, 5, 6, 2).castTo(DataType.FLOAT), y = randn(4, 5, 1).castTo(DataType.FLOAT);
        m.build(2);
        Map<String, double[][]> before = m.gateActivations(x.get(NDArrayIndex.point(0)), 1);
        double loss = m.computeGradients(x, y, null);
        m.predict(x);
        m.evaluate(x, y);
        Map<String, double[][]> after = m.gateActivations(x.get(NDArrayIndex.point(0)), 1);
        for (String gate : before.keySet()) assertArrayEquals(before.get(gate), after.get(gate), gate);
        assertEquals(loss, m.computeGradients(x, y, null), 1e-12);
    }

    @Test void paddedStepsLeaveTheLastValidStateAsOutput() {
        for (var layer : new Recurrent[] {lstm(5), gru(5), simpleRnn(5)}) {
            Model m = compiled(sequential(layer)).seed(1);
            INDArray x = randn(3, 1, 6, 2);
            INDArray shortX = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4), NDArrayIndex.all()).dup();
            INDArray mask = Nd4j.createFromArray(new float[][] {{1, 1, 1, 1, 0, 0}});
            INDArray padded = m.predict(x, mask);
            INDArray unpadded = m.predict(shortX);
            assertTrue(padded.equalsWithEps(unpadded, 1e-6), layer.type() + ": " + padded + " vs " + unpadded);
        }
    }

    @Test void paddedStepsOutputZeroInSequences() {
        Model m = compiled(sequential(gru(3).returnSequences())).seed(1);
        INDArray mask = Nd4j.createFromArray(new float[][] {{1, 1, 0}});
        INDArray out = m.predict(randn(3, 1, 3, 2), mask);
        assertEquals(0.0, out.get(NDArrayIndex.point(0), NDArrayIndex.point(2), NDArrayIndex.all()).norm2Number().doubleValue());
        assertNotEquals(0.0, out.get(NDArrayIndex.point(0), NDArrayIndex.point(1), NDArrayIndex.all()).norm2Number().doubleValue());
    }

    @Test void stepByStepEqualsWholeSequence() {
        Model m = compiled(sequential(lstm(4).returnSequences(), gru(3).returnSequences(), dense(2))).seed(5);
        INDArray x = randn(4, 2, 5, 3).castTo(DataType.FLOAT);
        INDArray whole = m.predict(x);
        m.resetState();
        for (int t = 0; t < 5; t++) {
            INDArray out = m.step(x.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()));
            INDArray expected = whole.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all());
            assertTrue(out.equalsWithEps(expected, 1e-5), "step " + t + ": " + out + " vs " + expected);
        }
        m.resetState();
        INDArray first = m.step(x.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()));
        assertTrue(first.equalsWithEps(whole.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()), 1e-5));
    }

    @Test void stepOnContiguousRowsEqualsPredictOnEachPrefix() {
        Model m = compiled(sequential(gru(4), dense(2))).seed(6);
        Model ref = compiled(sequential(gru(4), dense(2))).seed(6); // same weights, never stateful
        INDArray x = randn(8, 3, 4, 2).castTo(DataType.FLOAT);
        m.build(2);
        m.resetState();
        for (int t = 0; t < 4; t++) {
            INDArray row = x.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).dup('c'); // [3, 2], contiguous
            INDArray out = m.step(row);
            assertArrayEquals(new long[] {3, 2}, out.shape());
            INDArray expected = ref.predict(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, t + 1), NDArrayIndex.all()).dup('c'));
            assertTrue(out.equalsWithEps(expected, 1e-5), "step " + t + ": " + out + " vs " + expected);
        }
    }

    @Test void initialStateChangesTheOutputAndFinalStateIsReturned() {
        Model m = compiled(sequential(lstm(3))).seed(2);
        INDArray x = randn(1, 2, 4, 2).castTo(DataType.FLOAT);
        INDArray zeroStart = m.predict(x);
        Recurrent r = (Recurrent) m.layer(0);
        INDArray[] fin = r.finalState();
        assertTrue(fin[0].equalsWithEps(zeroStart, 1e-6), "final h is the last-step output");
        assertEquals(2, fin.length, "LSTM returns h and c");
        r.initialState(Nd4j.ones(DataType.FLOAT, 2, 3), Nd4j.ones(DataType.FLOAT, 2, 3));
        assertFalse(m.predict(x).equalsWithEps(zeroStart, 1e-4));
        r.initialState(null, null);
        assertTrue(m.predict(x).equalsWithEps(zeroStart, 1e-6));
    }

    @Test void initialAndFinalStateAreReachableFromTheModel() {
        Model m = compiled(sequential(gru(3).returnSequences(), dense(1))).seed(4);
        INDArray x = randn(3, 2, 5, 2).castTo(DataType.FLOAT);
        INDArray zeroStart = m.predict(x);
        INDArray[] fin = m.finalState(0);
        assertEquals(1, fin.length, "GRU has only h");
        assertArrayEquals(new long[] {2, 3}, fin[0].shape());
        // Continuing from the final state equals running the concatenated sequence.
        INDArray x2 = randn(4, 2, 3, 2).castTo(DataType.FLOAT);
        m.initialState(0, fin[0], null);
        INDArray continued = m.predict(x2);
        m.initialState(0, null, null);
        INDArray whole = m.predict(Nd4j.concat(1, x, x2));
        assertTrue(continued.equalsWithEps(whole.get(NDArrayIndex.all(), NDArrayIndex.interval(5, 8), NDArrayIndex.all()), 1e-5));
        assertTrue(m.predict(x).equalsWithEps(zeroStart, 1e-6), "null goes back to a zero start");
        var e = assertThrows(IllegalArgumentException.class, () -> m.finalState(1));
        assertTrue(e.getMessage().contains("dense (layer 1) is not"), e.getMessage());
    }

    @Test void forecastFeedsPredictionsBack() {
        Model m = compiled(sequential(gru(4), dense(1))).seed(3);
        INDArray hist = randn(5, 2, 6, 1).castTo(DataType.FLOAT);
        INDArray f = m.forecast(hist, 3);
        assertArrayEquals(new long[] {2, 3, 1}, f.shape());
        INDArray first = m.predict(hist);
        assertTrue(f.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()).equalsWithEps(first, 1e-6));
        INDArray next = Nd4j.concat(1, hist.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 6), NDArrayIndex.all()), first.reshape(2, 1, 1));
        assertTrue(f.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all()).equalsWithEps(m.predict(next), 1e-6));
    }

    @Test void summaryCountsParametersLikePyTorch() {
        Model m = sequential(input(50, 32), lstm(64).returnSequences(), gru(32), dense(1));
        String s = printedBy(m::summary);
        // LSTM: 4H(in+H) + 2*4H = 256*96 + 512; GRU: 3*32*(64+32) + 2*96; dense 33.
        assertTrue(s.contains("25,088"), s);
        assertTrue(s.contains("9,408"), s);
        assertTrue(s.contains("(batch, 50, 64)"), s);
        assertTrue(s.contains("(batch, 32)"), s);
        assertEquals(25_088 + 9_408 + 33, m.paramCount());
        ModelSummary table = m.summaryTable();
        assertEquals(4 - 1, table.rows().size());
        assertEquals("25,088", table.rows().get(0).params());
        assertEquals(s, table.text());
    }

    /** What {@code call} prints to System.out. */
    private static String printedBy(Runnable call) {
        var out = System.out;
        var bytes = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            call.run();
        } finally {
            System.setOut(out);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test void summaryPrintsTheTableOnceAndReturnsNothing() throws Exception {
        Model m = sequential(input(5, 2), lstm(3), dense(1));
        String printed = printedBy(m::summary);
        assertEquals(m.summaryTable().text(), printed);
        assertEquals(1, printed.split("Total params", -1).length - 1, printed);
        assertEquals(void.class, Model.class.getMethod("summary").getReturnType(), "println(model.summary()) would print it twice");
    }

    @Test void summarySaysOneUnitNotOneUnits() {
        String text = sequential(input(5, 2), lstm(1).returnSequences(), gru(2), dense(1)).summaryTable().text();
        assertTrue(text.contains("1 unit, sequences"), text);
        assertTrue(text.contains("2 units"), text);
        assertFalse(text.contains("1 units"), text);
    }

    @Test void wrongFeatureCountNamesTheLayerAndShapes() {
        Model m = compiled(sequential(lstm(4), dense(1))).seed(1);
        m.predict(randn(1, 2, 3, 5));
        var e = assertThrows(IllegalArgumentException.class, () -> m.predict(randn(1, 2, 3, 7)));
        assertTrue(e.getMessage().contains("lstm (layer 0)") && e.getMessage().contains("5") && e.getMessage().contains("7"), e.getMessage());
    }

    @Test void sequenceLayerAfterLastStepOutputExplainsTheFix() {
        Model m = compiled(sequential(lstm(4), gru(3)));
        var e = assertThrows(IllegalArgumentException.class, () -> m.predict(randn(1, 2, 3, 5)));
        assertTrue(e.getMessage().contains("returnSequences()"), e.getMessage());
    }

    @Test void wrongTargetShapeIsExplained() {
        Model m = compiled(sequential(lstm(4), dense(2)));
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(randn(1, 4, 3, 5), randn(1, 4, 3), verbose(false)));
        assertTrue(e.getMessage().contains("target y should be [batch 4, 2]"), e.getMessage());
    }

    @Test void invalidHyperparametersAreRejectedAtDeclaration() {
        assertThrows(IllegalArgumentException.class, () -> lstm(0));
        assertThrows(IllegalArgumentException.class, () -> dropout(1.0));
        assertThrows(IllegalArgumentException.class, () -> simpleRnn(3, "sigmoid"));
        assertThrows(IllegalArgumentException.class, () -> dense(2, "swish"));
        assertThrows(IllegalArgumentException.class, () -> epochs(0));
        assertThrows(IllegalArgumentException.class, () -> validationSplit(1.5));
    }

    @Test void nonFiniteGradientStopsBeforeTheUpdateAndKeepsTheWeights() {
        Model m = sequential(lstm(3), dense(1)).seed(1);
        m.compile(sgd(0.1), new io.github.recur.train.Loss() {
            public String name() { return "finite_loss_nan_gradient"; }
            public double compute(INDArray pred, INDArray target, INDArray weights, INDArray grad) {
                if (grad != null) grad.assign(Double.NaN);
                return 1.0;
            }
        });
        INDArray x = randn(1, 4, 5, 2).castTo(DataType.FLOAT);
        m.build(2);
        Map<String, INDArray> before = m.weights();
        var e = assertThrows(TrainingDivergedException.class, () -> m.fit(x, randn(2, 4, 1).castTo(DataType.FLOAT), verbose(false)));
        assertTrue(e.getMessage().contains("gradient of 0.weight_ih_l0 became NaN") && e.getMessage().contains("clipNorm"), e.getMessage());
        for (var w : before.entrySet()) assertEquals(w.getValue(), m.weights().get(w.getKey()), w.getKey());
    }

    @Test void divergingLossStopsWithAdvice() {
        Model m = compiled(sequential(simpleRnn(4, "relu"), dense(1))).seed(1);
        m.optimizer().learningRate(1e6);
        INDArray x = randn(1, 8, 5, 2).muli(100).castTo(DataType.FLOAT);
        var e = assertThrows(TrainingDivergedException.class, () -> m.fit(x, randn(2, 8, 1).castTo(DataType.FLOAT), epochs(50), verbose(false)));
        assertTrue(e.getMessage().contains("lower learning rate") && e.getMessage().contains("clipNorm"), e.getMessage());
        assertNotNull(e.history());
    }

    @Test void weightsRoundTripAndMismatchLeavesModelUnchanged() {
        Model a = compiled(sequential(bidirectional(gru(3).returnSequences()), dense(2))).seed(1);
        a.predict(randn(1, 1, 4, 2));
        Map<String, INDArray> w = a.weights();
        assertTrue(w.containsKey("0.weight_hh_l0_reverse"), w.keySet().toString());
        Model b = compiled(sequential(bidirectional(gru(3).returnSequences()), dense(2))).seed(99);
        b.loadWeights(w); // unbuilt: input size taken from 0.weight_ih_l0
        assertEquals(a.predict(randn(1, 1, 4, 2)), b.predict(randn(1, 1, 4, 2)));
        var bad = new java.util.LinkedHashMap<>(w);
        bad.put("1.weight", Nd4j.zeros(DataType.FLOAT, 3, 6));
        Map<String, INDArray> before = b.weights();
        var e = assertThrows(IllegalArgumentException.class, () -> b.loadWeights(bad));
        assertTrue(e.getMessage().contains("1.weight should be [2, 6] but is [3, 6]"), e.getMessage());
        assertEquals(before, b.weights());
    }

    @Test void tbpttWindowLongerThanTheSeriesStillTrains() {
        Model m = compiled(sequential(lstm(3).returnSequences(), dense(1))).seed(1);
        INDArray x = randn(1, 4, 5, 2).castTo(DataType.FLOAT), y = randn(2, 4, 5, 1).castTo(DataType.FLOAT);
        m.build(2);
        INDArray before = m.weights().get("0.weight_ih_l0");
        History h = m.fit(x, y, epochs(1), tbptt(50), verbose(false));
        assertEquals(1, h.epochs());
        assertNotEquals(before, m.weights().get("0.weight_ih_l0"));
    }

    @Test void tbpttUpdatesOncePerWindow() {
        Model m = compiled(sequential(gru(3).returnSequences(), dense(1))).seed(1);
        INDArray x = randn(1, 4, 6, 2).castTo(DataType.FLOAT), y = randn(2, 4, 6, 1).castTo(DataType.FLOAT);
        int[] updates = {0};
        m.compile(new CountingSgd(updates), m.loss());
        m.fit(x, y, epochs(1), batchSize(4), tbptt(2), verbose(false));
        assertEquals(3, updates[0]);
    }

    private static final class CountingSgd implements io.github.recur.train.Optimizer {
        private final int[] count;
        CountingSgd(int[] count) { this.count = count; }
        public double step(java.util.List<io.github.recur.layers.Param> params) { count[0]++; return 0; }
        public double learningRate() { return 0.1; }
        public void learningRate(double lr) {}
        public String describe() { return "counting"; }
        public Map<String, Object> config() { return Map.of(); }
        public Map<String, INDArray> state() { return Map.of(); }
        public void loadState(Map<String, INDArray> s) {}
    }
}
