package io.github.recur.layers;

import static io.github.recur.layers.Workspace.reuse;

import io.github.recur.internal.Gemm;
import io.github.recur.internal.Vec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The fast CPU path of {@link Recurrence}: the same loop as the reference path, arranged for speed on
 * ND4J's CPU backend. The input projection of all steps is one matrix product before the loop and
 * the weight gradients are one product each after it; inside the loop each step does one product
 * (h_{t-1}·W_hhᵀ, and its transpose going back, through OpenBLAS directly) and one fused pass of the
 * cell's {@link FastKernel} over whole-sequence buffers that live in one {@link Workspace}.
 */
final class FastRecurrence implements Recurrence {
    private final RecurrentCell cell;
    private final FastKernel kernel;
    private final int units;
    private final int gates;
    private final CellWeights w;
    private final CellWeights grad;
    private final Workspace ws = new Workspace();

    private INDArray xs;   // the input, kept for ∂L/∂W_ih as PyTorch's autograd keeps it: [T, B, in] or [T·B, in]
    private INDArray mask; // [T, B] or null
    private INDArray drop; // the recurrent dropout mask [B, H], or null
    private float[] dropFloats; // drop, read once per pass for the FLOAT loops
    private boolean initialGradientKept;
    private int steps, batch;
    private Vec xpv, bhv;  // views made for the projection, reused by the loop (each view costs a little in batch-1 generation)

    FastRecurrence(RecurrentCell cell, int units, CellWeights values, CellWeights grads) {
        this.cell = cell;
        this.kernel = cell.fast();
        this.units = units;
        this.gates = cell.gates() * units;
        this.w = values;
        this.grad = grads;
    }

    // ---- forward ----------------------------------------------------------------------------------

    @Override public void forward(INDArray x, INDArray mask, INDArray h0, INDArray c0, INDArray drop, boolean keep) {
        steps = (int) x.size(0);
        batch = (int) x.size(1);
        DataType dt = w.ih().dataType();
        xs = Vec.fits(x) ? x : x.dup('c'); // the model hands every layer a fresh array: no copy needed
        this.mask = mask;
        this.drop = drop == null ? null : drop.castTo(dt).dup('c');
        initialGradientKept = false;
        projectInputs(dt);
        ws.hs = reuse(ws.hs, dt, (long) (steps + 1) * batch, units);
        if (drop != null) {
            ws.hd = reuse(ws.hd, dt, (long) steps * batch, units);
            dropFloats = dt == DataType.FLOAT ? this.drop.data().asFloat() : null;
        }
        ws.cs = cell.hasCellState() ? reuse(ws.cs, dt, (long) (steps + 1) * batch, units) : null;
        ws.cache = reuse(ws.cache, dt, (long) steps * batch, cacheWidth() * (long) units);
        ws.hh = kernel.preActivationIsSum() ? null : reuse(ws.hh, dt, batch, gates);
        StepBuffers s = ws.step;
        s.batch = batch;
        s.hidden = units;
        s.keep = keep;
        s.xp = xpv;
        s.hh = ws.hh == null ? null : Vec.of(ws.hh);
        s.bhh = kernel.preActivationIsSum() ? null : bhv;
        s.hhOff = 0; // hh holds one step, rewritten each step
        s.h = Vec.of(ws.hs);
        s.c = ws.cs == null ? null : Vec.of(ws.cs);
        s.cache = Vec.of(ws.cache);
        if (h0 != null) {
            copyRows(h0, ws.hs, s.h);
            if (s.c != null) copyRows(c0, ws.cs, s.c);
        } else { // Java fills: ND4J's scalar assign on views is slow
            s.h.fill(0, batch * units, 0);
            if (s.c != null) s.c.fill(0, batch * units, 0);
        }
        runForward(s, h0 == null);
    }

