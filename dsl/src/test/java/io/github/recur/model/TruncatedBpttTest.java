package io.github.recur.model;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.*;

import io.github.recur.data.SequenceData;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * tbptt with a last-step output learns from the last window only: refused, before any update, when
 * padding fills that window for some sequence (nothing could learn from it); allowed otherwise.
 */
class TruncatedBpttTest {
    /** Ids of lengths 2..4 in 8 steps, padded with 0 at the end ({@code front}: at the front). */
    private static INDArray ids(boolean front) {
        float[][] x = new float[6][8];
        for (int i = 0; i < 6; i++) {
            int len = 2 + i % 3;
            for (int t = 0; t < len; t++) x[i][front ? 8 - len + t : t] = 1 + (i + t) % 9;
        }
        return Nd4j.createFromArray(x);
    }

    private static final INDArray LABELS = Nd4j.createFromArray(new float[][] {{1}, {0}, {1}, {0}, {1}, {0}});

    private static Model classifier() {
        Model m = sequential(embedding(10, 4).maskZero(), lstm(4), dense(1, "sigmoid")).seed(1);
        m.compile(adam(0.01), binaryCrossentropy());
        return m;
    }

    @Test void paddedLastStepClassifierWithTbpttIsRefusedWithWhatToDo() {
        Model m = classifier();
        m.build(1);
        Map<String, INDArray> before = m.weights();
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(ids(false), LABELS, tbptt(4), verbose(false)));
        assertTrue(e.getMessage().contains("tbptt(4) cannot train this model"), e.getMessage());
        assertTrue(e.getMessage().contains("6 of 6 sequences have no real step there"), e.getMessage());
        assertTrue(e.getMessage().contains("Leave tbptt out"), e.getMessage());
        assertTrue(e.getMessage().contains("pad at the front"), e.getMessage());
        m.weights().forEach((k, v) -> assertEquals(before.get(k), v, k + " changed although fit refused"));
    }

    @Test void anExplicitMaskThatPadsTheLastWindowIsRefusedToo() {
        Model m = sequential(gru(4), dense(1)).seed(1);
        m.compile(adam(0.01), mse());
        INDArray mask = Nd4j.ones(DataType.FLOAT, 4, 10);
        mask.get(org.nd4j.linalg.indexing.NDArrayIndex.point(3), org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 10)).assign(0);
        var data = new SequenceData(randn(1, 4, 10, 2), randn(2, 4, 1), mask);
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(data, tbptt(5), verbose(false)));
        assertTrue(e.getMessage().contains("1 of 4 sequences"), e.getMessage());
    }

    @Test void frontPaddedSequencesTrainWithTbptt() {
        Model m = classifier();
        History h = m.fit(ids(true), LABELS, epochs(2), tbptt(4), verbose(false));
        assertTrue(Double.isFinite(h.last("loss")));
    }

    @Test void unpaddedLastStepModelsStillTrainWithTbptt() {
        Model m = sequential(lstm(4), dense(1)).seed(1);
        m.compile(adam(0.01), mse());
        History h = m.fit(randn(1, 8, 12, 2), randn(2, 8, 1), epochs(2), tbptt(4), verbose(false));
        assertTrue(Double.isFinite(h.last("loss")));
    }

    @Test void bidirectionalModelsWithTbpttAreRefusedBeforeBuilding() {
        Model m = sequential(bidirectional(lstm(3)), dense(1)).seed(1);
        m.compile(adam(0.01), mse());
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(randn(1, 4, 12, 2), randn(2, 4, 1), tbptt(4), verbose(false)));
        assertTrue(e.getMessage().contains("reads the future"), e.getMessage());
        assertFalse(m.isBuilt());
    }
}
