package io.github.recur.model;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.*;

import io.github.recur.data.SequenceData;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Empty, non-finite and badly masked input gets a clear error before anything runs or changes. */
class DataChecksTest {
    private static Model compiledLstm() {
        Model m = sequential(lstm(4), dense(1)).seed(1);
        m.compile(adam(), mse());
        return m;
    }

    private static String refused(Executable call, String... mustContain) {
        var e = assertThrows(IllegalArgumentException.class, call);
        for (String s : mustContain) assertTrue(e.getMessage().contains(s), "'" + s + "' missing from: " + e.getMessage());
        return e.getMessage();
    }

    @Test void predictOnZeroTimeStepsNamesTheAxisInsteadOfAnNd4jCrash() {
        Model m = compiledLstm();
        refused(() -> m.predict(Nd4j.zeros(DataType.FLOAT, 16, 0, 3)), "predict", "x [16, 0, 3]", "0 time steps");
    }

    @Test void fitWithZeroTimeStepsIsRefusedAndLeavesTheModelUnbuilt() {
        Model m = compiledLstm();
        refused(() -> m.fit(Nd4j.zeros(DataType.FLOAT, 8, 0, 3), Nd4j.zeros(DataType.FLOAT, 8, 1), verbose(false)), "fit", "0 time steps");
        assertFalse(m.isBuilt());
    }

    @Test void fitOnZeroSamplesIsRefusedRatherThanReturningAnEmptyHistory() {
        Model m = compiledLstm();
        refused(() -> m.fit(Nd4j.zeros(DataType.FLOAT, 0, 5, 3), Nd4j.zeros(DataType.FLOAT, 0, 1), verbose(false)), "fit", "0 samples");
        refused(() -> m.evaluate(Nd4j.zeros(DataType.FLOAT, 0, 5, 3), Nd4j.zeros(DataType.FLOAT, 0, 1)), "evaluate", "0 samples");
        refused(() -> m.predict(Nd4j.zeros(DataType.FLOAT, 0, 5, 3)), "predict", "0 samples");
    }

    @Test void nanInPredictInputIsNamedBySampleStepAndFeature() {
        Model m = compiledLstm();
        INDArray x = randn(1, 3, 5, 2).castTo(DataType.FLOAT);
        x.putScalar(new long[] {2, 4, 1}, Float.NaN);
        refused(() -> m.predict(x), "predict", "NaN", "sample 2, step 4, feature 1");
    }

    @Test void nanInOneStepOfGenerationIsNamed() {
        Model m = compiledLstm();
        m.step(Nd4j.ones(DataType.FLOAT, 2, 2));
        INDArray xt = Nd4j.ones(DataType.FLOAT, 2, 2);
        xt.putScalar(1, 0, Float.NaN);
        refused(() -> m.step(xt), "step: x has NaN", "sample 1, column 0");
    }

    @Test void infinityInEvaluateTargetsIsNamed() {
        Model m = compiledLstm();
        INDArray y = Nd4j.zeros(DataType.FLOAT, 3, 1);
        y.putScalar(1, 0, Float.POSITIVE_INFINITY);
        refused(() -> m.evaluate(randn(1, 3, 5, 2), y), "evaluate", "y has Infinity", "sample 1");
    }

    @Test void nanInTrainingDataIsRefusedBeforeAnyUpdate() {
        Model m = compiledLstm();
        INDArray x = randn(2, 20, 5, 2).castTo(DataType.FLOAT);
        x.putScalar(new long[] {19, 0, 0}, Float.NaN);
        m.build(2);
        Map<String, INDArray> before = m.weights();
        refused(() -> m.fit(x, Nd4j.zeros(DataType.FLOAT, 20, 1), batchSize(4), verbose(false)), "fit", "sample 19, step 0, feature 0");
        m.weights().forEach((k, v) -> assertEquals(before.get(k), v, k));
    }

    @Test void allZeroMaskIsAClearErrorInsteadOfANanLoss() {
        Model m = compiledLstm();
        INDArray x = randn(3, 4, 5, 2), y = Nd4j.zeros(4, 1);
        refused(() -> m.fit(new SequenceData(x, y, Nd4j.zeros(4, 5)), verbose(false)), "fit", "4 of 4 sequences have no real step");
        INDArray oneEmpty = Nd4j.ones(4, 5);
        oneEmpty.getRow(2).assign(0);
        refused(() -> m.predict(x, oneEmpty), "predict", "1 of 4 sequences", "sample 2");
    }

    @Test void maskValuesOtherThanZeroAndOneAreRefused() {
        Model m = compiledLstm();
        INDArray mask = Nd4j.ones(2, 5);
        mask.putScalar(1, 3, 0.5);
        refused(() -> m.predict(randn(4, 2, 5, 2), mask), "mask[1, 3] is 0.5");
    }

    @Test void maskOfTheWrongShapeNamesBothShapes() {
        Model m = compiledLstm();
        refused(() -> m.predict(randn(4, 2, 5, 2), Nd4j.ones(2, 4)), "mask must be [batch, time] = [2, 5]", "[2, 4]");
    }

    @Test void nullArgumentsNameTheArgument() {
        Model m = compiledLstm();
        refused(() -> m.predict((INDArray) null), "predict: x is null");
        refused(() -> m.step(null), "step: x is null");
        refused(() -> m.evaluate(randn(1, 2, 3, 2), null), "evaluate: y is null");
        refused(() -> m.fit((SequenceData) null), "fit: data is null");
        refused(() -> m.fit(randn(1, 2, 3, 2), Nd4j.zeros(2, 1), (io.github.recur.model.FitOption) null), "fit: option 0 is null");
        refused(() -> m.forecast(null, 3), "forecast: history is null");
        refused(() -> m.loadWeights((java.nio.file.Path) null), "loadWeights: path is null");
        refused(() -> m.save(null), "save: path is null");
    }
}
