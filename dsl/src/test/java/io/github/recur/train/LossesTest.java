package io.github.recur.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LossesTest {
    // The same P/T/X/Y as dsl/src/test/resources/torch_reference_train.py.
    static final double[][] P = {{0.3, -1.2, 2.0}, {1.5, 0.1, -0.4}};
    static final double[][] T = {{0.0, -1.0, 3.5}, {1.0, 0.4, -0.4}};
    static final double[][] Y01 = {{0.0, 1.0, 1.0}, {1.0, 0.0, 1.0}};

    static INDArray d(double[][] v) {
        return Nd4j.create(v).castTo(DataType.DOUBLE);
    }

    static INDArray d(double... v) {
        return Nd4j.createFromArray(v);
    }

    static double value(Loss loss, INDArray pred, INDArray target) {
        return loss.compute(pred, target, null, null);
    }

    // ---- values against references ----

    @Test
    void mseMaeHuberMatchPyTorchMeanReduction() {
        // torch.nn.functional.{mse_loss, l1_loss, huber_loss(delta=1 / 0.5)}(P, T) in float64.
        assertEquals(0.45333333333333337, value(new MeanSquaredError(), d(P), d(T)), 1e-12);
        assertEquals(0.4666666666666666, value(new MeanAbsoluteError(), d(P), d(T)), 1e-12);
        assertEquals(0.20583333333333334, value(new Huber(), d(P), d(T)), 1e-12);
        assertEquals(0.14333333333333334, value(new Huber(0.5), d(P), d(T)), 1e-12);
    }

    @Test
    void crossEntropiesMatchPyTorch() {
        // binary_cross_entropy_with_logits(P, Y01); binary_cross_entropy(sigmoid(P), Y01).
        assertEquals(0.7172318188843012, value(new BinaryCrossentropy().fromLogits(), d(P), d(Y01)), 1e-12);
        INDArray probs = org.nd4j.linalg.ops.transforms.Transforms.sigmoid(d(P), true);
        assertEquals(0.7172318188843011, value(new BinaryCrossentropy(), probs, d(Y01)), 1e-9);
        // cross_entropy(P, tensor([2, 0])).
        assertEquals(0.2677004274204451, value(new SparseCategoricalCrossentropy().fromLogits(), d(P), d(new double[][] {{2}, {0}})), 1e-12);
        assertEquals(0.2677004274204451, value(new CategoricalCrossentropy().fromLogits(), d(P), d(new double[][] {{0, 0, 1}, {1, 0, 0}})), 1e-12);
    }

    @Test
    void weightedMeanMatchesHandComputedRowLosses() {
        // Row MSEs of P vs T: row0 = (0.09 + 0.04 + 2.25) / 3, row1 = (0.25 + 0.09 + 0) / 3.
        double r0 = (0.09 + 0.04 + 2.25) / 3, r1 = (0.25 + 0.09) / 3;
        double expected = (2 * r0 + 0.5 * r1) / 2.5;
        assertEquals(expected, new MeanSquaredError().compute(d(P), d(T), d(2.0, 0.5), null), 1e-12);
        // Categorical cross-entropy on probabilities sums over classes: -log(0.7) for row 0, -log(0.2) for row 1.
        INDArray probs = d(new double[][] {{0.1, 0.7, 0.2}, {0.2, 0.5, 0.3}});
        INDArray onehot = d(new double[][] {{0, 1, 0}, {1, 0, 0}});
        assertEquals((-Math.log(0.7) - Math.log(0.2)) / 2, value(new CategoricalCrossentropy(), probs, onehot), 1e-12);
        assertEquals((-Math.log(0.7) - Math.log(0.2)) / 2,
                value(new SparseCategoricalCrossentropy(), probs, d(new double[][] {{1}, {0}})), 1e-12);
    }

    @Test
    void maskedRowsDoNotContributeToValueOrGradient() {
        Random rnd = new Random(1);
        INDArray pred = random(rnd, 4, 3, 2.0);
        INDArray target = random(rnd, 4, 3, 2.0);
        INDArray w = d(1, 0, 1, 0);
        INDArray grad = pred.ulike();
        double masked = new MeanSquaredError().compute(pred, target, w, grad);
        INDArray kept = Nd4j.concat(0, pred.getRow(0, true), pred.getRow(2, true));
        INDArray keptT = Nd4j.concat(0, target.getRow(0, true), target.getRow(2, true));
        assertEquals(value(new MeanSquaredError(), kept, keptT), masked, 1e-12);
        assertEquals(0.0, grad.getRow(1).norm2Number().doubleValue());
        assertEquals(0.0, grad.getRow(3).norm2Number().doubleValue());
    }

    @Test
    void fullyMaskedBatchGivesZeroLossAndZeroGradient() {
        INDArray grad = Nd4j.ones(DataType.DOUBLE, 2, 3);
        assertEquals(0.0, new MeanSquaredError().compute(d(P), d(T), d(0, 0), grad));
        assertEquals(0.0, grad.sumNumber().doubleValue());
    }

    // ---- gradients against central finite differences ----

    static List<Loss> allLosses() {
        return List.of(new MeanSquaredError(), new MeanAbsoluteError(), new Huber(), new Huber(0.3),
                new BinaryCrossentropy(), new BinaryCrossentropy().fromLogits(),
                new CategoricalCrossentropy(), new CategoricalCrossentropy().fromLogits(),
                new SparseCategoricalCrossentropy(), new SparseCategoricalCrossentropy().fromLogits());
    }

    @Test
    void everyLossGradientMatchesFiniteDifferencesWithMaskedRows() {
        Random rnd = new Random(42);
        int n = 5, c = 4;
        INDArray weights = d(1, 0, 2, 1, 0.5);
        for (Loss loss : allLosses()) {
            INDArray pred;
            INDArray target;
            String name = loss.toString();
            if (name.startsWith("binary_crossentropy")) {
                pred = name.contains("Logits") ? random(rnd, n, c, 3.0) : uniform(rnd, n, c, 0.05, 0.95);
                target = uniform(rnd, n, c, 0, 1); // soft targets exercise the general formula
            } else if (name.startsWith("categorical") || name.startsWith("sparse")) {
                pred = name.contains("Logits") ? random(rnd, n, c, 3.0) : uniform(rnd, n, c, 0.1, 1.0);
                double[][] idx = new double[n][1];
                double[][] hot = new double[n][c];
                for (int i = 0; i < n; i++) {
                    idx[i][0] = rnd.nextInt(c);
                    hot[i][(int) idx[i][0]] = 1;
                }
                target = loss.sparseTargets() ? d(idx) : d(hot);
            } else {
                pred = random(rnd, n, c, 2.0);
                target = random(rnd, n, c, 2.0);
            }
            checkGradient(loss, pred, target, weights);
            checkGradient(loss, pred, target, null);
        }
    }

    static void checkGradient(Loss loss, INDArray pred, INDArray target, INDArray weights) {
        INDArray grad = pred.ulike();
        loss.compute(pred, target, weights, grad);
        double h = 1e-6;
        for (int i = 0; i < pred.rows(); i++) {
            for (int j = 0; j < pred.columns(); j++) {
                double orig = pred.getDouble(i, j);
                pred.putScalar(i, j, orig + h);
                double up = loss.compute(pred, target, weights, null);
                pred.putScalar(i, j, orig - h);
                double down = loss.compute(pred, target, weights, null);
                pred.putScalar(i, j, orig);
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, grad.getDouble(i, j), 1e-6,
                        loss + " d/dpred[" + i + "," + j + "] weights=" + (weights != null));
            }
        }
    }

    // ---- stability, dtype, errors ----

    @Test
    void logitLossesStayFiniteAtLogitsOfPlusMinus100() {
        INDArray x = d(new double[][] {{100, -100, 0}, {-100, 100, 50}});
        INDArray y = d(new double[][] {{0, 1, 1}, {1, 0, 0}});
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray xd = x.castTo(dt);
            for (Loss loss : List.of(new BinaryCrossentropy().fromLogits(), new CategoricalCrossentropy().fromLogits())) {
                INDArray grad = xd.ulike();
                double v = loss.compute(xd, y, null, grad);
                assertTrue(Double.isFinite(v), loss + " " + dt + " value " + v);
                assertFalse(grad.isNaN().any() || grad.isInfinite().any(), loss + " " + dt + " gradient " + grad);
            }
            // Binary: row0 col0 costs softplus(100) = 100, col1 softplus(100) = 100, col2 log 2.
            double bce = new BinaryCrossentropy().fromLogits().compute(xd, y, null, null);
            assertEquals((100 + 100 + Math.log(2) + 100 + 100 + 50) / 6, bce, dt == DataType.FLOAT ? 1e-4 : 1e-9);
        }
    }

    @Test
    void probabilityLossesClipZeroAndOneLikeKeras() {
        INDArray p = d(new double[][] {{0.0, 1.0}});
        INDArray y = d(new double[][] {{1.0, 0.0}});
        INDArray grad = p.ulike();
        double v = new BinaryCrossentropy().compute(p, y, null, grad);
        assertEquals(-Math.log(BinaryCrossentropy.EPSILON), v, 1e-6);
        assertFalse(grad.isNaN().any() || grad.isInfinite().any());
        assertTrue(grad.getDouble(0, 0) < 0 && grad.getDouble(0, 1) > 0, "saturated outputs still get a gradient: " + grad);
        double cce = new CategoricalCrossentropy().compute(d(new double[][] {{0.0, 1.0}}), y, null, null);
        assertEquals(-Math.log(BinaryCrossentropy.EPSILON), cce, 1e-6);
    }

    @Test
    void floatPredictionsAreComputedInFloat() {
        Random rnd = new Random(3);
        INDArray pred = random(rnd, 3, 2, 1.0);
        INDArray target = random(rnd, 3, 2, 1.0);
        INDArray f = pred.castTo(DataType.FLOAT);
        INDArray grad = f.ulike();
        double vf = new Huber().compute(f, target, d(1, 1, 0), grad);
        double vd = new Huber().compute(pred, target, d(1, 1, 0), null);
        assertEquals(DataType.FLOAT, grad.dataType());
        assertEquals(vd, vf, 1e-6);
    }

    @Test
    void sparseTargetOutOfRangeNamesValueAndClassCount() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SparseCategoricalCrossentropy()
                .compute(d(P), d(new double[][] {{1}, {3}}), null, null));
        assertTrue(e.getMessage().contains("3.0") && e.getMessage().contains("3 classes") && e.getMessage().contains("row 1"),
                e.getMessage());
        var neg = assertThrows(IllegalArgumentException.class, () -> new SparseCategoricalCrossentropy()
                .compute(d(P), d(new double[][] {{-1}, {0}}), null, null));
        assertTrue(neg.getMessage().contains("-1.0"), neg.getMessage());
        var shape = assertThrows(IllegalArgumentException.class, () -> new SparseCategoricalCrossentropy()
                .compute(d(P), d(T), null, null));
        assertTrue(shape.getMessage().contains("categorical_crossentropy"), shape.getMessage());
        assertTrue(new SparseCategoricalCrossentropy().sparseTargets());
        assertFalse(new CategoricalCrossentropy().sparseTargets());
    }

    @Test
    void mismatchedShapesAndBadWeightsAreRejectedWithTheirShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().compute(d(P), Nd4j.zeros(DataType.DOUBLE, 2, 2), null, null));
        assertTrue(e.getMessage().contains("[2, 2]") && e.getMessage().contains("[2, 3]"), e.getMessage());
        var w = assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().compute(d(P), d(T), d(1, 1, 1), null));
        assertTrue(w.getMessage().contains("one value per row (2)"), w.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError().compute(d(P), d(T), d(1, -1), null));
        assertThrows(IllegalArgumentException.class, () -> new Huber(0));
    }

    @Test
    void namesAndLogitVariantsAreKerasLikeAndImmutable() {
        assertEquals("mse", new MeanSquaredError().name());
        assertEquals("mae", new MeanAbsoluteError().name());
        assertEquals("huber", new Huber().name());
        assertEquals("binary_crossentropy", new BinaryCrossentropy().name());
        assertEquals("categorical_crossentropy", new CategoricalCrossentropy().name());
        assertEquals("sparse_categorical_crossentropy", new SparseCategoricalCrossentropy().name());
        BinaryCrossentropy probs = new BinaryCrossentropy();
        BinaryCrossentropy logits = probs.fromLogits();
        assertFalse(probs.isFromLogits());
        assertTrue(logits.isFromLogits());
    }

    static INDArray random(Random rnd, int n, int c, double scale) {
        double[][] v = new double[n][c];
        for (double[] row : v) for (int j = 0; j < c; j++) row[j] = scale * rnd.nextGaussian();
        return d(v);
    }

    static INDArray uniform(Random rnd, int n, int c, double lo, double hi) {
        double[][] v = new double[n][c];
        for (double[] row : v) for (int j = 0; j < c; j++) row[j] = lo + (hi - lo) * rnd.nextDouble();
        return d(v);
    }
}
