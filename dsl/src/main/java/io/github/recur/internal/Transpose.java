package io.github.recur.internal;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Swaps the first two axes into a new c-order array: batch-first {@code [B, T, F]} to the layers'
 * time-major {@code [T, B, F]} and back ({@code [B, T]} masks too). For contiguous FLOAT arrays it
 * is a copy of whole feature rows in Java: ND4J's {@code permute(1, 0, 2).dup('c')} took as long as
 * all the cell arithmetic of a SimpleRNN forward pass (bench/RESULTS.md).
 *
 * <pre>{@code INDArray timeMajor = Transpose.swapFirstAxes(x); // [64, 100, 32] -> [100, 64, 32]}</pre>
 */
public final class Transpose {
    private Transpose() {}

    /** Rows at least this long are copied one by one; shorter ones (one feature per step) go through a Java array. */
    private static final int MIN_ROW = 8;

    /** A new c-order array with axes 0 and 1 of {@code a} (rank 2 or 3) swapped. */
    public static INDArray swapFirstAxes(INDArray a) {
        int rank = a.rank();
        if (rank != 2 && rank != 3) throw new IllegalArgumentException("internal: swapFirstAxes needs rank 2 or 3, got " + rank);
        if (a.isEmpty()) {
            long[] shape = a.shape().clone();
            shape[0] = a.size(1);
            shape[1] = a.size(0);
            return Nd4j.create(a.dataType(), shape);
        }
        if (a.dataType() != DataType.FLOAT || !Vec.fits(a) || a.length() > Integer.MAX_VALUE / 2) {
            return (rank == 3 ? a.permute(1, 0, 2) : a.permute(1, 0)).dup('c');
        }
        int n0 = (int) a.size(0), n1 = (int) a.size(1), f = rank == 3 ? (int) a.size(2) : 1, n = n0 * n1 * f;
        INDArray out = rank == 3 ? Nd4j.createUninitialized(DataType.FLOAT, n1, n0, f) : Nd4j.createUninitialized(DataType.FLOAT, n1, n0);
        Vec from = Vec.of(a), to = Vec.of(out);
        if (f >= MIN_ROW) { // row by row, memory to memory
            for (int i = 0; i < n0; i++) {
                for (int j = 0; j < n1; j++) to.copyFrom(from, (i * n1 + j) * f, (j * n0 + i) * f, f);
            }
        } else { // a few values per row: one bulk read, the shuffle in Java, one bulk write
            float[] src = new float[n], dst = new float[n];
            from.getFloats(0, src, 0, n);
            for (int i = 0; i < n0; i++) {
                for (int j = 0; j < n1; j++) System.arraycopy(src, (i * n1 + j) * f, dst, (j * n0 + i) * f, f);
            }
            to.putFloats(0, dst, 0, n);
        }
        return out;
    }
}
