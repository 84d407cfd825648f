package io.github.recur.layers;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.Sweep;
import io.github.recur.io.SafeTensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
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
 * Gradients at the two ends of a sequence against central finite differences in double precision, on
 * both compute paths: ∂L/∂h_0 and ∂L/∂c_0 (what an encoder whose final state seeds a decoder learns
 * from), and a loss that reads the final state (h_T, c_T) as well as the output (what a decoder hands
 * back), for every cell, with and without a mask, in both directions, for sequence and last-step outputs;
 * the same under recurrent dropout with a fixed mask, and a bidirectional layer's states.
 *
 * Against PyTorch's autograd too (fixtures from {@code make_torch_fixtures.py}).
 *
 * <p>The three finite-difference sweeps run a seeded subset by default ({@link Sweep}: every cell with
 * every mask case and direction, every pair of values of any two dimensions); {@code -Drecur.sweep=full}
 * runs every combination. ComputePathAgreementTest holds the two paths to each other on more of them.
 *
 * <p>The loss is L = Σ g ⊙ output + Σ a ⊙ h_T + Σ b ⊙ c_T with fixed random g, a, b, so its gradient
 * with respect to the output is g and with respect to the final state (a, b).
 */
class StateGradientTest {
    private static final int T = 5, B = 3, F = 4, H = 5;
    private static final double EPS = 1e-6;

