package io.github.recur.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MetricsTest {
    static INDArray d(double[][] v) {
        return Nd4j.create(v).castTo(DataType.DOUBLE);
    }

    @Test
    void binaryAccuracyThresholdsProbabilitiesAtHalfAndLogitsAtZero() {
        INDArray pred = d(new double[][] {{0.7}, {0.4}, {-0.2}, {0.55}});
        INDArray target = d(new double[][] {{1}, {0}, {1}, {0}});
        // Probabilities: predicted 1,0,0,1 vs 1,0,1,0 -> 2 of 4.
        assertArrayEquals(new double[] {2, 4}, new Accuracy().sumAndWeight(pred, target, null), 0.0);
        // Logits: predicted 1,1,0,1 vs 1,0,1,0 -> 1 of 4.
        assertArrayEquals(new double[] {1, 4}, new Accuracy(true).sumAndWeight(pred, target, null), 0.0);
        assertArrayEquals(new double[] {1, 4}, new Accuracy().fromLogits().sumAndWeight(pred, target, null), 0.0);
    }

    @Test
    void categoricalAndSparseAccuracyCompareArgmaxes() {
        INDArray pred = d(new double[][] {{0.1, 0.8, 0.1}, {0.6, 0.3, 0.1}, {0.2, 0.2, 0.6}});
        INDArray onehot = d(new double[][] {{0, 1, 0}, {0, 1, 0}, {0, 0, 1}});
        INDArray idx = d(new double[][] {{1}, {1}, {2}});
        assertArrayEquals(new double[] {2, 3}, new Accuracy().sumAndWeight(pred, onehot, null), 0.0);
        assertArrayEquals(new double[] {2, 3}, new Accuracy().sumAndWeight(pred, idx, null), 0.0);
        // The masked wrong row 1 does not count; row 2 counts twice.
        INDArray w = Nd4j.createFromArray(1.0, 0.0, 2.0);
        assertArrayEquals(new double[] {3, 3}, new Accuracy().sumAndWeight(pred, idx, w), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new Accuracy().sumAndWeight(pred, Nd4j.zeros(3, 2), null));
    }

    @Test
    void regressionMetricsWeightRowMeans() {
        INDArray pred = d(new double[][] {{1, 2}, {3, 5}, {0, 0}});
        INDArray target = d(new double[][] {{0, 2}, {1, 1}, {9, 9}});
        INDArray w = Nd4j.createFromArray(1.0, 1.0, 0.0);
        // Row MAE: 0.5, 3, (masked). Row MSE: 0.5, 10.
        assertArrayEquals(new double[] {3.5, 2}, new MeanAbsoluteErrorMetric().sumAndWeight(pred, target, w), 1e-12);
        assertArrayEquals(new double[] {10.5, 2}, new MeanSquaredErrorMetric().sumAndWeight(pred, target, w), 1e-12);
        RootMeanSquaredError rmse = new RootMeanSquaredError();
        double[] sw = rmse.sumAndWeight(pred, target, w);
        assertEquals(Math.sqrt(10.5 / 2), rmse.finish(sw[0] / sw[1]), 1e-12);
        assertArrayEquals(new double[] {10.5 + 81, 3}, new MeanSquaredErrorMetric().sumAndWeight(pred, target, null), 1e-12);
        assertEquals("mae", new MeanAbsoluteErrorMetric().name());
        assertEquals("mse", new MeanSquaredErrorMetric().name());
        assertEquals("rmse", rmse.name());
        assertEquals("accuracy", new Accuracy().name());
    }

    @Test
    void metricsWorkOnFloatPredictionsWithDoubleTargets() {
        INDArray pred = d(new double[][] {{1, 2}, {3, 5}}).castTo(DataType.FLOAT);
        INDArray target = d(new double[][] {{0, 2}, {1, 1}});
        assertArrayEquals(new double[] {3.5, 2}, new MeanAbsoluteErrorMetric().sumAndWeight(pred, target, null), 1e-6);
        var e = assertThrows(IllegalArgumentException.class, () -> new MeanAbsoluteErrorMetric().sumAndWeight(pred, Nd4j.zeros(2, 3), null));
        assertEquals("mae: target shape [2, 3] does not match prediction shape [2, 2]", e.getMessage());
    }
}
