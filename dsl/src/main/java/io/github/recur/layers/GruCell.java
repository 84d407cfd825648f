package io.github.recur.layers;

import static io.github.recur.internal.Vec.sigmoid;
import static io.github.recur.internal.Vec.tanh;

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
    public boolean recurrentGradientIsInputGradient() { return false; }

    public void forward(Step s) {
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

    public void backward(Step s) {
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
}
