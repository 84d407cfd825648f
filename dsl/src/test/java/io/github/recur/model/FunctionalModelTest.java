package io.github.recur.model;

import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.layers.Node;
import io.github.recur.layers.RecurrentNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FunctionalModelTest {
    @TempDir Path tmp;

    private static INDArray randn(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, shape);
    }

    private static INDArray ids(long seed, int vocabulary, int rows, int steps) {
        var r = new java.util.Random(seed);
        double[][] a = new double[rows][steps];
        for (double[] row : a) for (int t = 0; t < steps; t++) row[t] = 1 + r.nextInt(vocabulary - 1);
        return Nd4j.createFromArray(a).castTo(DataType.FLOAT);
    }

    @Test void aChainDeclaredAsAGraphTrainsExactlyLikeTheSameSequentialModel() {
        INDArray x = randn(1, 16, 7, 3), y = randn(2, 16, 1);
        Model stack = sequential(lstm(8), dense(1)).seed(5);
        Node in = input("x").features(3);
        Model graph = model(in, dense(1).on(lstm(8).on(in))).seed(5);
        for (Model m : List.of(stack, graph)) {
            m.compile(adam(1e-2), mse());
            m.fit(x, y, epochs(3), batchSize(4), verbose(false));
        }
        assertEquals(stack.weights().keySet(), graph.weights().keySet());
        assertEquals(0, stack.predict(x).sub(graph.predict(x)).amaxNumber().doubleValue(), 0.0);
    }

    /** A source-to-target toy task wired as an encoder–decoder with attention. */
    private static Model encoderDecoder() {
        Node source = input("source").tokens();
        Node targetIn = input("target_in").tokens();
        RecurrentNode encoder = lstm(16).returnSequences().named("encoder").on(embedding(10, 8).maskZero().on(source));
        RecurrentNode decoder = lstm(16).returnSequences().named("decoder").on(embedding(10, 8).maskZero().on(targetIn), encoder.states());
        Node context = attention("dot").named("attention").on(decoder, encoder);
        return model(List.of(source, targetIn), dense(10).named("output").on(concat(decoder, context))).seed(3);
    }

    @Test void anEncoderDecoderTrainsOnInputsByNameAndSavesAndLoadsAsAGraph() {
        Model m = encoderDecoder();
        m.compile(adam(1e-2), sparseCategoricalCrossentropy().fromLogits(), metrics(accuracy()));
        INDArray src = ids(1, 10, 32, 5), tgtIn = ids(2, 10, 32, 4), tgtOut = ids(3, 10, 32, 4);
        var inputs = Map.of("source", src, "target_in", tgtIn);
        History h = m.fit(inputs, tgtOut, epochs(3), batchSize(8), verbose(false));
        assertTrue(h.get("loss").get(2) < h.get("loss").get(0), "the loss falls: " + h.get("loss"));
        assertEquals(List.of(32L, 4L, 10L), List.of(m.predict(inputs).shape()[0], m.predict(inputs).shape()[1], m.predict(inputs).shape()[2]));
        assertTrue(m.weights().containsKey("encoder.weight_ih_l0") && m.weights().containsKey("attention.weight") == false
                && m.weights().containsKey("output.bias"), m.weights().keySet().toString());

        INDArray w = m.attentionWeights(inputs, "attention");
        assertEquals(List.of(32L, 4L, 5L), List.of(w.shape()[0], w.shape()[1], w.shape()[2]));
        assertEquals(1.0, w.sum(2).minNumber().doubleValue(), 1e-5);

        Path file = tmp.resolve("seq2seq.recur");
        m.save(file);
        Model back = Model.load(file);
        assertTrue(back.isFunctional());
        assertEquals(m.inputNames(), back.inputNames());
        assertEquals(0, m.predict(inputs).sub(back.predict(inputs)).amaxNumber().doubleValue(), 1e-6);
        assertEquals(m.evaluate(inputs, tgtOut).get("loss"), back.evaluate(inputs, tgtOut).get("loss"), 1e-6);
        String summary = back.summaryTable().text();
        assertTrue(summary.contains("Connected to") && summary.contains("encoder.h (state)") && summary.contains("decoder, attention"), summary);
    }

    @Test void inputsAreTakenByNameAndAMissingOrUnknownOneIsNamed() {
        Model m = encoderDecoder();
        m.compile(adam(1e-2), sparseCategoricalCrossentropy().fromLogits());
        INDArray src = ids(1, 10, 4, 5), tgt = ids(2, 10, 4, 4);
        refused(() -> m.predict(Map.of("source", src)), "input \"target_in\" is missing");
        refused(() -> m.predict(Map.of("source", src, "target_in", tgt, "extra", tgt)), "\"extra\", which the model does not have");
        refused(() -> m.predict(src), "this model has 2 inputs [source, target_in]");
        refused(() -> m.fit(Map.of("source", src, "target_in", tgt), tgt, tbptt(2), verbose(false)), "tbptt(2) trains sequential models only");
        refused(() -> m.hiddenStates(src, m.layers().indexOf(m.layer("encoder"))), "this model has 2 inputs");
    }

    @Test void targetIdsBeyondTheOutputVocabularyAndADecodingWithoutAnEndAreRefusedBeforeAnythingRuns() {
        Model m = encoderDecoder();
        m.compile(adam(1e-2), sparseCategoricalCrossentropy().fromLogits());
        INDArray src = ids(1, 10, 4, 5), tgtIn = ids(2, 10, 4, 4), tgtOut = ids(3, 10, 4, 4);
        tgtOut.putScalar(1, 2, 12); // the output layer has 10 units: ids 0..9
        var before = m.weights();
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(Map.of("source", src, "target_in", tgtIn), tgtOut, verbose(false)));
        assertTrue(e.getMessage().contains("12") && e.getMessage().contains("10"), e.getMessage());
        before.forEach((k, w) -> assertEquals(0, w.sub(m.weights().get(k)).amaxNumber().doubleValue(), 0.0, k + " unchanged"));
        var noEnd = assertThrows(RuntimeException.class, () -> m.decode(greedySearch(), Map.of("source", src), "target_in", 1));
        assertTrue(noEnd.getMessage().contains("end token") && noEnd.getMessage().contains("maximum length"), noEnd.getMessage());
    }

    @Test void wiringThatCannotWorkIsRefusedWhenDeclaredNamingBothLayers() {
        Node x = input("x").features(3);
        Node ids = input("ids").tokens();
        RecurrentNode lstmEncoder = lstm(16).named("encoder").on(x);
        RecurrentNode gruEncoder = gru(16).named("encoder").on(x);
        refused(() -> model(x, lstm(32).named("decoder").on(x, lstmEncoder.states())),
                "lstm \"decoder\": initial state h gets 16 units from state h of lstm \"encoder\" but the layer has 32 units; "
                + "give both the same units or put a dense(32) bridge between them");
        refused(() -> model(x, gru(16).named("decoder").on(x, lstmEncoder.states())), "gru \"decoder\": initialState gets 2 state(s) from lstm \"encoder\"");
        refused(() -> model(x, gru(16).named("decoder").on(x, lstmEncoder.states())), "pass only h, e.g. encoder.h()");
        refused(() -> model(x, lstm(16).on(x, gruEncoder.states())), "an LSTM needs {h, c}");
        refused(() -> model(x, attention("dot").on(lstm(16).returnSequences().on(x), lstmEncoder)),
                "its values are the last step only; declare the encoder with .returnSequences()");
        refused(() -> model(x, attention("dot").on(lstm(8).returnSequences().on(x), lstm(16).returnSequences().on(x))),
                "dot scores need queries and values of one size");
        refused(() -> model(ids, lstm(4).on(ids)), "holds token ids; put an embedding(vocabulary, dimension) between them");
        refused(() -> model(List.of(x, ids), lstm(4).on(x)), "the output does not depend on input \"ids\"");
        refused(() -> model(ids, lstm(4).on(x)), "depends on input \"x\", which is not among the model's inputs");
        refused(() -> model(x, concat(lstm(4).on(x), lstm(4).returnSequences().on(x))), "joins sequences or vectors, not both");
        var shared = dense(4);
        refused(() -> model(x, concat(shared.on(lstm(4).on(x)), shared.on(gru(4).on(x)))), "is called twice");
        refused(() -> model(List.of(x, input("x").features(2)), lstm(4).on(x)), "two inputs are named \"x\"");
    }

    @Test void aDenseBridgeFromABidirectionalEncodersStatesPassesTheRightGradientBack() {
        Node source = input("source").features(3);
        Node targetIn = input("target_in").features(2);
        RecurrentNode encoder = bidirectional(gru(4)).named("encoder").on(source);
        Node bridge = dense(5, "tanh").named("bridge").on(concat(encoder.states().get(0), encoder.states().get(1)));
        Node decoder = gru(5).returnSequences().named("decoder").on(targetIn, List.of(bridge));
        Model m = model(List.of(source, targetIn), dense(1).named("out").on(decoder)).dataType(DataType.DOUBLE).seed(1);
        double lr = 1e-3;
        m.compile(sgd(lr), mse());
        var inputs = Map.of("source", randn(1, 3, 5, 3).castTo(DataType.DOUBLE), "target_in", randn(2, 3, 4, 2).castTo(DataType.DOUBLE));
        INDArray y = randn(3, 3, 4, 1).castTo(DataType.DOUBLE);
        Map<String, INDArray> before = m.weights();
        // ∂L/∂w by central differences of the loss, in double precision
        String[] probed = {"encoder.weight_hh_l0", "encoder.weight_ih_l0_reverse", "encoder.bias_hh_l0", "bridge.weight", "decoder.weight_hh_l0"};
        double[][] numeric = new double[probed.length][3];
        for (int p = 0; p < probed.length; p++) {
            for (int k = 0; k < 3; k++) {
                String name = probed[p];
                INDArray w = m.params().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow().value();
                long at = (k * 7L + p) % w.length();
                double keep = w.getDouble(at), h = 1e-6;
                w.putScalar(at, keep + h);
                double up = m.evaluate(inputs, y).get("loss");
                w.putScalar(at, keep - h);
                double down = m.evaluate(inputs, y).get("loss");
                w.putScalar(at, keep);
                numeric[p][k] = (up - down) / (2 * h);
            }
        }
        m.fit(inputs, y, epochs(1), batchSize(3), shuffle(false), verbose(false));
        Map<String, INDArray> after = m.weights();
        for (int p = 0; p < probed.length; p++) {
            for (int k = 0; k < 3; k++) {
                long at = (k * 7L + p) % before.get(probed[p]).length();
                double analytic = (before.get(probed[p]).getDouble(at) - after.get(probed[p]).getDouble(at)) / lr;
                assertEquals(numeric[p][k], analytic, 1e-6 + 1e-5 * Math.abs(numeric[p][k]), probed[p] + "[" + at + "]");
            }
        }
        assertTrue(Math.abs(numeric[0][0]) + Math.abs(numeric[1][0]) > 1e-8, "the encoder's gradient is not zero");
    }

    private static void refused(Executable call, String fragment) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message should contain '" + fragment + "' but was: " + e.getMessage());
    }
}
