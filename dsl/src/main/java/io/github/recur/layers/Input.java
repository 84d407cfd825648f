package io.github.recur.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Declares the input shape up front ({@code input(timeSteps, features)}), so a model can be
 * summarised before it sees data. Not a layer of its own: the model reads it and drops it.
 * Use 0 time steps for variable-length sequences.
 */
public final class Input extends Layer {
    private final int timeSteps;
    private final int features;

    public Input(int timeSteps, int features) {
        if (timeSteps < 0) throw new IllegalArgumentException("input: timeSteps must be >= 0 (0 = variable), got " + timeSteps);
        if (features <= 0) throw new IllegalArgumentException("input: features must be positive, got " + features);
        this.timeSteps = timeSteps;
        this.features = features;
    }

    public int timeSteps() { return timeSteps; }
    public int features() { return features; }

    @Override public String type() { return "input"; }
    @Override public Map<String, Object> config() {
        var m = new LinkedHashMap<String, Object>();
        m.put("time_steps", timeSteps);
        m.put("features", features);
        return m;
    }
    @Override public Layer fresh() { return this; }
    @Override public int outputFeatures(int in) { return features; }
    @Override public void build(int in, boolean seq, Random rng, DataType dtype) {}
    @Override public List<Param> params() { return List.of(); }
    @Override public INDArray forward(INDArray input, INDArray mask, boolean training, Random rng) { return input; }
    @Override public INDArray backward(INDArray gradOutput) { return gradOutput; }
}
