package io.github.recur.train;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.*;

import io.github.recur.model.Model;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A loss that cannot fit the model's output or the targets is refused, before anything trains. */
class LossFitsModelTest {
    private static String refused(Executable call, String... mustContain) {
        var e = assertThrows(IllegalArgumentException.class, call);
        for (String s : mustContain) assertTrue(e.getMessage().contains(s), "'" + s + "' missing from: " + e.getMessage());
        return e.getMessage();
    }

    @Test void binaryCrossentropyWithLabelTwoIsRefusedNamingTheSample() {
        Model m = sequential(lstm(4), dense(1, "sigmoid")).seed(1);
        m.compile(adam(), binaryCrossentropy(), metrics(accuracy()));
        INDArray y = Nd4j.createFromArray(new float[][] {{0}, {1}, {2}, {1}});
        m.build(2);
        Map<String, INDArray> before = m.weights();
        refused(() -> m.fit(randn(1, 4, 5, 2), y, verbose(false)), "binary_crossentropy", "sample 2 has 2.0", "sparseCategoricalCrossentropy()");
        refused(() -> m.evaluate(randn(1, 4, 5, 2), y), "sample 2 has 2.0");
        m.weights().forEach((k, v) -> assertEquals(before.get(k), v, k));
    }

    @Test void binaryCrossentropyComputedDirectlyRefusesLabelsOutsideZeroOne() {
        INDArray p = Nd4j.createFromArray(new double[][] {{0.3}, {0.6}});
        refused(() -> new BinaryCrossentropy().compute(p, Nd4j.createFromArray(new double[][] {{0}, {-1}}), null, null), "sample 1 has -1.0");
    }

    @Test void binaryCrossentropyOnALinearOutputIsRefusedAtCompileWithFromLogitsOffered() {
        Model m = sequential(lstm(4), dense(1));
        refused(() -> m.compile(adam(), binaryCrossentropy()), "binary_crossentropy takes probabilities", "dense (layer 1)",
                "dense(1, \"sigmoid\")", "binaryCrossentropy().fromLogits()");
        assertNull(m.loss(), "a refused compile leaves the model uncompiled");
        m.compile(adam(), binaryCrossentropy().fromLogits(), metrics(new Accuracy(true)));
    }

    @Test void binaryCrossentropyOnARecurrentOutputIsRefused() {
        refused(() -> sequential(lstm(1)).compile(adam(), binaryCrossentropy()), "lstm (layer 0)", "not probabilities");
    }

    @Test void fromLogitsOnASigmoidOutputIsRefusedAsADoubleSquash() {
        refused(() -> sequential(lstm(4), dense(1, "sigmoid")).compile(adam(), binaryCrossentropy().fromLogits()), "already applies sigmoid");
        refused(() -> sequential(lstm(4), dense(3, "softmax")).compile(adam(), sparseCategoricalCrossentropy().fromLogits()), "already applies softmax");
    }

    @Test void categoricalCrossentropiesNeedASoftmaxOutput() {
        refused(() -> sequential(lstm(4), dense(3)).compile(adam(), categoricalCrossentropy()), "dense(classes, \"softmax\")");
        refused(() -> sequential(lstm(4), dense(3, "sigmoid")).compile(adam(), sparseCategoricalCrossentropy()), "sigmoid values");
        sequential(lstm(4), dense(3, "softmax")).compile(adam(), sparseCategoricalCrossentropy());
        sequential(lstm(4), dense(3)).compile(adam(), categoricalCrossentropy().fromLogits());
    }

    @Test void classIndexBeyondTheOutputsIsRefusedBeforeTheFirstUpdate() {
        Model m = sequential(gru(4), dense(3, "softmax")).seed(1);
        m.compile(adam(), sparseCategoricalCrossentropy());
        INDArray y = Nd4j.createFromArray(new float[][] {{0}, {1}, {2}, {1}, {0}, {1}, {2}, {3}});
        m.build(2);
        Map<String, INDArray> before = m.weights();
        refused(() -> m.fit(randn(2, 8, 5, 2).castTo(DataType.FLOAT), y, batchSize(2), verbose(false)), "is 3.0", "3 outputs");
        m.weights().forEach((k, v) -> assertEquals(before.get(k), v, k));
    }
}
