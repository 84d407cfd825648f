package io.github.recur.model;

import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.layers.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One encoder, two heads: a tag per step (3 classes) and one number per sequence. */
class SeveralOutputsTest {
    @TempDir Path tmp;

    private static Model twoHeads() {
        Node x = input("x").features(2);
        Node steps = lstm(6).returnSequences().named("encoder").on(x);
        Node tags = dense(3).named("tags").on(steps);
        Node total = dense(1).named("total").on(gru(4).named("summary").on(steps));
        return model(List.of(x), List.of(tags, total)).dataType(DataType.DOUBLE).seed(2);
    }

    private static Map<String, INDArray> data(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 5, 4, 2);
        INDArray tags = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0)).gt(0).castTo(DataType.DOUBLE).add(x.sum(2).gt(1).castTo(DataType.DOUBLE));
        INDArray total = x.sum(1, 2).reshape(5, 1);
        return Map.of("x", x, "tags", tags, "total", total);
    }

    @Test void eachOutputHasItsLossAndMetricsAndTheTrainingLossIsTheirSum() {
        Model m = twoHeads();
        m.compile(adam(1e-2), Map.of("tags", sparseCategoricalCrossentropy().fromLogits(), "total", mse()));
        var d = data(1);
        var inputs = Map.of("x", d.get("x"));
        var targets = Map.of("tags", d.get("tags"), "total", d.get("total"));
        History h = m.fit(inputs, targets, epochs(2), batchSize(5), verbose(false));
        assertEquals(List.of("loss", "tags_loss", "total_loss", "lr"), h.keys());
        Map<String, Double> e = m.evaluate(inputs, targets);
        assertEquals(e.get("tags_loss") + e.get("total_loss"), e.get("loss"), 1e-12);
        Map<String, INDArray> out = m.predictOutputs(inputs);
        assertEquals(List.of("tags", "total"), List.copyOf(out.keySet()));
        assertEquals(List.of(5L, 4L, 3L), List.of(out.get("tags").shape()[0], out.get("tags").shape()[1], out.get("tags").shape()[2]));
        assertEquals(List.of(5L, 1L), List.of(out.get("total").shape()[0], out.get("total").shape()[1]));
    }

    @Test void bothHeadsGradientsReachTheSharedEncoderAsFiniteDifferencesSay() {
        Model m = twoHeads();
        double lr = 1e-3;
        m.compile(sgd(lr), Map.of("tags", sparseCategoricalCrossentropy().fromLogits(), "total", mse()));
        var d = data(2);
        var inputs = Map.of("x", d.get("x"));
        var targets = Map.of("tags", d.get("tags"), "total", d.get("total"));
        String[] probed = {"encoder.weight_hh_l0", "encoder.bias_ih_l0", "tags.weight", "summary.weight_ih_l0", "total.bias"};
        double[] numeric = new double[probed.length];
        Map<String, INDArray> before = m.weights();
        for (int p = 0; p < probed.length; p++) {
            String name = probed[p];
            INDArray w = m.params().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow().value();
            long at = (3L * p + 1) % w.length();
            double keep = w.getDouble(at), step = 1e-6;
            w.putScalar(at, keep + step);
            double up = m.evaluate(inputs, targets).get("loss");
            w.putScalar(at, keep - step);
            double down = m.evaluate(inputs, targets).get("loss");
            w.putScalar(at, keep);
            numeric[p] = (up - down) / (2 * step);
        }
        m.fit(inputs, targets, epochs(1), batchSize(5), shuffle(false), verbose(false));
        Map<String, INDArray> after = m.weights();
        for (int p = 0; p < probed.length; p++) {
            long at = (3L * p + 1) % before.get(probed[p]).length();
            double analytic = (before.get(probed[p]).getDouble(at) - after.get(probed[p]).getDouble(at)) / lr;
            assertEquals(numeric[p], analytic, 1e-6 + 1e-5 * Math.abs(numeric[p]), probed[p] + "[" + at + "]");
        }
    }

    @Test void aSavedModelKeepsItsOutputsAndTheirLosses() {
        Model m = twoHeads();
        m.compile(adam(1e-2), Map.of("tags", sparseCategoricalCrossentropy().fromLogits(), "total", mse()));
        var d = data(3);
        var inputs = Map.of("x", d.get("x"));
        var targets = Map.of("tags", d.get("tags"), "total", d.get("total"));
        m.fit(inputs, targets, epochs(1), verbose(false));
        Path file = tmp.resolve("two.recur");
        m.save(file);
        Model back = Model.load(file);
        assertEquals(m.outputNames(), back.outputNames());
        assertEquals(List.of("sparse_categorical_crossentropy", "mse"), back.losses().stream().map(l -> l.name()).toList());
        assertEquals(m.evaluate(inputs, targets).get("loss"), back.evaluate(inputs, targets).get("loss"), 1e-12);
    }

    @Test void targetsAndLossesAreAskedForByOutputName() {
        Model m = twoHeads();
        refused(() -> m.compile(adam(), Map.of("tags", mse())), "output \"total\" has no loss");
        refused(() -> m.compile(adam(), Map.of("tags", mse(), "total", mse(), "other", mse())), "there is no output \"other\"");
        m.compile(adam(), mse());
        var d = data(4);
        refused(() -> m.fit(Map.of("x", d.get("x")), d.get("total"), verbose(false)), "this model has 2 outputs [tags, total]");
        refused(() -> m.fit(Map.of("x", d.get("x")), Map.of("tags", d.get("tags")), verbose(false)), "the targets of output \"total\" are missing");
        refused(() -> m.predict(Map.of("x", d.get("x"))), "predictOutputs(inputs) returns each by name");
        Node x = input("x").features(2);
        Node h = lstm(3).on(x);
        refused(() -> model(List.of(x), List.of(dense(1).named("same").on(h), dense(2).named("same").on(h))), "two layers are named \"same\"");
    }

    private static void refused(Executable call, String fragment) {
        var e = assertThrows(IllegalArgumentException.class, call);
        if (fragment != null) assertTrue(e.getMessage().contains(fragment), "message should contain '" + fragment + "' but was: " + e.getMessage());
    }
}
