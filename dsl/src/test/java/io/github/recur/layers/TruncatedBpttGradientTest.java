package io.github.recur.layers;

import static io.github.recur.GradientCheck.check;
import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;

import io.github.recur.TestLossAccess;
import io.github.recur.model.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Truncated BPTT trains each window from the state the previous window left, treated as a
 * constant: its gradient must be the exact gradient of the window's loss given that start state
 * (on both compute paths).
 */
class TruncatedBpttGradientTest {
    @AfterEach void automatic() { ComputePath.force(null); }

    @ParameterizedTest @EnumSource(ComputePath.class) void lstmWindowFromCarriedStateMatchesFiniteDifferences(ComputePath path) {
        ComputePath.force(path);
        Model m = sequential(lstm(4).returnSequences(), dense(2)).dataType(DataType.DOUBLE).seed(3);
        TestLossAccess.compileWithMse(m);
        m.build(3);
        Recurrent r = (Recurrent) m.layer(0);
        r.initialState(randn(5, 2, 4).muli(0.5), randn(6, 2, 4).muli(0.5));
        check(m, randn(1, 2, 3, 3), randn(2, 2, 3, 2), null, path == ComputePath.REFERENCE ? 8 : 40);
    }

    @ParameterizedTest @EnumSource(ComputePath.class) void gruWindowFromCarriedStateMatchesFiniteDifferences(ComputePath path) {
        ComputePath.force(path);
        Model m = sequential(gru(4), dense(2)).dataType(DataType.DOUBLE).seed(3);
        TestLossAccess.compileWithMse(m);
        m.build(3);
        ((Recurrent) m.layer(0)).initialState(randn(5, 2, 4).muli(0.5), null);
        check(m, randn(1, 2, 3, 3), randn(2, 2, 2), null, path == ComputePath.REFERENCE ? 8 : 40);
    }
}
