package io.github.recur.layers;

import java.util.List;

/**
 * A value in a functional model: a declared input, the output of a layer applied to nodes, or one of a
 * recurrent layer's final states. Nodes are symbolic (they hold no numbers); {@code model(inputs, output)}
 * turns the graph they describe into a model.
 *
 * <pre>{@code
 * Node x = input("x").features(3);
 * Node h = lstm(32).on(x);
 * Model model = model(x, dense(1).on(h));
 * }</pre>
 */
public class Node {
    /** What an input node holds. */
    public enum InputKind {
        /** token ids {@code [batch, time]} (0 = padding with a maskZero embedding) */ TOKENS,
        /** {@code [batch, time, features]} */ FEATURES,
        /** one vector per example {@code [batch, features]} */ VECTOR
    }

    private final Layer layer;               // the layer applied (null for inputs and states)
    private final List<Node> inputs;         // the call's inputs
    private final List<Node> initialState;   // states a recurrent call starts from (empty: zeros)
    private final String inputName;          // inputs only
    private final InputKind inputKind;
    private final int inputFeatures;
    private final Node stateOf;              // states only: the recurrent call they come from
    private final int stateIndex;

    private Node(Layer layer, List<Node> inputs, List<Node> initialState, String inputName, InputKind kind, int features,
                 Node stateOf, int stateIndex) {
        this.layer = layer;
        this.inputs = inputs;
        this.initialState = initialState;
        this.inputName = inputName;
        this.inputKind = kind;
        this.inputFeatures = features;
        this.stateOf = stateOf;
        this.stateIndex = stateIndex;
    }

    /** For subclasses of a layer call (a recurrent call, which also has states). */
    Node(Layer layer, List<Node> inputs, List<Node> initialState) {
        this(layer, List.copyOf(inputs), List.copyOf(initialState), null, null, 0, null, -1);
    }

    /** A declared input named {@code name}; {@code features} is 1 for token ids. */
    static Node input(String name, InputKind kind, int features) {
        return new Node(null, List.of(), List.of(), name, kind, features, null, -1);
    }

    /** {@code layer} applied to {@code inputs}, starting from {@code initialState} (recurrent layers only). */
    static Node call(Layer layer, List<Node> inputs, List<Node> initialState) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) throw new IllegalArgumentException(layer.type() + ".on: input " + i + " is null");
        }
        for (int i = 0; i < initialState.size(); i++) {
            if (initialState.get(i) == null) throw new IllegalArgumentException(layer.type() + ".on: initial state " + i + " is null");
        }
        return new Node(layer, inputs, initialState);
    }

    /**
     * {@code layer} applied to {@code inputs} (and, for a recurrent layer, {@code initialState}): what
     * {@code layer.on(...)} does, for code that rebuilds a graph from a description (model files).
     */
    public static Node apply(Layer layer, List<Node> inputs, List<Node> initialState) {
        if (layer == null || inputs == null || initialState == null) throw new IllegalArgumentException("Node.apply: layer, inputs and initialState must not be null");
        if (layer.stateCount() > 0) {
            if (inputs.size() != 1) throw new IllegalArgumentException(layer.describe() + " takes one input, got " + inputs.size());
            return RecurrentNode.call(layer, inputs.get(0), initialState);
        }
        if (!initialState.isEmpty()) throw new IllegalArgumentException(layer.describe() + " has no recurrent state to start from");
        return call(layer, inputs, List.of());
    }

    /** State {@code index} of the recurrent call {@code of}. */
    static Node state(Node of, int index) {
        return new Node(null, List.of(), List.of(), null, null, 0, of, index);
    }

    // ---- what the model reads -------------------------------------------------------------------

    public boolean isInput() { return inputKind != null; }
    public boolean isState() { return stateOf != null; }
    /** The layer applied, or null for inputs and states. */
    public Layer layer() { return layer; }
    public List<Node> inputs() { return inputs; }
    public List<Node> initialState() { return initialState; }
    public String inputName() { return inputName; }
    public InputKind inputKind() { return inputKind; }
    public int inputFeatures() { return inputFeatures; }
    /** For a state: the recurrent call it comes from. */
    public Node stateOf() { return stateOf; }
    public int stateIndex() { return stateIndex; }

    /** "input "source"", "lstm "encoder"", "state h of lstm "encoder"" — how errors name this node. */
    public String describe() {
        if (isInput()) return "input \"" + inputName + "\"";
        if (isState()) return "state " + stateOf.layer.stateNames().get(stateIndex) + " of " + stateOf.describe();
        return layer.describe();
    }

    @Override public String toString() { return "Node(" + describe() + ")"; }
}
