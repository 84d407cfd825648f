package io.github.recur.layers;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.recur.model.Model;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * FLOAT models take the cells' float[] paths (FastMath's exp); DOUBLE models the exact ones that the
 * finite-difference and PyTorch checks cover. Both must agree to float rounding, forward and backward.
 */
class FloatCellPathTest {
    private static void agree(Supplier<Layer> layer) {
        INDArray x = randn(5, 6, 30, 4).muli(2); // wide enough to reach saturated gates
        Model d = sequential(layer.get(), dense(3)).dataType(DataType.DOUBLE).seed(3);
        Model f = sequential(layer.get(), dense(3)).dataType(DataType.FLOAT).seed(3);
        INDArray yd = d.predict(x), yf = f.predict(x.castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, yf.dataType());
        double worst = 0;
        for (long i = 0; i < yd.length(); i++) worst = Math.max(worst, Math.abs(yd.getDouble(i) - yf.getDouble(i)));
        assertEquals(0.0, worst, 2e-5, "largest float/double difference over " + yd.length() + " outputs");
    }

    @Test void lstmFloatPathMatchesDoublePath() { agree(() -> lstm(16).returnSequences()); }
    @Test void gruFloatPathMatchesDoublePath() { agree(() -> gru(16).returnSequences()); }
    @Test void simpleRnnTanhFloatPathMatchesDoublePath() { agree(() -> simpleRnn(16).returnSequences()); }
    @Test void simpleRnnReluFloatPathMatchesDoublePath() { agree(() -> simpleRnn(16, "relu").returnSequences()); }

    /** Same weights in both precisions; backward through 30 steps; every gradient compared, relative to its scale. */
    private static void backwardAgrees(Supplier<Recurrent> layer) {
        Recurrent d = layer.get(), f = layer.get();
        d.build(4, new Random(7), DataType.DOUBLE, "");
        f.build(4, new Random(7), DataType.FLOAT, "");
        for (int i = 0; i < d.params().size(); i++) {
            d.params().get(i).value().addi(randn(11 + i, d.params().get(i).value().shape()).muli(0.3));
            f.params().get(i).value().assign(d.params().get(i).value());
        }
        INDArray x = randn(5, 30, 6, 4).muli(2); // [time, batch, features], saturating some gates
        d.recordStateGradientNorms(true);
        f.recordStateGradientNorms(true);
        INDArray yd = d.forward(x, null, true, new Random(1));
        f.forward(x.castTo(DataType.FLOAT), null, true, new Random(1));
        INDArray g = randn(9, yd.shape());
        INDArray dxd = d.backward(g), dxf = f.backward(g.castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, dxf.dataType());
        close("input gradient", dxd, dxf);
        for (int i = 0; i < d.params().size(); i++) {
            close(d.params().get(i).name() + " gradient", d.params().get(i).grad(), f.params().get(i).grad());
        }
        double[] nd = d.stateGradientNorms(), nf = f.stateGradientNorms();
        for (int t = 0; t < nd.length; t++) assertEquals(nd[t], nf[t], 1e-4 * (1 + nd[t]), "state gradient norm at step " + t);
    }

    private static void close(String what, INDArray expected, INDArray actual) {
        double scale = 1, worst = 0;
        for (long i = 0; i < expected.length(); i++) scale = Math.max(scale, Math.abs(expected.getDouble(i)));
        for (long i = 0; i < expected.length(); i++) worst = Math.max(worst, Math.abs(expected.getDouble(i) - actual.getDouble(i)));
        assertEquals(0.0, worst / scale, 1e-4, "largest float/double difference in the " + what + " (scale " + scale + ")");
    }

    @Test void lstmFloatBackwardMatchesDoubleBackward() { backwardAgrees(() -> lstm(16)); }
    @Test void lstmSequenceFloatBackwardMatchesDoubleBackward() { backwardAgrees(() -> lstm(16).returnSequences()); }
    @Test void gruFloatBackwardMatchesDoubleBackward() { backwardAgrees(() -> gru(16).returnSequences()); }
    @Test void simpleRnnTanhFloatBackwardMatchesDoubleBackward() { backwardAgrees(() -> simpleRnn(16).returnSequences()); }
    @Test void simpleRnnReluFloatBackwardMatchesDoubleBackward() { backwardAgrees(() -> simpleRnn(16, "relu")); }
}
