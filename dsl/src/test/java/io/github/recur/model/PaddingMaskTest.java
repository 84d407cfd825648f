package io.github.recur.model;

import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.*;

import io.github.recur.data.SequenceData;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A mask used in training is remembered: a model never silently reads padding it was trained to skip. */
class PaddingMaskTest {
    @TempDir Path tmp;

    /** Sequences of real lengths 2..6 padded to 8 with a padding value that is not 0 (so only the mask tells). */
    private static SequenceData padded(int n, long seed) {
        Random r = new Random(seed);
        float[][][] x = new float[n][8][1];
        float[][] mask = new float[n][8];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            int len = 2 + r.nextInt(5);
            float sum = 0;
            for (int t = 0; t < 8; t++) {
                if (t < len) {
                    x[i][t][0] = (float) r.nextGaussian();
                    mask[i][t] = 1;
                    sum += x[i][t][0];
                } else {
                    x[i][t][0] = 5f; // padding
                }
            }
            y[i][0] = sum / len;
        }
        return new SequenceData(Nd4j.createFromArray(x), Nd4j.createFromArray(y), Nd4j.createFromArray(mask));
    }

    private static Model trainedOn(SequenceData data) {
        Model m = sequential(gru(4), dense(1)).seed(1);
        m.compile(adam(0.01), mse());
        m.fit(data, epochs(1), batchSize(16), verbose(false));
        return m;
    }

    @Test void modelTrainedWithAMaskRefusesToPredictWithoutOneAndSaysHowToPassIt() {
        SequenceData data = padded(32, 1);
        Model m = trainedOn(data);
        var e = assertThrows(IllegalArgumentException.class, () -> m.predict(data.x()));
        assertTrue(e.getMessage().contains("trained with a padding mask"), e.getMessage());
        assertTrue(e.getMessage().contains("model.predict(x, mask)"), e.getMessage());
        assertTrue(e.getMessage().contains("maskZero()"), e.getMessage());
        assertEquals(32, m.predict(data.x(), data.mask()).size(0));
    }

    @Test void modelTrainedWithAMaskRefusesToEvaluateRawArraysButEvaluatesMaskedData() {
        SequenceData data = padded(32, 2);
        Model m = trainedOn(data);
        var e = assertThrows(IllegalArgumentException.class, () -> m.evaluate(data.x(), data.y()));
        assertTrue(e.getMessage().contains("evaluate"), e.getMessage());
        assertTrue(e.getMessage().contains("new SequenceData(x, y, mask)"), e.getMessage());
        assertTrue(Double.isFinite(m.evaluate(data).get("loss")));
    }

    @Test void validationDataWithoutTheTrainingMaskIsRefusedBeforeTraining() {
        SequenceData data = padded(32, 3);
        Model m = sequential(gru(4), dense(1)).seed(1);
        m.compile(adam(0.01), mse());
        var e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(data, epochs(1), validationData(data.x(), data.y()), verbose(false)));
        assertTrue(e.getMessage().contains("validationData has none"), e.getMessage());
        assertFalse(m.isBuilt(), "a refused fit leaves the model as it was");
    }

    @Test void theRememberedMaskSurvivesSavingAndLoading() {
        SequenceData data = padded(16, 4);
        Path p = tmp.resolve("masked.recur");
        trainedOn(data).save(p);
        Model loaded = loadModel(p);
        assertThrows(IllegalArgumentException.class, () -> loaded.predict(data.x()));
        assertEquals(16, loaded.predict(data.x(), data.mask()).size(0));
    }

    @Test void aMaskOfOnlyRealStepsIsNotRememberedAsPadding() {
        SequenceData data = padded(16, 5);
        SequenceData full = new SequenceData(data.x(), data.y(), Nd4j.ones(DataType.FLOAT, 16, 8));
        Model m = trainedOn(full);
        assertEquals(16, m.predict(data.x()).size(0));
    }

    @Test void maskZeroEmbeddingDerivesTheMaskSoPredictionsNeedNone() {
        Random r = new Random(6);
        float[][] ids = new float[16][6];
        float[][] mask = new float[16][6];
        for (int i = 0; i < 16; i++) {
            int len = 1 + r.nextInt(6);
            for (int t = 0; t < len; t++) {
                ids[i][t] = 1 + r.nextInt(9);
                mask[i][t] = 1;
            }
        }
        INDArray x = Nd4j.createFromArray(ids), y = Nd4j.rand(DataType.FLOAT, 16, 1).gt(0.5).castTo(DataType.FLOAT);
        Model m = sequential(embedding(10, 4).maskZero(), lstm(4), dense(1, "sigmoid")).seed(1);
        m.compile(adam(0.01), binaryCrossentropy());
        m.fit(new SequenceData(x, y, Nd4j.createFromArray(mask)), epochs(1), verbose(false));
        assertEquals(m.predict(x, Nd4j.createFromArray(mask)), m.predict(x));
    }

    @Test void embeddingWithoutMaskZeroTrainedOnAMaskNeedsTheMaskLater() {
        float[][] ids = {{3, 4, 0, 0}, {5, 0, 0, 0}};
        float[][] mask = {{1, 1, 0, 0}, {1, 0, 0, 0}};
        INDArray x = Nd4j.createFromArray(ids);
        Model m = sequential(embedding(10, 4), lstm(4), dense(1, "sigmoid")).seed(1);
        m.compile(adam(0.01), binaryCrossentropy());
        m.fit(new SequenceData(x, Nd4j.createFromArray(new float[][] {{1}, {0}}), Nd4j.createFromArray(mask)), epochs(1), verbose(false));
        assertThrows(IllegalArgumentException.class, () -> m.predict(x));
    }
}
