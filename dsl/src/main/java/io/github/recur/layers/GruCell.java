package io.github.recur.layers;

import static io.github.recur.internal.Vec.sigmoid;
import static io.github.recur.internal.Vec.tanh;

import io.github.recur.internal.FastMath;

/**
 * GRU step, PyTorch's equations, gates in order r, z, n:
 * <pre>
 * r = σ(W_ir x + b_ir + W_hr h + b_hr)      z = σ(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 * (Keras {@code reset_after=True} is the same formula.) Cache per row: r, z, n, W_hn h + b_hn.
 */
final class GruCell implements RecurrentCell {
    static final GruCell INSTANCE = new GruCell();

    public String type() { return "gru"; }
    public int gates() { return 3; }
    public String[] gateNames() { return new String[] {"reset", "update", "new"}; }
    public boolean hasCellState() { return false; }
    public int cacheWidth() { return 4; }
    public boolean preActivationIsSum() { return false; }

    public void forward(Step s) {
        if (s.xp.isFloat()) {
            forwardFloat(s);
            return;
        }
        int H = s.hidden, G = 3 * H;
        for (int b = 0; b < s.batch; b++) {
            int x = s.xpOff + b * G, q = s.hhOff + b * G, k = s.cacheOff + b * 4 * H;
            int hp = s.hPrev + b * H, ho = s.hOut + b * H;
            for (int j = 0; j < H; j++) {
                double r = sigmoid(s.xp.get(x + j) + s.hh.get(q + j) + s.bhh.get(j));
                double z = sigmoid(s.xp.get(x + H + j) + s.hh.get(q + H + j) + s.bhh.get(H + j));
                double hn = s.hh.get(q + 2 * H + j) + s.bhh.get(2 * H + j);
                double n = tanh(s.xp.get(x + 2 * H + j) + r * hn);
                s.h.set(ho + j, (1 - z) * n + z * s.h.get(hp + j));
                s.cache.set(k + j, r);
                s.cache.set(k + H + j, z);
                s.cache.set(k + 2 * H + j, n);
                s.cache.set(k + 3 * H + j, hn);
            }
        }
    }

    /** The same step for FLOAT models: bulk copies into float[] and {@link FastMath}'s exp. */
    private void forwardFloat(Step s) {
        int H = s.hidden, G = 3 * H, B = s.batch;
        float[] a = s.f1 = Step.scratch(s.f1, B * G), q = s.f2 = Step.scratch(s.f2, B * G);
        float[] bh = s.f3 = Step.scratch(s.f3, G), h = s.f4 = Step.scratch(s.f4, 2 * B * H);
        float[] k = s.f5 = Step.scratch(s.f5, 4 * H);
        s.xp.getFloats(s.xpOff, a, 0, B * G);
        s.hh.getFloats(s.hhOff, q, 0, B * G);
        s.bhh.getFloats(0, bh, 0, G);
        s.h.getFloats(s.hPrev, h, 0, B * H);
        for (int b = 0; b < B; b++) {
            int x = b * G, row = b * H, out = B * H + row;
            for (int j = 0; j < 2 * H; j++) k[j] = a[x + j] + q[x + j] + bh[j];
            FastMath.sigmoid(k, 0, 2 * H);                                   // r, z
            for (int j = 0; j < H; j++) k[3 * H + j] = q[x + 2 * H + j] + bh[2 * H + j]; // W_hn h + b_hn
            for (int j = 0; j < H; j++) k[2 * H + j] = a[x + 2 * H + j] + k[j] * k[3 * H + j];
            FastMath.tanh(k, 2 * H, H);                                      // n
            for (int j = 0; j < H; j++) h[out + j] = (1 - k[H + j]) * k[2 * H + j] + k[H + j] * h[row + j];
            s.cache.putFloats(s.cacheOff + b * 4 * H, k, 0, 4 * H);
        }
        s.h.putFloats(s.hOut, h, B * H, B * H);
    }

    public void backward(Step s) {
        if (s.xp.isFloat()) {
            backwardFloat(s);
            return;
        }
        int H = s.hidden, G = 3 * H;
        for (int b = 0; b < s.batch; b++) {
            int k = s.cacheOff + b * 4 * H, dx = s.dxpOff + b * G, dr = s.dhhOff + b * G;
            int hp = s.hPrev + b * H, row = b * H;
            for (int j = 0; j < H; j++) {
                double r = s.cache.get(k + j), z = s.cache.get(k + H + j);
                double n = s.cache.get(k + 2 * H + j), hn = s.cache.get(k + 3 * H + j);
                double dh = s.dh.get(row + j);
                double dn = dh * (1 - z) * (1 - n * n);
                double dz = dh * (s.h.get(hp + j) - n) * z * (1 - z);
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

    /** The same backward step for FLOAT models: bulk copies in, one float pass, bulk copies out. */
    private void backwardFloat(Step s) {
        int H = s.hidden, G = 3 * H, B = s.batch, W = 4 * H;
        float[] k = s.f1 = Step.scratch(s.f1, B * W), dx = s.f2 = Step.scratch(s.f2, 2 * B * G);
        float[] dh = s.f3 = Step.scratch(s.f3, B * H), hp = s.f4 = Step.scratch(s.f4, B * H);
        s.cache.getFloats(s.cacheOff, k, 0, B * W);
        s.dh.getFloats(0, dh, 0, B * H);
        s.h.getFloats(s.hPrev, hp, 0, B * H);
        int dr0 = B * G; // dhh rows follow dxp's in the scratch
        for (int b = 0; b < B; b++) {
            int x = b * W, o3 = b * G, q3 = dr0 + b * G, row = b * H;
            for (int j = 0; j < H; j++) {
                float r = k[x + j], z = k[x + H + j], n = k[x + 2 * H + j], hn = k[x + 3 * H + j];
                float h = dh[row + j];
                float dn = h * (1 - z) * (1 - n * n);
                float dz = h * (hp[row + j] - n) * z * (1 - z);
                float dReset = dn * hn * r * (1 - r);
                dx[o3 + j] = dReset;
                dx[o3 + H + j] = dz;
                dx[o3 + 2 * H + j] = dn;
                dx[q3 + j] = dReset;
                dx[q3 + H + j] = dz;
                dx[q3 + 2 * H + j] = dn * r;
                dh[row + j] = h * z;
            }
        }
        s.dxp.putFloats(s.dxpOff, dx, 0, B * G);
        s.dhh.putFloats(s.dhhOff, dx, dr0, B * G);
        s.dh.putFloats(0, dh, 0, B * H);
    }
}
