package io.github.recur.model;

import io.github.recur.layers.Layer;
import io.github.recur.layers.Recurrent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** What a {@link Model}'s recurrent layers do inside, for the plots that teach RNNs: states, gates, ∂L/∂h_t. */
final class Inspector {
    private final Network net;
    private final Trainer trainer;

    Inspector(Network net, Trainer trainer) {
        this.net = net;
        this.trainer = trainer;
    }

    double[][] hiddenStates(INDArray x, int layerIndex) {
        Recurrent r = recurrentAt(layerIndex);
        net.forward(net.timeMajorInput(single(x)), null, false, false);
        return toMatrix(r.hiddenStates());
    }

    Map<String, double[][]> gateActivations(INDArray x, int layerIndex) {
        Recurrent r = recurrentAt(layerIndex);
        net.forward(net.timeMajorInput(single(x)), null, false, true);
        var out = new LinkedHashMap<String, double[][]>();
        r.gateActivations().forEach((k, v) -> out.put(k, toMatrix(v)));
        return out;
    }

    double[] stateGradientNorms(INDArray x, INDArray y, int layerIndex) {
        Recurrent r = recurrentAt(layerIndex);
        r.recordStateGradientNorms(true);
        try {
            trainer.computeGradients(x, y, null);
        } finally {
            r.recordStateGradientNorms(false); // training passes skip them
        }
        return r.stateGradientNorms();
    }

    /** The recurrent layer at an index; the forward direction of a bidirectional one. */
    private Recurrent recurrentAt(int layerIndex) {
        if (layerIndex < 0 || layerIndex >= net.layers().size()) {
            throw new IllegalArgumentException("layer index " + layerIndex + " is outside 0.." + (net.layers().size() - 1));
        }
        Layer l = net.layers().get(layerIndex);
        if (!l.recurrentLayers().isEmpty()) return l.recurrentLayers().get(0);
        throw new IllegalArgumentException(l.describe() + " is not recurrent; pick the index of an lstm, gru or simpleRnn layer");
    }

    /** The first sequence of {@code x} (or {@code x} itself, one sequence without the batch axis) as a batch of one. */
    private INDArray single(INDArray x) {
        net.requireOneInput("hiddenStates, gateActivations and stateGradientNorms");
        if (x.rank() == 2 && !net.first().takesTokenIds()) x = x.reshape(1, x.size(0), x.size(1));
        if (x.rank() == 1) x = x.reshape(1, x.length());
        net.buildFor(x);
        return x.get(NDArrayIndex.interval(0, 1)).dup('c');
    }

    /** Batch entry 0 of {@code [time, batch, units]} as {@code [time][units]}. */
    private static double[][] toMatrix(INDArray tbh) {
        long t = tbh.size(0), h = tbh.size(2);
        double[][] m = new double[(int) t][(int) h];
        INDArray first = tbh.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()).castTo(DataType.DOUBLE).dup('c');
        double[] flat = first.data().asDouble();
        for (int i = 0; i < t; i++) System.arraycopy(flat, (int) (i * h), m[i], 0, (int) h);
        return m;
    }
}
