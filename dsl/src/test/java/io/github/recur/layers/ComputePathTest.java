package io.github.recur.layers;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.recur.internal.Vec;
import io.github.recur.model.Model;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Which path runs, why, and forcing one: the reference path is ND4J operations only, in every layer. */
class ComputePathTest {
    @AfterEach
    void automatic() { ComputePath.force(null); }

    @Test
    void onTheCpuBackendTheFastPathRunsAndSaysWhy() {
        assertTrue(Nd4j.getEnvironment().isCPU(), "these tests run on ND4J's CPU backend");
        assumeTrue(System.getProperty("recur.computePath") == null, "the whole suite runs forced onto one path");
        assertEquals(ComputePath.FAST, ComputePath.current());
        assertTrue(ComputePath.describe().startsWith("fast (ND4J's CPU backend"), ComputePath.describe());
    }

    @Test
    void forcingTheReferencePathSaysSoAndTurnsOffEveryHostLoop() {
        ComputePath.force(ComputePath.REFERENCE);
        assertEquals(ComputePath.REFERENCE, ComputePath.current());
        assertEquals("reference (forced by ComputePath.force(REFERENCE))", ComputePath.describe());
        assertFalse(Vec.fits(Nd4j.ones(DataType.FLOAT, 4)), "no Java loop touches ND4J memory on the reference path");
        Recurrent r = lstm(3);
        r.build(2, new java.util.Random(1), DataType.FLOAT, "");
        r.forward(randn(1, 4, 2, 2).castTo(DataType.FLOAT), null, false, new java.util.Random(1));
        assertEquals(ComputePath.REFERENCE, r.lastComputePath());
        ComputePath.force(ComputePath.FAST);
        r.forward(randn(1, 4, 2, 2).castTo(DataType.FLOAT), null, false, new java.util.Random(1));
        assertEquals(ComputePath.FAST, r.lastComputePath(), "the next pass takes the path in force");
        assertTrue(Vec.fits(Nd4j.ones(DataType.FLOAT, 4)));
    }

    @Test
    void forcingNothingGoesBackToTheChoiceAtStartUp() {
        ComputePath before = ComputePath.current();
        String why = ComputePath.describe();
        ComputePath.force(before == ComputePath.FAST ? ComputePath.REFERENCE : ComputePath.FAST);
        ComputePath.force(null);
        assertEquals(before, ComputePath.current());
        assertEquals(why, ComputePath.describe());
    }

    @Test
    void forcingTheFastPathOnTheCpuIsAllowed() {
        ComputePath.force(ComputePath.FAST);
        assertEquals(ComputePath.FAST, ComputePath.current());
        assertEquals("fast (forced by ComputePath.force(FAST))", ComputePath.describe());
    }

    /** Training on each path from the same start: the same losses and weights (Adam, Dense, the embedding and the cells included). */
    @Test
    void aWholeModelTrainsAlikeOnBothPaths() {
        INDArray ids = Nd4j.createFromArray(new double[][] {{3, 1, 4, 1, 5}, {2, 6, 5, 3, 5}, {7, 0, 0, 0, 0}, {1, 2, 3, 0, 0}});
        INDArray y = randn(2, 4, 1);
        Map<String, INDArray> fast = train(ComputePath.FAST, ids, y), reference = train(ComputePath.REFERENCE, ids, y);
        for (String k : fast.keySet()) {
            ComputePathAgreementTest.close(k + " after training", reference.get(k), fast.get(k), 1e-9);
        }
    }

    private static Map<String, INDArray> train(ComputePath path, INDArray x, INDArray y) {
        ComputePath.force(path);
        Model m = sequential(embedding(8, 3).maskZero(), bidirectional(gru(4).returnSequences()), lstm(3), dropout(0.2), dense(1))
                .dataType(DataType.DOUBLE).seed(7);
        m.compile(adam(0.01).clipNorm(1.0), mse());
        m.fit(x, y, epochs(3), batchSize(2), seed(7), verbose(false));
        return m.weights();
    }
}
