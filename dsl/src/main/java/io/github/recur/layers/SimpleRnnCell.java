package io.github.recur.layers;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Elman RNN step, PyTorch's {@code nn.RNN}:
 * <pre>
 * h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)        (or relu)
 * </pre>
 */
final class SimpleRnnCell extends RecurrentCell {
    static final SimpleRnnCell TANH = new SimpleRnnCell(false);
    static final SimpleRnnCell RELU = new SimpleRnnCell(true);

    private final boolean relu;

    private SimpleRnnCell(boolean relu) { this.relu = relu; }

    @Override public String type() { return "simple_rnn"; }
    @Override public int gates() { return 1; }
    @Override public String[] gateNames() { return new String[] {"hidden"}; }
    @Override public boolean hasCellState() { return false; }

    @Override void putConfig(Map<String, Object> config) { config.put("activation", relu ? "relu" : "tanh"); }
    @Override String details() { return relu ? ", relu" : ""; }
    @Override boolean gatesAreHiddenStates() { return true; }
    @Override FastKernel fast() { return relu ? FastSimpleRnn.RELU : FastSimpleRnn.TANH; }

    /** What backward reads: the step's input, the previous state as W_hh saw it, the dropout mask, and h' (the derivative of tanh or relu is read from it). */
    private record Memo(INDArray x, INDArray hDropped, INDArray drop, INDArray h) implements StepMemo {
        @Override public INDArray c() { return null; }
        @Override public INDArray[] gates() { return new INDArray[] {h}; }
    }

    @Override StepMemo forward(INDArray x, INDArray h, INDArray c, INDArray drop, CellWeights w) {
        INDArray hd = dropped(h, drop);
        INDArray a = x.mmul(w.ih().transpose()).addiRowVector(w.bIh())      // a = x·W_ihᵀ + b_ih
                .addi(hd.mmul(w.hh().transpose())).addiRowVector(w.bHh());  //   + h·W_hhᵀ + b_hh
        INDArray hNext = relu ? Transforms.relu(a, false) : Transforms.tanh(a, false); // h' = tanh(a)
        return new Memo(x, hd, drop, hNext);
    }

    @Override StepGradient backward(INDArray dhNext, INDArray dcNext, StepMemo step, CellWeights w, CellWeights grad) {
        Memo m = (Memo) step;
        INDArray slope = relu ? m.h().gt(0).castTo(m.h().dataType()) : tanhSlope(m.h()); // relu' = [h' > 0], tanh' = 1 − h'²
        INDArray da = dhNext.mul(slope);                                                 // ∂L/∂a = ∂L/∂h' ⊙ act'(a)
        return affineBackward(da, da, m.x(), m.hDropped(), m.drop(), w, grad);
    }
}
