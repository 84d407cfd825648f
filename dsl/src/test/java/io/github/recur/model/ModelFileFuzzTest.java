package io.github.recur.model;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.recur.fuzz.Mutator;
import io.github.recur.io.ModelFileException;
import io.github.recur.io.SafeTensors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mutated model files: every one either loads (and predicts) or fails with a {@link ModelFileException}
 * that has a message; never another exception, a half-loaded model, an out-of-memory error from a
 * forged units count, or a hang. Two kinds of input, half each: the file's bytes mutated (most fail
 * the checksum or the header), and the header's metadata (architecture, compile settings, input size,
 * random generator) mutated and written back with a valid checksum, so that the mutations reach the
 * model builder. {@code -Drecur.fuzz.iterations=N} for a long run.
 */
class ModelFileFuzzTest {
    @TempDir Path tmp;

    private List<byte[]> savedModels() throws Exception {
        var out = new ArrayList<byte[]>();
        Model lstm = sequential(lstm(3), dense(1)).seed(1);
        lstm.compile(adam(0.01).clipNorm(1.0), mse(), metrics(mae()));
        lstm.fit(randn(1, 4, 5, 2), randn(2, 4, 1), epochs(1), verbose(false));
        Model text = sequential(embedding(6, 2).maskZero(), bidirectional(gru(2).recurrentDropout(0.2)), dense(2, "softmax")).seed(2);
        text.compile(sgd(0.1).momentum(0.9), sparseCategoricalCrossentropy(), metrics(accuracy()));
        text.fit(Nd4j.createFromArray(new float[][] {{1, 2, 0}, {3, 4, 5}}), Nd4j.createFromArray(new float[][] {{0}, {1}}), epochs(1), verbose(false));
        Model declared = sequential(input(4, 2), simpleRnn(2, "relu").returnSequences().recurrentDropout(0.1), dropout(0.1), dense(1)).dataType(DataType.DOUBLE);
        declared.build(2);
        // a functional model: format version 2, a graph with states handed on, attention and two outputs
        var source = io.github.recur.Recur.input("source").tokens();
        var targetIn = io.github.recur.Recur.input("target_in").tokens();
        var encoder = gru(3).returnSequences().named("encoder").on(embedding(6, 2).maskZero().on(source));
        var decoder = gru(3).returnSequences().named("decoder").on(embedding(5, 2).maskZero().on(targetIn), encoder.states());
        Model graph = model(List.of(source, targetIn), List.of(dense(5).named("tokens").on(concat(decoder, attention("dot").on(decoder, encoder))),
                dense(1).named("length").on(gru(2).on(decoder)))).seed(3);
        graph.compile(adam(0.01), java.util.Map.of("tokens", sparseCategoricalCrossentropy().fromLogits(), "length", mse()));
        graph.build(1);
        for (Model m : List.of(lstm, text, declared, graph)) {
            Path p = tmp.resolve("m" + out.size() + ".recur");
            m.save(p);
            out.add(Files.readAllBytes(p));
        }
        return out;
    }

    @Test @Timeout(900)
    void everyMutatedModelFileLoadsOrFailsWithAModelFileException() throws Exception {
        List<byte[]> files = savedModels();
        Mutator bytes = new Mutator(20261203L, files);
        Random choose = new Random(20261204L);
        int n = Mutator.iterations(10_000), loaded = 0, refused = 0, headerMutations = 0;
        Path f = tmp.resolve("fuzz.recur");
        for (int i = 0; i < n; i++) {
            byte[] input;
            if (choose.nextBoolean()) {
                input = bytes.next();
            } else {
                input = withMutatedMetadata(files.get(choose.nextInt(files.size())), choose);
                headerMutations++;
            }
            Files.write(f, input);
            try {
                Model m = Model.load(f);
                if (m.isBuilt()) m.weights();
                loaded++;
            } catch (ModelFileException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) fail("input " + i + ": a ModelFileException without a message");
                refused++;
            } catch (Throwable t) {
                Path saved = Path.of("target", "fuzz-failures", "model-input" + i + ".recur");
                Files.createDirectories(saved.getParent());
                Files.write(saved, input);
                fail("input " + i + " (saved at " + saved.toAbsolutePath() + ") gave " + t + " instead of a ModelFileException", t);
            }
        }
        System.out.printf("ModelFileFuzzTest: %,d mutated model files (%,d with a mutated header and a valid checksum), %,d loaded, %,d refused with ModelFileException%n",
                n, headerMutations, loaded, refused);
        assertTrue(refused > 0 && loaded > 0, "the mutations should both keep some files loadable and break others");
    }

    /** One metadata value mutated as bytes, the file then encoded again (so its checksum is right). */
    private static byte[] withMutatedMetadata(byte[] file, Random r) {
        SafeTensors.Contents c = SafeTensors.decode(file, null);
        var meta = new LinkedHashMap<>(c.metadata());
        meta.remove(SafeTensors.CRC_KEY);
        var keys = new ArrayList<>(meta.keySet());
        String key = keys.get(r.nextInt(keys.size()));
        byte[] value = meta.get(key).getBytes(StandardCharsets.UTF_8);
        byte[] mutated = new Mutator(r.nextLong(), List.of(value)).next();
        meta.put(key, new String(mutated, StandardCharsets.UTF_8));
        Map<String, INDArray> tensors = c.tensors();
        return SafeTensors.encode(tensors, meta);
    }
}
