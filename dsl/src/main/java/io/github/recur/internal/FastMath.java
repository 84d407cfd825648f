package io.github.recur.internal;

/**
 * exp, sigmoid and tanh over float[] ranges for the fast path's FLOAT loops: the scalar
 * {@code Math.exp} does not vectorise. DOUBLE models keep {@code Math.exp} (the finite-difference
 * gradient checks need double).
 *
 * <p>tanh (and sigmoid(x) = ½ + ½·tanh(x/2)) is a rational function on a clamped range (Eigen's
 * {@code generic_fast_tanh_float}: odd degree-13 over even degree-6 polynomial, |x| clamped to
 * 7.905, where it reaches 1 in float): only multiplies, adds, one divide and min/max, so C2 (JDK 17)
 * auto-vectorises the array loops, fastest over a whole {@code [B, H]} block (an exp-based form,
 * whose float/int bit moves C2 keeps scalar, does not vectorise). Accuracy: tanh within 6.3 ulp
 * (3.8e-7 absolute), sigmoid within 3e-7 absolute; tested against {@code Math.tanh}/{@code Math.exp}.
 *
 * <p>exp uses Cody–Waite range reduction (x = n·ln2 + r, |r| ≤ ln2/2) and a degree-5 polynomial
 * (Cephes expf) for e^r, within 2 ulp in float; 2^n is built from the exponent bits.
 */
public final class FastMath {
    private FastMath() {}

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;          // exact in 9 bits: n·LN2_HI is exact
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;              // 1.5·2^23: adding it rounds to an integer
    private static final float MAX_X = 88.0f, MIN_X = -87.0f;  // e^x stays a normal float

    /** e^x in float, for |x| ≤ 87 about 2 ulp; clamps outside to keep a finite, normal result. */
    public static float exp(float x) {
        x = Math.min(MAX_X, Math.max(MIN_X, x));
        float t = x * LOG2E + ROUND;
        int n = Float.floatToRawIntBits(t) - 0x4B400000;     // round(x·log2 e)
        float nf = t - ROUND;
        float r = x - nf * LN2_HI - nf * LN2_LO;
        return expReduced(r) * Float.intBitsToFloat((n + 127) << 23);
    }

    /** Cephes expf's e^r = 1 + r + r²·P(r), P of degree 5 fitted on |r| ≤ ln2/2. */
    private static float expReduced(float r) {
        float p = 1.9875691500e-4f;
        p = p * r + 1.3981999507e-3f;
        p = p * r + 8.3334519073e-3f;
        p = p * r + 4.1665795894e-2f;
        p = p * r + 1.6666665459e-1f;
        p = p * r + 5.0000001201e-1f;
        return p * r * r + r + 1.0f;
    }

    /**
     * {@code a[i] = e^(a[i] − shift)} for {@code i < n}, where every {@code a[i] ≤ shift}
     * (softmax's exponentials after subtracting the row maximum; a larger value counts as {@code shift}),
     * within 1 ulp; below {@code shift − 87} the result stays e^-87, and a NaN stays NaN. {@code scratch} holds
     * at least {@code n} floats. Unlike {@link #exp(float)} this vectorises: 2^k is not built from exponent
     * bits (C2 keeps such bit moves scalar) but multiplied in one bit of {@code −k} at a time, each factor exactly
     * 1 or 2^(−2^j), and the work is split into short loops (C2 unrolls, and so vectorises, only small loop bodies;
     * and only when both arrays are indexed alike, hence no offset into {@code a}).
     */
    public static void expShifted(float[] a, int n, float shift, float[] scratch) {
        // x = k·ln2 + r with k = round(x·log2 e) in [-126, 0] and |r| ≤ ln2/2; e^r by Cephes' polynomial; −k to scratch
        for (int i = 0; i < n; i++) {
            float x = Math.min(0f, Math.max(MIN_X, a[i] - shift));
            float k = (x * LOG2E + ROUND) - ROUND;
            a[i] = expReduced(x - k * LN2_HI - k * LN2_LO);
            scratch[i] = -k;
        }
        // times 2^(−m), m = −k in [0, 126], one bit of m at a time from the highest down
        for (int j = 6; j >= 0; j--) timesPowerOfTwoBit(a, n, scratch, j);
    }

