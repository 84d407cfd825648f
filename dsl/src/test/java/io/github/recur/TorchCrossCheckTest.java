package io.github.recur;

import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.io.SafeTensors;
import io.github.recur.layers.ComputePath;
import io.github.recur.model.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Cross-checks, on both compute paths, against PyTorch 1.13 (fixtures from {@code src/test/python/make_torch_fixtures.py}):
 * load torch's initial weights through {@link Model#loadWeights(Path)}, compare the forward output,
 * train one full-batch epoch of plain SGD on MSE, and compare the weights, both in memory and as
 * written by {@link Model#saveWeights(Path)}, with torch's weights after one {@code optimizer.step()}.
 */
class TorchCrossCheckTest {
    private static final double RTOL = 1e-5;
    private static final Path FIXTURES = Path.of("src/test/resources/torch");

    @TempDir Path tmp;

    /** The same architecture as the fixture script's case, declared with the DSL. */
    private static Model declare(String name) {
        boolean seq = name.endsWith("_seq");
        String arch = name.substring(0, name.lastIndexOf('_'));
        Model m = switch (arch) {
            case "simple_rnn" -> sequential(seq ? simpleRnn(6).returnSequences() : simpleRnn(6), dense(2));
            case "lstm" -> sequential(seq ? lstm(6).returnSequences() : lstm(6), dense(2));
            case "gru" -> sequential(seq ? gru(6).returnSequences() : gru(6), dense(2));
            case "stacked_lstm_gru" -> sequential(lstm(6).returnSequences(), seq ? gru(5).returnSequences() : gru(5), dense(2));
            case "bidirectional_lstm" -> sequential(bidirectional(seq ? lstm(6).returnSequences() : lstm(6)), dense(2));
            case "bidirectional_gru" -> sequential(bidirectional(seq ? gru(6).returnSequences() : gru(6)), dense(2));
            default -> throw new IllegalArgumentException(name);
        };
        return m.dataType(DataType.DOUBLE);
    }

    static Stream<Arguments> cases() {
        return Stream.of("simple_rnn_seq", "simple_rnn_last", "lstm_seq", "lstm_last", "gru_seq", "gru_last",
                        "stacked_lstm_gru_seq", "stacked_lstm_gru_last",
                        "bidirectional_lstm_seq", "bidirectional_lstm_last", "bidirectional_gru_seq", "bidirectional_gru_last")
                .flatMap(name -> Stream.of(ComputePath.values()).map(path -> Arguments.of(name, path)));
    }

    @AfterEach void automatic() { ComputePath.force(null); }

    @ParameterizedTest(name = "{0} on the {1} path")
    @MethodSource("cases")
    void forwardOutputAndOneSgdStepMatchPyTorch(String name, ComputePath path) throws Exception {
        ComputePath.force(path);
        Path dir = FIXTURES.resolve(name);
        Map<String, INDArray> data = SafeTensors.read(dir.resolve("data.safetensors"));
        INDArray x = data.get("x"), y = data.get("y"), expectedOut = data.get("out");

        Model model = declare(name);
        model.loadWeights(dir.resolve("weights.safetensors"));
        assertClose(name + " forward output", expectedOut, model.predict(x));

        model.compile(sgd(0.1), mse());
        model.fit(x, y, epochs(1), batchSize((int) x.size(0)), shuffle(false), verbose(false));
        Map<String, INDArray> torchAfter = SafeTensors.read(dir.resolve("after_sgd.safetensors"));
        Map<String, INDArray> ours = model.weights();
        assertEquals(torchAfter.keySet(), ours.keySet(), name + ": parameter names");
        for (String k : torchAfter.keySet()) assertClose(name + " " + k + " after one SGD step", torchAfter.get(k), ours.get(k));

        Path saved = tmp.resolve(name + ".safetensors");
        model.saveWeights(saved);
        assertTrue(Files.size(saved) > 0);
        Map<String, INDArray> reread = SafeTensors.read(saved);
        assertEquals(torchAfter.keySet(), reread.keySet(), name + ": names in the saved file");
        for (String k : torchAfter.keySet()) {
            assertEquals(DataType.DOUBLE, reread.get(k).dataType(), k);
            assertClose(name + " saved " + k, torchAfter.get(k), reread.get(k));
        }
    }

    /** |a - e| <= 1e-5 * max(|e|, 1e-3) elementwise (relative, with a floor for values near zero). */
    static void assertClose(String what, INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < e.length; i++) {
            double err = Math.abs(a[i] - e[i]) / Math.max(Math.abs(e[i]), 1e-3);
            if (err > worst) { worst = err; at = i; }
        }
        if (worst > RTOL) {
            throw new AssertionError(what + ": relative error " + worst + " at flat index " + at
                    + " (expected " + e[at] + ", got " + a[at] + ")");
        }
    }
}
