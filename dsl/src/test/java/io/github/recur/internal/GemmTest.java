package io.github.recur.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class GemmTest {
    private static void check(DataType dt, boolean transB, double beta, double tol) {
        Nd4j.getRandom().setSeed(7);
        INDArray a = Nd4j.rand(dt, 9, 5).subi(0.5);
        INDArray b = transB ? Nd4j.rand(dt, 6, 5).subi(0.5) : Nd4j.rand(dt, 5, 6).subi(0.5);
        INDArray c = Nd4j.rand(dt, 8, 6);
        INDArray expected = c.dup();
        INDArray aRows = a.get(NDArrayIndex.interval(3, 6), NDArrayIndex.all());
        INDArray eRows = expected.get(NDArrayIndex.interval(4, 7), NDArrayIndex.all());
        eRows.assign(aRows.mmul(transB ? b.transpose() : b).addi(eRows.mul(beta))); // rows 4..6 only
        Gemm.rows(a, 3, 3, b, transB, c, 4, 1.0, beta);
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(expected.getDouble(i, j), c.getDouble(i, j), tol, dt + " transB=" + transB + " beta=" + beta + " at " + i + "," + j);
            }
        }
    }

    @Test
    void rowBlockProductMatchesNd4jForFloatAndDoubleWithAndWithoutTransposeAndBeta() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double tol = dt == DataType.FLOAT ? 1e-5 : 1e-12;
            check(dt, true, 0.0, tol);
            check(dt, false, 0.0, tol);
            check(dt, true, 1.0, tol);
            check(dt, false, 1.0, tol);
        }
    }

    @Test
    void aSequenceIsTakenAsItsRowsWithoutAReshape() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Nd4j.getRandom().setSeed(5);
            INDArray seq = Nd4j.rand(dt, 4, 3, 5).subi(0.5); // [T, B, F]
            INDArray rows = seq.reshape('c', 12, 5);
            INDArray w = Nd4j.rand(dt, 6, 5).subi(0.5);
            for (int[] block : new int[][] {{0, 12}, {3, 6}, {7, 2}}) { // whole, a sgemm block, a few rows (gemv)
                INDArray got = Nd4j.zeros(dt, 12, 6), want = Nd4j.zeros(dt, 12, 6);
                Gemm.rows(seq, block[0], block[1], w, true, got, block[0], 1.0, 0.0);
                Gemm.rows(rows, block[0], block[1], w, true, want, block[0], 1.0, 0.0);
                assertEquals(want, got, dt + " rows " + block[0] + "+" + block[1]);
            }
            INDArray dY = Nd4j.rand(dt, 12, 6), got = Nd4j.zeros(dt, 5, 6), want = Nd4j.zeros(dt, 5, 6);
            Gemm.transposedA(seq, 12, dY, got, 1.0, 0.0);
            Gemm.transposedA(rows, 12, dY, want, 1.0, 0.0);
            assertEquals(want, got, dt + " transposedA");
            // not contiguous (time and batch swapped in a view): the fallback copies it into rows first
            INDArray swapped = Nd4j.rand(dt, 3, 4, 5).permute(1, 0, 2), copy = swapped.dup('c');
            got = Nd4j.zeros(dt, 12, 6);
            want = Nd4j.zeros(dt, 12, 6);
            Gemm.rows(swapped, 0, 12, w, true, got, 0, 1.0, 0.0);
            Gemm.rows(copy, 0, 12, w, true, want, 0, 1.0, 0.0);
            assertEquals(want, got, dt + " permuted view");
        }
    }

    @Test
    void fewRowsAgainstALargeMatrixAgreeWithNd4jWhenSplitIntoSeveralCalls() {
        // 2 rows against a 300×97 matrix: more outputs than one single-threaded OpenBLAS call takes, uneven pieces
        for (boolean transB : new boolean[] {true, false}) {
            Nd4j.getRandom().setSeed(11);
            INDArray a = Nd4j.rand(DataType.FLOAT, 5, 97).subi(0.5);
            INDArray b = transB ? Nd4j.rand(DataType.FLOAT, 300, 97).subi(0.5) : Nd4j.rand(DataType.FLOAT, 97, 300).subi(0.5);
            INDArray c = Nd4j.rand(DataType.FLOAT, 4, 300);
            INDArray expected = c.dup();
            expected.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all()).muli(0.5)
                    .addi(a.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all()).mmul(transB ? b.transpose() : b).muli(2.0));
            Gemm.rows(a, 2, 2, b, transB, c, 1, 2.0, 0.5);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 300; j++) {
                    assertEquals(expected.getDouble(i, j), c.getDouble(i, j), 1e-4, "transB=" + transB + " at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void largerRowBlocksTakeTheMatrixProductAndAgreeWithNd4j() {
        for (boolean transB : new boolean[] {true, false}) {
            INDArray a = Nd4j.rand(DataType.DOUBLE, 40, 7);
            INDArray b = transB ? Nd4j.rand(DataType.DOUBLE, 6, 7) : Nd4j.rand(DataType.DOUBLE, 7, 6);
            INDArray c = Nd4j.rand(DataType.DOUBLE, 30, 6);
            INDArray expected = a.get(NDArrayIndex.interval(5, 25), NDArrayIndex.all()).mmul(transB ? b.transpose() : b)
                    .addi(c.get(NDArrayIndex.interval(10, 30), NDArrayIndex.all()).mul(0.5));
            Gemm.rows(a, 5, 20, b, transB, c, 10, 1.0, 0.5);
            for (int i = 0; i < 20; i++) {
                for (int j = 0; j < 6; j++) assertEquals(expected.getDouble(i, j), c.getDouble(i + 10, j), 1e-12);
            }
        }
    }

    @Test
    void worksOnArraysThatAreViewsWithAnOffsetIntoALargerBuffer() {
        INDArray big = Nd4j.rand(DataType.FLOAT, 40, 5);
        INDArray a = big.get(NDArrayIndex.interval(10, 20), NDArrayIndex.all()); // offset 50
        INDArray bBig = Nd4j.rand(DataType.FLOAT, 20, 5);
        INDArray b = bBig.get(NDArrayIndex.interval(7, 11), NDArrayIndex.all()); // [4,5], offset 35
        INDArray c = Nd4j.zeros(DataType.FLOAT, 10, 4);
        Gemm.rows(a, 2, 5, b, true, c, 1, 1.0, 0.0);
        INDArray expected = a.get(NDArrayIndex.interval(2, 7), NDArrayIndex.all()).mmul(b.transpose());
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) assertEquals(expected.getDouble(i, j), c.getDouble(i + 1, j), 1e-5);
        }
        assertEquals(0.0, c.getRow(0).sumNumber().doubleValue());
        assertEquals(0.0, c.getRow(6).sumNumber().doubleValue());
    }
}