    /** xp = x·W_ihᵀ + b_ih (+ b_hh of the gates that add it plainly), for all steps at once: a bias fill and one product. */
    private void projectInputs(DataType dt) {
        int rows = steps * batch, summed = kernel.gatesWithSummedBias() * units;
        ws.xp = reuse(ws.xp, dt, rows, gates);
        ws.biasSum = reuse(ws.biasSum, dt, 1, gates);
        xpv = Vec.of(ws.xp);
        bhv = Vec.of(w.bHh());
        Vec bv = Vec.of(ws.biasSum), bi = Vec.of(w.bIh());
        if (bv.isFloat()) { // in Java: an ND4J add costs as much as a whole batch-1 step
            float[] b = ws.step.scratch(0, gates), bhh = ws.step.scratch(1, summed);
            bi.getFloats(0, b, 0, gates);
            bhv.getFloats(0, bhh, 0, summed);
            for (int j = 0; j < summed; j++) b[j] += bhh[j];
            bv.putFloats(0, b, 0, gates);
        } else {
            for (int j = 0; j < gates; j++) bv.set(j, bi.get(j) + (j < summed ? bhv.get(j) : 0));
        }
        for (int r = 0; r < rows; r++) xpv.copyFrom(bv, 0, r * gates, gates); // the bias in every row, then
        Gemm.rows(xs, 0, rows, w.ih(), true, ws.xp, 0, 1.0, 1.0);             // += x·W_ihᵀ for all steps at once
    }

    private void runForward(StepBuffers s, boolean zeroStart) {
        int B = batch, H = units, G = gates;
        boolean sum = kernel.preActivationIsSum(), floats = s.xp.isFloat();
        Vec m = mask == null ? null : Vec.of(mask);
        Vec hd = drop == null ? null : Vec.of(ws.hd);
        INDArray recurrentInput = recurrentInputs();
        for (int k = 0; k < steps; k++) {
            if (hd != null) dropRecurrentInput(s.h, hd, k);
            // xp += h·W_hhᵀ where the pre-activation is one sum, else hh = h·W_hhᵀ; nothing to add for a zero initial state
            if (k == 0 && zeroStart) {
                if (!sum) s.hh.fill(0, B * G, 0);
            } else if (sum) {
                Gemm.rows(recurrentInput, (long) k * B, B, w.hh(), true, ws.xp, (long) k * B, 1.0, 1.0);
            } else {
                Gemm.rows(recurrentInput, (long) k * B, B, w.hh(), true, ws.hh, 0, 1.0, 0.0);
            }
            at(s, k);
            if (floats) kernel.forward(s);
            else kernel.forwardDouble(s);
            if (m == null) continue;
            for (int b = 0; b < B; b++) {
                if (m.get(k * B + b) != 0) continue;
                s.h.copyFrom(s.h, s.hPrev + b * H, s.hOut + b * H, H); // masked: the state carries over unchanged
                if (s.c != null) s.c.copyFrom(s.c, s.cPrev + b * H, s.cOut + b * H, H);
            }
        }
    }

    /** The rows h_0 .. h_{T-1} as the recurrent product reads them: dropped under recurrent dropout. */
    private INDArray recurrentInputs() { return drop == null ? ws.hs : ws.hd; }

    /** hd[k] = h_k ⊙ drop: the state before step k as W_hh sees it under recurrent dropout. */
    private void dropRecurrentInput(Vec h, Vec hd, int k) {
        int n = batch * units, at = k * n;
        if (dropFloats != null) {
            float[] a = ws.step.scratch(0, n); // free between kernel calls
            h.getFloats(at, a, 0, n);
            for (int i = 0; i < n; i++) a[i] *= dropFloats[i];
            hd.putFloats(at, a, 0, n);
        } else {
            Vec d = Vec.of(drop);
            for (int i = 0; i < n; i++) hd.set(at + i, h.get(at + i) * d.get(i));
        }
    }

    /** Points the step buffers at step {@code k}'s blocks. */
    private void at(StepBuffers s, int k) {
        s.xpOff = s.dxpOff = s.dhhOff = k * batch * gates;
        s.hPrev = s.cPrev = k * batch * units;
        s.hOut = s.cOut = (k + 1) * batch * units;
        s.cacheOff = k * batch * cacheWidth() * units;
    }

