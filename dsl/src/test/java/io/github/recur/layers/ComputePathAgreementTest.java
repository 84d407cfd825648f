package io.github.recur.layers;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.recur.Sweep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast CPU path computes what the reference path computes: for every cell, with and without a
 * mask, in both directions, for sequence and last-step outputs, in FLOAT and DOUBLE, from zeros or from
 * a given state (then with a gradient into the final state too), with and without recurrent dropout:
 * the outputs, the final states, the gate activations, ∂L/∂x, every parameter gradient, ‖∂L/∂h_t‖ and
 * ∂L/∂h_0, ∂L/∂c_0. From a given state and under recurrent dropout a covering subset runs by default
 * ({@link Sweep}); {@code -Drecur.sweep=full} runs all 256 combinations.
 */
class ComputePathAgreementTest {
    private static final int T = 7, B = 4, F = 3, H = 5; // all different, so a transposed layout cannot pass

    private static final Map<String, Supplier<Recurrent>> CELLS = Map.of(
            "simpleRnn tanh", () -> simpleRnn(H), "simpleRnn relu", () -> simpleRnn(H, "relu"),
            "lstm", () -> lstm(H), "gru", () -> gru(H));

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String cell : List.of("simpleRnn tanh", "simpleRnn relu", "lstm", "gru")) {
            for (DataType dt : List.of(DataType.FLOAT, DataType.DOUBLE)) {
                for (boolean masked : List.of(false, true)) {
                    for (boolean backwards : List.of(false, true)) {
                        for (boolean sequences : List.of(false, true)) {
                            for (boolean givenState : List.of(false, true)) {
                                for (boolean dropout : List.of(false, true)) {
                                    all.add(Arguments.of(cell, dt, masked, backwards, sequences, givenState, dropout));
                                }
                            }
                        }
                    }
                }
            }
        }
        // From zeros without recurrent dropout: every combination; from a given state or with recurrent dropout, a
        // covering subset (every cell × mask × direction, each pair of values) unless -Drecur.sweep=full.
        List<Arguments> plain = all.stream().filter(a -> !(boolean) a.get()[5] && !(boolean) a.get()[6]).toList();
        List<Arguments> more = all.stream().filter(a -> (boolean) a.get()[5] || (boolean) a.get()[6]).toList();
        return Stream.concat(plain.stream(), Sweep.cover(more, 0, 2, 3));
    }

    /** Two copies of one layer with the same (perturbed, so no gate sits at its initial value) weights, one per path. */
    private static Recurrent[] pair(String cell, boolean backwards, boolean sequences, DataType dt) {
        return pair(cell, backwards, sequences, false, dt);
    }

    private static Recurrent[] pair(String cell, boolean backwards, boolean sequences, boolean dropout, DataType dt) {
        Recurrent[] two = new Recurrent[2];
        for (int i = 0; i < 2; i++) {
            Recurrent r = CELLS.get(cell).get();
            if (dropout) r = r.recurrentDropout(0.3);
            if (backwards) r = r.goBackwards();
            if (sequences) r = r.returnSequences();
            r.build(F, new Random(5), dt, "");
            for (int p = 0; p < r.params().size(); p++) {
                INDArray v = r.params().get(p).value();
                v.assign(v.castTo(DataType.DOUBLE).addi(randn(20 + p, v.shape()).muli(0.5)).castTo(dt));
            }
            r.pinComputePath(i == 0 ? ComputePath.REFERENCE : ComputePath.FAST);
            two[i] = r;
        }
        return two;
    }

    /** Right-padded lengths 7, 4, 1 and a row with a gap in the middle. */
    private static INDArray mask(DataType dt) {
        return Nd4j.createFromArray(new double[][] {
            {1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0, 0}, {1, 0, 0, 0, 0, 0, 0}, {1, 1, 0, 1, 1, 0, 1}}).castTo(dt);
    }

    private static INDArray timeMajor(INDArray batchFirst) { return batchFirst.permute(1, 0).dup('c'); }

    @ParameterizedTest(name = "{0} {1} masked={2} backwards={3} sequences={4} givenState={5} dropout={6}")
    @MethodSource("cases")
    void fastPathMatchesReferencePath(String cell, DataType dt, boolean masked, boolean backwards, boolean sequences,
                                      boolean givenState, boolean dropout) {
        double tol = dt == DataType.DOUBLE ? 1e-10 : 2e-4;
        Recurrent[] r = pair(cell, backwards, sequences, dropout, dt);
        boolean lstm = r[0].cell().hasCellState();
        INDArray x = randn(31, T, B, F).muli(1.5).castTo(dt);
        INDArray m = masked ? timeMajor(mask(dt)) : null;
        INDArray[] out = new INDArray[2], dx = new INDArray[2];
        for (int i = 0; i < 2; i++) {
            r[i].recordStateGradientNorms(true);
            if (givenState) r[i].initialState(randn(46, B, H).castTo(dt), lstm ? randn(47, B, H).castTo(dt) : null);
            out[i] = r[i].forward(x, m, true, new Random(1)); // the same seed: the same recurrent dropout mask on both paths
        }
        assertEquals(ComputePath.REFERENCE, r[0].lastComputePath());
        assertEquals(ComputePath.FAST, r[1].lastComputePath());
        close("output", out[0], out[1], tol);
        for (int k = 0; k < r[0].finalState().length; k++) close("final state " + k, r[0].finalState()[k], r[1].finalState()[k], tol);
        close("hidden states", r[0].hiddenStates(), r[1].hiddenStates(), tol);
        Map<String, INDArray> gates = r[0].gateActivations();
        gates.forEach((name, g) -> close(name + " gate", g, r[1].gateActivations().get(name), tol));
        INDArray g = randn(9, out[0].shape()).castTo(dt);
        INDArray[] finalGrad = !givenState ? null
                : lstm ? new INDArray[] {randn(48, B, H).castTo(dt), randn(49, B, H).castTo(dt)} : new INDArray[] {randn(48, B, H).castTo(dt)};
        for (int i = 0; i < 2; i++) dx[i] = r[i].backward(g, finalGrad, true);
        close("input gradient", dx[0], dx[1], tol);
        if (givenState) {
            for (int k = 0; k < finalGrad.length; k++) {
                close("initial state gradient " + k, r[0].initialStateGradient()[k], r[1].initialStateGradient()[k], tol);
            }
        }
        for (int p = 0; p < r[0].params().size(); p++) {
            close(r[0].params().get(p).name() + " gradient", r[0].params().get(p).grad(), r[1].params().get(p).grad(), tol);
        }
        double[] n0 = r[0].stateGradientNorms(), n1 = r[1].stateGradientNorms();
        for (int t = 0; t < T; t++) assertEquals(n0[t], n1[t], tol * (1 + n0[t]), "‖∂L/∂h‖ at step " + t);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cellNames")
    void bothPathsStartFromAGivenStateAndCarryItBetweenStatefulPasses(String cell) {
        DataType dt = DataType.DOUBLE;
        Recurrent[] r = pair(cell, false, true, dt);
        INDArray h0 = randn(40, B, H).castTo(dt), c0 = r[0].cell().hasCellState() ? randn(41, B, H).castTo(dt) : null;
        INDArray x = randn(42, T, B, F).castTo(dt), x2 = randn(43, T, B, F).castTo(dt);
        INDArray[][] out = new INDArray[2][];
        for (int i = 0; i < 2; i++) {
            r[i].initialState(h0, c0);
            r[i].stateful(true);
            INDArray first = r[i].forward(x, null, false, new Random(1));
            INDArray second = r[i].forward(x2, null, false, new Random(1)); // continues from the first pass's final state
            out[i] = new INDArray[] {first, second};
        }
        close("from the given state", out[0][0], out[1][0], 1e-10);
        close("from the carried state", out[0][1], out[1][1], 1e-10);
        r[0].resetState();
        r[0].stateful(false);
        INDArray fresh = r[0].forward(x2, null, false, new Random(1));
        assertEquals(false, fresh.equalsWithEps(out[0][1], 1e-6), "the carried state changed the second pass");
    }

    static Stream<String> cellNames() { return Stream.of("simpleRnn tanh", "simpleRnn relu", "lstm", "gru"); }

    @Test
    void backwardGoesThroughThePathThatRanForward() {
        Recurrent[] r = pair("lstm", false, false, DataType.DOUBLE);
        INDArray x = randn(44, T, B, F);
        r[1].forward(x, null, true, new Random(1));
        r[1].pinComputePath(ComputePath.REFERENCE); // a switch between forward and backward takes effect at the next forward
        r[0].forward(x, null, true, new Random(1));
        INDArray g = randn(45, B, H);
        close("input gradient", r[0].backward(g, true), r[1].backward(g, true), 1e-10);
        assertEquals(ComputePath.FAST, r[1].lastComputePath());
    }

    /** Largest difference relative to the larger of 1 and the largest expected value. */
    static void close(String what, INDArray expected, INDArray actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        double worst = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertEquals(0.0, worst / scale, tol, what + ": largest difference " + worst + " (scale " + scale + ")");
    }
}
