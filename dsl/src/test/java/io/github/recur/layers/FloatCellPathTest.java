package io.github.recur.layers;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.recur.Model;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * FLOAT models take the cells' float[] paths (FastMath's exp); DOUBLE models the exact ones that the
 * finite-difference and PyTorch checks cover. Both must agree to float rounding.
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
}
