package io.github.recur.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {
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

    @Test
    void oneDisplayIsUpdatedInPlaceWithEpochLossAndEta() {
        var r = new Recorder();
        Display.install(r);
        var p = TrainingProgress.start(3, true);
        p.epoch(0, logs(0.5));
        p.epoch(1, logs(0.25));
        assertEquals(List.of("display", "update p"), r.calls);
        String last = r.bundles.get(1).get("text/plain");
        assertTrue(last.startsWith("Epoch 2/3 - loss: 0.2500"), last);
        assertTrue(last.contains("ETA"), last);
        assertTrue(r.bundles.get(1).get("text/html").contains("<progress value=\"2\" max=\"3\""));
    }

    @Test
    void stoppingEarlyReplacesTheEtaWithTheReason() {
        var r = new Recorder();
        Display.install(r);
        var p = TrainingProgress.start(10, true);
        p.epoch(0, logs(0.5));
        p.epoch(1, logs(0.4));
        p.stoppedEarly("stopped early by a callback after epoch 2");
        String last = r.bundles.get(r.bundles.size() - 1).get("text/plain");
        assertTrue(last.startsWith("Epoch 2/10 - loss: 0.4000"), last);
        assertTrue(last.contains("stopped early by a callback after epoch 2"), last);
        assertFalse(last.contains("ETA"), last);
    }

    @Test
    void finishingAllEpochsAddsNoStopNote() {
        var r = new Recorder();
        Display.install(r);
        var p = TrainingProgress.start(2, true);
        p.epoch(0, logs(0.5));
        p.epoch(1, logs(0.4));
        p.stoppedEarly("should not appear");
        assertEquals(2, r.bundles.size());
    }
}
