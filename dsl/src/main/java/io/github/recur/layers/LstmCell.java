package io.github.recur.layers;

import static org.nd4j.linalg.ops.transforms.Transforms.sigmoid;
import static org.nd4j.linalg.ops.transforms.Transforms.tanh;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * LSTM step, PyTorch's {@code nn.LSTM}, gates in order i, f, g, o:
 * <pre>
 * i = σ(x·W_iiᵀ + b_ii + h·W_hiᵀ + b_hi)      f = σ(x·W_ifᵀ + b_if + h·W_hfᵀ + b_hf)
 * g = tanh(x·W_igᵀ + b_ig + h·W_hgᵀ + b_hg)   o = σ(x·W_ioᵀ + b_io + h·W_hoᵀ + b_ho)
 * c' = f ⊙ c + i ⊙ g                         h' = o ⊙ tanh(c')
 * </pre>
 * The four gates' weights are the row blocks of W_ih {@code [4H, in]} and W_hh {@code [4H, H]}.
 */
final class LstmCell extends RecurrentCell {
    static final LstmCell INSTANCE = new LstmCell();

    @Override public String type() { return "lstm"; }
    @Override public int gates() { return 4; }
    @Override public String[] gateNames() { return new String[] {"input", "forget", "cell", "output"}; }
    @Override public boolean hasCellState() { return true; }

    @Override FastKernel fast() { return FastLstm.INSTANCE; }

    /** unit_forget_bias: the forget gate starts open (b_if = 1), as Keras does. */
    @Override void initBiases(INDArray bIh, int units, Random rng) {
        bIh.get(NDArrayIndex.interval(units, 2 * units)).assign(1.0);
    }

    /** What backward reads: the step's input, the previous state (h as W_hh saw it), the dropout mask, the gates and tanh(c'). */
    private record Memo(INDArray x, INDArray hDropped, INDArray drop, INDArray cPrev, INDArray i, INDArray f, INDArray g, INDArray o,
                        INDArray tanhC, INDArray h, INDArray c) implements StepMemo {
        @Override public INDArray[] gates() { return new INDArray[] {i, f, g, o}; }
    }

    @Override StepMemo forward(INDArray x, INDArray h, INDArray c, INDArray drop, CellWeights w) {
        int H = (int) h.size(1);
        INDArray hd = dropped(h, drop);
        INDArray a = x.mmul(w.ih().transpose()).addiRowVector(w.bIh())      // the four gates' pre-activations, [B, 4H]:
                .addi(hd.mmul(w.hh().transpose())).addiRowVector(w.bHh());  // x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh
        INDArray i = sigmoid(block(a, 0, H), true), f = sigmoid(block(a, 1, H), true);
        INDArray g = tanh(block(a, 2, H), true), o = sigmoid(block(a, 3, H), true);
        INDArray cNext = f.mul(c).addi(i.mul(g));                          // c' = f ⊙ c + i ⊙ g
        INDArray tanhC = tanh(cNext, true);
        INDArray hNext = o.mul(tanhC);                                     // h' = o ⊙ tanh(c')
        return new Memo(x, hd, drop, c, i, f, g, o, tanhC, hNext, cNext);
    }

    @Override StepGradient backward(INDArray dhNext, INDArray dcNext, StepMemo step, CellWeights w, CellWeights grad) {
        Memo m = (Memo) step;
        INDArray dc = dhNext.mul(m.o()).muli(tanhSlope(m.tanhC())).addi(dcNext); // ∂L/∂c' = ∂L/∂h' ⊙ o ⊙ (1 − tanh²c') + ∂L/∂c' from later steps
        INDArray di = dc.mul(m.g()).muli(sigmoidSlope(m.i()));                    // through c' = f ⊙ c + i ⊙ g and each gate's σ or tanh
        INDArray df = dc.mul(m.cPrev()).muli(sigmoidSlope(m.f()));
        INDArray dg = dc.mul(m.i()).muli(tanhSlope(m.g()));
        INDArray dO = dhNext.mul(m.tanhC()).muli(sigmoidSlope(m.o()));           // through h' = o ⊙ tanh(c')
        INDArray da = Nd4j.hstack(di, df, dg, dO);                               // ∂L/∂(pre-activations), [B, 4H]
        return affineBackward(da, da, m.x(), m.hDropped(), m.drop(), w, grad).withCell(dc.mul(m.f())); // ∂L/∂c = ∂L/∂c' ⊙ f
    }
}
