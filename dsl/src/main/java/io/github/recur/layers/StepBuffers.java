package io.github.recur.layers;

import io.github.recur.internal.Vec;

/**
 * The buffers of one time step, as {@link FastRecurrence} hands them to a {@link FastKernel}. Every
 * buffer is a view of a whole-sequence array with an offset to this step's block, so the loop
 * allocates nothing per step. Pre-activations are row-major {@code [B, G·H]} (gates side by side in
 * each batch row); the cache is block-major, {@link FastKernel#cacheWidth} blocks of {@code [B, H]}
 * one after the other; states are {@code [B, H]}.
 */
final class StepBuffers {
    public int batch;
    public int hidden;
    /**
     * Whether forward keeps what backward and {@link Recurrent#gateActivations} read (the gates, the
     * cache); false for predictions, which need only the states.
     */
    public boolean keep = true;

    /**
     * x_t·W_ihᵀ + b_ih, {@code [B, G*H]}, plus b_hh for the first {@link FastKernel#gatesWithSummedBias}
     * gates; for kernels whose {@link FastKernel#preActivationIsSum} the whole pre-activation, with
     * h_{t-1}·W_hhᵀ + b_hh already added. A kernel whose
     * {@link FastKernel#gatesInPreActivation} writes its gates back here; in the backward pass
     * {@link #dxp} is this same buffer, so a cell reads the step's block before it writes the gradient.
     */
    public Vec xp;
    public int xpOff;
    /** h_{t-1}·W_hhᵀ without bias, {@code [B, G*H]} (null when it is already in xp). */
    public Vec hh;
    public int hhOff;
    /** b_hh, {@code [G*H]}, for the gates whose b_hh is not already in xp (null when all are: {@link FastKernel#gatesWithSummedBias}). */
    public Vec bhh;
    /** Hidden states: h_{t-1} at {@code hPrev}, h_t written at {@code hOut}, {@code [B, H]} each. */
    public Vec h;
    public int hPrev;
    public int hOut;
    /** Cell states (LSTM only), same layout as h. */
    public Vec c;
    public int cPrev;
    public int cOut;
    /**
     * What backward needs from forward: {@link FastKernel#cacheWidth} blocks of {@code [B, H]} one after the
     * other (block-major: LSTM's tanh(c'); GRU's r, z, n, W_hn·h + b_hn), each one contiguous run of B·H values.
     */
    public Vec cache;
    public int cacheOff;

    // Backward only.
    /** In: ∂L/∂h_t. Out: the part of ∂L/∂h_{t-1} that does not pass through W_hh. {@code [B, H]}. */
    public Vec dh;
    /** In: ∂L/∂c_t. Out: ∂L/∂c_{t-1}. LSTM only. */
    public Vec dc;
    /** Out: ∂L/∂(x_t·W_ihᵀ + b_ih), {@code [B, G*H]}. */
    public Vec dxp;
    public int dxpOff;
    /** Out: ∂L/∂(h_{t-1}·W_hhᵀ + b_hh), {@code [B, G*H]}; may be the same buffer as dxp when equal. */
    public Vec dhh;
    public int dhhOff;

    // Scratch for the kernels' FLOAT and DOUBLE loops, kept between steps and passes.
    private float[][] scratch = new float[8][];
    private double[] doubleScratch;

    /**
     * Float scratch array number {@code slot}, at least {@code n} long, kept between calls. Separate
     * arrays, not one array with offsets: C2 (JDK 17) vectorises a loop over several arrays only when
     * they are all indexed alike ({@code a[i] = b[i] * c[i]}); with different offsets it stays scalar.
     */
    float[] scratch(int slot, int n) {
        if (slot >= scratch.length) scratch = java.util.Arrays.copyOf(scratch, slot + 1);
        float[] a = scratch[slot];
        if (a == null || a.length < n) scratch[slot] = a = new float[n];
        return a;
    }

    /**
     * Copies the {@code [B, H]} column blocks of a row-major {@code [B, parts·H]} block that starts at
     * {@code off} (rows {@code rowStride} apart; 0 repeats one row, e.g. a bias) into one array each,
     * so the kernels' loops run over whole blocks.
     */
    void split(Vec src, int off, int rowStride, float[]... parts) {
        for (int b = 0; b < batch; b++) {
            for (int q = 0; q < parts.length; q++) src.getFloats(off + b * rowStride + q * hidden, parts[q], b * hidden, hidden);
        }
    }

    /** The inverse of {@link #split}: the {@code [B, H]} arrays side by side into the row-major block at {@code off}. */
    void join(Vec dst, int off, float[]... parts) {
        int rowStride = parts.length * hidden;
        for (int b = 0; b < batch; b++) {
            for (int q = 0; q < parts.length; q++) dst.putFloats(off + b * rowStride + q * hidden, parts[q], b * hidden, hidden);
        }
    }

    /** Double scratch of at least {@code n} values, kept between calls (the kernels' DOUBLE loops). */
    double[] doubles(int n) {
        if (doubleScratch == null || doubleScratch.length < n) doubleScratch = new double[n];
        return doubleScratch;
    }
}
