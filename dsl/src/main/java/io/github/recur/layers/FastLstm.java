package io.github.recur.layers;

import static io.github.recur.internal.Vec.sigmoid;
import static io.github.recur.internal.Vec.tanh;

import io.github.recur.internal.FastMath;

/**
 * {@link LstmCell}'s step on the fast path. xp holds the whole pre-activation of the four gates; the
 * gates i, f, g, o go back into the step's block of xp (one {@code [B, H]} block each, where backward
 * reads them just before writing the gradient there); the cache keeps tanh(c').
 */
final class FastLstm implements FastKernel {
    static final FastLstm INSTANCE = new FastLstm();

    @Override public int cacheWidth() { return 1; }
    @Override public boolean preActivationIsSum() { return true; }
    @Override public boolean gatesInPreActivation() { return true; }
    @Override public int gatesWithSummedBias() { return 4; }

    /**
     * The gates are first copied apart, one {@code [B, H]} array each, so every loop below runs over all
     * B·H values with one index: C2 vectorises those whole (per-row loops of H leave part of the work to
     * its scalar pre- and post-loops).
     */
    @Override public void forward(StepBuffers s) {
        int G = 4 * s.hidden, n = s.batch * s.hidden;
        float[] i = s.scratch(0, n), f = s.scratch(1, n), g = s.scratch(2, n), o = s.scratch(3, n);
        float[] c = s.scratch(4, n), tc = s.scratch(5, n), h = s.scratch(6, n);
        s.split(s.xp, s.xpOff, G, i, f, g, o);
        s.c.getFloats(s.cPrev, c, 0, n);
        FastMath.sigmoid(i, 0, n);
        FastMath.sigmoid(f, 0, n);
        FastMath.tanh(g, 0, n);
        FastMath.sigmoid(o, 0, n);
        for (int k = 0; k < n; k++) c[k] = f[k] * c[k] + i[k] * g[k];
        System.arraycopy(c, 0, tc, 0, n);
        FastMath.tanh(tc, 0, n);
        for (int k = 0; k < n; k++) h[k] = o[k] * tc[k];
        if (s.keep) {
            float[][] gates = {i, f, g, o}; // back over the step's pre-activations, block after block: lines still in cache
            for (int q = 0; q < 4; q++) s.xp.putFloats(s.xpOff + q * n, gates[q], 0, n);
            s.cache.putFloats(s.cacheOff, tc, 0, n);
        }
        s.c.putFloats(s.cOut, c, 0, n);
        s.h.putFloats(s.hOut, h, 0, n);
    }

    /** Loops over all B·H values, the gate gradients then copied into their rows. */
    @Override public void backward(StepBuffers s) {
        int n = s.batch * s.hidden;
        float[] i = s.scratch(0, n), f = s.scratch(1, n), g = s.scratch(2, n), o = s.scratch(3, n), tc = s.scratch(4, n);
        float[] dh = s.scratch(5, n), dc = s.scratch(6, n), cp = s.scratch(7, n);
        float[] di = s.scratch(8, n), df = s.scratch(9, n), dg = s.scratch(10, n), dout = s.scratch(11, n);
        s.xp.getFloats(s.xpOff, i, 0, n);
        s.xp.getFloats(s.xpOff + n, f, 0, n);
        s.xp.getFloats(s.xpOff + 2 * n, g, 0, n);
        s.xp.getFloats(s.xpOff + 3 * n, o, 0, n);
        s.cache.getFloats(s.cacheOff, tc, 0, n);
        s.dh.getFloats(0, dh, 0, n);
        s.dc.getFloats(0, dc, 0, n);
        s.c.getFloats(s.cPrev, cp, 0, n);
        // One array written per loop: C2 (JDK 17) leaves a loop that stores into several arrays scalar.
        for (int k = 0; k < n; k++) dc[k] += dh[k] * o[k] * (1 - tc[k] * tc[k]); // ∂L/∂c_t
        for (int k = 0; k < n; k++) dout[k] = dh[k] * tc[k] * o[k] * (1 - o[k]);
        for (int k = 0; k < n; k++) di[k] = dc[k] * g[k] * i[k] * (1 - i[k]);
        for (int k = 0; k < n; k++) df[k] = dc[k] * cp[k] * f[k] * (1 - f[k]);
        for (int k = 0; k < n; k++) dg[k] = dc[k] * i[k] * (1 - g[k] * g[k]);
        for (int k = 0; k < n; k++) dc[k] *= f[k];                                // ∂L/∂c_{t-1}
        s.join(s.dxp, s.dxpOff, di, df, dg, dout);
        java.util.Arrays.fill(dh, 0, n, 0f);
        s.dc.putFloats(0, dc, 0, n);
        s.dh.putFloats(0, dh, 0, n);
    }

    @Override public void forwardDouble(StepBuffers s) {
        int H = s.hidden, G = 4 * H, n = s.batch * H;
        double[] a = s.doubles(s.batch * G); // the step's pre-activations: the gates overwrite them below
        for (int r = 0; r < s.batch * G; r++) a[r] = s.xp.get(s.xpOff + r);
        for (int b = 0; b < s.batch; b++) {
            int x = b * G, k = s.xpOff + b * H;
            int ho = s.hOut + b * H, cp = s.cPrev + b * H, co = s.cOut + b * H;
            for (int j = 0; j < H; j++) {
                double i = sigmoid(a[x + j]);
                double f = sigmoid(a[x + H + j]);
                double g = tanh(a[x + 2 * H + j]);
                double o = sigmoid(a[x + 3 * H + j]);
                double c = f * s.c.get(cp + j) + i * g;
                double tc = tanh(c);
                s.c.set(co + j, c);
                s.h.set(ho + j, o * tc);
                if (!s.keep) continue;
                s.xp.set(k + j, i);
                s.xp.set(k + n + j, f);
                s.xp.set(k + 2 * n + j, g);
                s.xp.set(k + 3 * n + j, o);
                s.cache.set(s.cacheOff + b * H + j, tc);
            }
        }
    }

    @Override public void backwardDouble(StepBuffers s) {
        int H = s.hidden, G = 4 * H, n = s.batch * H;
        double[] a = s.doubles(4 * n); // the step's gates: the gradient overwrites them below
        for (int r = 0; r < 4 * n; r++) a[r] = s.xp.get(s.xpOff + r);
        for (int b = 0; b < s.batch; b++) {
            int k = b * H, d = s.dxpOff + b * G, cp = s.cPrev + b * H, row = b * H;
            for (int j = 0; j < H; j++) {
                double i = a[k + j], f = a[k + n + j], g = a[k + 2 * n + j];
                double o = a[k + 3 * n + j], tc = s.cache.get(s.cacheOff + k + j);
                double dh = s.dh.get(row + j);
                double dc = s.dc.get(row + j) + dh * o * (1 - tc * tc);
                s.dxp.set(d + j, dc * g * i * (1 - i));
                s.dxp.set(d + H + j, dc * s.c.get(cp + j) * f * (1 - f));
                s.dxp.set(d + 2 * H + j, dc * i * (1 - g * g));
                s.dxp.set(d + 3 * H + j, dh * tc * o * (1 - o));
                s.dc.set(row + j, dc * f);
                s.dh.set(row + j, 0);
            }
        }
    }
}
