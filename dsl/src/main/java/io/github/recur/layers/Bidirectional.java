package io.github.recur.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runs a recurrent layer forwards and a copy of it backwards over the sequence and merges the two
 * outputs: {@code concat} (default, as PyTorch's {@code bidirectional=True}) or {@code sum}.
 * The backward direction's weights carry PyTorch's {@code _reverse} suffix. With last-step output
 * the result is each direction's final state (forward after the last step, backward after the first).
 *
 * <p>States, as Keras' {@code Bidirectional(..., return_state=True)} orders them: the forward direction's
 * {h (, c)} then the backward direction's: {@link #finalState()}, {@link #initialState(INDArray...)},
 * {@link #initialStateGradient()}, {@link #backward(INDArray, INDArray[], boolean)}.
 *
 * <pre>{@code sequential(embedding(5000, 32), bidirectional(lstm(32)), dense(1, "sigmoid"))}</pre>
 */
public final class Bidirectional extends Layer {
    /** How the two directions' outputs are merged. */
    public enum Merge { CONCAT, SUM }

    private final Recurrent forward;
    private final Recurrent backward;
    private final Merge merge;

    public Bidirectional(Recurrent layer, Merge merge) {
        if (layer == null) throw new IllegalArgumentException("bidirectional: layer is null; e.g. bidirectional(lstm(32))");
        if (merge == null) throw new IllegalArgumentException("bidirectional: merge is null; use Merge.CONCAT (default) or Merge.SUM");
        if (layer.reversed()) {
            throw new IllegalArgumentException("bidirectional: give the forward layer (" + layer.type()
                    + " without goBackwards()); the backward copy is made for you");
        }
        this.forward = (Recurrent) layer.fresh();
        this.backward = layer.withDirection(true);
        this.merge = merge;
    }

    /** A copy that adds the two directions instead of concatenating them. */
    public Bidirectional sum() { return keepName(new Bidirectional(forward, Merge.SUM)); }

    /** This layer applied to {@code input}; its states are {h_fwd, h_bwd} or {h_fwd, c_fwd, h_bwd, c_bwd}. */
    @Override public RecurrentNode on(Node input) { return RecurrentNode.call(this, input, List.of()); }

    /** This layer applied to {@code input}, both directions starting from {@code initialState} (in {@link #finalState()}'s order). */
    public RecurrentNode on(Node input, List<Node> initialState) { return RecurrentNode.call(this, input, initialState); }

    @Override public Bidirectional named(String name) { return (Bidirectional) super.named(name); }

    @Override public int stateCount() { return 2 * perDirection(); }

    @Override public int[] stateSizes() {
        int[] sizes = new int[stateCount()];
        java.util.Arrays.fill(sizes, forward.units());
        return sizes;
    }

    @Override public List<String> stateNames() {
        return perDirection() == 2 ? List.of("h_fwd", "c_fwd", "h_bwd", "c_bwd") : List.of("h_fwd", "h_bwd");
    }

    @Override public void initialStates(INDArray[] states) { initialState(states == null ? new INDArray[0] : states); }

    @Override public INDArray[] finalStates() { return finalState(); }

    @Override public INDArray[] initialStateGradients() { return initialStateGradient(); }

    public Recurrent forwardLayer() { return forward; }
    public Recurrent backwardLayer() { return backward; }
    public Merge merge() { return merge; }

    @Override public String type() { return "bidirectional"; }

    @Override public Map<String, Object> config() {
        var m = new LinkedHashMap<String, Object>();
        var inner = new LinkedHashMap<String, Object>();
        inner.put("type", forward.type());
        inner.putAll(forward.config());
        m.put("layer", inner);
        m.put("merge", merge.name().toLowerCase(Locale.ROOT));
        return m;
    }

    @Override public Bidirectional fresh() { return keepName(new Bidirectional(forward, merge)); }

    @Override public String details() { return forward.type() + " " + forward.details() + ", " + merge.name().toLowerCase(Locale.ROOT); }

    @Override public boolean requiresSequence() { return true; }

    @Override public boolean readsFuture() { return true; }

    @Override public List<Recurrent> recurrentLayers() { return List.of(forward, backward); }

    @Override public String inputSizeWeight() { return forward.inputSizeWeight(); }

    @Override public boolean outputIsSequence(boolean in) { return forward.returnsSequences(); }

    @Override public int outputFeatures(int inputFeatures) {
        return merge == Merge.CONCAT ? 2 * forward.units() : forward.units();
    }

    @Override public void build(int inputFeatures, boolean inputIsSequence, Random rng, DataType dtype) {
        forward.build(inputFeatures, rng, dtype, "");
        backward.build(inputFeatures, rng, dtype, "_reverse");
    }

    @Override public void index(int i) {
        super.index(i);
        forward.index(i);
        backward.index(i);
    }

    @Override public List<Param> params() {
        var all = new ArrayList<Param>(forward.params());
        all.addAll(backward.params());
        return all;
    }

    @Override public INDArray forward(INDArray input, INDArray mask, boolean training, Random rng) {
        INDArray f = forward.forward(input, mask, training, rng);
        INDArray b = backward.forward(input, mask, training, rng);
        return merge == Merge.SUM ? f.addi(b) : Nd4j.concat(f.rank() - 1, f, b);
    }

    @Override public INDArray outputMask(INDArray inputMask, INDArray input) {
        return forward.outputMask(inputMask, input);
    }

    /** States per direction: 1 (h), or 2 (h, c) for LSTM. */
    private int perDirection() { return forward.cell().hasCellState() ? 2 : 1; }

    /**
     * Both directions' final states of the last forward pass, forward first: {h_fwd, h_bwd} or, for LSTM,
     * {h_fwd, c_fwd, h_bwd, c_bwd}, each {@code [batch, units]} (the backward direction's is its state after
     * reading the first step).
     *
     * <pre>{@code INDArray[] s = encoder.finalState(); INDArray both = Nd4j.concat(1, s[0], s[2]); // a bridge's input}</pre>
     */
    public INDArray[] finalState() { return forwardThenBackward(forward.finalState(), backward.finalState()); }

    /**
     * The states the next forward passes start from, in {@link #finalState()}'s order ({h_fwd, h_bwd} or
     * {h_fwd, c_fwd, h_bwd, c_bwd}, each {@code [batch, units]}); no argument goes back to zeros.
     *
     * <pre>{@code encoder.initialState(hf, cf, hb, cb);}</pre>
     */
    public void initialState(INDArray... states) {
        int n = perDirection();
        if (states == null || states.length == 0) {
            forward.initialState(null, null);
            backward.initialState(null, null);
            return;
        }
        if (states.length != 2 * n) {
            throw error("initialState takes " + (n == 2 ? "{h_fwd, c_fwd, h_bwd, c_bwd}" : "{h_fwd, h_bwd}") + " (" + 2 * n
                    + " arrays) but got " + states.length);
        }
        forward.initialState(states[0], n == 2 ? states[1] : null);
        backward.initialState(states[n], n == 2 ? states[n + 1] : null);
    }

    /** ∂L/∂ of the initial states given with {@link #initialState(INDArray...)}, in the same order, after a backward pass. */
    public INDArray[] initialStateGradient() {
        return forwardThenBackward(forward.initialStateGradient(), backward.initialStateGradient());
    }

    /** The forward direction's states, then the backward one's: Keras' return_state order. */
    private static INDArray[] forwardThenBackward(INDArray[] f, INDArray[] b) {
        INDArray[] all = Arrays.copyOf(f, f.length + b.length);
        System.arraycopy(b, 0, all, f.length, b.length);
        return all;
    }

    @Override public INDArray backward(INDArray gradOutput) { return backward(gradOutput, true); }

    @Override public INDArray backward(INDArray gradOutput, boolean inputGradient) { return backward(gradOutput, null, inputGradient); }

    /**
     * Backward from ∂L/∂output (or null) and ∂L/∂ of the final states ({@link #finalState()}'s order, or null):
     * each direction gets its part.
     */
    public INDArray backward(INDArray gradOutput, INDArray[] finalStateGradient, boolean inputGradient) {
        int n = perDirection();
        INDArray[] sf = null, sb = null;
        if (finalStateGradient != null) {
            if (finalStateGradient.length != 2 * n) {
                throw error("the final states' gradient must be " + (n == 2 ? "{dh_fwd, dc_fwd, dh_bwd, dc_bwd}" : "{dh_fwd, dh_bwd}")
                        + " as finalState() gives the states, got " + finalStateGradient.length + " array(s)");
            }
            sf = Arrays.copyOfRange(finalStateGradient, 0, n);
            sb = Arrays.copyOfRange(finalStateGradient, n, 2 * n);
        }
        if (gradOutput == null) {
            INDArray dxf = forward.backward(null, sf, inputGradient), dxb = backward.backward(null, sb, inputGradient);
            return inputGradient ? dxf.addi(dxb) : null;
        }
        INDArray gf, gb;
        if (merge == Merge.SUM) {
            gf = gradOutput;
            gb = gradOutput;
        } else {
            long h = forward.units();
            int last = gradOutput.rank() - 1;
            INDArrayIndexHelper idx = new INDArrayIndexHelper(gradOutput.rank(), last);
            gf = gradOutput.get(idx.range(0, h)).dup('c');
            gb = gradOutput.get(idx.range(h, 2 * h)).dup('c');
        }
        INDArray dxf = forward.backward(gf, sf, inputGradient), dxb = backward.backward(gb, sb, inputGradient);
        return inputGradient ? dxf.addi(dxb) : null;
    }

    /** Index over the last axis only. */
    private static final class INDArrayIndexHelper {
        private final int rank, axis;
        INDArrayIndexHelper(int rank, int axis) { this.rank = rank; this.axis = axis; }
        org.nd4j.linalg.indexing.INDArrayIndex[] range(long from, long to) {
            var idx = new org.nd4j.linalg.indexing.INDArrayIndex[rank];
            for (int i = 0; i < rank; i++) idx[i] = i == axis ? NDArrayIndex.interval(from, to) : NDArrayIndex.all();
            return idx;
        }
    }
}