    private int cacheWidth() { return Math.max(1, kernel.cacheWidth()); }

    // ---- results ------------------------------------------------------------------------------------

    @Override public INDArray lastOutput() {
        INDArray out = Nd4j.createUninitialized(ws.hs.dataType(), batch, units);
        Vec.of(out).copyFrom(Vec.of(ws.hs), steps * batch * units, 0, batch * units);
        return out;
    }

    @Override public INDArray sequenceOutput() {
        INDArray out = rows(ws.hs, batch, (long) steps * batch).dup('c');
        if (mask != null) out.muliColumnVector(mask.reshape('c', (long) steps * batch, 1)); // masked steps output zero
        return out.reshape('c', steps, batch, units);
    }

    @Override public void copyFinalState(INDArray h, INDArray c) {
        Vec.of(h).copyFrom(Vec.of(ws.hs), steps * batch * units, 0, batch * units);
        if (c != null) Vec.of(c).copyFrom(Vec.of(ws.cs), steps * batch * units, 0, batch * units);
    }

    @Override public INDArray hiddenStates() {
        return rows(ws.hs, batch, (long) steps * batch).reshape('c', steps, batch, units).dup();
    }

    @Override public Map<String, INDArray> gates() {
        boolean inXp = kernel.gatesInPreActivation();
        int blocks = inXp ? cell.gates() : kernel.cacheWidth();
        INDArray perStep = (inXp ? ws.xp : ws.cache).reshape('c', steps, blocks, batch, units); // per step, blocks of [B, H]
        var out = new LinkedHashMap<String, INDArray>();
        String[] names = cell.gateNames();
        for (int g = 0; g < names.length; g++) {
            out.put(names[g], perStep.get(NDArrayIndex.all(), NDArrayIndex.point(kernel.gateBlock(g)), NDArrayIndex.all(), NDArrayIndex.all()).dup('c'));
        }
        return out;
    }

    @Override public boolean gatesSurviveBackward() { return !kernel.gatesInPreActivation(); }

    // ---- backward ------------------------------------------------------------------------------------

    @Override public INDArray backward(INDArray dSequence, INDArray dLast, INDArray dLastC, boolean inputGradient,
                                       boolean initialGradient, double[] norms) {
        int T = steps, B = batch, H = units;
        DataType dt = ws.xp.dataType();
        // ∂L/∂xp goes over xp itself: a kernel reads the step's block before it writes the gradient there,
        // so no second [T·B, G] buffer and no cold writes into one.
        INDArray dxp = ws.xp;
        INDArray dhh = kernel.preActivationIsSum() ? dxp : (ws.dhh = reuse(ws.dhh, dt, (long) T * B, gates));
        ws.dh = reuse(ws.dh, dt, B, H);
        ws.dc = cell.hasCellState() ? reuse(ws.dc, dt, B, H) : null;
        StepBuffers s = ws.step;
        s.batch = B;
        s.hidden = H;
        s.xp = Vec.of(ws.xp);
        s.h = Vec.of(ws.hs);
        s.c = ws.cs == null ? null : Vec.of(ws.cs);
        s.cache = Vec.of(ws.cache);
        s.dh = Vec.of(ws.dh);
        s.dc = ws.dc == null ? null : Vec.of(ws.dc);
        s.dxp = Vec.of(dxp);
        s.dhh = Vec.of(dhh);
        s.dh.fill(0, B * H, 0);
        if (s.dc != null) s.dc.fill(0, B * H, 0);
        if (dLast != null) ws.dh.assign(dLast);
        if (dLastC != null) ws.dc.assign(dLastC);
        if (drop != null) ws.dhd = reuse(ws.dhd, dt, B, H);
        runBackward(s, dSequence == null ? null : Vec.of(dSequence), dhh, initialGradient, norms);
        initialGradientKept = initialGradient;
        weightGradients(dxp, dhh);
        columnSums(dxp, grad.bIh()); // the bias gradients: column sums over all steps
        if (dhh == dxp) grad.bHh().assign(grad.bIh());
        else columnSums(dhh, grad.bHh());
        if (!inputGradient) return null; // nobody reads ∂L/∂x: a whole-sequence product saved
        long in = w.ih().size(1);
        INDArray dx = Nd4j.createUninitialized(dt, (long) T * B, in);
        Gemm.rows(dxp, 0, T * B, w.ih(), false, dx, 0, 1.0, 0.0);
        return dx.reshape('c', T, B, in);
    }

