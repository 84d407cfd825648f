package io.github.recur.model;

import io.github.recur.data.SequenceData;
import io.github.recur.layers.Layer;
import io.github.recur.layers.Recurrent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Predictions of a {@link Model}: whole sequences, one step at a time (stateful), autoregressive forecasts. */
final class Inference {
    private static final int BATCH = 512;

    private final Network net;

    Inference(Network net) { this.net = net; }

    INDArray predict(INDArray x, INDArray mask) {
        DataChecks.inputs("predict", x);
        DataChecks.mask("predict", mask, x);
        Trainer.requireMaskIfTrainedWithOne(net, "predict", mask, "model.predict(x, mask)");
        return predictChecked(x, mask);
    }

    /** Predictions of a functional model from its inputs by name. */
    INDArray predict(Map<String, INDArray> inputs) {
        if (inputs == null) throw new IllegalArgumentException("predict: inputs is null; pass the model's inputs by name, e.g. Map.of(\"source\", src)");
        inputs.forEach((name, a) -> DataChecks.inputs("predict", "input \"" + name + "\"", a));
        if (net.outputCount() > 1) {
            throw new IllegalArgumentException("predict: this model has " + net.outputCount() + " outputs " + net.outputNames()
                    + "; predictOutputs(inputs) returns each by name");
        }
        return predictChecked(SequenceData.of(inputs, (INDArray) null));
    }

    /** Every output's predictions, by the output layers' names. */
    Map<String, INDArray> predictOutputs(Map<String, INDArray> inputs) {
        if (inputs == null) throw new IllegalArgumentException("predictOutputs: inputs is null; pass the model's inputs by name, e.g. Map.of(\"x\", x)");
        inputs.forEach((name, a) -> DataChecks.inputs("predictOutputs", "input \"" + name + "\"", a));
        SequenceData data = SequenceData.of(inputs, (INDArray) null);
        net.buildFor(data.x());
        var parts = new ArrayList<List<INDArray>>();
        for (int i = 0; i < net.outputCount(); i++) parts.add(new ArrayList<>());
        for (SequenceData b : data.batches(BATCH, null)) {
            List<INDArray> outs = net.forwardAll(Trainer.inputsOf(net, b.x(), b.inputs()), null, false, false);
            for (int i = 0; i < outs.size(); i++) parts.get(i).add(Network.batchFirst(outs.get(i)));
        }
        var result = new java.util.LinkedHashMap<String, INDArray>();
        for (int i = 0; i < parts.size(); i++) {
            List<INDArray> p = parts.get(i);
            result.put(net.outputNames().get(i), p.size() == 1 ? p.get(0) : Nd4j.concat(0, p.toArray(new INDArray[0])));
        }
        return result;
    }

    private INDArray predictChecked(INDArray x, INDArray mask) {
        return predictChecked(new SequenceData(x, null, mask));
    }

