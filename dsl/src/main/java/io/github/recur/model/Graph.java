package io.github.recur.model;

import io.github.recur.layers.Layer;
import io.github.recur.layers.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wiring of a model: its vertices in an order where each comes after what it reads (inputs, layer
 * calls, recurrent states), with the model's own copy of each layer. A sequential model is a chain.
 * Shapes are inferred here, and wiring that cannot work is refused with both ends named.
 */
final class Graph {
    enum Kind { INPUT, CALL, STATE }

    /** One node of the model. Arrays of vertex ids point back to earlier vertices. */
    static final class Vertex {
        final int id;
        final Kind kind;
        final Node node;          // the user's node (null in a sequential chain)
        final Layer layer;        // the model's copy (calls only)
        final int[] inbound;      // calls: the vertices they read
        final int[] stateIn;      // calls: the vertices of the states they start from
        final int inputIndex;     // inputs: position among the model's inputs
        final int owner;          // states: the call they belong to
        final int stateIndex;     // states: which of the owner's states
        int[] states;             // calls: the vertex of each state, -1 where unused
        int features = -1;        // inferred
        boolean sequence;
        boolean needsGradient;    // it, or something it reads, has weights

        Vertex(int id, Kind kind, Node node, Layer layer, int[] inbound, int[] stateIn, int inputIndex, int owner, int stateIndex) {
            this.id = id;
            this.kind = kind;
            this.node = node;
            this.layer = layer;
            this.inbound = inbound;
            this.stateIn = stateIn;
            this.inputIndex = inputIndex;
            this.owner = owner;
            this.stateIndex = stateIndex;
        }

        String describe() {
            return switch (kind) {
                case INPUT -> node == null ? "the input" : node.describe();
                case CALL -> layer.describe();
                case STATE -> node.describe();
            };
        }
    }

    private final List<Vertex> vertices;
    private final int[] inputs;
    private final int[] outputs;
    private final List<Layer> layers;
    private final List<String> inputNames;
    private final List<Node.InputKind> inputKinds;

    private Graph(List<Vertex> vertices, int[] inputs, int[] outputs, List<String> inputNames, List<Node.InputKind> inputKinds) {
        this.vertices = List.copyOf(vertices);
        this.inputs = inputs;
        this.outputs = outputs;
        this.inputNames = List.copyOf(inputNames);
        this.inputKinds = inputKinds;
        var ls = new ArrayList<Layer>();
        for (Vertex v : vertices) {
            if (v.kind == Kind.CALL) {
                v.layer.index(ls.size());
                ls.add(v.layer);
                v.states = new int[v.layer.stateCount()];
                Arrays.fill(v.states, -1);
            }
        }
        for (Vertex v : vertices) if (v.kind == Kind.STATE) vertices.get(v.owner).states[v.stateIndex] = v.id;
        var names = new HashSet<String>();
        for (Layer l : ls) {
            if (l.name() != null && !names.add(l.name())) {
                throw new IllegalArgumentException("model: two layers are named \"" + l.name() + "\"; a name keys the layer's weights "
                        + "(" + l.name() + ".weight...), so give each its own");
            }
        }
        this.layers = List.copyOf(ls);
    }

    /** Marks what needs a gradient (it or something it reads has weights); run after the layers are built. */
    void markLearning() {
        for (Vertex v : vertices) {
            v.needsGradient = v.kind == Kind.STATE ? vertices.get(v.owner).needsGradient
                    : v.kind == Kind.CALL && (!v.layer.params().isEmpty() || readsLearning(v));
        }
    }

    private boolean readsLearning(Vertex v) {
        for (int i : v.inbound) if (vertices.get(i).needsGradient) return true;
        for (int i : v.stateIn) if (vertices.get(i).needsGradient) return true;
        return false;
    }

    // ---- construction ---------------------------------------------------------------------------

    /** A sequential chain of (already copied) layers reading one input. */
    static Graph chain(List<Layer> layers) {
        var vs = new ArrayList<Vertex>();
        vs.add(new Vertex(0, Kind.INPUT, null, null, new int[0], new int[0], 0, -1, -1));
        for (Layer l : layers) vs.add(new Vertex(vs.size(), Kind.CALL, null, l, new int[] {vs.size() - 1}, new int[0], -1, -1, -1));
        List<Node.InputKind> kinds = new ArrayList<>();
        kinds.add(null); // the first layer decides: token ids or features
        return new Graph(vs, new int[] {0}, new int[] {vs.size() - 1}, List.of("x"), kinds);
    }

