package io.github.recur.layers;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;

import io.github.recur.GradientCheck;
import io.github.recur.TestLossAccess;
import io.github.recur.model.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Backpropagation through time against finite differences, in double precision: every cell, mask and
 * direction on both compute paths; the compositions (stacking, bidirectional, embedding, dense heads),
 * which are the same code on both, on the path that runs by default.
 */
class RecurrentGradientTest {
    private static final int B = 3, T = 5, F = 4;

    private static Model model(Layer... layers) {
        Model m = sequential(layers).dataType(DataType.DOUBLE).seed(11);
        TestLossAccess.compileWithMse(m);
        return m;
    }

    private static INDArray x() { return randn(1, B, T, F); }

    @AfterEach void automatic() { ComputePath.force(null); }

    /**
     * Finite differences on one path. The reference path checks fewer entries per parameter: it is many
     * small ND4J operations per step (slow on a busy machine), and ComputePathAgreementTest holds its
     * every gradient to the fast path's, which this checks in full.
     */
    private static void check(ComputePath path, Model model, INDArray x, INDArray y, INDArray mask, int perParam) {
        ComputePath.force(path);
        GradientCheck.check(model, x, y, mask, path == ComputePath.REFERENCE ? Math.min(perParam, 6) : perParam);
    }

    private static INDArray mask() {
        // Right-padded lengths 5, 3, 1.
        return Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 0, 0, 0}});
    }

    @ParameterizedTest @EnumSource(ComputePath.class) void simpleRnnTanhLastStep(ComputePath path) {
        check(path, model(simpleRnn(6), dense(2)), x(), randn(2, B, 2), null, 40);
    }
    @ParameterizedTest @EnumSource(ComputePath.class) void simpleRnnReluSequence(ComputePath path) {
        check(path, model(simpleRnn(6, "relu").returnSequences(), dense(2)), x(), randn(2, B, T, 2), null, 40);
    }
    @ParameterizedTest @EnumSource(ComputePath.class) void lstmLastStep(ComputePath path) {
        check(path, model(lstm(5), dense(2)), x(), randn(2, B, 2), null, 40);
    }
    @ParameterizedTest @EnumSource(ComputePath.class) void lstmSequence(ComputePath path) {
        check(path, model(lstm(5).returnSequences(), dense(2)), x(), randn(2, B, T, 2), null, 40);
    }
    @ParameterizedTest @EnumSource(ComputePath.class) void gruLastStep(ComputePath path) {
        check(path, model(gru(5), dense(2)), x(), randn(2, B, 2), null, 40);
    }
    @ParameterizedTest @EnumSource(ComputePath.class) void gruSequence(ComputePath path) {
        check(path, model(gru(5).returnSequences(), dense(2)), x(), randn(2, B, T, 2), null, 40);
    }
    @Test void stackedLstmGru() {
        GradientCheck.check(model(lstm(5).returnSequences(), gru(4), dense(2)), x(), randn(2, B, 2), null, 30);
    }
    @ParameterizedTest @EnumSource(ComputePath.class) void goBackwardsLstm(ComputePath path) {
        check(path, model(lstm(4).goBackwards().returnSequences(), dense(2)), x(), randn(2, B, T, 2), null, 30);
    }
    @Test void bidirectionalConcatSequence() {
        GradientCheck.check(model(bidirectional(lstm(4).returnSequences()), dense(2)), x(), randn(2, B, T, 2), null, 30);
    }
    @Test void bidirectionalSumLastStep() {
        GradientCheck.check(model(bidirectional(gru(4), "sum"), dense(2)), x(), randn(2, B, 2), null, 30);
    }
    @ParameterizedTest @EnumSource(ComputePath.class) void maskedLstmLastStep(ComputePath path) {
        check(path, model(lstm(5), dense(2)), x(), randn(2, B, 2), mask(), 40);
    }
    @ParameterizedTest @EnumSource(ComputePath.class) void maskedGruSequence(ComputePath path) {
        check(path, model(gru(5).returnSequences(), dense(2)), x(), randn(2, B, T, 2), mask(), 40);
    }
    @Test void maskedBidirectionalSimpleRnn() {
        GradientCheck.check(model(bidirectional(simpleRnn(4).returnSequences()), dense(2)), x(), randn(2, B, T, 2), mask(), 30);
    }
    @Test void maskedStackedBidirectionalLastStep() {
        GradientCheck.check(model(bidirectional(lstm(3).returnSequences()), bidirectional(gru(3)), dense(2)), x(), randn(2, B, 2), mask(), 20);
    }
    @Test void embeddingWithZeroMask() {
        INDArray ids = Nd4j.createFromArray(new double[][] {{3, 1, 4, 1, 5}, {2, 6, 0, 0, 0}, {7, 0, 0, 0, 0}});
        GradientCheck.check(model(embedding(8, 3).maskZero(), gru(4), dense(2)), ids, randn(2, B, 2), null, 30);
    }
    @Test void denseActivations() {
        GradientCheck.check(model(lstm(4).returnSequences(), dense(4, "tanh"), dense(3, "sigmoid"), dense(3, "relu"), dense(2, "softmax")),
                x(), randn(2, B, T, 2), null, 20);
    }
}