    private void runBackward(StepBuffers s, Vec gs, INDArray dhh, boolean initialGradient, double[] norms) {
        int B = batch, H = units, G = gates, n = B * H;
        boolean floats = s.xp.isFloat(), apart = dhh != ws.xp;
        Vec m = mask == null ? null : Vec.of(mask);
        double[] savedH = m == null ? null : new double[n];
        double[] savedC = m == null || s.dc == null ? null : new double[n];
        // FLOAT: the per-step sums read bulk copies (element by element is slow over a whole pass)
        float[] fs = floats ? new float[n] : null, fg = floats && gs != null ? new float[n] : null;
        for (int k = steps - 1; k >= 0; k--) {
            addOutputGradient(s, gs, k, fs, fg, norms);
            if (m != null) {
                for (int i = 0; i < n; i++) savedH[i] = s.dh.get(i);
                if (savedC != null) for (int i = 0; i < n; i++) savedC[i] = s.dc.get(i);
            }
            at(s, k);
            if (floats) kernel.backward(s);
            else kernel.backwardDouble(s);
            if (m != null) {
                for (int b = 0; b < B; b++) {
                    if (m.get(k * B + b) != 0) continue;
                    // A masked step passed the state through: so does its gradient, and nothing else.
                    s.dxp.fill(s.dxpOff + b * G, G, 0);
                    if (apart) s.dhh.fill(s.dhhOff + b * G, G, 0);
                    for (int j = 0; j < H; j++) s.dh.set(b * H + j, savedH[b * H + j]);
                    if (savedC != null) for (int j = 0; j < H; j++) s.dc.set(b * H + j, savedC[b * H + j]);
                }
            }
            // ∂L/∂h_{t-1} through W_hh for the next step back; into h_0 only when asked (an initial state that learns)
            if (k > 0 || initialGradient) addRecurrentGradient(dhh, k);
        }
    }

    /** ∂L/∂h_{k-1} += ∂L/∂(h_{k-1}·W_hhᵀ)·W_hh, times the recurrent dropout mask where there is one. */
    private void addRecurrentGradient(INDArray dhh, int k) {
        int B = batch, n = B * units;
        if (drop == null) {
            Gemm.rows(dhh, (long) k * B, B, w.hh(), false, ws.dh, 0, 1.0, 1.0);
            return;
        }
        Gemm.rows(dhh, (long) k * B, B, w.hh(), false, ws.dhd, 0, 1.0, 0.0); // ∂L/∂(h ⊙ drop)
        Vec dh = Vec.of(ws.dh), dhd = Vec.of(ws.dhd);
        if (dropFloats != null) {
            float[] a = ws.step.scratch(0, n), b = ws.step.scratch(1, n);
            dh.getFloats(0, a, 0, n);
            dhd.getFloats(0, b, 0, n);
            for (int i = 0; i < n; i++) a[i] += b[i] * dropFloats[i];
            dh.putFloats(0, a, 0, n);
        } else {
            Vec d = Vec.of(drop);
            for (int i = 0; i < n; i++) dh.add(i, dhd.get(i) * d.get(i));
        }
    }

    @Override public void copyInitialStateGradient(INDArray dh, INDArray dc) {
        if (!initialGradientKept) throw new IllegalStateException("the last backward pass was not asked for the initial state's gradient");
        dh.assign(ws.dh);
        if (dc != null) dc.assign(ws.dc);
    }

