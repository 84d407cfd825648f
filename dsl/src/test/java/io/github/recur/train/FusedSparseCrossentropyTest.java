package io.github.recur.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.layers.ComputePath;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one-pass sparse cross-entropy from logits ({@link FusedSparseCrossentropy}) against its reference, the
 * ND4J operations of categorical cross-entropy from logits on one-hot rows: the same loss and gradient.
 */
class FusedSparseCrossentropyTest {
    private static final SparseCategoricalCrossentropy SPARSE = new SparseCategoricalCrossentropy().fromLogits();
    private static final CategoricalCrossentropy REFERENCE = new CategoricalCrossentropy().fromLogits();

    @AfterEach
    void backToTheAutomaticPath() {
        ComputePath.force(null);
    }

    /** Logits {@code [n, c]}, spread by {@code scale}, and class indices; weights per the pattern. */
    private record Case(INDArray logits, INDArray classes, INDArray oneHot, INDArray weights) {
        static Case of(DataType dtype, int n, int c, double scale, String weights, long seed) {
            Random rng = new Random(seed);
            double[][] x = new double[n][c], hot = new double[n][c];
            double[] idx = new double[n], w = new double[n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < c; k++) x[i][k] = scale * rng.nextGaussian();
                int y = rng.nextInt(c);
                idx[i] = y;
                hot[i][y] = 1;
                w[i] = switch (weights) {
                    case "mask" -> i % 3 == 0 ? 0 : 1;   // padding rows
                    case "graded" -> rng.nextDouble() * 2;
                    case "zeros" -> 0;                   // a fully masked batch
                    default -> 1;
                };
            }
            return new Case(Nd4j.create(x).castTo(dtype), Nd4j.createFromArray(idx).reshape(n, 1), Nd4j.create(hot).castTo(dtype),
                    weights.equals("none") ? null : Nd4j.createFromArray(w).castTo(dtype));
        }
    }

    static Stream<Arguments> cases() {
        var out = Stream.<Arguments>builder();
        for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (String weights : new String[] {"none", "mask", "graded", "zeros"}) {
                out.add(Arguments.of(dtype, 6, 2, 1.0, weights));        // two classes
                out.add(Arguments.of(dtype, 40, 7, 30.0, weights));      // large logits: the shift by the maximum matters
                out.add(Arguments.of(dtype, 64, 5000, 1.0, weights));    // a vocabulary
            }
        }
        return out.build();
    }

    @ParameterizedTest(name = "{0}, N={1}, C={2}, scale {3}, weights {4}")
    @MethodSource("cases")
    void fusedPathGivesTheReferenceLossAndGradient(DataType dtype, int n, int c, double scale, String weights) {
        Case k = Case.of(dtype, n, c, scale, weights, 11);
        assertNotNull(SPARSE.fused(k.logits(), k.classes(), k.logits().ulike()), "the fused path runs on the CPU backend");
        INDArray fastGrad = k.logits().ulike().assign(Double.NaN), refGrad = k.logits().ulike();
        double fast = SPARSE.compute(k.logits(), k.classes(), k.weights(), fastGrad);
        double ref = REFERENCE.compute(k.logits(), k.oneHot(), k.weights(), refGrad);
        boolean isFloat = dtype == DataType.FLOAT;
        assertEquals(ref, fast, (isFloat ? 2e-6 : 1e-12) * Math.max(1, Math.abs(ref)), "loss");
        double worst = fastGrad.sub(refGrad).amaxNumber().doubleValue();
        double size = Math.max(refGrad.amaxNumber().doubleValue(), 1e-30);
        assertTrue(worst <= (isFloat ? 1e-5 : 1e-12) * size, "gradient differs by " + worst + " (largest entry " + size + ")");
        if (weights.equals("zeros")) assertEquals(0.0, fastGrad.amaxNumber().doubleValue(), "a fully masked batch has no gradient");
        assertEquals(fast, SPARSE.compute(k.logits(), k.classes(), k.weights(), null), 0.0, "the loss alone is the same loss");
    }

    @Test
    void referencePathOfTheSparseLossGivesTheSameAsTheFusedOne() {
        Case k = Case.of(DataType.FLOAT, 50, 300, 2.0, "mask", 5);
        INDArray fastGrad = k.logits().ulike(), refGrad = k.logits().ulike();
        double fast = SPARSE.compute(k.logits(), k.classes(), k.weights(), fastGrad);
        ComputePath.force(ComputePath.REFERENCE);
        assertNull(SPARSE.fused(k.logits(), k.classes(), refGrad), "the reference path takes ND4J operations");
        double ref = SPARSE.compute(k.logits(), k.classes(), k.weights(), refGrad);
        assertEquals(ref, fast, 2e-6 * Math.abs(ref));
        assertTrue(fastGrad.sub(refGrad).amaxNumber().doubleValue() <= 1e-5 * refGrad.amaxNumber().doubleValue());
    }

    @Test
    void fusedPathAcceptsIndexVectorsOfAnyNumberType() {
        Case k = Case.of(DataType.FLOAT, 8, 10, 1.0, "none", 3);
        double expected = SPARSE.compute(k.logits(), k.classes(), null, null);
        assertEquals(expected, SPARSE.compute(k.logits(), k.classes().reshape(8), null, null), 0.0);
        assertEquals(expected, SPARSE.compute(k.logits(), k.classes().castTo(DataType.INT), null, null), 0.0);
    }

    @Test
    void fusedPathStillNamesTheRowAndValueOfABadIndex() {
        INDArray logits = Nd4j.rand(DataType.FLOAT, 3, 4);
        INDArray grad = logits.ulike();
        var tooLarge = assertThrows(IllegalArgumentException.class,
                () -> SPARSE.compute(logits, Nd4j.createFromArray(1.0, 4.0, 0.0).reshape(3, 1), null, grad));
        assertTrue(tooLarge.getMessage().contains("row 1") && tooLarge.getMessage().contains("4.0")
                && tooLarge.getMessage().contains("4 classes"), tooLarge.getMessage());
        var fraction = assertThrows(IllegalArgumentException.class,
                () -> SPARSE.compute(logits, Nd4j.createFromArray(1.0, 2.0, 0.5).reshape(3, 1), null, grad));
        assertTrue(fraction.getMessage().contains("row 2") && fraction.getMessage().contains("0.5"), fraction.getMessage());
        var shape = assertThrows(IllegalArgumentException.class,
                () -> SPARSE.compute(logits, Nd4j.createFromArray(1.0, 2.0).reshape(2, 1), null, grad));
        assertTrue(shape.getMessage().contains("[3, 1]"), shape.getMessage());
    }

    @Test
    void aNaNLogitMakesTheLossNaNAsOnTheReferencePath() {
        INDArray logits = Nd4j.rand(DataType.FLOAT, 4, 6);
        logits.putScalar(2, 3, Float.NaN);
        INDArray classes = Nd4j.createFromArray(0.0, 1.0, 2.0, 3.0).reshape(4, 1);
        assertTrue(Double.isNaN(SPARSE.compute(logits, classes, null, logits.ulike())));
    }

    @Test
    void arraysTheFusedPathCannotReadTakeTheReferencePath() {
        INDArray logits = Nd4j.rand(DataType.FLOAT, 5, 6);
        INDArray classes = Nd4j.createFromArray(0.0, 1.0, 2.0, 3.0, 4.0).reshape(5, 1);
        INDArray fOrder = logits.dup('f');
        assertNull(SPARSE.fused(fOrder, classes, null), "an f-order prediction");
        assertNull(SPARSE.fused(logits, classes, logits.castTo(DataType.DOUBLE)), "a gradient buffer of another dtype");
        assertNull(new SparseCategoricalCrossentropy().fused(logits, classes, null), "probabilities keep the ND4J path");
        assertEquals(SPARSE.compute(logits, classes, null, null), SPARSE.compute(fOrder, classes, null, null), 1e-6);
    }
}
