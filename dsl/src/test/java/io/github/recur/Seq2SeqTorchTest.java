package io.github.recur;

import static io.github.recur.Recur.*;
import static io.github.recur.TorchCrossCheckTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.recur.io.SafeTensors;
import io.github.recur.layers.ComputePath;
import io.github.recur.layers.Node;
import io.github.recur.layers.RecurrentNode;
import io.github.recur.model.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The encoder–decoder of {@code src/test/python/make_seq2seq_fixtures.py} (GRU encoder, GRU decoder started
 * from the encoder's state, additive attention over the encoder outputs, dense output; teacher forcing,
 * padded source and target) declared with the functional API: torch's weights loaded through the public
 * safetensors API give torch's logits and loss, and one epoch of plain SGD gives torch's weights after one
 * step (1e-5 relative), on both compute paths; the saved weights read back the same.
 */
class Seq2SeqTorchTest {
    private static final Path FIXTURES = Path.of("src/test/resources/torch_seq2seq");

    @TempDir Path tmp;

    @AfterEach void automatic() { ComputePath.force(null); }

    static Model declare(boolean withAttention) {
        Node source = input("source").tokens();
        Node targetIn = input("target_in").tokens();
        RecurrentNode encoder = gru(5).returnSequences().named("encoder").on(embedding(11, 4).maskZero().named("source_embedding").on(source));
        RecurrentNode decoder = gru(5).returnSequences().named("decoder")
                .on(embedding(9, 4).maskZero().named("target_embedding").on(targetIn), encoder.states());
        Node features = withAttention ? concat(decoder, additiveAttention(3).named("attention").on(decoder, encoder)) : decoder;
        return model(List.of(source, targetIn), dense(9).named("output").on(features)).dataType(DataType.DOUBLE);
    }

    @ParameterizedTest(name = "{0} on the {1} path")
    @CsvSource({"gru_additive, REFERENCE", "gru_additive, FAST", "gru_no_attention, REFERENCE", "gru_no_attention, FAST"})
    void logitsLossAndOneSgdStepMatchPyTorch(String name, ComputePath path) {
        ComputePath.force(path);
        Path dir = FIXTURES.resolve(name);
        Map<String, INDArray> data = SafeTensors.read(dir.resolve("data.safetensors"));
        var inputs = Map.of("source", data.get("source"), "target_in", data.get("target_in"));
        INDArray targetOut = data.get("target_out");

        Model model = declare(name.equals("gru_additive"));
        model.loadWeights(dir.resolve("weights.safetensors"));
        Map<String, INDArray> before = model.weights();
        INDArray logits = model.predict(inputs);
        INDArray mask = data.get("target_mask");
        for (int b = 0; b < mask.size(0); b++) {
            for (int t = 0; t < mask.size(1); t++) {
                if (mask.getDouble(b, t) == 0) continue; // torch's logits at padded steps come from zeros; neither side scores them
                assertClose(name + " logits[" + b + ", " + t + "]", data.get("logits").get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all()),
                        logits.get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all()));
            }
        }
        if (name.equals("gru_additive")) {
            assertClose(name + " attention weights", data.get("attention_weights"), model.attentionWeights(inputs, "attention"));
        }

        model.compile(sgd(0.1), sparseCategoricalCrossentropy().fromLogits());
        double loss = model.evaluate(inputs, targetOut).get("loss");
        assertEquals(data.get("loss").getDouble(0), loss, 1e-9 * Math.abs(loss), name + ": the loss over the valid target steps");

        model.fit(inputs, targetOut, epochs(1), batchSize(3), shuffle(false), verbose(false));
        Map<String, INDArray> torchAfter = SafeTensors.read(dir.resolve("after_sgd.safetensors"));
        Map<String, INDArray> ours = model.weights();
        assertEquals(torchAfter.keySet(), ours.keySet(), name + ": parameter names");
        for (String k : torchAfter.keySet()) {
            assertClose(name + " " + k + " after one SGD step", torchAfter.get(k), ours.get(k));
            // the step itself, so that a small gradient error cannot hide in a large weight
            INDArray torchStep = torchAfter.get(k).sub(before.get(k)), ourStep = ours.get(k).sub(before.get(k));
            double scale = Math.max(torchStep.amaxNumber().doubleValue(), 1e-12);
            double worst = ourStep.sub(torchStep).amaxNumber().doubleValue();
            if (worst > 1e-5 * scale) throw new AssertionError(name + " " + k + ": the SGD step differs from torch's by " + worst + " (step size " + scale + ")");
        }

        Path saved = tmp.resolve(name + ".safetensors");
        model.saveWeights(saved);
        Map<String, INDArray> reread = SafeTensors.read(saved);
        for (String k : torchAfter.keySet()) assertClose(name + " saved " + k, torchAfter.get(k), reread.get(k));
    }
}
