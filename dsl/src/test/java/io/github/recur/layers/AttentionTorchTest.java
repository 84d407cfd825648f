package io.github.recur.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.io.SafeTensors;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Attention against PyTorch (fixtures from dsl/src/test/python/make_attention_fixtures.py): the
 * context, the weights, and the gradients of query, values and every score weight, masked and not.
 */
class AttentionTorchTest {
    private static final Path FIXTURES = Path.of("src/test/resources/torch_attention");

    @ParameterizedTest
    @ValueSource(strings = {"dot_full", "dot_masked", "general_masked", "additive_full", "additive_masked"})
    void contextWeightsAndGradientsMatchPyTorch(String name) {
        matchesPyTorch(name, DataType.DOUBLE, 1e-9, 1e-3);
    }

    /**
     * The same in FLOAT, the dtype models train in (its own loops, e.g. the additive score's vectorised tanh):
     * within float precision of PyTorch's double results.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dot_full", "dot_masked", "general_masked", "additive_full", "additive_masked"})
    void inFloatContextWeightsAndGradientsMatchPyTorchWithinFloatPrecision(String name) {
        matchesPyTorch(name, DataType.FLOAT, FLOAT_TOLERANCE, FLOAT_FLOOR);
    }

    /** Loads case {@code name} in {@code dtype}, runs forward and backward, and compares everything with torch's results. */
    private static void matchesPyTorch(String name, DataType dtype, double tolerance, double floor) {
        Map<String, INDArray> f = SafeTensors.read(FIXTURES.resolve(name + ".safetensors"));
        String kind = name.substring(0, name.indexOf('_'));
        Attention att = kind.equals("additive") ? Attention.additive((int) f.get("score_weight").size(0)) : Attention.of(kind);
        INDArray query = f.get("query").castTo(dtype), values = f.get("values").castTo(dtype);
        att.build((int) query.size(2), (int) values.size(2), new Random(1), dtype);
        for (Param p : att.params()) p.value().assign(f.get(p.name()).castTo(dtype));
        INDArray mask = name.endsWith("masked") ? f.get("mask").castTo(dtype) : null;

        INDArray context = att.forward(query, values, mask);
        assertArrayEquals(new DataType[] {dtype}, new DataType[] {context.dataType()}, name + ": computed in " + dtype);
        assertClose(name + " context", f.get("context"), context, tolerance, floor);
        assertClose(name + " weights", f.get("weights"), att.weights(), tolerance, floor);

        INDArray[] grads = att.backward(f.get("upstream").castTo(dtype));
        assertClose(name + " grad query", f.get("grad_query"), grads[0], tolerance, floor);
        assertClose(name + " grad values", f.get("grad_values"), grads[1], tolerance, floor);
        for (Param p : att.params()) assertClose(name + " grad " + p.name(), f.get("grad_" + p.name()), p.grad(), tolerance, floor);
    }

    /**
     * Float roundings (2^-24 ≈ 6e-8 each) through a handful of operations; the softmax's backward subtracts
     * terms of order 1 to give gradients of order 1e-3, so the floor is 0.1 (errors up to 1e-6 absolute).
     */
    private static final double FLOAT_TOLERANCE = 1e-5, FLOAT_FLOOR = 0.1;

    /** |a - e| <= 1e-9 * max(|e|, 1e-3): both sides compute in double precision. */
    static void assertClose(String what, INDArray expected, INDArray actual) {
        assertClose(what, expected, actual, 1e-9, 1e-3);
    }

    /** |a - e| <= tolerance * max(|e|, floor). */
    static void assertClose(String what, INDArray expected, INDArray actual, double tolerance, double floor) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < e.length; i++) {
            double err = Math.abs(a[i] - e[i]) / Math.max(Math.abs(e[i]), floor);
            assertTrue(err <= tolerance, what + "[" + i + "]: expected " + e[i] + ", got " + a[i]);
        }
    }
}
