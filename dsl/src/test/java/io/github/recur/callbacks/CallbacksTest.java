package io.github.recur.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.model.Callback;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Callback logic over synthetic logs; a null model skips only the calls into the model. */
class CallbacksTest {
    static Map<String, Double> logs(String key, double v) {
        return Map.of(key, v);
    }

    /** Feeds values of {@code key} epoch by epoch; returns the epoch at which it asked to stop, or -1. */
    static int feed(EarlyStopping es, String key, double... values) {
        es.onTrainBegin(null);
        for (int e = 0; e < values.length; e++) {
            if (es.observe(e, logs(key, values[e])).stop()) return e;
        }
        return -1;
    }

    @Test
    void earlyStoppingStopsAfterPatienceEpochsWithoutImprovement() {
        EarlyStopping es = new EarlyStopping().patience(2);
        // Best at epoch 1 (0.8); epochs 2 and 3 do not improve -> stop at 3, as Keras.
        assertEquals(3, feed(es, "val_loss", 1.0, 0.8, 0.85, 0.9, 0.1));
        assertEquals(3, es.stoppedEpoch());
        assertEquals(1, es.bestEpoch());
        assertEquals(0.8, es.best());
        // An improvement resets the wait.
        assertEquals(-1, feed(es, "val_loss", 1.0, 1.1, 0.9, 1.0, 0.8, 0.85));
        assertEquals(-1, es.stoppedEpoch());
    }

    @Test
    void earlyStoppingMinDeltaIgnoresTinyImprovements() {
        EarlyStopping es = new EarlyStopping().patience(2).minDelta(0.05);
        assertEquals(2, feed(es, "val_loss", 1.0, 0.97, 0.96));
        assertEquals(0, es.bestEpoch());
    }

    @Test
    void earlyStoppingMaximizesAccuracyAndFallsBackToLoss() {
        EarlyStopping acc = new EarlyStopping().monitor("val_accuracy").patience(1);
        assertEquals(3, feed(acc, "val_accuracy", 0.5, 0.6, 0.7, 0.65));
        assertEquals(0.7, acc.best());
        EarlyStopping forcedMin = new EarlyStopping().monitor("val_accuracy").mode("min").patience(1);
        assertEquals(1, feed(forcedMin, "val_accuracy", 0.5, 0.6));

        EarlyStopping dflt = new EarlyStopping().patience(1);
        assertEquals(2, feed(dflt, "loss", 1.0, 0.5, 0.7));
        assertEquals("loss", dflt.monitored());

        EarlyStopping missing = new EarlyStopping().monitor("val_mae");
        var e = assertThrows(IllegalArgumentException.class, () -> feed(missing, "loss", 1.0));
        assertTrue(e.getMessage().contains("val_mae") && e.getMessage().contains("[loss]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().mode("up"));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().patience(-1));
    }

    @Test
    void earlyStoppingTreatsNaNAsNoImprovementAndResetsPerFit() {
        EarlyStopping es = new EarlyStopping().patience(1);
        assertEquals(2, feed(es, "val_loss", 1.0, 0.9, Double.NaN));
        assertEquals(0.9, es.best());
        // A second fit starts fresh.
        assertEquals(-1, feed(es, "val_loss", 5.0, 4.0));
        assertEquals(4.0, es.best());
        // onEpochEnd with a null model runs the same logic.
        es.onTrainBegin(null);
        es.onEpochEnd(0, logs("val_loss", 1.0), null);
        es.onEpochEnd(1, logs("val_loss", 2.0), null);
        assertEquals(1, es.stoppedEpoch());
        es.onTrainEnd(null, null);
    }

    @Test
    void earlyStoppingConfigMethodsReturnNewCallbacks() {
        EarlyStopping base = new EarlyStopping();
        EarlyStopping patient = base.patience(5);
        assertEquals(1, feed(base, "val_loss", 1.0, 2.0));
        assertEquals(-1, feed(patient, "val_loss", 1.0, 2.0));
    }

    @Test
    void reduceLrOnPlateauFollowsKerasPatienceCooldownAndMinLr() {
        ReduceLROnPlateau r = new ReduceLROnPlateau().factor(0.5).patience(2).cooldown(2).minLr(0.03);
        r.onTrainBegin(null);
        double lr = 0.1;
        double[] losses = {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0};
        List<Double> lrs = new ArrayList<>();
        for (double loss : losses) {
            lr = r.nextLearningRate(lr, logs("val_loss", loss));
            lrs.add(lr);
        }
        // Epoch 0 sets the best; 1, 2 don't improve -> halve at 2. Cooldown 2: epoch 3 is skipped; at epoch 4
        // the counter runs out first (Keras decrements before counting), so 4 and 5 count -> 0.025 floored
        // to minLr 0.03 at 5; at the floor it stays.
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.05, 0.03, 0.03, 0.03), lrs);
    }

