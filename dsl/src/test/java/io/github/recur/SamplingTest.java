package io.github.recur;

import static io.github.recur.Recur.sample;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class SamplingTest {
    private static int[] counts(double temperature) {
        var p = Nd4j.createFromArray(new float[] {0.1f, 0.2f, 0.7f});
        var rng = new Random(1);
        int[] c = new int[3];
        for (int i = 0; i < 20000; i++) c[sample(p, temperature, rng)]++;
        return c;
    }

    @Test void temperatureOneFollowsTheProbabilities() {
        int[] c = counts(1.0);
        assertEquals(0.1, c[0] / 20000.0, 0.01);
        assertEquals(0.7, c[2] / 20000.0, 0.01);
    }

    @Test void lowTemperatureIsAlmostGreedyHighTemperatureFlattens() {
        assertTrue(counts(0.1)[2] > 19900);
        int[] hot = counts(5.0);
        assertTrue(hot[0] > 0.25 * 20000, "p^(1/5) renormalised gives ~0.27 to the rarest class: " + hot[0]);
    }

    @Test void badInputsAreExplained() {
        var p = Nd4j.createFromArray(new float[] {0.5f, 0.5f});
        assertThrows(IllegalArgumentException.class, () -> sample(p, 0, new Random()));
        var neg = Nd4j.createFromArray(new float[] {-1f, 2f});
        var e = assertThrows(IllegalArgumentException.class, () -> sample(neg, 1, new Random()));
        assertTrue(e.getMessage().contains("softmax"));
    }
}
