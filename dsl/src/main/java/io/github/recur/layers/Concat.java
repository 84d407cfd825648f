package io.github.recur.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Joins its inputs along the feature axis (Keras' {@code Concatenate}): all sequences of the same
 * length, or all vectors. The output's mask is the first input's.
 *
 * <pre>{@code Node both = concat(decoder, context);   // [batch, time, 256 + 256]}</pre>
 */
public final class Concat extends Layer {
    private int[] widths;

    @Override public String type() { return "concat"; }
    @Override public Map<String, Object> config() { return new LinkedHashMap<>(); }
    @Override public Concat fresh() { return keepName(new Concat()); }
    @Override public int inputCount() { return -1; }

    /** The concatenation of {@code inputs} (two or more). */
    public Node on(Node... inputs) {
        if (inputs == null || inputs.length < 2) {
            throw new IllegalArgumentException("concat: give two or more nodes, e.g. concat(decoder, context), got "
                    + (inputs == null ? "null" : inputs.length));
        }
        return Node.call(this, List.of(inputs), List.of());
    }

    @Override public Node on(Node input) {
        throw new IllegalArgumentException("concat: give two or more nodes, e.g. concat(decoder, context)");
    }

    @Override public int outputFeatures(int inputFeatures) { throw error("takes two or more inputs"); }

    @Override public int outputFeatures(int[] inputFeatures) { return Arrays.stream(inputFeatures).sum(); }

    @Override public boolean outputIsSequence(boolean[] inputsAreSequences) {
        for (int i = 1; i < inputsAreSequences.length; i++) {
            if (inputsAreSequences[i] != inputsAreSequences[0]) {
                throw error("joins sequences or vectors, not both: input 0 is " + kind(inputsAreSequences[0]) + " but input " + i + " is "
                        + kind(inputsAreSequences[i]) + "; give the recurrent layer returnSequences() or drop it, so that both match");
            }
        }
        return inputsAreSequences[0];
    }

    private static String kind(boolean sequence) { return sequence ? "a sequence" : "a vector"; }

    @Override public void build(int inputFeatures, boolean inputIsSequence, Random rng, DataType dtype) { throw error("takes two or more inputs"); }

    @Override public void build(int[] inputFeatures, boolean[] inputsAreSequences, Random rng, DataType dtype) {
        outputIsSequence(inputsAreSequences);
        widths = inputFeatures.clone();
    }

    @Override public List<Param> params() { return List.of(); }

    @Override public INDArray forward(INDArray input, INDArray mask, boolean training, Random rng) { throw error("takes two or more inputs"); }

    @Override public INDArray forward(List<INDArray> inputs, List<INDArray> masks, boolean training, Random rng) {
        int axis = inputs.get(0).rank() - 1;
        for (int i = 1; i < inputs.size(); i++) {
            INDArray a = inputs.get(i), first = inputs.get(0);
            if (a.rank() != first.rank() || (a.rank() == 3 && a.size(0) != first.size(0)) || a.size(axis - 1) != first.size(axis - 1)) {
                throw error("input " + i + " has shape " + Arrays.toString(a.shape()) + " (time-major), which does not line up with input 0's "
                        + Arrays.toString(first.shape()) + "; the inputs need the same batch and the same number of steps");
            }
        }
        return Nd4j.concat(axis, inputs.toArray(new INDArray[0]));
    }

    @Override public INDArray outputMask(List<INDArray> inputMasks, List<INDArray> inputs) {
        for (INDArray m : inputMasks) if (m != null) return m;
        return null;
    }

    @Override public INDArray backward(INDArray gradOutput) { throw error("has several inputs; the model calls backwardEach"); }

    @Override public INDArray[] backwardEach(INDArray gradOutput, boolean inputGradient) {
        int rank = gradOutput.rank();
        var out = new ArrayList<INDArray>();
        long from = 0;
        for (int w : widths) {
            INDArrayIndex[] idx = new INDArrayIndex[rank];
            for (int d = 0; d < rank; d++) idx[d] = d == rank - 1 ? NDArrayIndex.interval(from, from + w) : NDArrayIndex.all();
            out.add(gradOutput.get(idx).dup('c'));
            from += w;
        }
        return out.toArray(new INDArray[0]);
    }

    @Override public String details() { return "features joined"; }
}
