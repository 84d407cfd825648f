package io.github.recur.internal;

/**
 * exp, sigmoid and tanh over float[] ranges for FLOAT models: the scalar {@code Math.exp} was a third
 * of an LSTM forward pass. exp uses Cody–Waite range reduction (x = n·ln2 + r, |r| ≤ ln2/2) and a
 * degree-5 polynomial (Cephes expf) for e^r, within 2 ulp of the exact value in float; 2^n is built from the exponent
 * bits. DOUBLE models keep {@code Math.exp} (the finite-difference gradient checks need double).
 * Plain counted loops; C2 (JDK 17) keeps them scalar (it does not vectorise the float/int bit
 * moves), ~5 ns per exp against ~14 ns for Math.exp in double.
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
        // Cephes expf: e^r = 1 + r + r²·P(r), P of degree 5 fitted on |r| ≤ ln2/2.
        float p = 1.9875691500e-4f;
        p = p * r + 1.3981999507e-3f;
        p = p * r + 8.3334519073e-3f;
        p = p * r + 4.1665795894e-2f;
        p = p * r + 1.6666665459e-1f;
        p = p * r + 5.0000001201e-1f;
        p = p * r * r + r + 1.0f;
        return p * Float.intBitsToFloat((n + 127) << 23);
    }

    /** 1 / (1 + e^-x). */
    public static float sigmoid(float x) {
        return 1.0f / (1.0f + exp(-x));
    }

    /**
     * tanh as Cephes' tanhf: an odd polynomial below |x| = 0.625 (where 1 - 2/(e^{2x}+1) would
     * cancel), else 1 - 2/(e^{2|x|}+1) with the sign of x. Both are computed and one is selected,
     * so the loop has no branch.
     */
    public static float tanh(float x) {
        float ax = Math.abs(x);
        float big = Math.copySign(1.0f - 2.0f / (exp(2.0f * ax) + 1.0f), x);
        float z = x * x;
        float q = -5.70498872745e-3f;
        q = q * z + 2.06390887954e-2f;
        q = q * z - 5.37397155531e-2f;
        q = q * z + 1.33314422036e-1f;
        q = q * z - 3.33332819422e-1f;
        float small = q * z * x + x;
        return ax < 0.625f ? small : big;
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
