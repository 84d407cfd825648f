package io.github.recur.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The reference path: the sequence loop written once for every cell, each step the cell's equations
 * as ND4J operations ({@link RecurrentCell#forward}, {@link RecurrentCell#backward}), backward through
 * time as the chain rule reads. Runs on any ND4J backend; what the fast path is tested against.
 *
 * <pre>
 * forward:  for t = 1..T:  (h_t, c_t) = cell(x_t, h_{t-1}, c_{t-1});  masked rows keep (h_{t-1}, c_{t-1})
 * backward: for t = T..1:  ∂L/∂h_t += ∂L/∂output_t;  (∂L/∂x_t, ∂L/∂h_{t-1}, ∂L/∂c_{t-1}) = cell'(∂L/∂h_t, ∂L/∂c_t)
 *           after t = 1: ∂L/∂h_0 and ∂L/∂c_0, the initial state's gradient
 * </pre>
 */
final class ReferenceRecurrence implements Recurrence {
    private final RecurrentCell cell;
    private final int units;
    private final CellWeights w;
    private final CellWeights grad;

    private final List<StepMemo> memos = new ArrayList<>();
    private INDArray[] hs;           // h_1 .. h_T after masking
    private INDArray mask;           // [T, B] or null
    private INDArray lastH, lastC;   // the final state
    private INDArray drop;           // the recurrent dropout mask [B, H], or null
    private INDArray dh0, dc0;       // ∂L/∂h_0, ∂L/∂c_0 of the last backward pass
    private long inputs;

    ReferenceRecurrence(RecurrentCell cell, int units, CellWeights values, CellWeights grads) {
        this.cell = cell;
        this.units = units;
        this.w = values;
        this.grad = grads;
    }

    @Override public void forward(INDArray x, INDArray mask, INDArray h0, INDArray c0, INDArray drop, boolean keep) {
        int steps = (int) x.size(0), batch = (int) x.size(1);
        DataType dt = w.ih().dataType();
        INDArray h = h0 != null ? h0.dup() : Nd4j.zeros(dt, batch, units);
        INDArray c = !cell.hasCellState() ? null : c0 != null ? c0.dup() : Nd4j.zeros(dt, batch, units);
        this.mask = mask;
        this.drop = drop;
        this.inputs = x.size(2);
        memos.clear();
        hs = new INDArray[steps];
        for (int t = 0; t < steps; t++) {
            StepMemo step = cell.forward(x.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all()), h, c, drop, w);
            INDArray hNext = step.h(), cNext = step.c();
            if (mask != null) { // a masked row keeps its state: h_t = m ⊙ h' + (1 − m) ⊙ h_{t-1}
                INDArray m = maskAt(t);
                hNext = keepWhereMasked(hNext, h, m);
                if (c != null) cNext = keepWhereMasked(cNext, c, m);
            }
            if (keep) memos.add(step);
            hs[t] = h = hNext;
            c = cNext;
        }
        lastH = h;
        lastC = c;
    }

    @Override public INDArray lastOutput() { return lastH.dup(); }

    @Override public INDArray sequenceOutput() {
        INDArray out = hiddenStates();
        if (mask != null) out.reshape('c', mask.length(), units).muliColumnVector(mask.reshape('c', mask.length(), 1));
        return out;
    }

    @Override public void copyFinalState(INDArray h, INDArray c) {
        h.assign(lastH);
        if (c != null) c.assign(lastC);
    }

    @Override public INDArray backward(INDArray dSequence, INDArray dLast, INDArray dLastC, boolean inputGradient,
                                       boolean initialGradient, double[] norms) {
        int steps = hs.length, batch = (int) lastH.size(0);
        DataType dt = w.ih().dataType();
        for (INDArray g : List.of(grad.ih(), grad.hh(), grad.bIh(), grad.bHh())) g.assign(0);
        INDArray dh = dLast != null ? dLast.castTo(dt).dup() : Nd4j.zeros(dt, batch, units);
        INDArray dc = !cell.hasCellState() ? null : dLastC != null ? dLastC.castTo(dt).dup() : Nd4j.zeros(dt, batch, units);
        INDArray dx = inputGradient ? Nd4j.create(dt, steps, batch, inputs) : null;
        for (int t = steps - 1; t >= 0; t--) {
            if (dSequence != null) dh.addi(dSequence.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all()));
            if (norms != null) norms[t] = dh.norm2Number().doubleValue();
            INDArray m = mask == null ? null : maskAt(t);
            // A masked step passed its state through: only the rows it computed see the cell ...
            StepGradient g = cell.backward(m == null ? dh : dh.mulColumnVector(m), m == null || dc == null ? dc : dc.mulColumnVector(m),
                    memos.get(t), w, grad);
            if (dx != null) dx.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all()).assign(g.dx());
            INDArray dhPrev = g.dh(), dcPrev = g.dc();
            if (m != null) { // ... and the others hand their gradient straight to the step before
                INDArray through = m.rsub(1.0);
                dhPrev.addi(dh.mulColumnVector(through));
                if (dcPrev != null) dcPrev.addi(dc.mulColumnVector(through));
            }
            dh = dhPrev;
            dc = dcPrev;
        }
        dh0 = dh; // after the first step: the gradient of the initial state (kept whether asked or not: it costs nothing here)
        dc0 = dc;
        return dx;
    }

    @Override public void copyInitialStateGradient(INDArray dh, INDArray dc) {
        dh.assign(dh0);
        if (dc != null) dc.assign(dc0);
    }

    @Override public INDArray hiddenStates() { return Nd4j.stack(0, hs); }

    @Override public Map<String, INDArray> gates() {
        var out = new LinkedHashMap<String, INDArray>();
        String[] names = cell.gateNames();
        for (int g = 0; g < names.length; g++) {
            INDArray[] perStep = new INDArray[memos.size()];
            for (int t = 0; t < perStep.length; t++) perStep[t] = memos.get(t).gates()[g];
            out.put(names[g], Nd4j.stack(0, perStep));
        }
        return out;
    }

    @Override public boolean gatesSurviveBackward() { return true; }

    /** The mask of step t as a column {@code [B, 1]}. */
    private INDArray maskAt(int t) {
        return mask.get(NDArrayIndex.point(t), NDArrayIndex.all()).reshape(mask.size(1), 1);
    }

    private static INDArray keepWhereMasked(INDArray next, INDArray previous, INDArray m) {
        return next.mulColumnVector(m).addi(previous.mulColumnVector(m.rsub(1.0)));
    }
}
