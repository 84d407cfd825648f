package io.github.recur.layers;

import static io.github.recur.internal.Vec.tanh;

import io.github.recur.internal.FastMath;

/**
 * Elman RNN step, PyTorch's equation: h' = act(W_ih x + b_ih + W_hh h + b_hh), act = tanh or relu.
 * Cache: none beyond h' itself (the derivative is read from the output).
 */
final class SimpleRnnCell implements RecurrentCell {
    static final SimpleRnnCell TANH = new SimpleRnnCell(false);
    static final SimpleRnnCell RELU = new SimpleRnnCell(true);

    private final boolean relu;

    private SimpleRnnCell(boolean relu) { this.relu = relu; }

    boolean relu() { return relu; }

    public String type() { return "simple_rnn"; }
    public int gates() { return 1; }
    public String[] gateNames() { return new String[] {"hidden"}; }
    public boolean hasCellState() { return false; }
    public int cacheWidth() { return 0; }
    public boolean preActivationIsSum() { return true; }

    public void forward(Step s) {
        if (s.xp.isFloat()) {
            forwardFloat(s);
            return;
        }
        int n = s.batch * s.hidden;
        for (int i = 0; i < n; i++) {
            double a = s.xp.get(s.xpOff + i);
            s.h.set(s.hOut + i, relu ? Math.max(0, a) : tanh(a));
        }
    }

    /** The same step for FLOAT models: a bulk copy into float[] and {@link FastMath}'s tanh. */
    private void forwardFloat(Step s) {
        int n = s.batch * s.hidden;
        float[] a = s.scratch(0, n);
        s.xp.getFloats(s.xpOff, a, 0, n);
        if (relu) {
            for (int i = 0; i < n; i++) a[i] = Math.max(0f, a[i]);
        } else {
            FastMath.tanh(a, 0, n);
        }
        s.h.putFloats(s.hOut, a, 0, n);
    }

    public void backward(Step s) {
        if (s.xp.isFloat()) {
            backwardFloat(s);
            return;
        }
        int H = s.hidden;
        for (int b = 0; b < s.batch; b++) {
            int ho = s.hOut + b * H, d = s.dxpOff + b * H, row = b * H;
            for (int j = 0; j < H; j++) {
                double h = s.h.get(ho + j);
                double slope = relu ? (h > 0 ? 1 : 0) : 1 - h * h;
                s.dxp.set(d + j, s.dh.get(row + j) * slope);
                s.dh.set(row + j, 0);
            }
        }
    }

    /** The same backward step for FLOAT models: bulk copies in, one float pass, bulk copies out. */
    private void backwardFloat(Step s) {
        int n = s.batch * s.hidden;
        float[] h = s.scratch(0, n), dh = s.scratch(1, n);
        s.h.getFloats(s.hOut, h, 0, n);
        s.dh.getFloats(0, dh, 0, n);
        if (relu) {
            for (int i = 0; i < n; i++) h[i] = h[i] > 0 ? dh[i] : 0f;
        } else {
            for (int i = 0; i < n; i++) h[i] = dh[i] * (1 - h[i] * h[i]);
        }
        java.util.Arrays.fill(dh, 0, n, 0f);
        s.dxp.putFloats(s.dxpOff, h, 0, n);
        s.dh.putFloats(0, dh, 0, n);
    }
}
