package io.github.recur.internal;

import java.lang.ref.Reference;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Direct access to the memory of a contiguous FLOAT or DOUBLE INDArray: the one place where Recur
 * reads and writes ND4J's native memory from Java (element and bulk access here, raw pointers for
 * {@link Gemm}). The fast recurrent loops use it to do a step's work in one pass instead of a dozen
 * ND4J operations, each with its own call overhead.
 *
 * <p><b>Lifetime, by construction:</b> a view keeps its array (the owner) and fences it after every
 * access, and the pointers of {@link #floats}/{@link #doubles} hold their array too. The JVM may
 * otherwise collect an array whose last Java use has passed while its memory is still being read
 * (NIO views and raw addresses do not keep ND4J's buffers alive), and a freed buffer crashes the JVM
 * instead of throwing. So no caller needs {@code Reference.reachabilityFence}.
 *
 * <p>Only where {@link ComputeMode#hostLoops()} allows it: on a backend whose memory lives elsewhere
 * (CUDA) {@link #fits} is false and every caller takes its ND4J-operations path.
 *
 * <pre>{@code if (Vec.fits(a)) { Vec v = Vec.of(a); v.getFloats(0, buffer, 0, n); }}</pre>
 */
public final class Vec {
    private final INDArray owner;
    private final FloatBuffer f;
    private final DoubleBuffer d;
    private final int base;
    private final int length;

    private Vec(INDArray a) {
        if (a.ordering() != 'c' || (a.length() > 1 && a.elementWiseStride() != 1)) {
            throw new IllegalStateException("internal: Vec needs a contiguous c-order array, got " + a.shapeInfoToString());
        }
        this.owner = a;
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

    /** Whether {@link #of} accepts {@code a} (contiguous c-order FLOAT or DOUBLE) and host loops may touch its memory. */
    public static boolean fits(INDArray a) {
        return ComputeMode.hostLoops() && a.ordering() == 'c' && (a.length() <= 1 || a.elementWiseStride() == 1)
                && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE);
    }

    /** True for a FLOAT array: the fast kernels then take their float[] paths with {@link FastMath}. */
    public boolean isFloat() { return f != null; }

    public int length() { return length; }

    /** Bulk copy of {@code n} floats from {@code this[pos..]} into {@code dst[off..]} (FLOAT arrays only). */
    public void getFloats(int pos, float[] dst, int off, int n) {
        f.get(base + pos, dst, off, n);
        Reference.reachabilityFence(owner);
    }

    /** Bulk copy of {@code n} floats from {@code src[off..]} into {@code this[pos..]} (FLOAT arrays only). */
    public void putFloats(int pos, float[] src, int off, int n) {
        f.put(base + pos, src, off, n);
        Reference.reachabilityFence(owner);
    }

    /** Bulk copy of {@code n} doubles from {@code this[pos..]} into {@code dst[off..]} (DOUBLE arrays only). */
    public void getDoubles(int pos, double[] dst, int off, int n) {
        d.get(base + pos, dst, off, n);
        Reference.reachabilityFence(owner);
    }

    /** Bulk copy of {@code n} doubles from {@code src[off..]} into {@code this[pos..]} (DOUBLE arrays only). */
    public void putDoubles(int pos, double[] src, int off, int n) {
        d.put(base + pos, src, off, n);
        Reference.reachabilityFence(owner);
    }

    public double get(int i) {
        double v = f != null ? f.get(base + i) : d.get(base + i);
        Reference.reachabilityFence(owner);
        return v;
    }

    public void set(int i, double v) {
        if (f != null) f.put(base + i, (float) v); else d.put(base + i, v);
        Reference.reachabilityFence(owner);
    }

    public void add(int i, double v) { set(i, get(i) + v); }

    /** Copies {@code n} elements from {@code src[srcPos..]} into {@code this[pos..]}. */
    public void copyFrom(Vec src, int srcPos, int pos, int n) {
        if (f != null && src.f != null) { // bulk copies (the ranges never overlap in our uses)
            f.put(base + pos, src.f, src.base + srcPos, n);
        } else if (d != null && src.d != null) {
            d.put(base + pos, src.d, src.base + srcPos, n);
        } else {
            for (int i = 0; i < n; i++) set(pos + i, src.get(srcPos + i));
        }
        Reference.reachabilityFence(owner);
        Reference.reachabilityFence(src.owner);
    }

    public void fill(int pos, int n, double v) {
        for (int i = 0; i < n; i++) set(pos + i, v);
    }

    /**
     * Σ xᵢ² over the whole array, accumulated in double (NaN or infinite when any element is): the
     * optimizers' gradient norms, in one pass instead of an ND4J reduction per parameter.
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
            Reference.reachabilityFence(owner);
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

    /**
     * A pointer to element {@code elementOffset} of {@code x}'s memory for native calls (OpenBLAS). It
     * holds {@code x}: a native method's arguments stay reachable until it returns, and so does the array.
     */
    static FloatPointer floats(INDArray x, long elementOffset) {
        // A view's data() is its own buffer whose address already starts at the view's offset.
        return new OwnedFloats(x).position(elementOffset);
    }

    /** {@link #floats} for DOUBLE arrays. */
    static DoublePointer doubles(INDArray x, long elementOffset) {
        return new OwnedDoubles(x).position(elementOffset);
    }

    private static final class OwnedFloats extends FloatPointer {
        @SuppressWarnings("unused") private final INDArray owner;

        OwnedFloats(INDArray owner) {
            super(owner.data().addressPointer());
            this.owner = owner;
        }
    }

    private static final class OwnedDoubles extends DoublePointer {
        @SuppressWarnings("unused") private final INDArray owner;

        OwnedDoubles(INDArray owner) {
            super(owner.data().addressPointer());
            this.owner = owner;
        }
    }

    /** tanh through the intrinsic {@code Math.exp}: JDK 17's {@code Math.tanh} is not intrinsified and several times slower. */
    public static double tanh(double x) {
        if (x > 20) return 1;
        if (x < -20) return -1;
        double e = Math.exp(2 * x);
        return (e - 1) / (e + 1);
    }

    public static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x)); // one exp for both branches
        return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }
}