    /** The graph from {@code inputs} to {@code outputs}, with fresh copies of its layers. */
    static Graph of(List<Node> inputs, List<Node> outputs) {
        if (inputs == null || inputs.isEmpty()) throw new IllegalArgumentException("model: give the inputs, e.g. model(x, output) or model(List.of(source, targetIn), logits)");
        if (outputs == null || outputs.isEmpty()) throw new IllegalArgumentException("model: give the output, e.g. model(x, dense(1).on(h))");
        for (int i = 0; i < outputs.size(); i++) {
            Node output = outputs.get(i);
            if (output == null) throw new IllegalArgumentException("model: output " + i + " is null; pass the node the model outputs, e.g. dense(1).on(h)");
            if (output.isInput()) throw new IllegalArgumentException("model: the output is " + output.describe() + " itself; apply layers to it first");
            if (output.isState()) throw new IllegalArgumentException("model: output " + i + " is " + output.describe() + "; a model outputs layer results, "
                    + "e.g. dense(units).on(state)");
            for (int j = 0; j < i; j++) if (outputs.get(j) == output) throw new IllegalArgumentException("model: output " + i + " repeats output " + j);
        }
        var names = new HashSet<String>();
        for (int i = 0; i < inputs.size(); i++) {
            Node in = inputs.get(i);
            if (in == null) throw new IllegalArgumentException("model: input " + i + " is null");
            if (!in.isInput()) {
                throw new IllegalArgumentException("model: input " + i + " is " + in.describe() + ", not an input; declare inputs with input(\"name\").tokens() "
                        + "or .features(f), and pass those");
            }
            if (!names.add(in.inputName())) throw new IllegalArgumentException("model: two inputs are named \"" + in.inputName() + "\"; give each its own name");
        }
        var order = new ArrayList<Node>();
        var visited = new IdentityHashMap<Node, Boolean>();
        for (Node output : outputs) topologicalOrder(output, visited, order, new ArrayList<>());
        var ids = new IdentityHashMap<Node, Integer>();
        var copies = new IdentityHashMap<Layer, Node>();
        var vs = new ArrayList<Vertex>();
        var inputIds = new int[inputs.size()];
        Arrays.fill(inputIds, -1);
        for (Node n : order) {
            int id = vs.size();
            if (n.isInput()) {
                int at = indexOf(inputs, n);
                if (at < 0) {
                    throw new IllegalArgumentException("model: the output depends on " + n.describe() + ", which is not among the model's inputs; "
                            + "add it to the inputs list");
                }
                inputIds[at] = id;
                vs.add(new Vertex(id, Kind.INPUT, n, null, new int[0], new int[0], at, -1, -1));
            } else if (n.isState()) {
                vs.add(new Vertex(id, Kind.STATE, n, null, new int[0], new int[0], -1, ids.get(n.stateOf()), n.stateIndex()));
            } else {
                Node earlier = copies.put(n.layer(), n);
                if (earlier != null) {
                    throw new IllegalArgumentException("model: " + n.layer().describe() + " is called twice (on " + earlier.inputs().get(0).describe()
                            + " and on " + n.inputs().get(0).describe() + "); sharing one layer's weights between two calls is not supported yet, "
                            + "declare two layers");
                }
                vs.add(new Vertex(id, Kind.CALL, n, n.layer().fresh(), idsOf(n.inputs(), ids), idsOf(n.initialState(), ids), -1, -1, -1));
            }
            ids.put(n, id);
        }
        for (int i = 0; i < inputIds.length; i++) {
            if (inputIds[i] < 0) {
                throw new IllegalArgumentException("model: the output does not depend on " + inputs.get(i).describe() + "; drop it from the inputs, "
                        + "or use it in the model");
            }
        }
        var kinds = new ArrayList<Node.InputKind>();
        var inputNames = new ArrayList<String>();
        for (Node in : inputs) { kinds.add(in.inputKind()); inputNames.add(in.inputName()); }
        int[] outputIds = new int[outputs.size()];
        for (int i = 0; i < outputIds.length; i++) outputIds[i] = ids.get(outputs.get(i));
        Graph g = new Graph(vs, inputIds, outputIds, inputNames, kinds);
        var outputNames = new HashSet<String>();
        for (int id : outputIds) {
            if (!outputNames.add(displayName(vs.get(id).layer))) {
                throw new IllegalArgumentException("model: two outputs are named \"" + displayName(vs.get(id).layer) + "\"; name the output layers apart");
            }
        }
        int[] declared = new int[inputs.size()];
        for (int i = 0; i < declared.length; i++) declared[i] = inputs.get(i).inputFeatures();
        g.infer(declared); // refuses wiring that cannot work now, when the model is declared
        return g;
    }

