package io.github.recur.layers;

import static io.github.recur.GradientCheck.check;
import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;

import io.github.recur.TestLossAccess;
import io.github.recur.model.Model;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Backpropagation through time against finite differences, in double precision. */
class RecurrentGradientTest {
    private static final int B = 3, T = 5, F = 4;

    private static Model model(Layer... layers) {
        Model m = sequential(layers).dataType(DataType.DOUBLE).seed(11);
        TestLossAccess.compileWithMse(m);
        return m;
    }

    private static INDArray x() { return randn(1, B, T, F); }

    private static INDArray mask() {
        // Right-padded lengths 5, 3, 1.
        return Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 0, 0, 0}});
    }

    @Test void simpleRnnTanhLastStep() { check(model(simpleRnn(6), dense(2)), x(), randn(2, B, 2), null, 40); }
    @Test void simpleRnnReluSequence() { check(model(simpleRnn(6, "relu").returnSequences(), dense(2)), x(), randn(2, B, T, 2), null, 40); }
    @Test void lstmLastStep() { check(model(lstm(5), dense(2)), x(), randn(2, B, 2), null, 40); }
    @Test void lstmSequence() { check(model(lstm(5).returnSequences(), dense(2)), x(), randn(2, B, T, 2), null, 40); }
    @Test void gruLastStep() { check(model(gru(5), dense(2)), x(), randn(2, B, 2), null, 40); }
    @Test void gruSequence() { check(model(gru(5).returnSequences(), dense(2)), x(), randn(2, B, T, 2), null, 40); }
    @Test void stackedLstmGru() { check(model(lstm(5).returnSequences(), gru(4), dense(2)), x(), randn(2, B, 2), null, 30); }
    @Test void goBackwardsLstm() { check(model(lstm(4).goBackwards().returnSequences(), dense(2)), x(), randn(2, B, T, 2), null, 30); }
    @Test void bidirectionalConcatSequence() { check(model(bidirectional(lstm(4).returnSequences()), dense(2)), x(), randn(2, B, T, 2), null, 30); }
    @Test void bidirectionalSumLastStep() { check(model(bidirectional(gru(4), "sum"), dense(2)), x(), randn(2, B, 2), null, 30); }
    @Test void maskedLstmLastStep() { check(model(lstm(5), dense(2)), x(), randn(2, B, 2), mask(), 40); }
    @Test void maskedGruSequence() { check(model(gru(5).returnSequences(), dense(2)), x(), randn(2, B, T, 2), mask(), 40); }
    @Test void maskedBidirectionalSimpleRnn() { check(model(bidirectional(simpleRnn(4).returnSequences()), dense(2)), x(), randn(2, B, T, 2), mask(), 30); }
    @Test void maskedStackedBidirectionalLastStep() {
        check(model(bidirectional(lstm(3).returnSequences()), bidirectional(gru(3)), dense(2)), x(), randn(2, B, 2), mask(), 20);
    }
    @Test void embeddingWithZeroMask() {
        INDArray ids = Nd4j.createFromArray(new double[][] {{3, 1, 4, 1, 5}, {2, 6, 0, 0, 0}, {7, 0, 0, 0, 0}});
        check(model(embedding(8, 3).maskZero(), gru(4), dense(2)), ids, randn(2, B, 2), null, 30);
    }
    @Test void denseActivations() {
        check(model(lstm(4).returnSequences(), dense(4, "tanh"), dense(3, "sigmoid"), dense(3, "relu"), dense(2, "softmax")),
                x(), randn(2, B, T, 2), null, 20);
    }
}
