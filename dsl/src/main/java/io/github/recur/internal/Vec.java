package io.github.recur.internal;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Direct element access to a contiguous float or double INDArray, for the fused per-step loops
 * of the recurrent cells: one pass over memory instead of a dozen ND4J ops, each with its own
 * call overhead (see PITFALLS: ~400 µs per LSTM step when written as separate ops).
 *
 * <p><b>Lifetime:</b> the NIO view does not keep ND4J's native memory alive. The array must stay
 * reachable while the Vec is used — a field of the layer, or
 * {@code Reference.reachabilityFence(array)} after the last use of a local one — or a JIT-compiled
 * loop may read memory the garbage collector has already freed (a JVM crash, not an exception).
 */
public final class Vec {
    private final FloatBuffer f;
    private final DoubleBuffer d;
    private final int base;
    private final int length;

    private Vec(INDArray a) {
        if (a.ordering() != 'c' || (a.length() > 1 && a.elementWiseStride() != 1)) {
            throw new IllegalStateException("internal: Vec needs a contiguous c-order array, got " + a.shapeInfoToString());
        }
        this.base = (int) a.offset();
        this.length = (int) a.length();
        if (a.dataType() == DataType.FLOAT) {
            this.f = a.data().asNioFloat();
            this.d = null;
        } else if (a.dataType() == DataType.DOUBLE) {
            this.f = null;
            this.d = a.data().asNioDouble();
        } else {
            throw new IllegalStateException("internal: Vec supports FLOAT and DOUBLE, got " + a.dataType());
        }
    }

    public static Vec of(INDArray a) { return new Vec(a); }

    /** True for a FLOAT array: the cells then take their float[] paths with {@link FastMath}. */
    public boolean isFloat() { return f != null; }

    /** Bulk copy of {@code n} floats from {@code this[pos..]} into {@code dst[off..]} (FLOAT arrays only). */
    public void getFloats(int pos, float[] dst, int off, int n) { f.get(base + pos, dst, off, n); }

    /** Bulk copy of {@code n} floats from {@code src[off..]} into {@code this[pos..]} (FLOAT arrays only). */
    public void putFloats(int pos, float[] src, int off, int n) { f.put(base + pos, src, off, n); }

    /** Whether {@link #of} accepts {@code a}: contiguous c-order FLOAT or DOUBLE. */
    public static boolean fits(INDArray a) {
        return a.ordering() == 'c' && (a.length() <= 1 || a.elementWiseStride() == 1)
                && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE);
    }

    public int length() { return length; }

    /**
     * Σ xᵢ² over the whole array, accumulated in double (NaN or infinite when any element is): the
     * optimizers' gradient norms, in one pass instead of an ND4J reduction per parameter (~30 µs each).
     */
    public double sumOfSquares() {
        if (d != null) {
            double s0 = 0, s1 = 0;
            int i = 0;
            for (; i + 1 < length; i += 2) {
                double a = d.get(base + i), b = d.get(base + i + 1);
                s0 += a * a;
                s1 += b * b;
            }
            if (i < length) s0 += d.get(base + i) * d.get(base + i);
            return s0 + s1;
        }
        float[] chunk = new float[Math.min(length, 4096)];
        double sum = 0;
        for (int from = 0; from < length; from += chunk.length) {
            int n = Math.min(chunk.length, length - from);
            getFloats(from, chunk, 0, n);
            sum += sumOfSquares(chunk, n);
        }
        return sum;
    }

    /** Σ a[i]², i < n, in double; eight running sums, so that the additions do not wait on each other. */
    public static double sumOfSquares(float[] a, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            double v0 = a[i], v1 = a[i + 1], v2 = a[i + 2], v3 = a[i + 3];
            double v4 = a[i + 4], v5 = a[i + 5], v6 = a[i + 6], v7 = a[i + 7];
            s0 += v0 * v0;
            s1 += v1 * v1;
            s2 += v2 * v2;
            s3 += v3 * v3;
            s4 += v4 * v4;
            s5 += v5 * v5;
            s6 += v6 * v6;
            s7 += v7 * v7;
        }
        for (; i < n; i++) s0 += (double) a[i] * a[i];
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    public double get(int i) { return f != null ? f.get(base + i) : d.get(base + i); }

    public void set(int i, double v) {
        if (f != null) f.put(base + i, (float) v); else d.put(base + i, v);
    }

    public void add(int i, double v) { set(i, get(i) + v); }

    /** Copies {@code n} elements from {@code src[srcPos..]} into {@code this[pos..]}. */
    public void copyFrom(Vec src, int srcPos, int pos, int n) {
        if (f != null && src.f != null) { // bulk copies (the ranges never overlap in our uses)
            f.put(base + pos, src.f, src.base + srcPos, n);
            return;
        }
        if (d != null && src.d != null) {
            d.put(base + pos, src.d, src.base + srcPos, n);
            return;
        }
        for (int i = 0; i < n; i++) set(pos + i, src.get(srcPos + i));
    }

    public void fill(int pos, int n, double v) {
        for (int i = 0; i < n; i++) set(pos + i, v);
    }

    /** tanh through the intrinsic {@code Math.exp}: JDK 17's {@code Math.tanh} is not intrinsified and ~5x slower. */
    public static double tanh(double x) {
        if (x > 20) return 1;
        if (x < -20) return -1;
        double e = Math.exp(2 * x);
        return (e - 1) / (e + 1);
    }

    public static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x)); // one exp for both branches (same values as before)
        return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }
}