    @Test
    void reduceLrOnPlateauImprovementBelowMinDeltaDoesNotCount() {
        ReduceLROnPlateau r = new ReduceLROnPlateau().patience(1); // minDelta 1e-4, factor 0.1
        r.onTrainBegin(null);
        assertEquals(1.0, r.nextLearningRate(1.0, logs("loss", 0.5)));
        assertEquals(0.1, r.nextLearningRate(1.0, logs("loss", 0.49995)), 1e-15);
        assertEquals(0.1, r.nextLearningRate(0.1, logs("loss", 0.3)));
        // Defaults are Keras': patience 10.
        ReduceLROnPlateau dflt = new ReduceLROnPlateau();
        double lr = 1.0;
        for (int e = 0; e < 10; e++) lr = dflt.nextLearningRate(lr, logs("val_loss", 1.0));
        assertEquals(1.0, lr);
        assertEquals(0.1, dflt.nextLearningRate(lr, logs("val_loss", 1.0)), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().factor(1.5));
    }

    @Test
    void schedulesComputeTheirLearningRates() {
        LearningRateSchedule step = LearningRateSchedule.stepDecay(0.1, 0.5, 3);
        assertEquals(0.1, step.learningRate(0));
        assertEquals(0.1, step.learningRate(2));
        assertEquals(0.05, step.learningRate(3));
        assertEquals(0.025, step.learningRate(7));
        LearningRateSchedule exp = LearningRateSchedule.exponentialDecay(0.2, 0.9);
        assertEquals(0.2 * 0.9 * 0.9, exp.learningRate(2), 1e-15);
        LearningRateSchedule cos = LearningRateSchedule.cosineDecay(0.1, 10, 0.01);
        assertEquals(0.1, cos.learningRate(0), 1e-15);
        assertEquals(0.055, cos.learningRate(5), 1e-15);
        assertEquals(0.01, cos.learningRate(10), 1e-15);
        assertEquals(0.01, cos.learningRate(25), 1e-15);
        LearningRateSchedule custom = LearningRateSchedule.of(e -> e < 2 ? 1e-2 : 1e-3);
        assertEquals(1e-3, custom.learningRate(4));
        var bad = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.of(e -> -1).learningRate(3));
        assertTrue(bad.getMessage().contains("epoch 3"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(0.1, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosineDecay(0.1, 10, 0.2));
        custom.onEpochBegin(0, null);
    }

    @Test
    void modelCheckpointSavesEveryEpochOrOnlyImprovements() {
        ModelCheckpoint every = new ModelCheckpoint(Path.of("m-{epoch}.recur"));
        assertTrue(every.shouldSave(logs("loss", 3.0)));
        assertTrue(every.shouldSave(logs("loss", 4.0)));
        assertEquals(Path.of("m-3.recur"), every.pathFor(2));
        every.onEpochEnd(4, logs("loss", 1.0), null);
        assertEquals(Path.of("m-5.recur"), every.lastSaved());

        ModelCheckpoint best = new ModelCheckpoint(Path.of("best.recur")).saveBestOnly();
        best.onTrainBegin(null);
        List<Boolean> saved = new ArrayList<>();
        for (double v : new double[] {1.0, 0.8, 0.9, 0.7, Double.NaN}) saved.add(best.shouldSave(logs("val_loss", v)));
        assertEquals(List.of(true, true, false, true, false), saved);
        assertEquals(0.7, best.best());
        assertEquals(Path.of("best.recur"), best.pathFor(3));

        ModelCheckpoint bestAcc = new ModelCheckpoint(Path.of("acc.recur")).monitor("val_accuracy").saveBestOnly();
        assertTrue(bestAcc.shouldSave(logs("val_accuracy", 0.5)));
        assertFalse(bestAcc.shouldSave(logs("val_accuracy", 0.4)));
        assertTrue(bestAcc.shouldSave(logs("val_accuracy", 0.6)));
    }

    @Test
    void epochListenerIsALambdaCalledOnEpochEnd() {
        List<String> seen = new ArrayList<>();
        EpochListener l = (epoch, logs) -> seen.add(epoch + ":" + logs.get("loss"));
        Callback asCallback = l;
        asCallback.onEpochBegin(0, null);
        asCallback.onEpochEnd(0, logs("loss", 0.5), null);
        asCallback.onEpochEnd(1, logs("loss", 0.25), null);
        assertEquals(List.of("0:0.5", "1:0.25"), seen);
    }
}
