package io.github.recur.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One trainable tensor of a layer, with its gradient buffer of the same shape.
 *
 * <p>The name is PyTorch's {@code state_dict} name inside the layer (e.g. {@code weight_ih_l0}); the
 * model prefixes it with the layer index ({@code 0.weight_ih_l0}) for import and export.
 * {@code decay} says whether L2 weight decay applies (weights yes, biases no, as Keras
 * regularizers are usually set).
 */
public final class Param {
    private final String name;
    private final INDArray value;
    private final INDArray grad;
    private final boolean decay;

    public Param(String name, INDArray value, boolean decay) {
        this.name = name;
        this.value = value;
        this.grad = value.ulike();
        this.decay = decay;
    }

    /** A parameter that shares existing value and gradient arrays (e.g. under a model-level name). */
    public Param(String name, INDArray value, INDArray grad, boolean decay) {
        this.name = name;
        this.value = value;
        this.grad = grad;
        this.decay = decay;
    }

    public String name() { return name; }
    /** The live parameter values; optimizers update this array in place. */
    public INDArray value() { return value; }
    /** The gradient accumulated by the last backward pass (same shape as {@link #value()}). */
    public INDArray grad() { return grad; }
    public boolean decay() { return decay; }
    public long size() { return value.length(); }
}
