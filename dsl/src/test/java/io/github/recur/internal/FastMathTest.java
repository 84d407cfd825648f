package io.github.recur.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FastMathTest {
    /** Distance in units in the last place of the float nearest to the exact value. */
    private static double ulps(float got, double exact) {
        float nearest = (float) exact;
        return Math.abs(got - exact) / Math.ulp(nearest);
    }

    @Test
    void expIsWithinTwoUlpOfMathExpFromMinus87To88() {
        Random rng = new Random(1);
        double worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            float x = -87f + 175f * rng.nextFloat();
            worst = Math.max(worst, ulps(FastMath.exp(x), Math.exp(x)));
        }
        for (float x = -5f; x <= 5f; x += 1e-4f) worst = Math.max(worst, ulps(FastMath.exp(x), Math.exp(x)));
        assertTrue(worst <= 2.0, "worst error " + worst + " ulp");
    }

    @Test
    void expShiftedIsWithinOneUlpOfMathExpFromMinus87ToZero() {
        int n = 4096;
        float[] a = new float[n], x = new float[n], scratch = new float[n];
        Random rng = new Random(2);
        float shift = 3.25f;
        double worst = 0;
        for (int round = 0; round < 500; round++) {
            for (int i = 0; i < n; i++) x[i] = -87f * rng.nextFloat();
            if (round == 0) for (int i = 0; i < n; i++) x[i] = -i * (87f / n); // every power of two in range, evenly
            for (int i = 0; i < n; i++) a[i] = x[i] + shift;
            FastMath.expShifted(a, n, shift, scratch);
            for (int i = 0; i < n; i++) {
                float argument = (x[i] + shift) - shift; // as the method computes it, in float
                worst = Math.max(worst, ulps(a[i], Math.exp(argument)));
            }
        }
        assertTrue(worst <= 1.0, "worst error " + worst + " ulp");
    }

    @Test
    void expShiftedGivesOneAtTheShiftKeepsNaNAndStopsAtEToTheMinus87() {
        float[] a = {5f, 5f - 100f, Float.NaN, Float.NEGATIVE_INFINITY, 4f};
        FastMath.expShifted(a, 4, 5f, new float[4]); // the last element is beyond n: untouched
        assertEquals(1.0f, a[0]);
        assertEquals((float) Math.exp(-87), a[1], Math.ulp((float) Math.exp(-87)));
        assertTrue(Float.isNaN(a[2]), "NaN in, NaN out, got " + a[2]);
        assertEquals((float) Math.exp(-87), a[3], Math.ulp((float) Math.exp(-87)));
        assertEquals(4f, a[4]);
    }

    @Test
    void expOfZeroIsExactlyOneAndExtremesStayFinite() {
        assertEquals(1.0f, FastMath.exp(0f));
        assertTrue(Float.isFinite(FastMath.exp(1000f)) && FastMath.exp(1000f) > 1e38f);
        assertTrue(FastMath.exp(-1000f) >= 0f && FastMath.exp(-1000f) < 1e-37f);
    }

    @Test
    void sigmoidAndTanhMatchDoubleReferenceToFloatRounding() {
        double worstSig = 0;
        for (float x = -30f; x <= 30f; x += 1.3e-4f) {
            double sig = 1 / (1 + Math.exp(-(double) x));
            worstSig = Math.max(worstSig, Math.abs(FastMath.sigmoid(x) - sig));
            double th = Math.tanh(x);
            // relative near zero (where tanh(x) ≈ x is tiny), absolute elsewhere
            assertTrue(Math.abs(FastMath.tanh(x) - th) <= 6.5 * Math.ulp((float) th) + 1e-30, "tanh(" + x + ") = " + FastMath.tanh(x) + " vs " + th);
        }
        assertTrue(worstSig < 3e-7, "sigmoid worst absolute error " + worstSig);
        for (float x = 1e-30f; x < 1f; x *= 1.01f) {
            assertTrue(Math.abs(FastMath.tanh(x) - Math.tanh(x)) <= 6.5 * Math.ulp((float) Math.tanh(x)), "tanh(" + x + ")");
            assertEquals(-FastMath.tanh(x), FastMath.tanh(-x));
        }
    }

    @Test
    void fusedAndSeparateFormsOfTanhAreBothAccurateAndSaturateAtOne() {
        // Only one of them runs on a given CPU (FastMath.FMA): check the other here too.
        for (float x = -12f; x <= 12f; x += 3.1e-4f) {
            double th = Math.tanh(x), tol = 6.5 * Math.ulp((float) th) + 1e-30;
            assertTrue(Math.abs(FastMath.tanhFused(x) - th) <= tol, "fused tanh(" + x + ") = " + FastMath.tanhFused(x) + " vs " + th);
            assertTrue(Math.abs(FastMath.tanhSeparate(x) - th) <= tol, "separate tanh(" + x + ") = " + FastMath.tanhSeparate(x) + " vs " + th);
        }
        for (float x : new float[] {8f, 9.5f, 50f, Float.MAX_VALUE}) {
            assertEquals(1f, FastMath.tanhFused(x), "fused tanh(" + x + ")");
            assertEquals(1f, FastMath.tanhSeparate(x), "separate tanh(" + x + ")");
            assertEquals(-1f, FastMath.tanhFused(-x));
            assertEquals(-1f, FastMath.tanhSeparate(-x));
        }
        assertEquals(FastMath.FMA ? FastMath.tanhFused(0.7f) : FastMath.tanhSeparate(0.7f), FastMath.tanh(0.7f));
    }

    @Test
    void tanhAndSigmoidSaturateExactlyAndKeepSymmetry() {
        assertEquals(1f, FastMath.tanh(8f));
        assertEquals(-1f, FastMath.tanh(-1e30f));
        assertEquals(1f, FastMath.sigmoid(100f));
        assertEquals(0f, FastMath.sigmoid(-100f));
        assertEquals(0.5f, FastMath.sigmoid(0f));
        assertEquals(0f, FastMath.tanh(0f));
        for (float x = 0f; x < 10f; x += 1e-3f) assertEquals(-FastMath.tanh(x), FastMath.tanh(-x));
    }

    @Test
    void arrayFormsApplyToTheGivenRangeOnly() {
        float[] a = {0f, 1f, 2f, 3f};
        FastMath.sigmoid(a, 1, 2);
        assertEquals(0f, a[0]);
        assertEquals(FastMath.sigmoid(1f), a[1]);
        assertEquals(FastMath.sigmoid(2f), a[2]);
        assertEquals(3f, a[3]);
        FastMath.tanh(a, 3, 1);
        assertEquals(FastMath.tanh(3f), a[3]);
    }
}
