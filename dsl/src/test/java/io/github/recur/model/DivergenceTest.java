package io.github.recur.model;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** After a diverged fit the model holds weights that predict finite values, and the exception says which. */
class DivergenceTest {
    /** A ReLU RNN driven by SGD with momentum at a rate that overshoots: the loss runs away within a few epochs. */
    @Test void divergedModelIsBackToWeightsThatPredictFiniteValues() {
        INDArray x = randn(1, 64, 40, 3).muli(3).castTo(DataType.FLOAT);
        INDArray y = x.sum(1).sum(1).reshape(64, 1).muli(10);
        Model m = sequential(simpleRnn(16, "relu"), dense(1)).seed(1);
        m.compile(sgd(3e-3).momentum(0.9), mse());
        var e = assertThrows(TrainingDivergedException.class, () -> m.fit(x, y, epochs(50), batchSize(8), verbose(false)));
        assertTrue(e.getMessage().contains("back to the weights that gave the last finite loss"), e.getMessage());
        assertTrue(e.getMessage().contains("compile again"), e.getMessage());
        assertTrue(e.restoredEpoch() >= 1 && e.restoredBatch() >= 1, e.restoredEpoch() + "/" + e.restoredBatch());
        for (var w : m.weights().values()) assertTrue(Double.isFinite(w.sumNumber().doubleValue()), "a weight is not finite");
        INDArray p = m.predict(x);
        assertTrue(Double.isFinite(p.sumNumber().doubleValue()), "predictions are not finite: " + p);
        assertTrue(Double.isFinite(m.evaluate(x, y).get("loss")));
    }

    @Test void lossThatIsNotFiniteBeforeAnyUpdateLeavesTheStartingWeightsAndSaysSo() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 4, 5, 2).muli(1e30f);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 1);
        Model m = sequential(simpleRnn(8, "relu"), dense(1)).seed(2);
        m.compile(sgd(0.01), mse());
        m.build(2);
        Map<String, INDArray> before = m.weights();
        var e = assertThrows(TrainingDivergedException.class, () -> m.fit(x, y, epochs(2), verbose(false)));
        assertTrue(e.getMessage().contains("weights this fit started from"), e.getMessage());
        assertEquals(0, e.restoredEpoch());
        m.weights().forEach((k, v) -> assertEquals(before.get(k), v, k));
    }
}
