package io.github.recur.model;

import io.github.recur.decode.DecoderStep;
import io.github.recur.layers.Node;
import java.util.BitSet;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A trained encoder–decoder as a {@link DecoderStep}: what does not depend on the target input (the encoder,
 * its states, its padding mask) is computed once; each step then feeds every row's last token through the
 * part that does (embedding, decoder, attention, output) for one time step, each recurrent layer there
 * continuing from the state it reached, and returns log-probabilities of the next token. Rows follow
 * {@link #keepRows} by one gather of everything kept per row. Padding (id 0) is never proposed.
 */
final class GraphDecoding implements DecoderStep {
    private final Network net;
    private final Graph graph;
    private final int target;              // the target input's vertex
    private final BitSet targetPart;       // vertices that depend on the target input
    private final Network.Pass pass;
    private final boolean softmaxOutput;
    private boolean started;

    GraphDecoding(Network net, List<INDArray> timeMajorInputs, int targetIndex) {
        this.net = net;
        this.graph = net.graph();
        this.target = graph.inputVertex(targetIndex);
        this.targetPart = dependentsOf(target);
        Graph.Vertex out = graph.outputVertex();
        if (!targetPart.get(out.id)) {
            throw new IllegalArgumentException("decode: the output does not depend on input \"" + graph.inputNames().get(targetIndex)
                    + "\", so it cannot be fed back token by token; name the decoder's input (the shifted target)");
        }
        if (!out.sequence) {
            throw new IllegalArgumentException("decode: the output is one vector per example, not one per target step; the decoder needs "
                    + ".returnSequences() so that each step predicts a token");
        }
        for (Graph.Vertex v : graph.vertices()) {
            if (targetPart.get(v.id) && v.kind == Graph.Kind.CALL && v.layer.readsFuture()) {
                throw new IllegalArgumentException("decode: " + v.layer.describe() + " reads the target sequence in both directions, so it "
                        + "cannot run one token at a time; a decoder must be one-directional");
            }
        }
        String activation = net.last().outputActivation();
        if (!"linear".equals(activation) && !"softmax".equals(activation)) {
            throw new IllegalArgumentException("decode: the output layer " + net.last().describe() + " has activation " + activation
                    + "; decoding needs scores over the vocabulary: a linear (logits) or softmax output");
        }
        this.softmaxOutput = "softmax".equals(activation);
        pass = new Network.Pass(graph.vertices().size());
        for (int i = 0; i < timeMajorInputs.size(); i++) if (i != targetIndex) pass.values[graph.inputVertex(i)] = timeMajorInputs.get(i);
        BitSet sourcePart = new BitSet();
        sourcePart.set(0, graph.vertices().size());
        sourcePart.andNot(targetPart);
        net.forEachRecurrent(r -> r.keepGates(false));
        net.run(pass, sourcePart, false);
    }

    /** The vertex and every vertex that reads it, directly or through others (states included). */
    private BitSet dependentsOf(int start) {
        BitSet out = new BitSet();
        out.set(start);
        for (Graph.Vertex v : graph.vertices()) {
            boolean reads = v.kind == Graph.Kind.STATE && out.get(v.owner);
            for (int i : v.inbound) reads |= out.get(i);
            for (int i : v.stateIn) reads |= out.get(i);
            if (reads) out.set(v.id);
        }
        return out;
    }

    @Override public INDArray logProbabilities(int[] previousTokens) {
        int rows = previousTokens.length;
        float[] ids = new float[rows];
        for (int i = 0; i < rows; i++) ids[i] = previousTokens[i];
        pass.values[target] = Nd4j.createFromArray(new float[][] {ids}).castTo(net.dtype()); // [1 step, rows]
        pass.masks[target] = null;
        net.run(pass, targetPart, false);
        for (Graph.Vertex v : graph.vertices()) {
            if (targetPart.get(v.id) && v.kind == Graph.Kind.CALL && v.layer.stateCount() > 0) pass.startFrom[v.id] = v.layer.finalStates();
        }
        started = true;
        INDArray out = pass.values[graph.outputVertex().id];
        INDArray scores = out.reshape('c', out.size(1), out.size(2)).castTo(DataType.DOUBLE);
        INDArray logP = softmaxOutput ? Transforms.log(scores, true) : logSoftmax(scores);
        logP.getColumn(0).assign(Double.NEGATIVE_INFINITY); // padding is not a token to produce
        return logP;
    }

    private static INDArray logSoftmax(INDArray logits) {
        INDArray shifted = logits.subColumnVector(logits.max(1).reshape(logits.size(0), 1));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(1), false).reshape(logits.size(0), 1);
        return shifted.subiColumnVector(logSum);
    }

    @Override public void keepRows(int[] rows) {
        for (Graph.Vertex v : graph.vertices()) {
            int id = v.id;
            if (!targetPart.get(id)) {
                if (pass.values[id] != null) pass.values[id] = gather(pass.values[id], v.sequence && pass.values[id].rank() >= 2 ? 1 : 0, rows);
                if (pass.masks[id] != null) pass.masks[id] = gather(pass.masks[id], 1, rows);
                if (pass.states[id] != null) pass.states[id] = gatherAll(pass.states[id], rows);
            }
            if (started && pass.startFrom[id] != null) pass.startFrom[id] = gatherAll(pass.startFrom[id], rows);
        }
    }

    private static INDArray[] gatherAll(INDArray[] arrays, int[] rows) {
        INDArray[] out = new INDArray[arrays.length];
        for (int i = 0; i < out.length; i++) out[i] = gather(arrays[i], 0, rows);
        return out;
    }

    /** Rows {@code rows} (repeats allowed) along {@code axis}. */
    private static INDArray gather(INDArray a, int axis, int[] rows) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        for (int d = 0; d < idx.length; d++) idx[d] = d == axis ? new SpecifiedIndex(rows) : NDArrayIndex.all();
        return a.get(idx).dup('c');
    }

    static int targetIndexOf(Network net, String name) {
        int i = net.inputNames().indexOf(name);
        if (i < 0) throw new IllegalArgumentException("decode: the model has no input \"" + name + "\"; its inputs are " + net.inputNames());
        if (net.graph().inputKind(i) != Node.InputKind.TOKENS) {
            throw new IllegalArgumentException("decode: input \"" + name + "\" does not hold token ids; decoding feeds tokens back into a .tokens() input");
        }
        return i;
    }

}
