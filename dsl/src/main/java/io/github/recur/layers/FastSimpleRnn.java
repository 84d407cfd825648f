package io.github.recur.layers;

import io.github.recur.internal.FastMath;
import io.github.recur.internal.Vec;

/** {@link SimpleRnnCell}'s step on the fast path: h' = act(xp), where xp already holds the whole pre-activation. No cache: the derivative is read from h'. */
final class FastSimpleRnn implements FastKernel {
    static final FastSimpleRnn TANH = new FastSimpleRnn(false);
    static final FastSimpleRnn RELU = new FastSimpleRnn(true);

    private final boolean relu;

    private FastSimpleRnn(boolean relu) { this.relu = relu; }

    @Override public int cacheWidth() { return 0; }
    @Override public boolean preActivationIsSum() { return true; }
    @Override public int gatesWithSummedBias() { return 1; }

    /** A bulk copy into float[] and {@link FastMath}'s tanh. */
    @Override public void forward(StepBuffers s) {
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

    /** ∂L/∂a = ∂L/∂h' ⊙ act'(a), read from h'; the part of ∂L/∂h_{t-1} outside W_hh is zero. */
    @Override public void backward(StepBuffers s) {
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

    @Override public void forwardDouble(StepBuffers s) {
        int n = s.batch * s.hidden;
        for (int i = 0; i < n; i++) {
            double a = s.xp.get(s.xpOff + i);
            s.h.set(s.hOut + i, relu ? Math.max(0, a) : Vec.tanh(a));
        }
    }

    @Override public void backwardDouble(StepBuffers s) {
        int n = s.batch * s.hidden;
        for (int i = 0; i < n; i++) {
            double h = s.h.get(s.hOut + i);
            double slope = relu ? (h > 0 ? 1 : 0) : 1 - h * h;
            s.dxp.set(s.dxpOff + i, s.dh.get(i) * slope);
            s.dh.set(i, 0);
        }
    }
}