    private INDArray predictChecked(SequenceData data) {
        net.buildFor(data.x());
        var parts = new ArrayList<INDArray>();
        for (SequenceData b : data.batches(BATCH, null)) {
            INDArray out = net.forward(Trainer.inputsOf(net, b.x(), b.inputs()), net.timeMajorMask(b.mask()), false, false);
            parts.add(Network.batchFirst(out));
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    INDArray step(INDArray xt) {
        DataChecks.inputs("step", xt);
        net.requireOneInput("step");
        Layer future = net.firstReadingFuture();
        if (future != null) {
            throw new IllegalArgumentException("step: " + future.describe() + " needs the whole sequence (it reads it backwards too); "
                    + "use predict on full sequences, or a unidirectional model for step-by-step inference");
        }
        INDArray x3;
        if (net.first().takesTokenIds()) {
            x3 = xt.reshape(xt.length(), 1);
        } else {
            if (xt.rank() == 1) xt = xt.reshape(1, xt.length());
            if (xt.rank() != 2) throw new IllegalArgumentException("step: expects one time step [batch, features], got " + Arrays.toString(xt.shape()));
            if (net.built() && xt.size(1) == net.inputFeatures() && xt.dataType() == net.dtype()) {
                // One step: batch-first [B, 1, F] and time-major [1, B, F] are the same memory, so a reshape
                // replaces timeMajorInput's copy (this runs once per generated token).
                net.stateful(true);
                INDArray out = net.forward(xt.reshape('c', 1, xt.size(0), xt.size(1)), null, false, false);
                return out.rank() == 3 ? out.reshape('c', out.size(1), out.size(2)) : out;
            }
            x3 = xt.reshape(xt.size(0), 1, xt.size(1));
        }
        net.buildFor(x3);
        net.stateful(true);
        INDArray out = net.forward(net.timeMajorInput(x3), null, false, false);
        INDArray bf = Network.batchFirst(out);
        return bf.rank() == 3 ? bf.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()).dup() : bf;
    }

    void resetState() {
        net.forEachRecurrent(Recurrent::resetState);
        net.stateful(false);
    }

    void initialState(int layerIndex, INDArray h, INDArray c) {
        if (h == null && c != null) throw new IllegalArgumentException("initialState: h is null but c is not; pass both (LSTM) or neither (back to zeros)");
        oneDirectionAt(layerIndex, "initialState").initialState(h == null ? null : h.castTo(net.dtype()), c == null ? null : c.castTo(net.dtype()));
    }

    INDArray[] finalState(int layerIndex) {
        return oneDirectionAt(layerIndex, "finalState").finalState();
    }

    private Recurrent oneDirectionAt(int layerIndex, String what) {
        if (layerIndex < 0 || layerIndex >= net.layers().size()) {
            throw new IllegalArgumentException(what + ": layer index " + layerIndex + " is outside 0.." + (net.layers().size() - 1));
        }
        Layer l = net.layers().get(layerIndex);
        if (l.recurrentLayers().size() == 1) return l.recurrentLayers().get(0);
        throw new IllegalArgumentException(what + ": " + l.describe() + " is not a (one-directional) recurrent layer; "
                + "pick the index of an lstm, gru or simpleRnn layer");
    }

    INDArray forecast(INDArray history, int steps) {
        if (steps <= 0) throw new IllegalArgumentException("forecast: steps must be positive, got " + steps);
        net.requireOneInput("forecast");
        DataChecks.inputs("forecast", "history", history);
        if (history.rank() != 3) throw new IllegalArgumentException("forecast: history must be [batch, time, features], got " + Arrays.toString(history.shape()));
        long b = history.size(0), t = history.size(1), f = history.size(2);
        INDArray window = history.castTo(net.dtype()).dup('c');
        INDArray out = Nd4j.create(net.dtype(), b, steps, f);
        for (int s = 0; s < steps; s++) {
            INDArray p = predictChecked(window, null); // full windows: no padding, so no mask
            if (p.rank() == 3) p = p.get(NDArrayIndex.all(), NDArrayIndex.point(p.size(1) - 1), NDArrayIndex.all());
            if (p.size(1) != f) {
                throw new IllegalArgumentException("forecast: the model outputs " + p.size(1) + " values per step but the input has "
                        + f + " features; autoregressive forecasting feeds outputs back as inputs, so they must match");
            }
            out.get(NDArrayIndex.all(), NDArrayIndex.point(s), NDArrayIndex.all()).assign(p);
            INDArray next = Nd4j.create(net.dtype(), b, t, f);
            if (t > 1) next.get(NDArrayIndex.all(), NDArrayIndex.interval(0, t - 1), NDArrayIndex.all())
                    .assign(window.get(NDArrayIndex.all(), NDArrayIndex.interval(1, t), NDArrayIndex.all()));
            next.get(NDArrayIndex.all(), NDArrayIndex.point(t - 1), NDArrayIndex.all()).assign(p);
            window = next;
        }
        return out;
    }
}