    private static void topologicalOrder(Node n, Map<Node, Boolean> done, List<Node> order, List<Node> path) {
        Boolean state = done.get(n);
        if (Boolean.TRUE.equals(state)) return;
        if (Boolean.FALSE.equals(state)) throw new IllegalArgumentException("model: the graph has a cycle through " + n.describe());
        done.put(n, false);
        if (n.isState()) topologicalOrder(n.stateOf(), done, order, path);
        for (Node s : n.initialState()) topologicalOrder(s, done, order, path); // the encoder before the decoder's input: reading order
        for (Node in : n.inputs()) topologicalOrder(in, done, order, path);
        done.put(n, true);
        order.add(n);
    }

    private static int indexOf(List<Node> list, Node n) {
        for (int i = 0; i < list.size(); i++) if (list.get(i) == n) return i;
        return -1;
    }

    private static int[] idsOf(List<Node> nodes, Map<Node, Integer> ids) {
        int[] out = new int[nodes.size()];
        for (int i = 0; i < out.length; i++) out[i] = ids.get(nodes.get(i));
        return out;
    }

    // ---- shapes -------------------------------------------------------------------------------

    /**
     * Infers each vertex's features and whether it is a sequence from the inputs' features, checking
     * every call's inputs and states; the layers are not built.
     */
    void infer(int[] inputFeatures) {
        for (Vertex v : vertices) {
            switch (v.kind) {
                case INPUT -> {
                    v.features = inputFeatures[v.inputIndex];
                    v.sequence = inputKinds.get(v.inputIndex) != Node.InputKind.VECTOR;
                }
                case STATE -> {
                    Vertex owner = vertices.get(v.owner);
                    v.features = owner.layer.stateSizes()[v.stateIndex];
                    v.sequence = false;
                }
                case CALL -> inferCall(v);
            }
        }
    }

    private void inferCall(Vertex v) {
        Layer l = v.layer;
        int n = v.inbound.length;
        if (l.inputCount() > 0 && l.inputCount() != n) {
            throw new IllegalArgumentException(l.describe() + " takes " + l.inputCount() + " input(s) but is called on " + n);
        }
        int[] f = new int[n];
        boolean[] seq = new boolean[n];
        for (int i = 0; i < n; i++) {
            Vertex in = vertices.get(v.inbound[i]);
            f[i] = in.features;
            seq[i] = in.sequence;
            if (in.kind == Kind.INPUT && inputKinds.get(in.inputIndex) == Node.InputKind.TOKENS && !l.takesTokenIds()) {
                throw new IllegalArgumentException(l.describe() + " reads " + in.describe() + ", which holds token ids; put an embedding(vocabulary, dimension) "
                        + "between them, or declare the input with .features(f)");
            }
            if (l.takesTokenIds() && !(in.kind == Kind.INPUT && (inputKinds.get(in.inputIndex) == null || inputKinds.get(in.inputIndex) == Node.InputKind.TOKENS))) {
                throw new IllegalArgumentException(l.describe() + " reads token ids, but is called on " + in.describe()
                        + "; call it on an input declared with input(\"name\").tokens()");
            }
        }
        if (n == 1 && l.requiresSequence() && !seq[0]) {
            Vertex in = vertices.get(v.inbound[0]);
            throw new IllegalArgumentException(l.describe() + " needs a sequence input, but " + in.describe()
                    + " outputs only its last step; add .returnSequences() to it");
        }
        v.sequence = l.outputIsSequence(seq);
        v.features = l.outputFeatures(f);
        checkInitialState(v);
    }

