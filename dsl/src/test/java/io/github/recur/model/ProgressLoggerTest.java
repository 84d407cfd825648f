package io.github.recur.model;

import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ProgressLoggerTest {
    /** Keeps the lines instead of printing them. */
    static final class Lines extends ProgressLogger {
        static final List<String> SHOWN = new ArrayList<>();
        Lines(int epochs) { super(epochs); }
        @Override protected void show(String line, int epoch) { SHOWN.add(line); }
    }

    @AfterEach
    void restore() {
        ProgressLogger.useByDefault(null);
        Lines.SHOWN.clear();
    }

    private static Model model() {
        Model m = sequential(simpleRnn(2), dense(1)).seed(1);
        m.compile(sgd(0.1), mse());
        return m;
    }

    private static final INDArray X = Nd4j.rand(DataType.FLOAT, 4, 3, 1), Y = Nd4j.rand(DataType.FLOAT, 4, 1);

    @Test
    void fitAddsOneProgressLinePerEpochUnlessNotVerbose() {
        ProgressLogger.useByDefault(Lines::new);
        model().fit(X, Y, epochs(3));
        assertEquals(3, Lines.SHOWN.size(), Lines.SHOWN.toString());
        assertTrue(Lines.SHOWN.get(0).matches("Epoch 1/3 - loss: [0-9.e-]+ - lr: 0\\.1000 - \\d+ ms/epoch - ETA \\d+ ms"), Lines.SHOWN.get(0));
        assertTrue(Lines.SHOWN.get(2).startsWith("Epoch 3/3 - loss: "), Lines.SHOWN.get(2));
        assertTrue(!Lines.SHOWN.get(2).contains("ETA"), "no ETA after the last epoch: " + Lines.SHOWN.get(2));
        Lines.SHOWN.clear();
        model().fit(X, Y, epochs(3), verbose(false));
        assertEquals(List.of(), Lines.SHOWN);
    }

    @Test
    void aCallbackThatStopsTrainingGetsItsReasonIntoTheLastLine() {
        ProgressLogger.useByDefault(Lines::new);
        Callback stopAfterTwo = new Callback() {
            @Override public void onEpochEnd(int epoch, Map<String, Double> logs, Model model) {
                if (epoch == 1) model.stopTraining();
            }
        };
        History h = model().fit(X, Y, epochs(10), callbacks(stopAfterTwo));
        assertEquals(2, h.epochs());
        assertEquals(3, Lines.SHOWN.size(), Lines.SHOWN.toString());
        assertTrue(Lines.SHOWN.get(2).startsWith("Epoch 2/10 - loss: "), Lines.SHOWN.get(2));
        assertTrue(Lines.SHOWN.get(2).endsWith(" - stopped early by a callback after epoch 2"), Lines.SHOWN.get(2));
    }

    @Test
    void theProgressRunsBeforeTheUsersCallbacksAtEveryEpoch() {
        List<String> order = new ArrayList<>();
        ProgressLogger.useByDefault(e -> new ProgressLogger(e) {
            @Override protected void show(String line, int epoch) { order.add("progress " + epoch); }
        });
        model().fit(X, Y, epochs(2), callbacks(onEpoch((epoch, logs) -> order.add("user " + epoch))));
        assertEquals(List.of("progress 0", "user 0", "progress 1", "user 1"), order);
    }

    @Test
    void epochsMustBePositive() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ProgressLogger(0));
        assertTrue(e.getMessage().contains("epochs must be positive, got 0"), e.getMessage());
    }
}
