package io.github.recur.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * A recurrent layer applied to a node: its output (the node itself) and its final states, which can
 * start another recurrent layer (an encoder handing its state to a decoder) or feed a dense bridge.
 *
 * <pre>{@code
 * RecurrentNode encoder = gru(256).returnSequences().named("encoder").on(sourceEmbedded);
 * RecurrentNode decoder = gru(256).returnSequences().named("decoder").on(targetEmbedded, encoder.states());
 * }</pre>
 */
public final class RecurrentNode extends Node {
    private final List<Node> states;

    RecurrentNode(Layer layer, List<Node> inputs, List<Node> initialState) {
        super(layer, inputs, initialState);
        var s = new ArrayList<Node>();
        for (int i = 0; i < layer.stateCount(); i++) s.add(Node.state(this, i));
        this.states = List.copyOf(s);
    }

    /** The output (this node): the last step, or the whole sequence with {@code returnSequences()}. */
    public Node output() { return this; }

    /**
     * The final states in Keras' {@code return_state} order: {h}, {h, c} for LSTM; a bidirectional
     * layer's {h_fwd, h_bwd} or {h_fwd, c_fwd, h_bwd, c_bwd}. Each is {@code [batch, units]}.
     */
    public List<Node> states() { return states; }

    /** The final hidden state h (of the forward direction for a bidirectional layer). */
    public Node h() { return states.get(0); }

    /** The final cell state c of an LSTM. */
    public Node c() {
        if (!layer().stateNames().contains("c") && !layer().stateNames().contains("c_fwd")) {
            throw new IllegalArgumentException(layer().describe() + " has no cell state c (only an LSTM has); use h()");
        }
        return states.get(1);
    }

    static RecurrentNode call(Layer layer, Node input, List<Node> initialState) {
        if (input == null) throw new IllegalArgumentException(layer.type() + ".on: input is null; pass a node");
        if (initialState == null) throw new IllegalArgumentException(layer.type() + ".on: initialState is null; pass e.g. encoder.states()");
        for (int i = 0; i < initialState.size(); i++) {
            if (initialState.get(i) == null) throw new IllegalArgumentException(layer.type() + ".on: initial state " + i + " is null");
        }
        return new RecurrentNode(layer, List.of(input), initialState);
    }
}