    private void checkInitialState(Vertex v) {
        if (v.stateIn.length == 0) return;
        Layer l = v.layer;
        if (l.stateCount() == 0) throw new IllegalArgumentException(l.describe() + " has no recurrent state to start from; only lstm, gru, simpleRnn "
                + "and bidirectional layers take an initial state");
        if (v.stateIn.length != l.stateCount()) {
            String from = commonOwner(v.stateIn);
            throw new IllegalArgumentException(l.describe() + ": initialState gets " + v.stateIn.length + " state(s)" + (from == null ? "" : " from " + from)
                    + " but it starts from " + l.stateNames() + " (" + l.stateCount() + ")"
                    + (l.stateCount() == 1 && v.stateIn.length == 2 ? "; pass only h, e.g. encoder.h() (a GRU or simple RNN has no cell state c)"
                       : l.stateCount() == 2 && v.stateIn.length == 1 ? "; an LSTM needs {h, c}: pass encoder.states() of an LSTM, or two dense bridges"
                       : "; pass as many states as it has"));
        }
        for (int k = 0; k < v.stateIn.length; k++) {
            Vertex s = vertices.get(v.stateIn[k]);
            int want = l.stateSizes()[k];
            if (s.sequence) {
                throw new IllegalArgumentException(l.describe() + ": initial state " + l.stateNames().get(k) + " gets " + s.describe()
                        + ", a sequence; a state is one vector per example: pass a recurrent layer's states(), or a dense layer on them");
            }
            if (s.features != want) {
                throw new IllegalArgumentException(l.describe() + ": initial state " + l.stateNames().get(k) + " gets " + s.features + " units from "
                        + s.describe() + " but the layer has " + want + " units; give both the same units or put a dense(" + want
                        + ") bridge between them");
            }
        }
    }

    private String commonOwner(int[] ids) {
        String name = null;
        for (int id : ids) {
            Vertex s = vertices.get(id);
            if (s.kind != Kind.STATE) return null;
            String o = vertices.get(s.owner).describe();
            if (name != null && !name.equals(o)) return null;
            name = o;
        }
        return name;
    }

    // ---- reading ------------------------------------------------------------------------------

    List<Vertex> vertices() { return vertices; }
    Vertex vertex(int id) { return vertices.get(id); }
    int inputCount() { return inputs.length; }
    int inputVertex(int i) { return inputs[i]; }
    /** The first (often the only) output. */
    Vertex outputVertex() { return vertices.get(outputs[0]); }
    int outputCount() { return outputs.length; }
    Vertex outputVertex(int i) { return vertices.get(outputs[i]); }
    /** The outputs' names (their layers' names), which key targets and predictions. */
    List<String> outputNames() {
        var names = new ArrayList<String>();
        for (int id : outputs) names.add(displayName(vertices.get(id).layer));
        return names;
    }
    int[] outputIds() { return outputs.clone(); }
    List<Layer> layers() { return layers; }
    List<String> inputNames() { return inputNames; }
    Node.InputKind inputKind(int i) { return inputKinds.get(i); }

    /** The first layer that reads input {@code i}. */
    Layer readerOf(int i) {
        for (Vertex v : vertices) {
            if (v.kind == Kind.CALL) for (int in : v.inbound) if (in == inputs[i]) return v.layer;
        }
        throw new IllegalStateException("internal: input " + i + " has no reader");
    }

    /** For the summary: what each call reads, by the names the summary shows. */
    List<String> connections(Vertex v) {
        var out = new ArrayList<String>();
        for (int in : v.inbound) out.add(shortName(vertices.get(in)));
        for (int s : v.stateIn) out.add(shortName(vertices.get(s)) + " (state)");
        return out;
    }

    /** How the summary names a layer: its name, or its type and position ("concat_5"). */
    static String displayName(Layer l) { return l.name() != null ? l.name() : l.type() + "_" + l.index(); }

    String shortName(Vertex v) {
        return switch (v.kind) {
            case INPUT -> v.node == null ? "input" : v.node.inputName();
            case CALL -> displayName(v.layer);
            case STATE -> {
                Layer owner = vertices.get(v.owner).layer;
                yield displayName(owner) + "." + owner.stateNames().get(v.stateIndex);
            }
        };
    }
}
