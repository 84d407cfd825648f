package io.github.recur.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The embedding's float path (row copies into plain arrays) against a direct computation: the rows
 * of the ids forward, and backward the sum of the gradient rows of each id, in id order and in float,
 * exactly. The double path is checked against finite differences in RecurrentGradientTest.
 */
class EmbeddingTest {
    private static final int V = 7, D = 3, T = 4, B = 3;

    private static Embedding built(DataType dtype) {
        var e = new Embedding(V, D, false);
        e.build(1, true, new Random(1), dtype);
        return e;
    }

    private static INDArray ids(DataType dtype) {
        // repeated ids (2 and 5), every position of [T, B]
        float[] v = {2, 5, 0, 2, 2, 6, 5, 1, 2, 3, 5, 2};
        return Nd4j.create(v, new long[] {T, B}, 'c').castTo(dtype);
    }

    @Test
    void floatForwardIsTheRowsOfTheIds() {
        Embedding e = built(DataType.FLOAT);
        float[] w = e.params().get(0).value().dup('c').data().asFloat();
        float[] ids = ids(DataType.FLOAT).data().asFloat();
        INDArray out = e.forward(ids(DataType.FLOAT), null, true, null);
        assertArrayEquals(new long[] {T, B, D}, out.shape());
        float[] expected = new float[T * B * D];
        for (int r = 0; r < ids.length; r++) for (int j = 0; j < D; j++) expected[r * D + j] = w[(int) ids[r] * D + j];
        assertArrayEquals(expected, out.dup('c').data().asFloat());
    }

    @Test
    void floatBackwardSumsTheGradientRowsOfEachIdInOrder() {
        Embedding e = built(DataType.FLOAT);
        e.forward(ids(DataType.FLOAT), null, true, null);
        INDArray g = Nd4j.rand(DataType.FLOAT, T, B, D).subi(0.5f).muli(1e3f); // large values: the order of adding shows
        e.params().get(0).grad().assign(123); // the previous batch's gradient must not leak in
        e.backward(g);
        float[] gv = g.dup('c').data().asFloat();
        float[] ids = ids(DataType.FLOAT).data().asFloat();
        float[] expected = new float[V * D];
        for (int r = 0; r < ids.length; r++) for (int j = 0; j < D; j++) expected[(int) ids[r] * D + j] += gv[r * D + j];
        assertArrayEquals(expected, e.params().get(0).grad().dup('c').data().asFloat());
    }

    @Test
    void floatAndDoublePathsAgree() {
        Embedding f = built(DataType.FLOAT), d = built(DataType.DOUBLE);
        d.params().get(0).value().assign(f.params().get(0).value().castTo(DataType.DOUBLE));
        INDArray of = f.forward(ids(DataType.FLOAT), null, true, null), od = d.forward(ids(DataType.DOUBLE), null, true, null);
        assertArrayEquals(od.dup('c').data().asDouble(), of.castTo(DataType.DOUBLE).dup('c').data().asDouble(), 0.0);
        INDArray g = Nd4j.rand(DataType.DOUBLE, T, B, D);
        f.backward(g.castTo(DataType.FLOAT));
        d.backward(g);
        assertArrayEquals(d.params().get(0).grad().dup('c').data().asDouble(),
                f.params().get(0).grad().castTo(DataType.DOUBLE).dup('c').data().asDouble(), 1e-6);
    }

    @Test
    void anIdOutsideTheVocabularyIsNamed() {
        Embedding e = built(DataType.FLOAT);
        INDArray bad = Nd4j.create(new float[] {1, 7}, new long[] {2, 1}, 'c');
        var ex = assertThrows(IllegalArgumentException.class, () -> e.forward(bad, null, true, null));
        assertTrue(ex.getMessage().contains("token id 7.0 is outside the vocabulary [0, 7)"), ex.getMessage());
    }
}
