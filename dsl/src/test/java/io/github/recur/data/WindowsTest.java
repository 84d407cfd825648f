package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class WindowsTest {
    static double[] ramp(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return v;
    }

    static Table twoColumns(int n) {
        double[] a = ramp(n), b = new double[n];
        for (int i = 0; i < n; i++) b[i] = 100 + i;
        return Table.create("t", DoubleColumn.create("a", a), DoubleColumn.create("b", b));
    }

    @Test
    void slidingWindowsWithStrideTwoStartAtEvenIndices() {
        SequenceData d = Windows.of(ramp(10)).lookBack(3).horizon(1).stride(2).build();
        // starts 0,2,4,6: (10 - 3 - 1) / 2 + 1 = 4 windows
        assertArrayEquals(new int[] {0, 2, 4, 6}, Windows.of(ramp(10)).lookBack(3).stride(2).starts());
        assertArrayEquals(new long[] {4, 3, 1}, d.x().shape());
        assertArrayEquals(new long[] {4, 1}, d.y().shape());
        assertEquals(4.0, d.x().getDouble(2, 0, 0));
        assertEquals(6.0, d.x().getDouble(2, 2, 0));
        assertEquals(7.0, d.y().getDouble(2, 0));
        assertEquals(9.0, d.y().getDouble(3, 0));
    }

    @Test
    void multiStepHorizonTargetsAreTheNextRowsInOrder() {
        SequenceData d = Windows.of(ramp(8)).lookBack(2).horizon(3).build();
        assertArrayEquals(new long[] {4, 2, 1}, d.x().shape()); // 8 - 2 - 3 + 1
        assertArrayEquals(new long[] {4, 3}, d.y().shape());
        assertArrayEquals(new double[] {2, 3, 4}, d.y().getRow(0).toDoubleVector(), 0);
        assertArrayEquals(new double[] {5, 6, 7}, d.y().getRow(3).toDoubleVector(), 0);
    }

    @Test
    void multivariateInputsWithATargetFromAnotherColumn() {
        SequenceData d = Windows.of(twoColumns(6), "a", "b").lookBack(2).horizon(2).target("b").build();
        assertArrayEquals(new long[] {3, 2, 2}, d.x().shape());
        assertEquals(1.0, d.x().getDouble(1, 0, 0));
        assertEquals(101.0, d.x().getDouble(1, 0, 1));
        assertArrayEquals(new double[] {103, 104}, d.y().getRow(1).toDoubleVector(), 0);
    }

    @Test
    void targetOutsideTheFeaturesInterleavesStepsAndTargets() {
        SequenceData d = Windows.of(twoColumns(5), "a").lookBack(2).horizon(2).target("a", "b").build();
        assertArrayEquals(new long[] {2, 2, 1}, d.x().shape());
        // step-major: [a(t), b(t), a(t+1), b(t+1)]
        assertArrayEquals(new double[] {2, 102, 3, 103}, d.y().getRow(0).toDoubleVector(), 0);
    }

    @Test
    void chronologicalSplitKeepsEveryTargetInsideItsPart() {
        Split s = Windows.of(ramp(20)).lookBack(3).horizon(2).split(0.5, 0.25);
        assertEquals(10, s.trainEnd());
        assertEquals(15, s.validationEnd());
        // train targets rows t0..t0+1 within [0,10): starts 0..5
        assertArrayEquals(new int[] {3, 4, 5, 6, 7, 8}, s.trainRows());
        assertArrayEquals(new int[] {10, 11, 12, 13}, s.validationRows());
        assertArrayEquals(new int[] {15, 16, 17, 18}, s.testRows());
        assertEquals(6, s.train().size());
        // the first validation window looks back into the training rows, its targets do not
        assertArrayEquals(new double[] {7, 8, 9}, s.validation().x().slice(0).reshape(3).toDoubleVector(), 0);
        assertArrayEquals(new double[] {10, 11}, s.validation().y().getRow(0).toDoubleVector(), 0);
        assertEquals(16, s.all().size());
    }

    @Test
    void scalerIsFittedOnTrainingRowsOnlyAndInverted() {
        Split s = Windows.of(ramp(20)).lookBack(2).scaled(Scaler.minMax()).split(0.5, 0.25);
        MinMaxScaler m = (MinMaxScaler) s.scaler();
        assertEquals(0.0, m.min(0));
        assertEquals(9.0, m.max(0)); // rows 0..9 only, not 19
        // test target row 15 scales to 15/9 (> 1: test data is not squeezed into the training range)
        assertEquals(15 / 9.0, s.test().y().getDouble(0, 0), 1e-6);
        INDArray back = s.inverse(s.test().y());
        assertArrayEquals(new double[] {15, 16, 17, 18, 19}, back.reshape(5).toDoubleVector(), 1e-4);
        assertArrayEquals(ramp(20), s.actual(), 0);
    }

    @Test
    void windowLongerThanTheSeriesNamesLookBackAndHorizon() {
        var e = assertThrows(IllegalArgumentException.class, () -> Windows.of(ramp(10)).lookBack(9).horizon(2).build());
        assertTrue(e.getMessage().contains("lookBack 9 + horizon 2"), e.getMessage());
        assertTrue(e.getMessage().contains("10 rows"), e.getMessage());
    }

    @Test
    void tooSmallSplitPartNamesThePart() {
        var e = assertThrows(IllegalArgumentException.class, () -> Windows.of(ramp(20)).lookBack(5).horizon(3).split(0.8, 0.1));
        assertTrue(e.getMessage().contains("validation part"), e.getMessage());
    }

    @Test
    void missingValueNamesColumnAndRow() {
        DoubleColumn c = DoubleColumn.create("temp", new double[] {1, 2, 3});
        c.setMissing(1);
        var e = assertThrows(IllegalArgumentException.class, () -> Windows.of(Table.create("w", c), "temp"));
        assertTrue(e.getMessage().contains("'temp'") && e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void nonNumericColumnIsRefusedByName() {
        Table t = Table.create("w", StringColumn.create("city", "a", "b"), DoubleColumn.create("x", 1, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> Windows.of(t, "city"));
        assertTrue(e.getMessage().contains("'city'") && e.getMessage().contains("not numeric") && e.getMessage().contains("[x]"),
                e.getMessage());
    }

    @Test
    void unknownColumnListsTheColumns() {
        var e = assertThrows(IllegalArgumentException.class, () -> Windows.of(twoColumns(4), "c"));
        assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("[a, b]"), e.getMessage());
    }

    @Test
    void emptyTableIsRefused() {
        Table t = Table.create("empty", DoubleColumn.create("x"));
        var e = assertThrows(IllegalArgumentException.class, () -> Windows.of(t, "x"));
        assertTrue(e.getMessage().contains("'empty' is empty"), e.getMessage());
    }

    @Test
    void badArgumentsNameTheArgument() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Windows.of(ramp(5)).lookBack(0)).getMessage().contains("lookBack"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Windows.of(ramp(5)).horizon(-1)).getMessage().contains("horizon"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Windows.of(ramp(5)).stride(0)).getMessage().contains("stride"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Windows.of(ramp(5)).split(1.2)).getMessage().contains("trainFraction"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Windows.of(ramp(5)).split(0.6, 0.4)).getMessage().contains("validationFraction"));
    }

    @Test
    void buildRefusesAScalerThatWouldSeeTestRows() {
        assertThrows(IllegalStateException.class, () -> Windows.of(ramp(10)).scaled(Scaler.standard()).build());
    }

    @Test
    void configIsImmutable() {
        Windows w = Windows.of(ramp(10));
        Windows w12 = w.lookBack(4);
        assertEquals(1, w.lookBack());
        assertEquals(4, w12.lookBack());
    }
}
