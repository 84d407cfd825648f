package io.github.recur.layers;

import static org.nd4j.linalg.ops.transforms.Transforms.sigmoid;
import static org.nd4j.linalg.ops.transforms.Transforms.tanh;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GRU step, PyTorch's {@code nn.GRU}, gates in order r, z, n:
 * <pre>
 * r = σ(x·W_irᵀ + b_ir + h·W_hrᵀ + b_hr)      z = σ(x·W_izᵀ + b_iz + h·W_hzᵀ + b_hz)
 * n = tanh(x·W_inᵀ + b_in + r ⊙ (h·W_hnᵀ + b_hn))
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 * (Keras' {@code reset_after=True} is the same formula with the gates in order z, r, n.)
 */
final class GruCell extends RecurrentCell {
    static final GruCell INSTANCE = new GruCell();

    @Override public String type() { return "gru"; }
    @Override public int gates() { return 3; }
    @Override public String[] gateNames() { return new String[] {"reset", "update", "new"}; }
    @Override public boolean hasCellState() { return false; }

    @Override FastKernel fast() { return FastGru.INSTANCE; }

    /** What backward reads: the step's input, the previous state (and as W_hh saw it), the dropout mask, the gates, and h·W_hnᵀ + b_hn. */
    private record Memo(INDArray x, INDArray hPrev, INDArray hDropped, INDArray drop, INDArray r, INDArray z, INDArray n, INDArray hn,
                        INDArray h) implements StepMemo {
        @Override public INDArray c() { return null; }
        @Override public INDArray[] gates() { return new INDArray[] {r, z, n}; }
    }

    @Override StepMemo forward(INDArray x, INDArray h, INDArray c, INDArray drop, CellWeights w) {
        int H = (int) h.size(1);
        INDArray hd = dropped(h, drop);
        INDArray ax = x.mmul(w.ih().transpose()).addiRowVector(w.bIh());   // x·W_ihᵀ + b_ih, [B, 3H]
        INDArray ah = hd.mmul(w.hh().transpose()).addiRowVector(w.bHh());  // h·W_hhᵀ + b_hh, [B, 3H]
        INDArray r = sigmoid(block(ax, 0, H).add(block(ah, 0, H)), false);
        INDArray z = sigmoid(block(ax, 1, H).add(block(ah, 1, H)), false);
        INDArray hn = block(ah, 2, H).dup();
        INDArray n = tanh(block(ax, 2, H).add(r.mul(hn)), false);          // n = tanh(x·W_inᵀ + b_in + r ⊙ (h·W_hnᵀ + b_hn))
        INDArray hNext = z.rsub(1.0).muli(n).addi(z.mul(h));               // h' = (1 − z) ⊙ n + z ⊙ h
        return new Memo(x, h, hd, drop, r, z, n, hn, hNext);
    }

    @Override StepGradient backward(INDArray dhNext, INDArray dcNext, StepMemo step, CellWeights w, CellWeights grad) {
        Memo m = (Memo) step;
        INDArray dn = dhNext.mul(m.z().rsub(1.0)).muli(tanhSlope(m.n()));        // ∂L/∂(n's pre-activation)
        INDArray dz = dhNext.mul(m.hPrev().sub(m.n())).muli(sigmoidSlope(m.z())); // h' = n + z ⊙ (h − n)
        INDArray dr = dn.mul(m.hn()).muli(sigmoidSlope(m.r()));
        INDArray dAx = Nd4j.hstack(dr, dz, dn);                                  // ∂L/∂(x·W_ihᵀ + b_ih)
        INDArray dAh = Nd4j.hstack(dr, dz, dn.mul(m.r()));                       // ∂L/∂(h·W_hhᵀ + b_hh): r scales the n block
        return affineBackward(dAx, dAh, m.x(), m.hDropped(), m.drop(), w, grad).plusDh(dhNext.mul(m.z())); // and h reaches h' through z ⊙ h
    }
}