    /** ∂L/∂h_t += the output's gradient at step k; records ‖∂L/∂h_t‖ when asked. */
    private void addOutputGradient(StepBuffers s, Vec gs, int k, float[] fs, float[] fg, double[] norms) {
        int n = batch * units;
        double norm = 0;
        if (fs != null) {
            if (fg != null || norms != null) s.dh.getFloats(0, fs, 0, n);
            if (fg != null) {
                gs.getFloats(k * n, fg, 0, n);
                for (int i = 0; i < n; i++) fs[i] += fg[i];
                s.dh.putFloats(0, fs, 0, n);
            }
            if (norms != null) norm = Vec.sumOfSquares(fs, n);
        } else {
            if (gs != null) for (int i = 0; i < n; i++) s.dh.add(i, gs.get(k * n + i));
            if (norms != null) norm = s.dh.sumOfSquares(); // dh is the whole [B, H] array
        }
        if (norms != null) norms[k] = Math.sqrt(norm);
    }

    /**
     * The weight gradients, one product over all steps each, computed as (Xᵀ·dY)ᵀ (OpenBLAS runs that shape
     * faster here). Where both come from the same dY: one product over the rows [x_t | h_{t-1}].
     */
    private void weightGradients(INDArray dxp, INDArray dhh) {
        int rows = steps * batch, H = units;
        DataType dt = dxp.dataType();
        if (dhh != dxp) {
            ws.gradIhT = weightGradient(xs, dxp, grad.ih(), ws.gradIhT);
            ws.gradHhT = weightGradient(recurrentInputs(), dhh, grad.hh(), ws.gradHhT);
            return;
        }
        int in = (int) w.ih().size(1);
        ws.xh = reuse(ws.xh, dt, rows, in + H);
        Vec xhv = Vec.of(ws.xh), xv = Vec.of(xs), hv = Vec.of(recurrentInputs());
        for (int r = 0; r < rows; r++) {
            xhv.copyFrom(xv, r * in, r * (in + H), in);
            xhv.copyFrom(hv, r * H, r * (in + H) + in, H);
        }
        ws.gradXhT = reuse(ws.gradXhT, dt, in + H, gates);
        Gemm.transposedA(ws.xh, rows, dxp, ws.gradXhT, 1.0, 0.0);
        grad.ih().assign(ws.gradXhT.get(NDArrayIndex.interval(0, in), NDArrayIndex.all()).transpose());
        grad.hh().assign(ws.gradXhT.get(NDArrayIndex.interval(in, in + H), NDArrayIndex.all()).transpose());
    }

    /** {@code grad [G, in] = (inputs[0 .. T·B)ᵀ · dY)ᵀ} through {@code buffer [in, G]} (reused when it fits); returns the buffer. */
    private INDArray weightGradient(INDArray inputs, INDArray dY, INDArray grad, INDArray buffer) {
        INDArray t = reuse(buffer, grad.dataType(), grad.columns(), grad.rows());
        Gemm.transposedA(inputs, steps * batch, dY, t, 1.0, 0.0);
        grad.assign(t.transpose());
        return t;
    }

    /** {@code sums[j] = Σ_r m[r, j]} over the first T·B rows, as {@code ones · m} (a BLAS gemv). */
    private void columnSums(INDArray m, INDArray sums) {
        int rows = steps * batch;
        Gemm.rows(ws.ones(m.dataType(), rows), 0, 1, m, false, sums.reshape(1, sums.length()), 0, 1.0, 0.0);
    }

    /** {@code to[0 .. B) = from} ({@code [B, H]}), a Java copy when possible. */
    private void copyRows(INDArray from, INDArray to, Vec toView) {
        if (Vec.fits(from) && from.dataType() == to.dataType()) toView.copyFrom(Vec.of(from), 0, 0, batch * units);
        else rows(to, 0, batch).assign(from);
    }

    private static INDArray rows(INDArray a, long from, long count) {
        return a.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all());
    }
}
