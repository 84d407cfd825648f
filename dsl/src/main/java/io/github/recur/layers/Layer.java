package io.github.recur.layers;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer of a sequential model. Declared through the static factories of {@code Recur}
 * ({@code lstm(64)}, {@code dense(1)}, ...) as an immutable configuration; a model takes a fresh copy
 * ({@link #fresh()}) and builds it when the input size is known.
 *
 * <p>Inside a model, sequences are time-major {@code [time, batch, features]} (contiguous per
 * step, so each step is one block for the matrix products); the model converts from and to the
 * batch-first layout users see. Masks are {@code [time, batch]} with 1 for real steps.
 */
public abstract class Layer {
    private int index = -1;

    /** Keras-style type name ("lstm", "dense", ...). */
    public abstract String type();

    /** Configuration as plain data (for saving and summaries); {@code type} is added by the model. */
    public abstract Map<String, Object> config();

    /** An unbuilt copy with the same configuration. */
    public abstract Layer fresh();

    /** Output features for the given input features; validates the input. */
    public abstract int outputFeatures(int inputFeatures);

    /** Whether the output is a sequence, given whether the input is. */
    public boolean outputIsSequence(boolean inputIsSequence) { return inputIsSequence; }

    /** Whether this layer needs a sequence input (recurrent layers) or accepts both. */
    public boolean requiresSequence() { return false; }

    /** Allocates and initialises parameters (Keras initialisers, documented per layer). */
    public abstract void build(int inputFeatures, boolean inputIsSequence, Random rng, DataType dtype);

    /** Trainable parameters with their names inside the layer (PyTorch state_dict names). */
    public abstract List<Param> params();

    /**
     * Forward pass; {@code training} enables dropout. Keeps what backward needs, which may be the input
     * array itself (as PyTorch's autograd keeps its inputs): leave it unchanged until backward has run.
     */
    public abstract INDArray forward(INDArray input, INDArray mask, boolean training, Random rng);

    /** Backward pass from ∂L/∂output; writes parameter gradients and returns ∂L/∂input. */
    public abstract INDArray backward(INDArray gradOutput);

    /**
     * Backward pass that may skip ∂L/∂input when no layer before this one learns ({@code inputGradient}
     * false; the model knows): it then writes the parameter gradients and may return null. Layers
     * whose input gradient is cheap ignore the hint; a recurrent layer saves a whole-sequence product.
     */
    public INDArray backward(INDArray gradOutput, boolean inputGradient) { return backward(gradOutput); }

    // ---- capabilities: what the model asks a layer instead of asking for its class ----------------

    /** Whether the input is token ids {@code [batch, time]} rather than features {@code [batch, time, features]} (an embedding). */
    public boolean takesTokenIds() { return false; }

    /**
     * Whether the output at step t depends on steps after t (a bidirectional layer): such a layer can
     * neither be trained in truncated windows nor run one step at a time.
     */
    public boolean readsFuture() { return false; }

    /**
     * The recurrent layers inside this one, whose state and introspection the model drives: itself for
     * a recurrent layer, both directions (forward first) of a bidirectional one, none for the others.
     */
    public List<Recurrent> recurrentLayers() { return List.of(); }

    /**
     * The name (within the layer) of the weight whose second axis is the input size, e.g.
     * {@code weight_ih_l0}: how a model learns its input size from a weights file. Null when no weight tells.
     */
    public String inputSizeWeight() { return null; }

    /**
     * The activation applied last to this layer's output, by its Keras name ({@code "linear"},
     * {@code "sigmoid"}, {@code "softmax"}, ...), or null when no single activation says what the
     * output is (recurrent and dropout layers): losses check it, since probabilities need a sigmoid or
     * softmax output.
     */
    public String outputActivation() { return null; }

    /** The mask of this layer's output (null when the output is not a sequence). */
    public INDArray outputMask(INDArray inputMask, INDArray input) { return inputMask; }

    /** Position in its model (for error messages and weight names), -1 before it joins one. */
    public int index() { return index; }

    public void index(int i) { this.index = i; }

    /** "lstm (layer 0)" — how errors name this layer. */
    public String describe() { return index >= 0 ? type() + " (layer " + index + ")" : type(); }

    /** Human-readable configuration for summaries, e.g. "64 units, return sequences". */
    public String details() { return ""; }

    protected IllegalArgumentException error(String message) {
        return new IllegalArgumentException(describe() + ": " + message);
    }
}
