package io.github.recur.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Row-major GEMM on row blocks of contiguous c-order matrices: {@code C[cRow..] = alpha·A[aRow..]·op(B) + beta·C}.
 * On the CPU backend it calls OpenBLAS' {@code cblas_sgemm}/{@code cblas_dgemm} directly on the
 * arrays' memory: the per-step recurrent product (64×128 by 128×512) is too small to amortise
 * ND4J's view creation and op dispatch. OpenBLAS is reached by reflection because its Java
 * bindings only come with {@code nd4j-native}; on other backends (CUDA) this falls back to
 * {@code Nd4j.gemm} on views, with the same results.
 */
public final class Gemm {
    private Gemm() {}

    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;
    private static final MethodHandle SGEMM, DGEMM, SGEMV, DGEMV;
    /**
     * Up to this many rows, one matrix-vector product per row: OpenBLAS' gemm packs the whole B for
     * every call, which costs many times the product itself in batch-1 generation.
     */
    private static final int GEMV_ROWS = 8;
    /** OpenBLAS (0.3.x, interface/gemv.c) runs a gemv on one thread below this many matrix elements (2304 × its threshold 4). */
    private static final int GEMV_ONE_THREAD = 2304 * 4;
    /** Fewer outputs per call than this are not worth a call of their own. */
    private static final int GEMV_MIN_PIECE = 16;

