package io.github.recur.layers;

import java.util.ArrayList;
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
    public Bidirectional sum() { return new Bidirectional(forward, Merge.SUM); }

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

    @Override public Layer fresh() { return new Bidirectional(forward, merge); }

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

    @Override public INDArray backward(INDArray gradOutput) { return backward(gradOutput, true); }

    @Override public INDArray backward(INDArray gradOutput, boolean inputGradient) {
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
        INDArray dxf = forward.backward(gf, inputGradient), dxb = backward.backward(gb, inputGradient);
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