    private static final Map<String, Supplier<Recurrent>> CELLS = Map.of(
            "simpleRnn tanh", () -> simpleRnn(H), "simpleRnn relu", () -> simpleRnn(H, "relu"),
            "lstm", () -> lstm(H), "gru", () -> gru(H));

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String cell : List.of("simpleRnn tanh", "simpleRnn relu", "lstm", "gru")) {
            for (ComputePath path : ComputePath.values()) {
                for (boolean masked : List.of(false, true)) {
                    for (boolean backwards : List.of(false, true)) {
                        for (boolean sequences : List.of(false, true)) all.add(Arguments.of(cell, path, masked, backwards, sequences));
                    }
                }
            }
        }
        return Sweep.cover(all, 0, 2, 3); // every cell × mask × direction; each pair of values of any two dimensions
    }

    /** One layer on one path with perturbed weights (no gate at its initial value). */
    private static Recurrent layer(Recurrent declared, boolean backwards, boolean sequences, ComputePath path) {
        Recurrent r = declared;
        if (backwards) r = r.goBackwards();
        if (sequences) r = r.returnSequences();
        r.build(F, new Random(5), DataType.DOUBLE, "");
        for (int p = 0; p < r.params().size(); p++) {
            INDArray v = r.params().get(p).value();
            v.addi(randn(20 + p, v.shape()).muli(0.5));
        }
        r.pinComputePath(path);
        return r;
    }

    /** Right-padded lengths 5, 2 and a row with a gap, time-major {@code [T, B]}. */
    private static INDArray mask() {
        return Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 0, 0, 0}, {1, 0, 1, 1, 0}}).permute(1, 0).dup('c');
    }

    /** What a check needs: the layer, its input and mask, the state it starts from, and the loss's fixed weights. */
    private record Setup(Recurrent layer, INDArray x, INDArray mask, INDArray h0, INDArray c0, INDArray g, INDArray a, INDArray b) {
        /** L for the current weights and initial state; {@code training} with a fresh Random(1) gives the same dropout mask every time. */
        double loss() {
            layer.initialState(h0, c0);
            INDArray out = layer.forward(x, mask, true, new Random(1));
            INDArray[] fin = layer.finalState();
            double l = out.mul(g).sumNumber().doubleValue() + fin[0].mul(a).sumNumber().doubleValue();
            if (fin.length > 1) l += fin[1].mul(b).sumNumber().doubleValue();
            return l;
        }

        /** The analytic gradients: forward, then backward from g and (a, b); returns ∂L/∂x. */
        INDArray backprop() {
            loss();
            INDArray[] finalGrad = layer.cell().hasCellState() ? new INDArray[] {a, b} : new INDArray[] {a};
            return layer.backward(g, finalGrad, true);
        }
    }

    private static Setup setup(Recurrent r, boolean masked) {
        INDArray x = randn(31, T, B, F).muli(1.5);
        INDArray h0 = randn(40, B, H).muli(0.8), c0 = r.cell().hasCellState() ? randn(41, B, H) : null;
        INDArray out = r.returnsSequences() ? randn(9, T, B, H) : randn(9, B, H);
        return new Setup(r, x, masked ? mask() : null, h0, c0, out, randn(10, B, H), randn(11, B, H));
    }

    @ParameterizedTest(name = "{0} {1} masked={2} backwards={3} sequences={4}")
    @MethodSource("cases")
    void initialStateGradientAndFinalStateGradientMatchFiniteDifferences(String cell, ComputePath path, boolean masked,
                                                                         boolean backwards, boolean sequences) {
        Setup s = setup(layer(CELLS.get(cell).get(), backwards, sequences, path), masked);
        checkAll(s, path);
    }

    static Stream<Arguments> dropoutCases() {
        List<Arguments> all = new ArrayList<>();
        for (String cell : List.of("simpleRnn tanh", "lstm", "gru")) {
            for (ComputePath path : ComputePath.values()) {
                for (boolean masked : List.of(false, true)) {
                    for (boolean sequences : List.of(false, true)) all.add(Arguments.of(cell, path, masked, sequences));
                }
            }
        }
        return Sweep.cover(all, 0, 2); // every cell × mask; each pair of values of any two dimensions
    }

    /** Recurrent dropout under one fixed mask (the same seeded draw every pass): the gradients of that function. */
    @ParameterizedTest(name = "{0} {1} masked={2} sequences={3}")
    @MethodSource("dropoutCases")
    void recurrentDropoutGradientsMatchFiniteDifferencesUnderAFixedMask(String cell, ComputePath path, boolean masked, boolean sequences) {
        Setup s = setup(layer(CELLS.get(cell).get().recurrentDropout(0.4), false, sequences, path), masked);
        checkAll(s, path);
        // the mask did drop something: the same pass without dropout computes another function
        double dropped = s.loss();
        Recurrent plain = layer(CELLS.get(cell).get(), false, sequences, path);
        double undropped = new Setup(plain, s.x(), s.mask(), s.h0(), s.c0(), s.g(), s.a(), s.b()).loss();
        assertTrue(Math.abs(dropped - undropped) > 1e-3, "recurrent dropout changed nothing: " + dropped + " vs " + undropped);
    }

    private static void checkAll(Setup s, ComputePath path) {
        INDArray dx = s.backprop();
        INDArray[] d0 = s.layer().initialStateGradient();
        assertEquals(s.c0() != null ? 2 : 1, d0.length);
        // The reference path (many small ND4J calls per step, slow on a busy machine) checks a sample; the fast
        // path every state entry. ComputePathAgreementTest holds the two paths' gradients to each other in full.
        boolean reference = path == ComputePath.REFERENCE;
        int states = reference ? 5 : Integer.MAX_VALUE, inputs = reference ? 4 : 8, perParam = reference ? 3 : 8;
        check("∂L/∂h_0", s::loss, s.h0(), d0[0], states);
        if (s.c0() != null) check("∂L/∂c_0", s::loss, s.c0(), d0[1], states);
        check("∂L/∂x", s::loss, s.x(), dx, inputs);
        for (Param p : s.layer().params()) check(p.name(), s::loss, p.value(), p.grad().dup(), perParam);
    }

    /** Central differences of L in up to {@code count} entries of {@code values} (all when fewer), against {@code analytic}. */
    private static void check(String what, DoubleSupplier loss, INDArray values, INDArray analytic, int count) {
        INDArray flat = values.reshape(values.length());
        INDArray grad = analytic.dup('c').reshape(analytic.length());
        long n = flat.length();
        Random pick = new Random(3);
        for (int k = 0; k < Math.min(count, n); k++) {
            long i = n <= count ? k : pick.nextInt((int) n);
            double orig = flat.getDouble(i);
            flat.putScalar(i, orig + EPS);
            double up = loss.getAsDouble();
            flat.putScalar(i, orig - EPS);
            double down = loss.getAsDouble();
            flat.putScalar(i, orig);
            double numeric = (up - down) / (2 * EPS), a = grad.getDouble(i);
            double err = Math.abs(a - numeric) / Math.max(1e-8, Math.abs(a) + Math.abs(numeric));
            assertTrue(err < 1e-5 || Math.abs(a - numeric) < 1e-9,
                    what + "[" + i + "]: backprop " + a + " vs finite differences " + numeric + " (relative error " + err + ")");
        }
    }

    static Stream<Arguments> bidirectionalCases() {
        List<Arguments> all = new ArrayList<>();
        for (String cell : List.of("lstm", "gru")) {
            for (ComputePath path : ComputePath.values()) {
                for (boolean sequences : List.of(false, true)) all.add(Arguments.of(cell, path, sequences));
            }
        }
        return Sweep.cover(all, 0); // every cell; each pair of values of any two dimensions
    }

    /** A bidirectional layer's four (LSTM) or two (GRU) states, in and out, forward direction first, masked input. */
    @ParameterizedTest(name = "{0} {1} sequences={2}")
    @MethodSource("bidirectionalCases")
    void bidirectionalStateGradientsMatchFiniteDifferences(String cell, ComputePath path, boolean sequences) {
        Recurrent inner = CELLS.get(cell).get();
        Bidirectional bi = new Bidirectional(sequences ? inner.returnSequences() : inner, Bidirectional.Merge.CONCAT);
        bi.build(F, true, new Random(5), DataType.DOUBLE);
        for (int p = 0; p < bi.params().size(); p++) bi.params().get(p).value().addi(randn(20 + p, bi.params().get(p).value().shape()).muli(0.5));
        bi.forwardLayer().pinComputePath(path);
        bi.backwardLayer().pinComputePath(path);
        int n = inner.cell().hasCellState() ? 4 : 2;
        INDArray x = randn(31, T, B, F), m = mask();
        INDArray[] initial = new INDArray[n], a = new INDArray[n];
        for (int k = 0; k < n; k++) {
            initial[k] = randn(40 + k, B, H);
            a[k] = randn(50 + k, B, H);
        }
        INDArray g = sequences ? randn(9, T, B, 2 * H) : randn(9, B, 2 * H);
        DoubleSupplier loss = () -> {
            bi.initialState(initial);
            double l = bi.forward(x, m, true, new Random(1)).mul(g).sumNumber().doubleValue();
            INDArray[] fin = bi.finalState();
            for (int k = 0; k < n; k++) l += fin[k].mul(a[k]).sumNumber().doubleValue();
            return l;
        };
        loss.getAsDouble();
        INDArray dx = bi.backward(g, a, true);
        INDArray[] d0 = bi.initialStateGradient();
        boolean reference = path == ComputePath.REFERENCE;
        for (int k = 0; k < n; k++) check("∂L/∂initial state " + k, loss, initial[k], d0[k], reference ? 4 : 8);
        check("∂L/∂x", loss, x, dx, 6);
        for (Param p : bi.params()) check(p.name(), loss, p.value(), p.grad().dup(), reference ? 2 : 4);
    }

    static Stream<Arguments> torchCases() {
        return Stream.of("simple_rnn", "lstm", "gru").flatMap(kind -> Stream.of(ComputePath.values()).map(path -> Arguments.of(kind, path)));
    }

    /**
     * The same gradients as PyTorch's autograd for {@code nn.RNN/LSTM/GRU(x, h0)} with L = Σ g ⊙ out + Σ a ⊙ h_n
     * (+ Σ b ⊙ c_n): fixtures from {@code src/test/python/make_torch_fixtures.py} (batch 3, time 5, 4 features, 6 units).
     */
    @ParameterizedTest(name = "{0} on the {1} path")
    @MethodSource("torchCases")
    void initialAndFinalStateGradientsMatchPyTorch(String kind, ComputePath path) {
        Map<String, INDArray> f = SafeTensors.read(Path.of("src/test/resources/torch_state/" + kind + ".safetensors"));
        int b = (int) f.get("x").size(0), in = (int) f.get("x").size(2), h = (int) f.get("h0").size(2);
        Recurrent r = switch (kind) {
            case "lstm" -> lstm(h);
            case "gru" -> gru(h);
            default -> simpleRnn(h);
        };
        r = r.returnSequences();
        r.build(in, new Random(1), DataType.DOUBLE, "");
        for (Param p : r.params()) p.value().assign(f.get(p.name()));
        r.pinComputePath(path);
        boolean lstm = kind.equals("lstm");
        r.initialState(f.get("h0").reshape(b, h).dup(), lstm ? f.get("c0").reshape(b, h).dup() : null);
        INDArray out = r.forward(timeMajor(f.get("x")), null, true, new Random(1));
        double tol = 1e-9;
        ComputePathAgreementTest.close("output", timeMajor(f.get("out")), out, tol);
        ComputePathAgreementTest.close("h_n", f.get("h_n").reshape(b, h), r.finalState()[0], tol);
        if (lstm) ComputePathAgreementTest.close("c_n", f.get("c_n").reshape(b, h), r.finalState()[1], tol);
        INDArray[] finalGrad = lstm ? new INDArray[] {f.get("a").reshape(b, h), f.get("b").reshape(b, h)} : new INDArray[] {f.get("a").reshape(b, h)};
        INDArray dx = r.backward(timeMajor(f.get("g")), finalGrad, true);
        ComputePathAgreementTest.close("∂L/∂x", timeMajor(f.get("x.grad")), dx, tol);
        INDArray[] d0 = r.initialStateGradient();
        ComputePathAgreementTest.close("∂L/∂h0", f.get("h0.grad").reshape(b, h), d0[0], tol);
        if (lstm) ComputePathAgreementTest.close("∂L/∂c0", f.get("c0.grad").reshape(b, h), d0[1], tol);
        for (Param p : r.params()) ComputePathAgreementTest.close(p.name() + " gradient", f.get(p.name() + ".grad"), p.grad(), tol);
    }

    private static INDArray timeMajor(INDArray batchFirst) { return batchFirst.permute(1, 0, 2).dup('c'); }

    @Test
    void aPassFromZerosOrFromAStatefulCarryHasNoInitialStateGradient() {
        Recurrent r = layer(lstm(H), false, false, ComputePath.FAST);
        INDArray x = randn(1, T, B, F);
        r.forward(x, null, true, new Random(1));
        r.backward(randn(2, B, H), true);
        var e = assertThrows(IllegalArgumentException.class, r::initialStateGradient);
        assertTrue(e.getMessage().contains("initialState"), e.getMessage());
        r.stateful(true);
        r.forward(x, null, true, new Random(1));
        r.forward(x, null, true, new Random(1)); // starts from the first pass's final state: a constant, as in truncated BPTT
        r.backward(randn(2, B, H), true);
        assertThrows(IllegalArgumentException.class, r::initialStateGradient);
    }

    @Test
    void aFinalStateGradientOfTheWrongShapeIsRefusedNamingTheLayer() {
        Recurrent r = layer(lstm(H), false, false, ComputePath.FAST);
        r.forward(randn(1, T, B, F), null, true, new Random(1));
        var e = assertThrows(IllegalArgumentException.class, () -> r.backward(null, new INDArray[] {randn(2, B, H)}, true));
        assertTrue(e.getMessage().contains("lstm") && e.getMessage().contains("{dh, dc}"), e.getMessage());
        r.forward(randn(1, T, B, F), null, true, new Random(1));
        var e2 = assertThrows(IllegalArgumentException.class, () -> r.backward(null, new INDArray[] {randn(2, B, H + 1), randn(3, B, H)}, true));
        assertTrue(e2.getMessage().contains("[3, 5]") && e2.getMessage().contains("[3, 6]"), e2.getMessage());
    }
}
