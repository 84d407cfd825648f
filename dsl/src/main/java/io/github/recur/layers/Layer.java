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
    private String name; // given with named(...): the model's name for it, in weights and summaries

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

    /**
     * While on, {@link #forward} may write its output into the array it returned from the previous pass made
     * with this on, instead of a new one; off (the default), every output is a new array, the caller's to keep.
     * A model's training step turns it on for its forward pass: there only the loss and backward read the
     * outputs, within the step, and a vocabulary-sized output made anew each step would arrive on fresh memory
     * pages (ND4J frees an array only when the garbage collector finds it). Layers without a large output of
     * their own ignore it.
     */
    public void reuseOutput(boolean on) {}

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

    // ---- in a functional model: several inputs, states, names -----------------------------------

    /**
     * This layer applied to {@code input}: a node of a functional model. Applying one layer object
     * twice shares its weights, as in Keras.
     *
     * <pre>{@code
     * Node source = input("source").tokens();
     * Node embedded = embedding(5000, 64).maskZero().on(source);
     * }</pre>
     */
    public Node on(Node input) {
        if (input == null) throw new IllegalArgumentException(type() + ".on: input is null; pass a node, e.g. input(\"x\").features(3)");
        return Node.call(this, List.of(input), List.of());
    }

    /** How many inputs a call of this layer takes: 1, or -1 for "two or more" (concat). */
    public int inputCount() { return 1; }

    /** Output features for the given features of each input (one per input). */
    public int outputFeatures(int[] inputFeatures) {
        requireInputs(inputFeatures.length);
        return outputFeatures(inputFeatures[0]);
    }

    /** Whether the output is a sequence, given which inputs are. */
    public boolean outputIsSequence(boolean[] inputsAreSequences) { return outputIsSequence(inputsAreSequences[0]); }

    /** Builds for several inputs (one entry each); a one-input layer builds for its only input. */
    public void build(int[] inputFeatures, boolean[] inputsAreSequences, Random rng, DataType dtype) {
        requireInputs(inputFeatures.length);
        build(inputFeatures[0], inputsAreSequences[0], rng, dtype);
    }

    /** Forward over several inputs (with their masks, null entries for none); a one-input layer reads its only input. */
    public INDArray forward(List<INDArray> inputs, List<INDArray> masks, boolean training, Random rng) {
        requireInputs(inputs.size());
        return forward(inputs.get(0), masks.get(0), training, rng);
    }

    /** The output's mask for several inputs; one-input layers as {@link #outputMask(INDArray, INDArray)}. */
    public INDArray outputMask(List<INDArray> inputMasks, List<INDArray> inputs) { return outputMask(inputMasks.get(0), inputs.get(0)); }

    /**
     * Backward for several inputs: ∂L/∂input for each (an entry may be null where {@code inputGradient}
     * is false). One-input layers return their {@link #backward(INDArray, boolean)} as the only entry.
     */
    public INDArray[] backwardEach(INDArray gradOutput, boolean inputGradient) {
        return new INDArray[] {backward(gradOutput, inputGradient)};
    }

    /** How many state arrays a call of this layer can hand on: {h} or {h, c}, twice for bidirectional; 0 for non-recurrent layers. */
    public int stateCount() { return 0; }

    /** The size of each state array ({@code [batch, size]}), in {@link #stateCount()} order. */
    public int[] stateSizes() { return new int[0]; }

    /** The names of the state arrays ("h", "c", "h_fwd", ...), in {@link #stateCount()} order. */
    public List<String> stateNames() { return List.of(); }

    /** Sets the states the next forward pass starts from (null: zeros); only for layers with states. */
    public void initialStates(INDArray[] states) { throw error("has no recurrent state to start from"); }

    /** The final states of the last forward pass. */
    public INDArray[] finalStates() { throw error("has no recurrent state"); }

    /** Backward with ∂L/∂(final states) as well (null entries: none); returns ∂L/∂input. */
    public INDArray backward(INDArray gradOutput, INDArray[] finalStateGradients, boolean inputGradient) {
        throw error("has no recurrent state");
    }

    /** ∂L/∂(initial states) after a backward pass that started from given states. */
    public INDArray[] initialStateGradients() { throw error("has no recurrent state"); }

    /**
     * A copy of this layer under {@code name}: the name of its weights ({@code encoder.weight_ih_l0}) and
     * of its row in {@code summary()}, and how errors name it.
     *
     * <pre>{@code lstm(256).returnSequences().named("encoder")}</pre>
     */
    public Layer named(String name) {
        Layer copy = fresh();
        copy.name = checkedName(name);
        return copy;
    }

    /** The name given with {@link #named}, or null. */
    public String name() { return name; }

    /** Copies this layer's name onto a modified copy of it (for the subclasses' configuration methods). */
    protected <L extends Layer> L keepName(L copy) {
        ((Layer) copy).name = name;
        return copy;
    }

    private String checkedName(String n) {
        if (n == null || !n.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(type() + ".named: name must start with a letter and hold only letters, digits and _ "
                    + "(it names the weights, e.g. encoder.weight_ih_l0), got " + (n == null ? "null" : "\"" + n + "\""));
        }
        return n;
    }

    private void requireInputs(int given) {
        if (given != 1) throw error("takes one input, but was called on " + given + "; use concat(...) to join them first");
    }

    /** Position in its model (for error messages and weight names), -1 before it joins one. */
    public int index() { return index; }

    public void index(int i) { this.index = i; }

    /** "lstm (layer 0)", or "lstm \"encoder\"" when named — how errors name this layer. */
    public String describe() {
        if (name != null) return type() + " \"" + name + "\"";
        return index >= 0 ? type() + " (layer " + index + ")" : type();
    }

    /** Human-readable configuration for summaries, e.g. "64 units, return sequences". */
    public String details() { return ""; }

    protected IllegalArgumentException error(String message) {
        return new IllegalArgumentException(describe() + ": " + message);
    }
}
