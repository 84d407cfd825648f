package io.github.recur.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Attention's backward pass against central finite differences in double precision, for every score,
 * with padded value steps: the gradient of L = Σ context ⊙ R in the query, the values and each weight.
 * AttentionTorchTest holds every entry to PyTorch's autograd as well.
 */
class AttentionGradientTest {
    private static final int B = 3, TQ = 4, TV = 5;
    private static final double EPS = 1e-6;

    private static Attention attention(String kind) {
        return kind.equals("additive") ? Attention.additive(5) : Attention.of(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dot", "general", "additive"})
    void backwardMatchesFiniteDifferencesWithPaddedValues(String kind) {
        Nd4j.getRandom().setSeed(7);
        int dq = 6, dv = kind.equals("dot") ? 6 : 4;
        Attention att = attention(kind);
        att.build(dq, dv, new Random(3), DataType.DOUBLE);
        INDArray query = Nd4j.randn(DataType.DOUBLE, B, TQ, dq);
        INDArray values = Nd4j.randn(DataType.DOUBLE, B, TV, dv);
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 0, 0, 0}});
        INDArray upstream = Nd4j.randn(DataType.DOUBLE, B, TQ, dv);
        Supplier<Double> loss = () -> att.forward(query, values, mask).mul(upstream).sumNumber().doubleValue();

        loss.get();
        INDArray[] grads = att.backward(upstream);
        List<INDArray> analytic = new ArrayList<>(List.of(grads[0].dup(), grads[1].dup()));
        List<INDArray> wrt = new ArrayList<>(List.of(query, values));
        for (Param p : att.params()) {
            analytic.add(p.grad().dup());
            wrt.add(p.value());
        }
        for (int k = 0; k < wrt.size(); k++) {
            INDArray x = wrt.get(k);
            INDArray flat = x.reshape(x.length());
            // every entry of the small tensors, an even spread of 24 of the larger ones (each costs two passes)
            long stride = Math.max(1, x.length() / 24);
            for (long i = 0; i < x.length(); i += stride) {
                double keep = flat.getDouble(i);
                flat.putScalar(i, keep + EPS);
                double up = loss.get();
                flat.putScalar(i, keep - EPS);
                double down = loss.get();
                flat.putScalar(i, keep);
                double numeric = (up - down) / (2 * EPS);
                double exact = analytic.get(k).reshape(x.length()).getDouble(i);
                double err = Math.abs(numeric - exact) / Math.max(1e-3, Math.abs(numeric) + Math.abs(exact));
                assertTrue(err < 1e-6, kind + " input " + k + " entry " + i + ": finite differences " + numeric + ", backward " + exact);
            }
        }
    }
}
