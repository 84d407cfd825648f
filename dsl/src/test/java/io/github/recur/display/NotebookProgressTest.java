package io.github.recur.display;

import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.model.History;
import io.github.recur.model.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class NotebookProgressTest {
    /** Keeps the bundles the kernel would receive. */
    static final class Recorder implements Displayer {
        final List<Map<String, String>> bundles = new ArrayList<>();
        final List<String> calls = new ArrayList<>();
        @Override public String display(Object value) { throw new AssertionError("progress shows bundles only"); }
        @Override public void update(String id, Object value) { throw new AssertionError("progress shows bundles only"); }
        @Override public String displayBundle(Map<String, String> b) { calls.add("display"); bundles.add(b); return "p"; }
        @Override public void updateBundle(String id, Map<String, String> b) { calls.add("update " + id); bundles.add(b); }
    }

    @AfterEach
    void uninstall() { Display.install(null); }

    private static Map<String, Double> logs(double loss) {
        var m = new LinkedHashMap<String, Double>();
        m.put("loss", loss);
        return m;
    }

    private static History historyOf(int n) {
        var h = new History();
        for (int i = 0; i < n; i++) h.record(logs(0.1));
        return h;
    }

    @Test
    void oneDisplayIsUpdatedInPlaceWithEpochLossAndEta() {
        var r = new Recorder();
        Display.install(r);
        var p = new NotebookProgress(3);
        p.onTrainBegin(null);
        p.onEpochEnd(0, logs(0.5), null);
        p.onEpochEnd(1, logs(0.25), null);
        assertEquals(List.of("display", "update p"), r.calls);
        String last = r.bundles.get(1).get("text/plain");
        assertTrue(last.startsWith("Epoch 2/3 - loss: 0.2500"), last);
        assertTrue(last.contains("ETA"), last);
        assertTrue(last.endsWith("[67%]"), last);
        assertTrue(r.bundles.get(1).get("text/html").contains("<progress value=\"2\" max=\"3\""));
    }

    @Test
    void stoppingEarlyReplacesTheEtaWithTheReason() {
        var r = new Recorder();
        Display.install(r);
        var p = new NotebookProgress(10);
        p.onTrainBegin(null);
        p.onEpochEnd(0, logs(0.5), null);
        p.onEpochEnd(1, logs(0.4), null);
        p.onTrainEnd(null, historyOf(2));
        String last = r.bundles.get(r.bundles.size() - 1).get("text/plain");
        assertTrue(last.startsWith("Epoch 2/10 - loss: 0.4000"), last);
        assertTrue(last.contains("stopped early by a callback after epoch 2"), last);
        assertFalse(last.contains("ETA"), last);
    }

    @Test
    void finishingAllEpochsAddsNoStopNote() {
        var r = new Recorder();
        Display.install(r);
        var p = new NotebookProgress(2);
        p.onTrainBegin(null);
        p.onEpochEnd(0, logs(0.5), null);
        p.onEpochEnd(1, logs(0.4), null);
        p.onTrainEnd(null, historyOf(2));
        assertEquals(2, r.bundles.size());
    }

    @Test
    void installingADisplayerMakesFitShowItsProgressInPlace() {
        var r = new Recorder();
        Display.install(r);
        Model m = sequential(simpleRnn(2), dense(1)).seed(1);
        m.compile(sgd(0.1), mse());
        m.fit(Nd4j.rand(DataType.FLOAT, 4, 3, 1), Nd4j.rand(DataType.FLOAT, 4, 1), epochs(3));
        assertEquals(List.of("display", "update p", "update p"), r.calls);
        r.calls.clear();
        m.fit(Nd4j.rand(DataType.FLOAT, 4, 3, 1), Nd4j.rand(DataType.FLOAT, 4, 1), epochs(3), verbose(false));
        assertEquals(List.of(), r.calls, "verbose(false) adds no progress");
    }
}
