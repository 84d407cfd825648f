package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ShiftedTargetsTest {
    @Test
    void targetInAndTargetOutMustHaveTheSameShape() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ShiftedTargets(Nd4j.zeros(2, 5), Nd4j.zeros(2, 6)));
        assertTrue(e.getMessage().contains("[2, 5]") && e.getMessage().contains("[2, 6]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ShiftedTargets(Nd4j.zeros(2, 5, 1), Nd4j.zeros(2, 5, 1)));
        assertTrue(e.getMessage().contains("[n, time]"), e.getMessage());
    }

    @Test
    void theMaskIsOneWhereTargetInHoldsAToken() {
        var y = new ShiftedTargets(Nd4j.createFromArray(new float[][] {{2, 5, 0}, {2, 0, 0}}), Nd4j.createFromArray(new float[][] {{5, 3, 0}, {3, 0, 0}}));
        assertArrayEquals(new float[][] {{1, 1, 0}, {1, 0, 0}}, y.mask().toFloatMatrix());
        assertEquals(2, y.size());
        assertEquals(3, y.length());
        assertEquals("ShiftedTargets(2 targets of 3 steps: targetIn, targetOut, mask)", y.toString());
    }
}
