package io.github.recur.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class VecTest {
    /** Σ x² in double over the values as stored: the reference for both types. */
    private static double reference(INDArray a) {
        double s = 0;
        for (long i = 0; i < a.length(); i++) s += a.getDouble(i) * a.getDouble(i);
        return s;
    }

    @Test
    void sumOfSquaresCoversEveryElementForAllLengthsAndBothTypes() {
        Random rng = new Random(3);
        // 1..19 cover every remainder of the eight-way unrolled loop; 4096 and 5003 the chunking of FLOAT arrays
        int[] lengths = new int[23];
        for (int i = 0; i < 19; i++) lengths[i] = i + 1;
        lengths[19] = 4096;
        lengths[20] = 4097;
        lengths[21] = 5003;
        lengths[22] = 8200;
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int n : lengths) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = rng.nextGaussian();
                INDArray a = Nd4j.create(v).castTo(dt);
                double expected = reference(a);
                assertEquals(expected, Vec.of(a).sumOfSquares(), 1e-12 * Math.max(1, expected), dt + " length " + n);
            }
        }
    }

    @Test
    void sumOfSquaresOfAViewReadsOnlyTheView() {
        INDArray whole = Nd4j.arange(0, 30).castTo(DataType.FLOAT).reshape(3, 10);
        INDArray row = whole.getRow(1); // 10..19, contiguous, offset 10
        assertEquals(reference(row), Vec.of(row).sumOfSquares(), 1e-9);
    }

    @Test
    void sumOfSquaresIsNotFiniteWhenAnElementIsNot() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = Nd4j.ones(dt, 13);
            a.putScalar(12, Double.NaN); // in the tail after the unrolled loop
            assertTrue(Double.isNaN(Vec.of(a).sumOfSquares()), dt + " NaN");
            a.putScalar(12, Double.POSITIVE_INFINITY);
            assertTrue(Double.isInfinite(Vec.of(a).sumOfSquares()), dt + " infinity");
        }
    }

    /**
     * The view alone keeps the array's memory: with every other reference gone and the collector
     * run while other arrays take fresh memory, it still reads what was written (a view that did not
     * hold its array could read freed, reused memory or crash the JVM).
     */
    @Test
    void aViewKeepsItsArrayAliveWithoutAnyOtherReference() throws InterruptedException {
        Vec v = viewOfATemporaryArray(1 << 16);
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(20);
            INDArray other = Nd4j.zeros(DataType.FLOAT, 1 << 16).addi(-1); // would reuse freed memory
            assertEquals(-1.0, other.getDouble(0));
        }
        float[] back = new float[1 << 16];
        v.getFloats(0, back, 0, back.length);
        for (int i = 0; i < back.length; i++) assertEquals(i % 1000, back[i], "element " + i);
    }

    private static Vec viewOfATemporaryArray(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = i % 1000;
        return Vec.of(Nd4j.createFromArray(values));
    }
}
