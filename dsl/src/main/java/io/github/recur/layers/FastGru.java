package io.github.recur.layers;

import static io.github.recur.internal.Vec.sigmoid;
import static io.github.recur.internal.Vec.tanh;

import io.github.recur.internal.FastMath;

/**
 * {@link GruCell}'s step on the fast path. xp holds x·W_ihᵀ + b_ih plus b_hr and b_hz; hh holds h·W_hhᵀ
 * (its n block multiplied by r, so kept apart). Cache blocks ({@code [B, H]} each): r, z, n, W_hn·h + b_hn.
 */
final class FastGru implements FastKernel {
    static final FastGru INSTANCE = new FastGru();

    @Override public int cacheWidth() { return 4; }
    @Override public boolean preActivationIsSum() { return false; }
    @Override public int gatesWithSummedBias() { return 2; } // b_hr and b_hz are in xp; b_hn stays apart (r multiplies it)

    /** Over gates copied apart into {@code [B, H]} arrays (b_hn repeated per row), so that C2 vectorises every loop. */
    @Override public void forward(StepBuffers s) {
        int G = 3 * s.hidden, n = s.batch * s.hidden;
        float[] r = s.scratch(0, n), z = s.scratch(1, n), nn = s.scratch(2, n);    // x parts, then activations
        float[] hr = s.scratch(3, n), hz = s.scratch(4, n), hn = s.scratch(5, n);  // h·W_hhᵀ parts
        float[] bn = s.scratch(6, n), hp = s.scratch(7, n), h = s.scratch(8, n);    // bn: b_hn repeated per row
        s.split(s.xp, s.xpOff, G, r, z, nn);
        s.split(s.hh, s.hhOff, G, hr, hz, hn);
        s.split(s.bhh, 2 * s.hidden, 0, bn);
        s.h.getFloats(s.hPrev, hp, 0, n);
        for (int k = 0; k < n; k++) r[k] += hr[k];
        for (int k = 0; k < n; k++) z[k] += hz[k];
        for (int k = 0; k < n; k++) hn[k] += bn[k];
        FastMath.sigmoid(r, 0, n);
        FastMath.sigmoid(z, 0, n);
        for (int k = 0; k < n; k++) nn[k] += r[k] * hn[k];
        FastMath.tanh(nn, 0, n);
        for (int k = 0; k < n; k++) h[k] = (1 - z[k]) * nn[k] + z[k] * hp[k];
        s.h.putFloats(s.hOut, h, 0, n);
        if (s.keep) {
            s.cache.putFloats(s.cacheOff, r, 0, n);
            s.cache.putFloats(s.cacheOff + n, z, 0, n);
            s.cache.putFloats(s.cacheOff + 2 * n, nn, 0, n);
            s.cache.putFloats(s.cacheOff + 3 * n, hn, 0, n);
        }
    }

    /** Loops over all B·H values, the gradients then copied into their rows. */
    @Override public void backward(StepBuffers s) {
        int n = s.batch * s.hidden;
        float[] r = s.scratch(0, n), z = s.scratch(1, n), nn = s.scratch(2, n), hn = s.scratch(3, n);
        float[] dh = s.scratch(4, n), hp = s.scratch(5, n);
        float[] dr = s.scratch(6, n), dz = s.scratch(7, n), dn = s.scratch(8, n), dhn = s.scratch(9, n);
        s.cache.getFloats(s.cacheOff, r, 0, n);
        s.cache.getFloats(s.cacheOff + n, z, 0, n);
        s.cache.getFloats(s.cacheOff + 2 * n, nn, 0, n);
        s.cache.getFloats(s.cacheOff + 3 * n, hn, 0, n);
        s.dh.getFloats(0, dh, 0, n);
        s.h.getFloats(s.hPrev, hp, 0, n);
        // One array written per loop, so that C2 vectorises each (as in FastLstm.backward).
        for (int k = 0; k < n; k++) dn[k] = dh[k] * (1 - z[k]) * (1 - nn[k] * nn[k]);
        for (int k = 0; k < n; k++) dz[k] = dh[k] * (hp[k] - nn[k]) * z[k] * (1 - z[k]);
        for (int k = 0; k < n; k++) dr[k] = dn[k] * hn[k] * r[k] * (1 - r[k]);
        for (int k = 0; k < n; k++) dhn[k] = dn[k] * r[k];
        for (int k = 0; k < n; k++) dh[k] *= z[k];
        s.join(s.dxp, s.dxpOff, dr, dz, dn);
        s.join(s.dhh, s.dhhOff, dr, dz, dhn);
        s.dh.putFloats(0, dh, 0, n);
    }

    @Override public void forwardDouble(StepBuffers s) {
        int H = s.hidden, G = 3 * H, n = s.batch * H;
        for (int b = 0; b < s.batch; b++) {
            int x = s.xpOff + b * G, q = s.hhOff + b * G, k = s.cacheOff + b * H;
            int hp = s.hPrev + b * H, ho = s.hOut + b * H;
            for (int j = 0; j < H; j++) {
                double r = sigmoid(s.xp.get(x + j) + s.hh.get(q + j));
                double z = sigmoid(s.xp.get(x + H + j) + s.hh.get(q + H + j));
                double hn = s.hh.get(q + 2 * H + j) + s.bhh.get(2 * H + j);
                double nn = tanh(s.xp.get(x + 2 * H + j) + r * hn);
                s.h.set(ho + j, (1 - z) * nn + z * s.h.get(hp + j));
                if (!s.keep) continue;
                s.cache.set(k + j, r);
                s.cache.set(k + n + j, z);
                s.cache.set(k + 2 * n + j, nn);
                s.cache.set(k + 3 * n + j, hn);
            }
        }
    }

    @Override public void backwardDouble(StepBuffers s) {
        int H = s.hidden, G = 3 * H, n = s.batch * H;
        for (int b = 0; b < s.batch; b++) {
            int k = s.cacheOff + b * H, dx = s.dxpOff + b * G, dr = s.dhhOff + b * G;
            int hp = s.hPrev + b * H, row = b * H;
            for (int j = 0; j < H; j++) {
                double r = s.cache.get(k + j), z = s.cache.get(k + n + j);
                double nn = s.cache.get(k + 2 * n + j), hn = s.cache.get(k + 3 * n + j);
                double dh = s.dh.get(row + j);
                double dn = dh * (1 - z) * (1 - nn * nn);
                double dz = dh * (s.h.get(hp + j) - nn) * z * (1 - z);
                double dReset = dn * hn * r * (1 - r);
                s.dxp.set(dx + j, dReset);
                s.dxp.set(dx + H + j, dz);
                s.dxp.set(dx + 2 * H + j, dn);
                s.dhh.set(dr + j, dReset);
                s.dhh.set(dr + H + j, dz);
                s.dhh.set(dr + 2 * H + j, dn * r);
                s.dh.set(row + j, dh * z);
            }
        }
    }
}
