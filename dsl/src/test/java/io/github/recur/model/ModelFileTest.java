package io.github.recur.model;

import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.Recur;
import io.github.recur.TestLossAccess;
import io.github.recur.io.ModelFileException;
import io.github.recur.io.SafeTensors;
import io.github.recur.layers.Layer;
import io.github.recur.layers.Recurrent;
import io.github.recur.train.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelFileTest {
    @TempDir Path tmp;

    /** A small built GRU model, the subject of the file-format tests. */
    private static Model smallModel() {
        Model m = sequential(gru(4), dense(1)).seed(1);
        m.build(2);
        return m;
    }

    private static Model smallSavedTo(Path p) {
        Model m = smallModel();
        m.save(p);
        return m;
    }

    private static INDArray x() { return Nd4j.rand(DataType.FLOAT, 16, 7, 3).subi(0.5); }

    private static Model trained(INDArray x, INDArray y) {
        Model m = sequential(input(7, 3), bidirectional(lstm(5).returnSequences()), dropout(0.1), gru(4), dense(2, "tanh")).seed(7);
        m.compile(new Adam(3e-3).clipNorm(1.0), huber(0.5), metrics(mae(), rmse()));
        m.fit(x, y, epochs(2), batchSize(4), verbose(false));
        return m;
    }

    @Test
    void savedAndLoadedModelPredictsIdenticallyAndKeepsItsConfiguration() {
        Nd4j.getRandom().setSeed(1);
        INDArray x = x(), y = Nd4j.rand(DataType.FLOAT, 16, 2);
        Model a = trained(x, y);
        Path p = tmp.resolve("model.recur");
        a.save(p);
        Model b = Recur.loadModel(p);
        assertEquals(a.predict(x), b.predict(x));
        assertEquals(a.architecture(), b.architecture());
        assertEquals(a.optimizer().config(), b.optimizer().config());
        assertEquals("huber(delta=0.5)", b.loss().toString());
        assertEquals("mae", b.metrics().get(0).name());
        assertEquals("rmse", b.metrics().get(1).name());
        assertEquals(a.weights().keySet(), b.weights().keySet());
        assertEquals(DataType.FLOAT, b.dataType());
    }

    @Test
    void loadedModelContinuesTrainingExactlyAsTheOriginal() {
        Nd4j.getRandom().setSeed(2);
        INDArray x = x(), y = Nd4j.rand(DataType.FLOAT, 16, 2);
        Model a = trained(x, y);
        Path p = tmp.resolve("model.recur");
        a.save(p);
        Model b = Model.load(p);
        // Shuffling and dropout draw from the restored generator, Adam from its restored moments and step counts.
        a.fit(x, y, epochs(2), batchSize(4), verbose(false));
        b.fit(x, y, epochs(2), batchSize(4), verbose(false));
        for (var e : a.weights().entrySet()) assertEquals(e.getValue(), b.weights().get(e.getKey()), e.getKey());

        // Without the optimizer state (same weights, fresh Adam) training goes elsewhere: the state matters.
        Model c = Model.load(p);
        c.compile(new Adam(3e-3).clipNorm(1.0), huber(0.5));
        Model d = Model.load(p);
        c.fit(x, y, epochs(1), batchSize(4), verbose(false));
        d.fit(x, y, epochs(1), batchSize(4), verbose(false));
        assertNotEquals(d.weights().get("0.weight_ih_l0"), c.weights().get("0.weight_ih_l0"));
    }

    @Test
    void adamMomentsAndStepCountsAreInTheFile() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = x(), y = Nd4j.rand(DataType.FLOAT, 16, 2);
        Model a = trained(x, y);
        Path p = tmp.resolve("model.recur");
        a.save(p);
        Map<String, INDArray> t = SafeTensors.read(p);
        assertEquals(8L, t.get("optimizer.0.weight_ih_l0.step").getLong(0), "2 epochs x 4 batches");
        assertEquals(a.optimizer().state().get("0.weight_hh_l0_reverse.exp_avg_sq"), t.get("optimizer.0.weight_hh_l0_reverse.exp_avg_sq"));
    }

    @Test
    void embeddingSimpleRnnAndDoubleModelsRoundTrip() {
        Model a = sequential(embedding(20, 4).maskZero(), simpleRnn(3, "relu").returnSequences(), bidirectional(gru(2), "sum"), dense(3, "softmax"))
                .dataType(DataType.DOUBLE).seed(1);
        INDArray ids = Nd4j.createFromArray(new double[][] {{1, 5, 7, 0}, {3, 19, 0, 0}});
        INDArray before = a.predict(ids);
        Path p = tmp.resolve("emb.recur");
        a.save(p);
        Model b = Recur.loadModel(p.toString());
        assertEquals(DataType.DOUBLE, b.dataType());
        assertEquals(before, b.predict(ids));
        assertEquals(null, b.optimizer(), "an uncompiled model loads uncompiled");
    }

    @Test
    void truncatedModelFileIsReportedAndNothingLoads() throws Exception {
        Path p = tmp.resolve("model.recur");
        Model a = sequential(lstm(4), dense(1)).seed(1);
        a.build(2);
        a.save(p);
        byte[] full = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(full, full.length - 10));
        var e = assertThrows(ModelFileException.class, () -> Recur.loadModel(p));
        assertEquals("model.recur is truncated (expected " + full.length + " bytes, found " + (full.length - 10)
                + "); it was probably not written completely. Save it again, or use an earlier copy", e.getMessage());
        Files.write(p, Arrays.copyOf(full, 100)); // cut inside the header: the total is not known yet
        e = assertThrows(ModelFileException.class, () -> Recur.loadModel(p));
        assertTrue(e.getMessage().matches("model\\.recur is truncated \\(expected at least \\d+ bytes, found 100\\).*"), e.getMessage());
    }

    @Test
    void corruptHeaderIsReported() throws Exception {
        Path p = tmp.resolve("model.recur");
        smallSavedTo(p);
        byte[] bytes = Files.readAllBytes(p);
        int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\"dtype\"");
        bytes[at] = '}';
        Files.write(p, bytes);
        var e = assertThrows(ModelFileException.class, () -> Recur.loadModel(p));
        assertTrue(e.getMessage().startsWith("model.recur has a corrupt header"), e.getMessage());
    }

    @Test
    void unknownFormatVersionIsReportedWithWhatToDo() {
        Path p = tmp.resolve("model.recur");
        smallSavedTo(p);
        var contents = SafeTensors.readContents(p);
        var meta = new LinkedHashMap<>(contents.metadata());
        meta.put("format_version", "3");
        SafeTensors.write(p, contents.tensors(), meta);
        var e = assertThrows(ModelFileException.class, () -> Recur.loadModel(p));
        assertEquals("model.recur was written in Recur model format version 3, but this Recur reads versions 1 and 2; update Recur to load it", e.getMessage());
    }

    @Test
    void inconsistentFileIsReportedAsCorruptNotHalfLoaded() {
        Path p = tmp.resolve("model.recur");
        smallSavedTo(p);
        var contents = SafeTensors.readContents(p);
        var meta = new LinkedHashMap<>(contents.metadata());
        meta.put("architecture", meta.get("architecture").replace("\"units\":4", "\"units\":5"));
        SafeTensors.write(p, contents.tensors(), meta);
        var e = assertThrows(ModelFileException.class, () -> Recur.loadModel(p));
        assertTrue(e.getMessage().contains("0.weight_hh_l0 should be [15, 5] but is [12, 4]"), e.getMessage());
    }

    @Test
    void weightsFileGivenToLoadModelSaysToUseLoadWeights() {
        Path p = tmp.resolve("w.safetensors");
        smallModel().saveWeights(p);
        var e = assertThrows(ModelFileException.class, () -> Recur.loadModel(p));
        assertTrue(e.getMessage().contains("loadWeights"), e.getMessage());
    }

    @Test
    void failedSaveLeavesThePreviousFileIntact() throws Exception {
        Path p = tmp.resolve("model.recur");
        Model a = smallSavedTo(p);
        byte[] before = Files.readAllBytes(p);
        Model custom = sequential(gru(4), dense(1)).seed(2);
        custom.compile(sgd(0.1), new io.github.recur.train.Loss() {
            public String name() { return "custom"; }
            public double compute(INDArray pred, INDArray target, INDArray weights, INDArray grad) { return 0; }
        });
        custom.build(2);
        var e = assertThrows(IllegalArgumentException.class, () -> custom.save(p));
        assertTrue(e.getMessage().contains("not built in"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(a.predict(Nd4j.ones(DataType.FLOAT, 1, 3, 2)), Recur.loadModel(p).predict(Nd4j.ones(DataType.FLOAT, 1, 3, 2)));
    }

    @Test
    void checkpointCallbackWritesLoadableModels() {
        Nd4j.getRandom().setSeed(4);
        INDArray x = x(), y = Nd4j.rand(DataType.FLOAT, 16, 1);
        Model m = sequential(lstm(3), dense(1)).seed(3);
        m.compile(adam(1e-2), mse());
        m.fit(x, y, epochs(2), batchSize(8), verbose(false), callbacks(checkpoint(tmp.resolve("ck-{epoch}.recur").toString())));
        assertTrue(Files.exists(tmp.resolve("ck-1.recur")));
        Model last = Recur.loadModel(tmp.resolve("ck-2.recur"));
        assertEquals(m.predict(x), last.predict(x));
    }

    @Test
    void mismatchedWeightsFileNamesEachTensorAndLeavesTheModelUnbuilt() {
        Path p = tmp.resolve("w.safetensors");
        var w = new LinkedHashMap<String, INDArray>();
        w.put("0.weight_ih_l0", Nd4j.zeros(DataType.FLOAT, 16, 2));
        w.put("0.weight_hh_l0", Nd4j.zeros(DataType.FLOAT, 16, 3));
        w.put("0.bias_ih_l0", Nd4j.zeros(DataType.FLOAT, 16));
        w.put("1.weight", Nd4j.zeros(DataType.FLOAT, 1, 4));
        w.put("1.bias", Nd4j.zeros(DataType.FLOAT, 1));
        w.put("2.weight", Nd4j.zeros(DataType.FLOAT, 1));
        SafeTensors.write(p, w);
        Model m = sequential(lstm(4), dense(1));
        var e = assertThrows(IllegalArgumentException.class, () -> m.loadWeights(p));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("loadWeights(w.safetensors): "), msg);
        assertTrue(msg.contains("0.weight_hh_l0 should be [16, 4] but is [16, 3]"), msg);
        assertTrue(msg.contains("missing 0.bias_hh_l0 [16]"), msg);
        assertTrue(msg.contains("unexpected 2.weight [1]"), msg);
        assertFalse(m.isBuilt(), "a failed load leaves the model as it was");
    }

    /**
     * A file written before recurrent dropout existed (no {@code recurrent_dropout} key; written by Recur at 64c7aae with
     * {@code src/test/resources/model_files/WriteBeforeRecurrentDropout.java}) loads, has no recurrent dropout, predicts
     * what it predicted when it was saved, and trains on.
     */
    @Test
    void aFileWrittenBeforeRecurrentDropoutLoadsAndPredictsAsWhenSaved() {
        Path dir = Path.of("src/test/resources/model_files");
        Model m = Recur.loadModel(dir.resolve("before_recurrent_dropout.recur"));
        Map<String, INDArray> saved = SafeTensors.read(dir.resolve("before_recurrent_dropout_prediction.safetensors"));
        INDArray x = saved.get("x");
        assertTrue(m.predict(x).equalsWithEps(saved.get("prediction"), 1e-6), "a loaded file predicts otherwise than when it was saved");
        int recurrent = 0;
        for (Layer layer : m.layers()) {
            for (Recurrent r : layer.recurrentLayers()) {
                assertEquals(0.0, r.recurrentDropoutRate(), r.type() + " came back with recurrent dropout");
                recurrent++;
            }
        }
        assertEquals(4, recurrent, "bidirectional lstm (two directions), gru, simple_rnn");
        assertFalse(m.summaryTable().text().contains("recurrent dropout"), m.summaryTable().text());
        m.fit(x, Nd4j.zeros(DataType.FLOAT, x.size(0), 2), epochs(1), verbose(false));
    }
}