    static {
        MethodHandle s = null, d = null, sv = null, dv = null;
        try {
            if (Nd4j.getBackend().getClass().getName().contains("CpuBackend")) {
                Class<?> blas = Class.forName("org.bytedeco.openblas.global.openblas");
                var lookup = MethodHandles.publicLookup();
                Class<?> i = int.class;
                s = lookup.findStatic(blas, "cblas_sgemm", MethodType.methodType(void.class,
                        i, i, i, i, i, i, float.class, FloatPointer.class, i, FloatPointer.class, i, float.class, FloatPointer.class, i));
                d = lookup.findStatic(blas, "cblas_dgemm", MethodType.methodType(void.class,
                        i, i, i, i, i, i, double.class, DoublePointer.class, i, DoublePointer.class, i, double.class, DoublePointer.class, i));
                sv = lookup.findStatic(blas, "cblas_sgemv", MethodType.methodType(void.class,
                        i, i, i, i, float.class, FloatPointer.class, i, FloatPointer.class, i, float.class, FloatPointer.class, i));
                dv = lookup.findStatic(blas, "cblas_dgemv", MethodType.methodType(void.class,
                        i, i, i, i, double.class, DoublePointer.class, i, DoublePointer.class, i, double.class, DoublePointer.class, i));
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            s = null; // not the CPU backend's OpenBLAS: ND4J's gemm below
            d = null;
            sv = null;
            dv = null;
        }
        SGEMM = s;
        DGEMM = d;
        SGEMV = sv;
        DGEMV = dv;
    }

    /**
     * {@code C[cRow .. cRow+m) = alpha · A[aRow .. aRow+m) · (transB ? Bᵀ : B) + beta · C[...]}, where
     * A, B and C are whole contiguous c-order 2-d arrays of one type (FLOAT or DOUBLE) and the row
     * blocks are {@code m} rows long; B is used whole. A may also be a contiguous {@code [T, B, F]}
     * sequence, taken as its {@code [T·B, F]} rows (no reshape: each new ND4J view costs microseconds
     * in batch-1 generation).
     */
    public static void rows(INDArray a, long aRow, int m, INDArray b, boolean transB, INDArray c, long cRow, double alpha, double beta) {
        int k = (int) a.size(a.rank() - 1), n = (int) c.columns(), ldb = (int) b.columns();
        if (!direct(a, b, c)) {
            a = matrix(a);
            Nd4j.gemm(rowBlock(a, aRow, m), b, rowBlock(c, cRow, m), false, transB, alpha, beta);
        } else if (m <= GEMV_ROWS) {
            // row i of C = op(B)·(row i of A): B [n, k] untransposed in row-major when transB
            int bt = transB ? NO_TRANS : TRANS, br = (int) b.rows(), bc = (int) b.columns();
            try {
                if (c.dataType() == DataType.FLOAT) {
                    // A few outputs per call, so that each product stays under OpenBLAS' threshold for
                    // waking its second thread: waking it costs several times a small product on one
                    // thread. Pointers moved, not re-made.
                    FloatPointer pa = floats(a, 0), pb = floats(b, 0), pc = floats(c, 0);
                    int outputs = transB ? br : bc, per = (GEMV_ONE_THREAD - 1) / (transB ? bc : br);
                    if (per < GEMV_MIN_PIECE) per = outputs; // a long sum per output (the bias gradients): one call, threads welcome
                    for (int r = 0; r < m; r++) {
                        for (int o = 0; o < outputs; o += per) {
                            int len = Math.min(per, outputs - o);
                            pa.position((aRow + r) * k);
                            pc.position((cRow + r) * n + o);
                            if (transB) {
                                SGEMV.invokeExact(ROW_MAJOR, NO_TRANS, len, bc, (float) alpha, pb.position((long) o * ldb), ldb, pa, 1, (float) beta, pc, 1);
                            } else {
                                SGEMV.invokeExact(ROW_MAJOR, TRANS, br, len, (float) alpha, pb.position(o), ldb, pa, 1, (float) beta, pc, 1);
                            }
                        }
                    }
                } else {
                    for (int r = 0; r < m; r++) {
                        DGEMV.invokeExact(ROW_MAJOR, bt, br, bc, alpha, doubles(b, 0), ldb,
                                doubles(a, (aRow + r) * k), 1, beta, doubles(c, (cRow + r) * n), 1);
                    }
                }
            } catch (Throwable t) {
                throw new IllegalStateException("internal: OpenBLAS gemv failed", t);
            }
        } else {
            blas(NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha, a, aRow * k, k, b, ldb, beta, c, cRow * n);
        }
    }

    /**
     * {@code C = alpha · A[0..k)ᵀ · B[0..k) + beta · C}: the first k rows of A, transposed, times the
     * first k rows of B; weight gradients {@code dW = dYᵀ·X} over all time steps. OpenBLAS directly
     * where {@link #rows} uses it (faster than ND4J's gemm on the transposed view), else ND4J.
     */
    public static void transposedA(INDArray a, int k, INDArray b, INDArray c, double alpha, double beta) {
        int m = (int) a.size(a.rank() - 1), n = (int) c.columns();
        if (!direct(a, b, c)) {
            a = matrix(a);
            Nd4j.gemm(rowBlock(a, 0, k), rowBlock(b, 0, k), c, true, false, alpha, beta);
        } else {
            blas(TRANS, NO_TRANS, m, n, k, alpha, a, 0, m, b, n, beta, c, 0);
        }
    }

    /** Whether OpenBLAS is called directly (ND4J's CPU backend with its OpenBLAS bindings). */
    static boolean direct() { return SGEMM != null; }

    /** Whether OpenBLAS can take the three arrays as they are: contiguous c-order, one type, FLOAT or DOUBLE. */
    private static boolean direct(INDArray a, INDArray b, INDArray c) {
        DataType dt = c.dataType();
        return SGEMM != null && contiguous(a) && contiguous(b) && contiguous(c)
                && a.dataType() == dt && b.dataType() == dt && (dt == DataType.FLOAT || dt == DataType.DOUBLE);
    }

    /** Row-major {@code cblas_sgemm/dgemm} on the arrays' memory from the given element offsets; C's leading dimension is n. */
    private static void blas(int transA, int transB, int m, int n, int k, double alpha, INDArray a, long aOff, int lda,
                             INDArray b, int ldb, double beta, INDArray c, long cOff) {
        try {
            if (c.dataType() == DataType.FLOAT) {
                SGEMM.invokeExact(ROW_MAJOR, transA, transB, m, n, k,
                        (float) alpha, floats(a, aOff), lda, floats(b, 0), ldb, (float) beta, floats(c, cOff), n);
            } else {
                DGEMM.invokeExact(ROW_MAJOR, transA, transB, m, n, k,
                        alpha, doubles(a, aOff), lda, doubles(b, 0), ldb, beta, doubles(c, cOff), n);
            }
        } catch (Throwable t) {
            throw new IllegalStateException("internal: OpenBLAS gemm failed", t);
        }
    }

    /** A as the 2-d matrix of its rows ({@code [T, B, F]} → {@code [T·B, F]}). */
    private static INDArray matrix(INDArray a) {
        return a.rank() == 2 ? a : a.reshape('c', a.length() / a.size(a.rank() - 1), a.size(a.rank() - 1));
    }

    /**
     * A matrix, or a {@code [T, B, F]} sequence taken as its rows: c-order without gaps. A size of 1 may
     * have any stride in ND4J (reshaped {@code [1, n]} arrays), so only the other axes are checked.
     */
    private static boolean contiguous(INDArray x) {
        if ((x.rank() != 2 && x.rank() != 3) || x.ordering() != 'c') return false;
        long expected = 1;
        for (int axis = x.rank() - 1; axis >= 0; axis--) {
            if (x.size(axis) != 1 && x.stride(axis) != expected) return false;
            expected *= x.size(axis);
        }
        return true;
    }

    /** Raw pointers that keep their arrays alive through the native call (see {@link Vec#floats}). */
    private static FloatPointer floats(INDArray x, long elementOffset) { return Vec.floats(x, elementOffset); }

    private static DoublePointer doubles(INDArray x, long elementOffset) { return Vec.doubles(x, elementOffset); }

    private static INDArray rowBlock(INDArray x, long from, long count) {
        return x.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all());
    }
}