    /** {@code a[i] *= 2^(−2^j)} where bit j of {@code m = scratch[i] < 2^(j+1)} is set; then clears that bit of m. */
    private static void timesPowerOfTwoBit(float[] a, int n, float[] scratch, int j) {
        float place = 1 << j, inverse = 1f / place, factor = Math.scalb(1f, -(1 << j));
        for (int i = 0; i < n; i++) {
            float m = scratch[i];
            float bit = ((m * inverse - 0.49f) + ROUND) - ROUND; // floor(m / 2^j): m / 2^j moves in steps of 2^-j, so 0.49 below rounds down
            scratch[i] = m - bit * place;
            a[i] *= bit * factor + (1f - bit);
        }
    }

    // Eigen's generic_fast_tanh_float: tanh(x) ≈ x·P(x²)/Q(x²) on |x| ≤ TANH_CLAMP.
    private static final float TANH_CLAMP = 7.90531110763549805f;
    // With fused multiply-adds the same polynomials reach exactly 1 only from here (Eigen's later constant).
    private static final float TANH_CLAMP_FMA = 7.99881172180175781f;
    private static final float A1 = 4.89352455891786e-03f, A3 = 6.37261928875436e-04f, A5 = 1.48572235717979e-05f,
            A7 = 5.12229709037114e-08f, A9 = -8.60467152213735e-11f, A11 = 2.00018790482477e-13f,
            A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f, B2 = 2.26843463243900e-03f, B4 = 1.18534705686654e-04f,
            B6 = 1.19825839466702e-06f;

    /**
     * Whether the CPU fuses multiply-adds (HotSpot's {@code UseFMA}): {@link Math#fma} is then one
     * vectorised instruction (faster), and without hardware support a slow software routine, so the
     * polynomials only use it where the CPU has it.
     */
    static final boolean FMA = hardwareFma();

    private static boolean hardwareFma() {
        try {
            var vm = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return vm != null && Boolean.parseBoolean(vm.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) { // another VM, or jdk.management left out of the runtime
            return false;
        }
    }

    /** 1 / (1 + e^-x), as ½ + ½·tanh(x/2); within 3e-7 absolute. */
    public static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    /** tanh(x), within 6.3 ulp; odd (tanh(-x) = -tanh(x)) and ±1 beyond |x| = 7.905 (7.999 with FMA). No branch, so loops vectorise. */
    public static float tanh(float x) {
        return FMA ? tanhFused(x) : tanhSeparate(x); // a constant: C2 compiles one of the two
    }

    /** The rational function with fused multiply-adds (where the CPU has them). */
    static float tanhFused(float x) {
        x = Math.min(TANH_CLAMP_FMA, Math.max(-TANH_CLAMP_FMA, x));
        float z = x * x;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(A13, z, A11), z, A9), z, A7), z, A5), z, A3), z, A1);
        float q = Math.fma(Math.fma(Math.fma(B6, z, B4), z, B2), z, B0);
        return x * p / q;
    }

    /** The same with separate multiplies and adds. */
    static float tanhSeparate(float x) {
        x = Math.min(TANH_CLAMP, Math.max(-TANH_CLAMP, x));
        float z = x * x;
        float p = A13;
        p = p * z + A11;
        p = p * z + A9;
        p = p * z + A7;
        p = p * z + A5;
        p = p * z + A3;
        p = p * z + A1;
        float q = B6;
        q = q * z + B4;
        q = q * z + B2;
        q = q * z + B0;
        return x * p / q;
    }

    /** {@code a[off..off+n)} = sigmoid of itself. */
    public static void sigmoid(float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) a[i] = sigmoid(a[i]);
    }

    /** {@code a[off..off+n)} = tanh of itself. */
    public static void tanh(float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) a[i] = tanh(a[i]);
    }
}
