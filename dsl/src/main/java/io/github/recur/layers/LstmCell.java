package io.github.recur.layers;

import static io.github.recur.internal.Vec.sigmoid;
import static io.github.recur.internal.Vec.tanh;

import io.github.recur.internal.FastMath;

/**
 * LSTM step, PyTorch's equations, gates in order i, f, g, o:
 * <pre>
 * i = σ(W_ii x + b_ii + W_hi h + b_hi)    f = σ(W_if x + b_if + W_hf h + b_hf)
 * g = tanh(W_ig x + b_ig + W_hg h + b_hg) o = σ(W_io x + b_io + W_ho h + b_ho)
 * c' = f ⊙ c + i ⊙ g                      h' = o ⊙ tanh(c')
 * </pre>
 * Cache per row: i, f, g, o, tanh(c').
 */
final class LstmCell implements RecurrentCell {
    static final LstmCell INSTANCE = new LstmCell();

    public String type() { return "lstm"; }
    public int gates() { return 4; }
    public String[] gateNames() { return new String[] {"input", "forget", "cell", "output"}; }
    public boolean hasCellState() { return true; }
    public int cacheWidth() { return 5; }
    public boolean preActivationIsSum() { return true; }

    public void forward(Step s) {
        if (s.xp.isFloat()) {
            forwardFloat(s);
            return;
        }
        int H = s.hidden, G = 4 * H;
        for (int b = 0; b < s.batch; b++) {
            int x = s.xpOff + b * G, k = s.cacheOff + b * 5 * H;
            int ho = s.hOut + b * H, cp = s.cPrev + b * H, co = s.cOut + b * H;
            for (int j = 0; j < H; j++) {
                double i = sigmoid(s.xp.get(x + j));
                double f = sigmoid(s.xp.get(x + H + j));
                double g = tanh(s.xp.get(x + 2 * H + j));
                double o = sigmoid(s.xp.get(x + 3 * H + j));
                double c = f * s.c.get(cp + j) + i * g;
                double tc = tanh(c);
                s.c.set(co + j, c);
                s.h.set(ho + j, o * tc);
                s.cache.set(k + j, i);
                s.cache.set(k + H + j, f);
                s.cache.set(k + 2 * H + j, g);
                s.cache.set(k + 3 * H + j, o);
                s.cache.set(k + 4 * H + j, tc);
            }
        }
    }

    /** The same step for FLOAT models: bulk copies into float[] and {@link FastMath}'s activations. */
    private void forwardFloat(Step s) {
        int H = s.hidden, G = 4 * H, B = s.batch;
        float[] a = s.f1 = Step.scratch(s.f1, B * G), h = s.f2 = Step.scratch(s.f2, B * H);
        float[] c = s.f3 = Step.scratch(s.f3, B * H), tc = s.f4 = Step.scratch(s.f4, B * H);
        s.xp.getFloats(s.xpOff, a, 0, B * G);
        s.c.getFloats(s.cPrev, c, 0, B * H);
        for (int b = 0; b < B; b++) {
            int x = b * G, row = b * H;
            FastMath.sigmoid(a, x, 2 * H);
            FastMath.tanh(a, x + 2 * H, H);
            FastMath.sigmoid(a, x + 3 * H, H);
            for (int j = 0; j < H; j++) c[row + j] = a[x + H + j] * c[row + j] + a[x + j] * a[x + 2 * H + j];
            FastMath.tanh(c, row, tc, row, H); // into another array: C2 vectorises only without overlap
            for (int j = 0; j < H; j++) h[row + j] = a[x + 3 * H + j] * tc[row + j];
            // cache row: i, f, g, o (= a's row) then tanh(c')
            s.cache.putFloats(s.cacheOff + b * 5 * H, a, x, G);
            s.cache.putFloats(s.cacheOff + b * 5 * H + G, tc, row, H);
        }
        s.c.putFloats(s.cOut, c, 0, B * H);
        s.h.putFloats(s.hOut, h, 0, B * H);
    }

    public void backward(Step s) {
        if (s.xp.isFloat()) {
            backwardFloat(s);
            return;
        }
        int H = s.hidden, G = 4 * H;
        for (int b = 0; b < s.batch; b++) {
            int k = s.cacheOff + b * 5 * H, d = s.dxpOff + b * G, cp = s.cPrev + b * H, row = b * H;
            for (int j = 0; j < H; j++) {
                double i = s.cache.get(k + j), f = s.cache.get(k + H + j), g = s.cache.get(k + 2 * H + j);
                double o = s.cache.get(k + 3 * H + j), tc = s.cache.get(k + 4 * H + j);
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

    /** The same backward step for FLOAT models: bulk copies in, one float pass, bulk copies out. */
    private void backwardFloat(Step s) {
        int H = s.hidden, G = 4 * H, B = s.batch, W = 5 * H;
        float[] k = s.f1 = Step.scratch(s.f1, B * W), d = s.f2 = Step.scratch(s.f2, B * G);
        float[] dh = s.f3 = Step.scratch(s.f3, B * H), dc = s.f4 = Step.scratch(s.f4, B * H);
        float[] cp = s.f5 = Step.scratch(s.f5, B * H);
        s.cache.getFloats(s.cacheOff, k, 0, B * W);
        s.dh.getFloats(0, dh, 0, B * H);
        s.dc.getFloats(0, dc, 0, B * H);
        s.c.getFloats(s.cPrev, cp, 0, B * H);
        for (int b = 0; b < B; b++) {
            int x = b * W, o4 = b * G, row = b * H;
            for (int j = 0; j < H; j++) {
                float i = k[x + j], f = k[x + H + j], g = k[x + 2 * H + j], o = k[x + 3 * H + j], tc = k[x + 4 * H + j];
                float h = dh[row + j];
                float c = dc[row + j] + h * o * (1 - tc * tc);
                d[o4 + j] = c * g * i * (1 - i);
                d[o4 + H + j] = c * cp[row + j] * f * (1 - f);
                d[o4 + 2 * H + j] = c * i * (1 - g * g);
                d[o4 + 3 * H + j] = h * tc * o * (1 - o);
                dc[row + j] = c * f;
            }
        }
        java.util.Arrays.fill(dh, 0, B * H, 0f);
        s.dxp.putFloats(s.dxpOff, d, 0, B * G);
        s.dc.putFloats(0, dc, 0, B * H);
        s.dh.putFloats(0, dh, 0, B * H);
    }
}
