package io.github.recur.model;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@code seed(42)} gives the same result whether or not something built the model before fit. */
class ReproducibilityTest {
    private static final INDArray X = randn(1, 24, 6, 2).castTo(DataType.FLOAT);
    private static final INDArray Y = randn(2, 24, 1).castTo(DataType.FLOAT);

    private static Map<String, INDArray> trainedAfter(Consumer<Model> before) {
        Model m = sequential(lstm(5), dropout(0.2), dense(1));
        m.compile(adam(0.01), mse());
        before.accept(m);
        m.fit(X, Y, epochs(3), batchSize(8), seed(42), verbose(false));
        return m.weights();
    }

    private static void assertSameWeights(Map<String, INDArray> a, Map<String, INDArray> b) {
        for (String k : a.keySet()) assertEquals(a.get(k), b.get(k), k);
    }

    @Test void seedReproducesWhenAnEarlierPredictBuiltTheModel() {
        assertSameWeights(trainedAfter(m -> {}), trainedAfter(m -> m.predict(X)));
    }

    @Test void seedReproducesWhenAnEarlierStepBuiltTheModelAndLeftItStateful() {
        INDArray firstStep = X.get(NDArrayIndex.interval(0, 24), NDArrayIndex.point(0), NDArrayIndex.all()).dup();
        assertSameWeights(trainedAfter(m -> {}), trainedAfter(m -> { m.step(firstStep); m.step(firstStep); }));
    }

    @Test void modelSeedAfterBuildingDrawsTheInitialWeightsAgain() {
        Model early = sequential(lstm(5), dense(1)).seed(7).build(2);
        Model late = sequential(lstm(5), dense(1)).build(2).seed(7);
        assertSameWeights(early.weights(), late.weights());
    }

    @Test void seedKeepsLoadedWeights() {
        Model source = sequential(lstm(5), dense(1)).seed(3).build(2);
        Model m = sequential(lstm(5), dense(1)).build(2);
        m.loadWeights(source.weights());
        m.seed(9);
        assertSameWeights(source.weights(), m.weights());
    }

    @Test void seedKeepsTrainedWeightsSoASecondFitContinues() {
        Model m = sequential(lstm(5), dense(1));
        m.compile(adam(0.01), mse());
        m.fit(X, Y, epochs(1), seed(42), verbose(false));
        Map<String, INDArray> trained = m.weights();
        m.seed(42);
        assertSameWeights(trained, m.weights());
    }
}
