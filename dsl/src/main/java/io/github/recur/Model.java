package io.github.recur;

import io.github.recur.layers.Param;
import io.github.recur.train.Optimizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Sequential recurrent model (skeleton: the API contract; bodies land with the layers). */
public final class Model {
    /** Asks a running {@code fit} to stop after the current epoch (used by callbacks). */
    public void stopTraining() { throw new IllegalStateException("in progress"); }

    /** Copies of all parameters by PyTorch state_dict name prefixed with the layer index ({@code 0.weight_ih_l0}). */
    public Map<String, INDArray> weights() { throw new IllegalStateException("in progress"); }

    /** Loads parameters by name; every parameter must be present with the right shape. */
    public void loadWeights(Map<String, INDArray> weights) { throw new IllegalStateException("in progress"); }

    /** All trainable parameters with full names ({@code 0.weight_ih_l0}). */
    public List<Param> params() { throw new IllegalStateException("in progress"); }

    /** The optimizer given to compile, or null. */
    public Optimizer optimizer() { throw new IllegalStateException("in progress"); }

    /** Architecture as plain data: one map per layer with "type" and its configuration. */
    public List<Map<String, Object>> architecture() { throw new IllegalStateException("in progress"); }

    /** Rebuilds an uncompiled, unbuilt model from {@link #architecture()}. */
    public static Model fromArchitecture(List<Map<String, Object>> architecture) { throw new IllegalStateException("in progress"); }

    /** Saves architecture, weights and optimizer state in one versioned file, atomically. */
    public void save(Path path) { throw new IllegalStateException("in progress"); }

    public static Model load(Path path) { throw new IllegalStateException("in progress"); }

    public INDArray predict(INDArray x) { throw new IllegalStateException("in progress"); }
}
