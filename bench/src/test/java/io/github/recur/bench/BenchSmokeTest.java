package io.github.recur.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The harness runs every mode of both JVM frameworks at tiny sizes; no timing is asserted. */
class BenchSmokeTest {

    @Test
    void everyModeOfOursAndDl4jRunsOnceAndGivesAFiniteValue() throws Exception {
        for (String cell : List.of("lstm", "gru", "rnn")) {
            for (String mode : List.of("train", "infer", "gen")) {
                Workload w = new Workload(cell, mode, 3, 4, 2, 5);
                var row = Bench.run(w, 1, 0, true, null);
                assertTrue(row.medianMs().get("recur") >= 0, w.label());
                assertEquals(Dl4jRunner.supports(cell), row.medianMs().containsKey("dl4j"), w.label());
            }
        }
    }

    @Test
    void oursAndDl4jPredictTheSameShapeAndTrainOnTheSameLossScale() {
        Workload w = new Workload("lstm", "train", 3, 4, 2, 5);
        var ours = new OursRunner(w);
        var dl4j = new Dl4jRunner(w);
        INDArray btf = Nd4j.create(Data.inputs(w, 7), new long[] {3, 4, 2}, 'c');
        INDArray oursOut = ours.model().predict(btf);
        INDArray dl4jOut = dl4j.network().output(btf.permute(0, 2, 1).dup('c'));
        assertArrayEquals(new long[] {3, 1}, oursOut.shape());
        assertArrayEquals(oursOut.shape(), dl4jOut.shape());
        ours.time();
        dl4j.time();
        // Both report the mean squared error of small outputs against targets in [-1, 1].
        assertTrue(ours.check() > 0 && ours.check() < 4, "recur loss " + ours.check());
        assertTrue(dl4j.check() > 0 && dl4j.check() < 4, "dl4j loss " + dl4j.check());
        assertFalse(Double.isNaN(ours.check()) || Double.isNaN(dl4j.check()));
    }

    @Test
    void tableShowsRatiosAsTheirsOverOurs() {
        var w = new Workload("lstm", "train", 64, 100, 32, 128);
        var row = new Bench.Row(w, new java.util.LinkedHashMap<>(java.util.Map.of("recur", 10.0, "dl4j", 50.0, "torch", 15.0)), java.util.Map.of());
        String t = Bench.table(List.of(row));
        assertTrue(t.contains("5.00x"), t);
        assertTrue(t.contains("1.50x"), t);
    }

    @Test
    void torchNumbersAreParsedFromPythonJson() {
        assertEquals(12.5, TorchRunner.number("{\"ms\": 12.5, \"check\": -0.25}", "ms"));
        assertEquals(-0.25, TorchRunner.number("{\"ms\": 12.5, \"check\": -0.25}", "check"));
    }

    @Test
    void shortWorkloadsTimeSeveralStepsBackToBackAndReportPerStep() {
        assertEquals(5, new Workload("lstm", "train", 64, 100, 32, 128).opsPerTiming());
        assertEquals(10, new Workload("gru", "infer", 64, 100, 32, 128).opsPerTiming());
        assertEquals(1, new Workload("rnn", "train", 64, 500, 32, 256).opsPerTiming());
        assertEquals(Workload.GEN_STEPS, new Workload("lstm", "gen", 1, Workload.GEN_STEPS, 32, 128).opsPerTiming());
        assertTrue(new Workload("lstm", "train", 64, 100, 32, 128).json().contains("\"repeats\":5"));
        var w = new Workload("lstm", "train", 64, 100, 32, 128);
        var row = new Bench.Row(w, new java.util.LinkedHashMap<>(java.util.Map.of("recur", 150.0)), java.util.Map.of());
        assertEquals(30.0, row.perStep("recur"), 1e-12);
    }

    @Test
    void oneTimingOfOursRunsItsRepeatsAsTrainingSteps() {
        Workload w = new Workload("lstm", "train", 3, 4, 2, 5);
        var timed = new OursRunner(w);
        var byHand = new OursRunner(w);
        timed.time();
        INDArray x = Nd4j.create(Data.inputs(w, 7), new long[] {3, 4, 2}, 'c');
        INDArray y = Nd4j.create(Data.targets(w, 7), new long[] {3, 1}, 'c');
        double loss = Double.NaN;
        for (int i = 0; i < w.repeats(); i++) {
            loss = byHand.model().fit(x, y, io.github.recur.Recur.epochs(1), io.github.recur.Recur.batchSize(3),
                    io.github.recur.Recur.shuffle(false), io.github.recur.Recur.verbose(false)).last("loss");
        }
        assertTrue(w.repeats() > 1);
        assertEquals(loss, timed.check(), 1e-6, "the loss of the last of " + w.repeats() + " steps");
    }

    @Test
    void theImdbEpochRowTrainsOneEpochOfTheKerasExampleAndIsLabelledSo() throws Exception {
        Workload w = Workload.imdbEpoch();
        assertTrue(w.label().startsWith("imdb epoch N=20000 B=128 T=500 E=32 H=32"), w.label());
        assertEquals(1, w.opsPerTiming());
        assertTrue(w.json().contains("\"mode\":\"epoch\"") && w.json().contains("\"vocab\":10000") && w.json().contains("\"samples\":20000"), w.json());
        var tiny = new Workload("rnn", "epoch", 8, 6, 4, 5);
        var runner = new ImdbEpochRunner(tiny, 20, 50);
        runner.time();
        assertTrue(runner.check() > 0.3 && runner.check() < 1.5, "binary cross-entropy of random labels: " + runner.check());
        assertTrue(Bench.workloads().contains(w), "the row is part of the default run");
    }

    @Test
    void theSeq2SeqRowTrainsTheEncoderDecoderWithAttentionOneStepPerTimingAndIsLabelledSo() throws Exception {
        Workload w = Workload.seq2seq();
        assertEquals("s2s+attn train B=64 T=20 V=5k H=256", w.label());
        assertEquals(1, w.opsPerTiming());
        assertTrue(w.json().contains("\"mode\":\"seq2seq\"") && w.json().contains("\"vocab\":5000") && w.json().contains("\"I\":256"), w.json());
        assertTrue(Bench.workloads().contains(w), "the row is part of the default run");

        var tiny = new Workload("gru", "seq2seq", 3, 4, 6, 5);
        int[][] pair = Seq2SeqRunner.batch(tiny, 7);
        for (int row = 0; row < 3; row++) { // teacher forcing: target_in = start, then target_out shifted right
            assertEquals(Seq2SeqRunner.START, pair[1][row * 4]);
            for (int t = 1; t < 4; t++) assertEquals(pair[2][row * 4 + t - 1], pair[1][row * 4 + t]);
        }
        var runner = new Seq2SeqRunner(tiny);
        var names = runner.model().weights().keySet();
        for (String n : List.of("encoder.weight_hh_l0", "decoder.weight_hh_l0", "attention.query_weight", "attention.key_weight",
                "attention.score_weight", "output.weight", "source_embedding.weight", "target_embedding.weight")) {
            assertTrue(names.contains(n), n + " in " + names);
        }
        assertArrayEquals(new long[] {5000, 10}, runner.model().weights().get("output.weight").shape(), "dense on [decoder; context]");
        runner.time();
        // cross-entropy of near-uniform logits over 5,000 words: ln 5000 = 8.52
        assertEquals(Math.log(5000), runner.check(), 0.2, "first step's loss");
    }
}
