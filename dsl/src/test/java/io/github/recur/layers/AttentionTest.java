package io.github.recur.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AttentionTest {
    private static final INDArray MASK = Nd4j.createFromArray(new double[][] {{1, 1, 1}, {1, 1, 0}});

    private static Attention built(Attention a, int dq, int dv) {
        a.build(dq, dv, new Random(1), DataType.FLOAT);
        return a;
    }

    @Test
    void weightsSumToOneOverRealStepsAndPaddingGetsNone() {
        Attention a = built(Attention.additive(4), 3, 2);
        INDArray context = a.forward(Nd4j.randn(DataType.FLOAT, 2, 5, 3), Nd4j.randn(DataType.FLOAT, 2, 3, 2), MASK);
        assertEquals(3, context.rank());
        INDArray w = a.weights();
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 5; t++) {
                assertEquals(1.0, w.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b), org.nd4j.linalg.indexing.NDArrayIndex.point(t)).sumNumber().doubleValue(), 1e-6);
            }
        }
        for (int t = 0; t < 5; t++) assertEquals(0.0, w.getDouble(1, t, 2), 0.0, "a padded step got weight");
    }

    @Test
    void aValueStepFarAboveTheOthersTakesTheWholeWeightUnlessItIsPadding() {
        Attention a = built(Attention.of("dot"), 2, 2);
        INDArray values = Nd4j.createFromArray(new float[][][] {{{0, 0}, {0, 0}, {50, 50}}, {{0, 0}, {0, 0}, {50, 50}}});
        INDArray query = Nd4j.createFromArray(new float[][][] {{{1, 1}}, {{1, 1}}});
        a.forward(query, values, MASK);
        assertEquals(1.0, a.weights().getDouble(0, 0, 2), 1e-6);
        assertEquals(0.5, a.weights().getDouble(1, 0, 0), 1e-6); // the big step is padding in example 1
    }

    @Test
    void wiringThatCannotWorkIsRefusedWithWhatToChange() {
        var dot = assertThrows(IllegalArgumentException.class, () -> built(Attention.of("dot"), 4, 3));
        assertTrue(dot.getMessage().contains("4") && dot.getMessage().contains("3") && dot.getMessage().contains("general"), dot.getMessage());
        var additive = assertThrows(IllegalArgumentException.class, () -> Attention.of("additive"));
        assertTrue(additive.getMessage().contains("additive(units)"), additive.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Attention.of("cosine"));
        assertThrows(IllegalArgumentException.class, () -> Attention.of(null));
        assertThrows(IllegalArgumentException.class, () -> Attention.additive(0));

        Attention a = built(Attention.of("general"), 3, 2);
        INDArray q = Nd4j.randn(DataType.FLOAT, 2, 4, 3), v = Nd4j.randn(DataType.FLOAT, 2, 3, 2);
        var empty = assertThrows(IllegalArgumentException.class,
                () -> a.forward(q, v, Nd4j.createFromArray(new double[][] {{1, 1, 1}, {0, 0, 0}})));
        assertTrue(empty.getMessage().contains("example 1"), empty.getMessage());
        var maskShape = assertThrows(IllegalArgumentException.class, () -> a.forward(q, v, Nd4j.ones(2, 4)));
        assertTrue(maskShape.getMessage().contains("[2, 3]"), maskShape.getMessage());
        var batch = assertThrows(IllegalArgumentException.class, () -> a.forward(q, Nd4j.randn(DataType.FLOAT, 3, 3, 2), null));
        assertTrue(batch.getMessage().contains("2 examples") && batch.getMessage().contains("3"), batch.getMessage());
        var features = assertThrows(IllegalArgumentException.class, () -> a.forward(Nd4j.randn(DataType.FLOAT, 2, 4, 5), v, null));
        assertTrue(features.getMessage().contains("built for queries of 3"), features.getMessage());
        assertThrows(IllegalStateException.class, () -> Attention.of("dot").forward(q, v, null));
        assertThrows(IllegalStateException.class, () -> built(Attention.of("dot"), 2, 2).backward(Nd4j.zeros(1, 1, 2)));
    }
}
