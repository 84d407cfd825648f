package io.github.recur.layers;

import io.github.recur.internal.Gemm;
import io.github.recur.internal.Vec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A recurrent layer: the sequence loop shared by every {@link RecurrentCell} (SimpleRNN, LSTM, GRU).
 * It owns time, direction, masks, initial and final state and backpropagation through time; the
 * cell owns the math of one step. Weights follow PyTorch: {@code weight_ih_l0 [G*H, in]},
 * {@code weight_hh_l0 [G*H, H]}, {@code bias_ih_l0}, {@code bias_hh_l0}.
 *
 * <p>Speed: the input projection of all time steps is one matrix product before the loop, the
 * weight gradients are one product each after it; inside the loop each step does one product
 * (h_{t-1}·W_hhᵀ, and its transpose going back) and one fused pass of the cell over the
 * pre-allocated whole-sequence buffers.
 *
 * <p>Masks ({@code [time, batch]}, 1 = real step): a masked step leaves the state unchanged (as
 * Keras), its sequence output is zero (as PyTorch's packed sequences), and no gradient flows into
 * it; so the last-step output is the state after the last valid step.
 *
 * <p>Initialisation (Keras defaults): Glorot-uniform {@code W_ih}, orthogonal {@code W_hh}, zero
 * biases, and for LSTM a forget-gate bias of 1 (in {@code bias_ih}; {@code bias_hh} stays zero).
 *
 * <pre>{@code sequential(lstm(64).returnSequences(), gru(32), dense(1))}</pre>
 */
public final class Recurrent extends Layer {
    private final RecurrentCell cell;
    private final int units;
    private final boolean returnSequences;
    private final boolean reverse;
    private final List<Recurrent> self = List.of(this); // recurrentLayers() without a list per call (step() asks per token)

    private Param wIh, wHh, bIh, bHh;
    private INDArray initialH, initialC;
    private boolean stateful;

    // Kept from the last forward pass, all in step order (reversed in time for the backward direction).
    private INDArray xs, xp, hs, cs, cache, mask; // xs: the input rows, [T·B, in] or (the caller's own array) [T, B, in]
    // Work buffers reused between calls (see reuse): recurrent products and the backward pass.
    private INDArray hh, dhhOwn, dh, dc, biasSum;
    // The backward pass writes each step's ∂L/∂xp over that step's block of xp (read just before), so
    // xp holds what the last forward pass left only until a backward pass runs.
    private boolean xpFromForward;
    // Whether inference passes keep the gates (training passes always do), and whether the last pass did.
    private boolean keepGates = true, gatesKept;
    // Whether backward passes record ‖∂L/∂h_t‖ per step (Model.stateGradientNorms asks for it).
    private boolean recordNorms;
    private INDArray gradSeq;
    private INDArray gradIhT, gradHhT; // [in, G] weight gradients before their transpose
    private INDArray xh, gradXhT; // [T·B, in+H] rows [x_t | h_{t-1}] and their [in+H, G] gradient (LSTM, SimpleRNN)
    private INDArray ones; // [1, T·B] of ones for the bias gradients' column sums
    private int steps, batch;
    private Step step; // its float scratch arrays are reused from pass to pass
    private long[] inputShape;
    private double[] stateGradNorms;

    public Recurrent(RecurrentCell cell, int units, boolean returnSequences, boolean reverse) {
        if (units <= 0) {
            throw new IllegalArgumentException(cell.type() + ": units must be positive, got " + units);
        }
        this.cell = cell;
        this.units = units;
        this.returnSequences = returnSequences;
        this.reverse = reverse;
    }

    /** A copy that outputs the whole sequence {@code [batch, time, units]} instead of the last step. */
    public Recurrent returnSequences() { return new Recurrent(cell, units, true, reverse); }

    /** A copy that reads the sequence from the last step to the first (as Keras' {@code go_backwards}). */
    public Recurrent goBackwards() { return new Recurrent(cell, units, returnSequences, true); }

    Recurrent withDirection(boolean reversed) { return new Recurrent(cell, units, returnSequences, reversed); }

    public RecurrentCell cell() { return cell; }
    public int units() { return units; }
    public boolean returnsSequences() { return returnSequences; }
    public boolean reversed() { return reverse; }

    @Override public String type() { return cell.type(); }

    @Override public Map<String, Object> config() {
        var m = new LinkedHashMap<String, Object>();
        m.put("units", units);
        if (cell instanceof SimpleRnnCell) m.put("activation", ((SimpleRnnCell) cell).relu() ? "relu" : "tanh");
        m.put("return_sequences", returnSequences);
        m.put("go_backwards", reverse);
        return m;
    }

    @Override public Layer fresh() { return new Recurrent(cell, units, returnSequences, reverse); }

    @Override public String details() {
        String act = cell instanceof SimpleRnnCell && ((SimpleRnnCell) cell).relu() ? ", relu" : "";
        return units + " units" + act + (returnSequences ? ", sequences" : "") + (reverse ? ", backwards" : "");
    }

    @Override public boolean requiresSequence() { return true; }

    @Override public List<Recurrent> recurrentLayers() { return self; }

    @Override public String inputSizeWeight() { return "weight_ih_l0"; }

    @Override public boolean outputIsSequence(boolean in) { return returnSequences; }

    @Override public int outputFeatures(int inputFeatures) { return units; }

    @Override public void build(int inputFeatures, boolean inputIsSequence, Random rng, DataType dtype) {
        build(inputFeatures, rng, dtype, "");
    }

    void build(int inputFeatures, Random rng, DataType dtype, String suffix) {
        int g = cell.gates() * units;
        // Keras kernel [in, G*H] has fan_in = in, fan_out = G*H; ours is the transpose.
        wIh = new Param("weight_ih_l0" + suffix, Init.glorotUniform(rng, g, inputFeatures, inputFeatures, g, dtype), true);
        wHh = new Param("weight_hh_l0" + suffix, Init.orthogonal(rng, g, units, dtype), true);
        bIh = new Param("bias_ih_l0" + suffix, Nd4j.zeros(dtype, g), false);
        bHh = new Param("bias_hh_l0" + suffix, Nd4j.zeros(dtype, g), false);
        if (cell instanceof LstmCell) {
            bIh.value().get(NDArrayIndex.interval(units, 2 * units)).assign(1.0); // unit_forget_bias
        }
    }

    @Override public List<Param> params() { return List.of(wIh, wHh, bIh, bHh); }

    // ---- state -----------------------------------------------------------------------------

    /**
     * Sets the state the next forward pass starts from: {@code h [batch, units]} and, for LSTM,
     * {@code c}; null clears it (zeros).
     */
    public void initialState(INDArray h, INDArray c) {
        if (h != null && (h.rank() != 2 || h.size(1) != units)) {
            throw error("initial state h must be [batch, " + units + "] but is " + java.util.Arrays.toString(h.shape()));
        }
        if (c != null && !cell.hasCellState()) throw error("has no cell state; pass only h");
        if (cell.hasCellState() && h != null && c == null) throw error("an LSTM initial state needs both h and c");
        initialH = h;
        initialC = c;
    }

    /** When true, every forward pass starts from the previous pass's final state (for {@code step}). */
    public void stateful(boolean on) {
        stateful = on;
        if (!on) initialState(null, null);
    }

    /** Final state of the last forward pass: {h} or {h, c}, each {@code [batch, units]}. */
    public INDArray[] finalState() {
        if (hs == null) throw error("has not run yet; call predict or fit first");
        INDArray h = hs.get(NDArrayIndex.interval((long) steps * batch, (long) (steps + 1) * batch), NDArrayIndex.all()).dup();
        if (!cell.hasCellState()) return new INDArray[] {h};
        INDArray c = cs.get(NDArrayIndex.interval((long) steps * batch, (long) (steps + 1) * batch), NDArrayIndex.all()).dup();
        return new INDArray[] {h, c};
    }

    // ---- forward ---------------------------------------------------------------------------

    @Override public INDArray forward(INDArray input, INDArray inputMask, boolean training, Random rng) {
        if (input.rank() != 3) throw error("expects a sequence [batch, time, features] but got shape " + java.util.Arrays.toString(input.shape()));
        long in = input.size(2);
        if (in != wIh.value().size(1)) {
            throw error("expects " + wIh.value().size(1) + " input features but got " + in
                    + " (input shape [batch " + input.size(1) + ", time " + input.size(0) + ", features " + in
                    + "]); give the data the feature count the model was built with");
        }
        inputShape = input.shape();
        steps = (int) input.size(0);
        batch = (int) input.size(1);
        int H = units, G = cell.gates() * H, B = batch, T = steps;
        DataType dt = wIh.value().dataType();

        if (reverse) xs = reverseTime(input.castTo(dt)).reshape('c', (long) T * B, in);
        // A view, kept until backward reads it for ∂L/∂W_ih (as PyTorch's autograd keeps its inputs): the
        // model hands every layer a fresh array, and the copy cost 0.2–0.6 ms of a 12 ms SimpleRNN step.
        else if (input.dataType() == dt && Vec.fits(input)) xs = input; // [T, B, in]: Gemm and Vec take it as its T·B rows
        else xs = input.castTo(dt).dup('c').reshape('c', (long) T * B, in);
        mask = inputMask == null ? null : (reverse ? reverseTime(inputMask) : inputMask).castTo(dt).dup('c');

        // Whole-sequence buffers are kept between calls and reused while the sizes stay the same:
        // allocating (and zeroing) ~40 MB per training step cost more than the cell arithmetic.
        xp = reuse(xp, dt, (long) T * B, G);
        // Where the pre-activation is one sum, each step's product adds into xp; b_hh goes in with b_ih for
        // every gate that adds it plainly (all of LSTM's and SimpleRNN's, GRU's r and z).
        boolean sum = cell.preActivationIsSum();
        biasSum = reuse(biasSum, dt, 1, G);
        Vec xpv = Vec.of(xp), bv = Vec.of(biasSum), bi = Vec.of(bIh.value()), bh = Vec.of(bHh.value());
        int summed = cell.gatesWithSummedBias() * H;
        if (bv.isFloat()) { // in Java: an ND4J add cost ~40 µs, as much as a whole batch-1 step
            float[] b = step().scratch(0, G), bhh = step().scratch(1, summed);
            bi.getFloats(0, b, 0, G);
            bh.getFloats(0, bhh, 0, summed);
            for (int j = 0; j < summed; j++) b[j] += bhh[j];
            bv.putFloats(0, b, 0, G);
        } else {
            for (int j = 0; j < G; j++) bv.set(j, bi.get(j) + (j < summed ? bh.get(j) : 0));
        }
        for (int r = 0; r < T * B; r++) xpv.copyFrom(bv, 0, r * G, G); // the bias in every row, then
        Gemm.rows(xs, 0, T * B, wIh.value(), true, xp, 0, 1.0, 1.0);  // += x·W_ihᵀ for all steps at once
        hs = reuse(hs, dt, (long) (T + 1) * B, H);
        cs = cell.hasCellState() ? reuse(cs, dt, (long) (T + 1) * B, H) : null;
        cache = reuse(cache, dt, (long) T * B, Math.max(1, cell.cacheWidth()) * (long) H);
        hh = sum ? null : reuse(hh, dt, B, G);

        INDArray h0 = stateful && hs0Carry != null ? hs0Carry[0] : initialH;
        INDArray c0 = stateful && hs0Carry != null && hs0Carry.length > 1 ? hs0Carry[1] : initialC;
        if (h0 != null) {
            if (h0.size(0) != B) throw error("initial state has batch " + h0.size(0) + " but the input has batch " + B + "; call resetState() when the batch size changes");
            copyRows(h0, hs, 0, B);
            if (cs != null) copyRows(c0, cs, 0, B);
        }

        Step s = step();
        s.batch = B;
        s.hidden = H;
        s.keep = gatesKept = training || keepGates;
        s.xp = xpv;
        s.hh = sum ? null : Vec.of(hh);
        s.bhh = sum ? null : bh;
        s.hhOff = 0; // hh holds one step, rewritten each step
        s.h = Vec.of(hs);
        s.c = cs == null ? null : Vec.of(cs);
        if (h0 == null) { // Java fills: ND4J's scalar assign on these views took milliseconds
            s.h.fill(0, B * H, 0);
            if (s.c != null) s.c.fill(0, B * H, 0);
        }
        s.cache = Vec.of(cache);
        Vec m = mask == null ? null : Vec.of(mask);
        for (int k = 0; k < T; k++) {
            // OpenBLAS directly on CPU: xp += h·W_hhᵀ where the pre-activation is one sum, else hh = h·W_hhᵀ;
            // nothing to add for a zero initial state
            if (k == 0 && h0 == null) {
                if (!sum) s.hh.fill(0, B * G, 0);
            } else if (sum) {
                Gemm.rows(hs, (long) k * B, B, wHh.value(), true, xp, (long) k * B, 1.0, 1.0);
            } else {
                Gemm.rows(hs, (long) k * B, B, wHh.value(), true, hh, 0, 1.0, 0.0);
            }
            s.xpOff = k * B * G;
            s.hPrev = k * B * H;
            s.hOut = (k + 1) * B * H;
            s.cPrev = s.hPrev;
            s.cOut = s.hOut;
            s.cacheOff = k * B * Math.max(1, cell.cacheWidth()) * H;
            cell.forward(s);
            if (m != null) {
                for (int b = 0; b < B; b++) {
                    if (m.get(k * B + b) == 0) { // masked: carry the state over unchanged
                        s.h.copyFrom(s.h, s.hPrev + b * H, s.hOut + b * H, H);
                        if (s.c != null) s.c.copyFrom(s.c, s.cPrev + b * H, s.cOut + b * H, H);
                    }
                }
            }
        }
        xpFromForward = true;
        if (stateful) carryFinalState();

        if (!returnSequences) return copyOfRows(hs, T * B, B);
        INDArray out = rows(hs, B, T * B).dup('c');
        if (mask != null) out.muliColumnVector(mask.reshape('c', (long) T * B, 1)); // masked steps output zero
        out = out.reshape('c', T, B, H);
        return reverse ? reverseTime(out) : out;
    }

    private INDArray[] hs0Carry;

    /** Keeps the final state for the next stateful pass, in arrays reused between calls (step-by-step generation). */
    private void carryFinalState() {
        int n = cell.hasCellState() ? 2 : 1;
        if (hs0Carry == null || hs0Carry.length != n || hs0Carry[0].rows() != batch || hs0Carry[0].dataType() != hs.dataType()) {
            hs0Carry = new INDArray[n];
            for (int i = 0; i < n; i++) hs0Carry[i] = Nd4j.createUninitialized(hs.dataType(), batch, units);
        }
        Vec.of(hs0Carry[0]).copyFrom(Vec.of(hs), steps * batch * units, 0, batch * units);
        if (n == 2) Vec.of(hs0Carry[1]).copyFrom(Vec.of(cs), steps * batch * units, 0, batch * units);
    }

    /** {@code to[row .. row+count) = from}, a Java copy when possible (ND4J's assign on views costs tens of µs). */
    private void copyRows(INDArray from, INDArray to, int row, int count) {
        if (Vec.fits(from) && from.dataType() == to.dataType()) {
            Vec.of(to).copyFrom(Vec.of(from), 0, row * units, count * units);
        } else {
            rows(to, row, count).assign(from);
        }
    }

    /** A new {@code [count, units]} array with rows {@code from..} of {@code a}. */
    private INDArray copyOfRows(INDArray a, int from, int count) {
        INDArray out = Nd4j.createUninitialized(a.dataType(), count, units);
        Vec.of(out).copyFrom(Vec.of(a), from * units, 0, count * units);
        return out;
    }

    /**
     * Whether forward passes with {@code training = false} keep the gate activations for
     * {@link #gateActivations} (default true; training passes always keep what backward needs). The
     * model turns it off for {@code predict}, {@code evaluate} and {@code step}, which then skip those
     * writes (LSTM inference ~9 % faster), and on for its {@code gateActivations}.
     *
     * <pre>{@code layer.keepGates(false); layer.forward(x, null, false, rng); // h only}</pre>
     */
    public void keepGates(boolean on) { keepGates = on; }

    /** Forgets the carried state of a stateful layer. */
    public void resetState() { hs0Carry = null; }

    @Override public INDArray outputMask(INDArray inputMask, INDArray input) { return returnSequences ? inputMask : null; }

    // ---- backward (BPTT) ------------------------------------------------------------------------

    @Override public INDArray backward(INDArray gradOutput) { return backward(gradOutput, true); }

    @Override public INDArray backward(INDArray gradOutput, boolean inputGradient) {
        if (!xpFromForward) throw error("backward needs a forward pass first, and each forward pass serves one backward pass; run forward again (fit and computeGradients do both)");
        xpFromForward = false;
        if (!gatesKept) {
            throw error("the last forward pass was a prediction that kept no gate activations (keepGates(false)); "
                    + "backward needs a forward pass with training = true");
        }
        int H = units, G = cell.gates() * H, B = batch, T = steps;
        DataType dt = xp.dataType();
        // Every element of dxp/dhh for a step is written by the cell (or zeroed for a masked row). dxp is
        // xp itself: the cell has read the step's block (LSTM keeps its gates there) before it writes the
        // gradient, so no second [T·B, G] buffer and no cold writes into one (13 MB at T=100, B=64, G=512).
        INDArray dxp = xp;
        INDArray dhh = cell.preActivationIsSum() ? dxp : (dhhOwn = reuse(dhhOwn, dt, (long) T * B, G));
        dh = reuse(dh, dt, B, H);
        Vec.of(dh).fill(0, B * H, 0);
        dc = cell.hasCellState() ? reuse(dc, dt, B, H) : null;
        if (dc != null) Vec.of(dc).fill(0, B * H, 0);
        gradSeq = null;
        if (returnSequences) {
            gradSeq = (reverse ? reverseTime(gradOutput.castTo(dt)) : gradOutput.castTo(dt).dup('c')).reshape('c', (long) T * B, H);
            if (mask != null) gradSeq.muliColumnVector(mask.reshape('c', (long) T * B, 1));
        } else {
            dh.assign(gradOutput);
        }

        Step s = step();
        s.batch = B;
        s.hidden = H;
        s.xp = Vec.of(xp);
        s.h = Vec.of(hs);
        s.c = cs == null ? null : Vec.of(cs);
        s.cache = Vec.of(cache);
        s.dh = Vec.of(dh);
        s.dc = dc == null ? null : Vec.of(dc);
        s.dxp = Vec.of(dxp);
        s.dhh = Vec.of(dhh);
        Vec gs = gradSeq == null ? null : Vec.of(gradSeq);
        Vec m = mask == null ? null : Vec.of(mask);
        double[] savedH = m == null ? null : new double[B * H];
        double[] savedC = m == null || dc == null ? null : new double[B * H];
        stateGradNorms = recordNorms ? new double[T] : null;

        // FLOAT models: the per-step sums below read bulk copies (element-wise Vec.get cost ~10 ms a pass).
        float[] fs = s.xp.isFloat() ? new float[B * H] : null, fg = fs != null && gs != null ? new float[B * H] : null;
        for (int k = T - 1; k >= 0; k--) {
            double norm = 0;
            if (fs != null) {
                if (fg != null || recordNorms) s.dh.getFloats(0, fs, 0, B * H);
                if (fg != null) {
                    gs.getFloats(k * B * H, fg, 0, B * H);
                    for (int i = 0; i < B * H; i++) fs[i] += fg[i];
                    s.dh.putFloats(0, fs, 0, B * H);
                }
                if (recordNorms) norm = Vec.sumOfSquares(fs, B * H);
            } else {
                if (gs != null) for (int i = 0; i < B * H; i++) s.dh.add(i, gs.get(k * B * H + i));
                if (recordNorms) norm = s.dh.sumOfSquares(); // dh is the whole [B, H] array
            }
            if (recordNorms) stateGradNorms[reverse ? T - 1 - k : k] = Math.sqrt(norm);
            if (m != null) {
                for (int i = 0; i < B * H; i++) savedH[i] = s.dh.get(i);
                if (savedC != null) for (int i = 0; i < B * H; i++) savedC[i] = s.dc.get(i);
            }
            s.xpOff = k * B * G;
            s.dxpOff = k * B * G;
            s.dhhOff = k * B * G;
            s.hPrev = k * B * H;
            s.hOut = (k + 1) * B * H;
            s.cPrev = s.hPrev;
            s.cOut = s.hOut;
            s.cacheOff = k * B * Math.max(1, cell.cacheWidth()) * H;
            cell.backward(s);
            if (m != null) {
                for (int b = 0; b < B; b++) {
                    if (m.get(k * B + b) != 0) continue;
                    // A masked step passed the state through: so does its gradient, and nothing else.
                    s.dxp.fill(s.dxpOff + b * G, G, 0);
                    if (dhh != dxp) s.dhh.fill(s.dhhOff + b * G, G, 0);
                    for (int j = 0; j < H; j++) s.dh.set(b * H + j, savedH[b * H + j]);
                    if (savedC != null) for (int j = 0; j < H; j++) s.dc.set(b * H + j, savedC[b * H + j]);
                }
            }
            // ∂L/∂h_{t-1} through W_hh, for the next step back (none before the first: the initial state learns nothing)
            if (k > 0) Gemm.rows(dhh, (long) k * B, B, wHh.value(), false, dh, 0, 1.0, 1.0);
        }

        // Weight gradients: one product over all steps, computed as (Xᵀ·dY)ᵀ: OpenBLAS ran the [in, G]
        // shape 1.1–2.3x faster than dYᵀ·X [G, in] at our sizes (a 6400-deep sum either way).
        if (dhh == dxp) {
            // Both from the same dY: one product over the rows [x_t | h_{t-1}] (OpenBLAS ran the [in+H, G]
            // shape 15% faster than [in, G] and [H, G] apart; the copy costs ~0.3 ms)
            int in = (int) wIh.value().size(1);
            xh = reuse(xh, dt, (long) T * B, in + H);
            Vec xhv = Vec.of(xh), xv = Vec.of(xs), hv = Vec.of(hs);
            for (int r = 0; r < T * B; r++) {
                xhv.copyFrom(xv, r * in, r * (in + H), in);
                xhv.copyFrom(hv, r * H, r * (in + H) + in, H);
            }
            gradXhT = reuse(gradXhT, dt, in + H, G);
            Gemm.transposedA(xh, T * B, dxp, gradXhT, 1.0, 0.0);
            wIh.grad().assign(gradXhT.get(NDArrayIndex.interval(0, in), NDArrayIndex.all()).transpose());
            wHh.grad().assign(gradXhT.get(NDArrayIndex.interval(in, in + H), NDArrayIndex.all()).transpose());
        } else {
            gradIhT = weightGradient(xs, dxp, wIh.grad(), gradIhT);
            gradHhT = weightGradient(hs, dhh, wHh.grad(), gradHhT);
        }
        // Bias gradients: column sums of dxp (and dhh) over all steps, one matrix-vector product each
        // (ND4J's column reduction cost ~30 ms, sums per step in Java ~1.3 ms, this ~0.9 ms).
        columnSums(dxp, bIh.grad());
        if (dhh == dxp) bHh.grad().assign(bIh.grad());
        else columnSums(dhh, bHh.grad());
        if (!inputGradient) return null; // first learning layer: nobody reads ∂L/∂x (saves a [T·B, G]·[G, in] product)
        long in = wIh.value().size(1);
        INDArray dx = Nd4j.createUninitialized(dt, (long) T * B, in);
        Gemm.rows(dxp, 0, T * B, wIh.value(), false, dx, 0, 1.0, 0.0);
        dx = dx.reshape('c', T, B, in);
        return reverse ? reverseTime(dx) : dx;
    }

    /** {@code grad [G, in] = (inputs[0 .. T·B)ᵀ · dY)ᵀ} through {@code buffer [in, G]} (reused when it fits); returns the buffer. */
    private INDArray weightGradient(INDArray inputs, INDArray dY, INDArray grad, INDArray buffer) {
        INDArray t = reuse(buffer, grad.dataType(), grad.columns(), grad.rows());
        Gemm.transposedA(inputs, steps * batch, dY, t, 1.0, 0.0);
        grad.assign(t.transpose()); // ~0.15 ms for [512, 128]; a Java tiled copy was no faster
        return t;
    }

    // ---- introspection -------------------------------------------------------------------------

    /** Hidden states h_t of the last forward pass, time order, {@code [time, batch, units]}. */
    public INDArray hiddenStates() {
        if (hs == null) throw error("has not run yet");
        INDArray h = rows(hs, batch, steps * batch).reshape('c', steps, batch, units);
        return reverse ? reverseTime(h) : h.dup();
    }

    /** Gate activations of the last forward pass by gate name, each {@code [time, batch, units]}. */
    public Map<String, INDArray> gateActivations() {
        if (hs == null) throw error("has not run yet");
        var out = new LinkedHashMap<String, INDArray>();
        String[] names = cell.gateNames();
        if (cell.cacheWidth() == 0) {
            out.put(names[0], hiddenStates());
            return out;
        }
        if (!gatesKept) {
            throw error("the last forward pass was a prediction, which keeps no gate activations (keepGates(false)); "
                    + "Model.gateActivations(x, layer) runs a pass that keeps them");
        }
        if (cell.gatesInPreActivation() && !xpFromForward) {
            throw error("the gate activations of the last forward pass were overwritten by the backward pass after it; "
                    + "run a forward pass first (Model.gateActivations(x, layer) does)");
        }
        int w = cell.gatesInPreActivation() ? cell.gates() : cell.cacheWidth();
        INDArray c4 = (cell.gatesInPreActivation() ? xp : cache).reshape('c', steps, w, batch, units); // per step, w blocks of [batch, units]
        for (int g = 0; g < names.length; g++) {
            INDArray gate = c4.get(NDArrayIndex.all(), NDArrayIndex.point(cell.gateCacheBlock(g)), NDArrayIndex.all(), NDArrayIndex.all()).dup('c');
            out.put(names[g], reverse ? reverseTime(gate) : gate);
        }
        return out;
    }

    /**
     * Whether backward passes record ‖∂L/∂h_t‖ for {@link #stateGradientNorms} (default false: reading and
     * summing ∂L/∂h at every step took ~0.5 ms of a 10 ms SimpleRNN training step).
     * {@code Model.stateGradientNorms(x, y, layer)} turns it on for its own pass.
     *
     * <pre>{@code layer.recordStateGradientNorms(true); model.computeGradients(x, y, null); layer.stateGradientNorms();}</pre>
     */
    public void recordStateGradientNorms(boolean on) { recordNorms = on; }

    /** ‖∂L/∂h_t‖ (over batch and units) from the last backward pass, time order (see {@link #recordStateGradientNorms}). */
    public double[] stateGradientNorms() {
        if (stateGradNorms == null) {
            throw error("has no state-gradient norms: a backward pass records them after recordStateGradientNorms(true); "
                    + "Model.stateGradientNorms(x, y, layer) does both");
        }
        return stateGradNorms.clone();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Step step() {
        if (step == null) step = new Step();
        return step;
    }

    /** {@code sums[j] = Σ_r m[r, j]} over the first T·B rows, as {@code ones · m} (OpenBLAS gemv on the CPU). */
    private void columnSums(INDArray m, INDArray sums) {
        int rows = steps * batch;
        if (ones == null || ones.columns() != rows || ones.dataType() != m.dataType()) ones = Nd4j.ones(m.dataType(), 1, rows);
        Gemm.rows(ones, 0, 1, m, false, sums.reshape(1, sums.length()), 0, 1.0, 0.0);
    }

    /** {@code old} when it already is a {@code [rows, cols]} array of type {@code dt}, else a new uninitialised one. */
    private static INDArray reuse(INDArray old, DataType dt, long rows, long cols) {
        if (old != null && old.dataType() == dt && old.rows() == rows && old.columns() == cols) return old;
        return Nd4j.createUninitialized(dt, rows, cols);
    }

    private static INDArray rows(INDArray a, long from, long count) {
        return a.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all());
    }

    /** Copy of a time-major array with the time axis reversed. */
    static INDArray reverseTime(INDArray a) {
        int t = (int) a.size(0);
        int[] order = new int[t];
        for (int i = 0; i < t; i++) order[i] = t - 1 - i;
        return Nd4j.pullRows(a.reshape('c', t, -1), 1, order).reshape('c', a.shape());
    }
}
