package io.github.recur.layers;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.Sweep;
import io.github.recur.train.Optimizer;
import io.github.recur.train.SparseCategoricalCrossentropy;
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
 * An encoder whose final state seeds a decoder, wired by hand with the two state gradients
 * ({@link Recurrent#initialStateGradient()} out of the decoder, {@link Recurrent#backward(INDArray, INDArray[], boolean)}
 * into the encoder): the encoder's weights get the gradient of the decoder's loss (finite differences),
 * and a copy task is learned, which it cannot be unless that gradient reaches the encoder. The
 * finite-difference cases are a covering subset by default ({@link Sweep}); {@code -Drecur.sweep=full} runs all.
 */
class EncoderDecoderStateTest {
    private static final int B = 3, S = 4, T = 5, F = 3, H = 4; // source and target lengths differ

    private static final Map<String, Supplier<Recurrent>> CELLS = Map.of(
            "simpleRnn", () -> simpleRnn(H), "lstm", () -> lstm(H), "gru", () -> gru(H));

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String cell : List.of("simpleRnn", "lstm", "gru")) {
            for (ComputePath path : ComputePath.values()) {
                for (boolean masked : List.of(false, true)) all.add(Arguments.of(cell, path, masked));
            }
        }
        return Sweep.cover(all, 0, 2); // every cell with and without a mask, each on both paths; all with -Drecur.sweep=full
    }

    private static Recurrent built(Recurrent r, int inputs, long seed, ComputePath path) {
        r.build(inputs, new Random(seed), DataType.DOUBLE, "");
        for (int p = 0; p < r.params().size(); p++) r.params().get(p).value().addi(randn(seed * 10 + p, r.params().get(p).value().shape()).muli(0.5));
        r.pinComputePath(path);
        return r;
    }

    /** L = Σ g ⊙ decoder(target; initial state = encoder(source)'s final state). */
    private static double loss(Recurrent encoder, Recurrent decoder, INDArray source, INDArray sourceMask, INDArray target, INDArray g) {
        encoder.forward(source, sourceMask, true, new Random(1));
        INDArray[] state = encoder.finalState();
        decoder.initialState(state[0], state.length > 1 ? state[1] : null);
        return decoder.forward(target, null, true, new Random(1)).mul(g).sumNumber().doubleValue();
    }

    @ParameterizedTest(name = "{0} {1} masked source={2}")
    @MethodSource("cases")
    void theEncoderGetsTheGradientOfTheDecodersLoss(String cell, ComputePath path, boolean masked) {
        Recurrent encoder = built(CELLS.get(cell).get(), F, 5, path);
        Recurrent decoder = built(CELLS.get(cell).get().returnSequences(), F, 6, path);
        INDArray source = randn(1, S, B, F), target = randn(2, T, B, F), g = randn(3, T, B, H);
        INDArray mask = masked ? Nd4j.createFromArray(new double[][] {{1, 1, 1, 1}, {1, 1, 0, 0}, {1, 0, 0, 0}}).permute(1, 0).dup('c') : null;
        loss(encoder, decoder, source, mask, target, g);
        decoder.backward(g, null, false);
        INDArray dSource = encoder.backward(null, decoder.initialStateGradient(), true);
        Random pick = new Random(4);
        double eps = 1e-6;
        List<INDArray[]> checks = new ArrayList<>();
        for (Param p : encoder.params()) checks.add(new INDArray[] {p.value(), p.grad().dup()});
        checks.add(new INDArray[] {source, dSource});
        for (INDArray[] c : checks) {
            INDArray flat = c[0].reshape(c[0].length()), grad = c[1].dup('c').reshape(c[1].length());
            for (int k = 0; k < 12; k++) {
                int i = pick.nextInt((int) flat.length());
                double orig = flat.getDouble(i);
                flat.putScalar(i, orig + eps);
                double up = loss(encoder, decoder, source, mask, target, g);
                flat.putScalar(i, orig - eps);
                double down = loss(encoder, decoder, source, mask, target, g);
                flat.putScalar(i, orig);
                double numeric = (up - down) / (2 * eps), a = grad.getDouble(i);
                double err = Math.abs(a - numeric) / Math.max(1e-8, Math.abs(a) + Math.abs(numeric));
                assertTrue(err < 1e-5 || Math.abs(a - numeric) < 1e-9, "encoder [" + i + "]: backprop " + a + " vs finite differences " + numeric);
            }
        }
        assertTrue(encoder.params().get(1).grad().norm2Number().doubleValue() > 1e-6, "no gradient reached the encoder's W_hh");
    }

    // ---- a copy task ----------------------------------------------------------------------------------

    private static final int SYMBOLS = 5, LENGTH = 6, UNITS = 32, BATCH = 64;

    /** One-hot {@code [LENGTH, rows, SYMBOLS + 1]} of token ids (0 = the start mark, 1..SYMBOLS symbols), time-major. */
    private static INDArray oneHot(int[][] ids) {
        INDArray x = Nd4j.zeros(DataType.FLOAT, LENGTH, ids.length, SYMBOLS + 1);
        for (int b = 0; b < ids.length; b++) for (int t = 0; t < LENGTH; t++) x.putScalar(new long[] {t, b, ids[b][t]}, 1);
        return x;
    }

    private static int[][] sequences(Random rng, int rows) {
        int[][] s = new int[rows][LENGTH];
        for (int[] row : s) for (int t = 0; t < LENGTH; t++) row[t] = 1 + rng.nextInt(SYMBOLS);
        return s;
    }

    /** The decoder reads the target shifted right behind the start mark (teacher forcing). */
    private static int[][] shifted(int[][] s) {
        int[][] in = new int[s.length][LENGTH];
        for (int b = 0; b < s.length; b++) System.arraycopy(s[b], 0, in[b], 1, LENGTH - 1);
        return in;
    }

    private static INDArray targets(int[][] s) { // [LENGTH·rows, 1] in the decoder output's row order (time-major)
        INDArray y = Nd4j.zeros(DataType.FLOAT, (long) LENGTH * s.length, 1);
        for (int t = 0; t < LENGTH; t++) for (int b = 0; b < s.length; b++) y.putScalar((long) t * s.length + b, 0, s[b][t] - 1);
        return y;
    }

    private record Seq2Seq(Recurrent encoder, Recurrent decoder, Dense head) {
        INDArray logits(int[][] source, boolean training) {
            encoder.forward(oneHot(source), null, training, new Random(1));
            decoder.initialState(encoder.finalState()[0], null);
            INDArray out = decoder.forward(oneHot(shifted(source)), null, training, new Random(1));
            return head.forward(out, null, training, new Random(1)).reshape('c', (long) LENGTH * source.length, SYMBOLS);
        }

        /** Share of target tokens predicted right (teacher forced), on held-out sequences. */
        double accuracy(int[][] source) {
            INDArray predicted = logits(source, false).argMax(1);
            INDArray y = targets(source);
            double right = 0;
            for (int i = 0; i < y.rows(); i++) if (predicted.getInt(i) == y.getInt(i, 0)) right++;
            return right / y.rows();
        }
    }

    /** Trains the copy task; {@code encoderLearns = false} never hands the decoder's state gradient back (the encoder stays as initialised). */
    private static double copyTaskAccuracy(boolean encoderLearns) {
        Random rng = new Random(21);
        var model = new Seq2Seq(gru(UNITS), gru(UNITS).returnSequences(), dense(SYMBOLS));
        model.encoder().build(SYMBOLS + 1, rng, DataType.FLOAT, "");
        model.decoder().build(SYMBOLS + 1, rng, DataType.FLOAT, "");
        model.head().build(UNITS, true, rng, DataType.FLOAT);
        var params = new ArrayList<Param>(); // unique names: the optimizer keeps its state by name
        for (Param p : model.encoder().params()) params.add(new Param("encoder." + p.name(), p.value(), p.grad(), p.decay()));
        for (Param p : model.decoder().params()) params.add(new Param("decoder." + p.name(), p.value(), p.grad(), p.decay()));
        for (Param p : model.head().params()) params.add(new Param("head." + p.name(), p.value(), p.grad(), p.decay()));
        Optimizer adam = adam(0.01).clipNorm(1.0);
        var loss = new SparseCategoricalCrossentropy().fromLogits();
        for (int step = 0; step < 300; step++) {
            int[][] batch = sequences(rng, BATCH);
            INDArray logits = model.logits(batch, true);
            INDArray grad = logits.ulike();
            loss.compute(logits, targets(batch), null, grad);
            INDArray dOut = model.head().backward(grad.reshape('c', LENGTH, BATCH, SYMBOLS));
            model.decoder().backward(dOut, null, false);
            if (encoderLearns) model.encoder().backward(null, model.decoder().initialStateGradient(), false);
            else for (Param p : model.encoder().params()) p.grad().assign(0);
            adam.step(params);
        }
        return model.accuracy(sequences(new Random(99), 256));
    }

    @Test
    void aCopyTaskIsLearnedThroughTheEncodersFinalState() {
        double learned = copyTaskAccuracy(true), frozen = copyTaskAccuracy(false);
        System.out.printf("copy task, %d symbols of %d: token accuracy %.3f with the state gradient, %.3f with the encoder frozen (chance %.2f)%n",
                LENGTH, SYMBOLS, learned, frozen, 1.0 / SYMBOLS);
        assertTrue(learned > 0.9, "with the state gradient the copy task reached only " + learned);
        assertTrue(learned > frozen + 0.15, "the encoder's learning made little difference: " + learned + " vs " + frozen + " frozen");
    }
}
