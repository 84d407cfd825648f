package io.github.recur.model;

import io.github.recur.internal.Transpose;
import io.github.recur.layers.Input;
import io.github.recur.layers.Layer;
import io.github.recur.layers.Node;
import io.github.recur.layers.Param;
import io.github.recur.layers.Recurrent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The layer stack of a {@link Model}: building, the forward and backward pass through all layers,
 * the batch-first ↔ time-major layouts, parameters, and the model's random generators. Everything
 * the trainer, the inspector and inference share.
 */
final class Network {
    private final Graph graph;
    private final List<Layer> layers;
    private final Input declaredInput;
    private final boolean functional; // declared with model(inputs, output): named inputs of declared kinds
    private DataType dtype = DataType.FLOAT;
    private Long seed;
    private Random rng = new Random(); // shuffling and dropout
    private boolean built;
    private int inputFeatures;
    private INDArray lastOutputMask;
    private List<INDArray> lastOutputMasks;
    private long[][] lastShapes;    // each vertex's output shape in the last forward pass
    private boolean freshWeights;    // built from random initialisation, never trained or loaded since
    private boolean trainedWithMask; // fit saw a padding mask the model cannot derive from its inputs

    Network(Layer... declared) {
        if (declared == null) throw new IllegalArgumentException("sequential: layers is null; e.g. sequential(lstm(32), dense(1))");
        if (declared.length == 0) throw new IllegalArgumentException("sequential: give at least one layer, e.g. sequential(lstm(32), dense(1))");
        Input input = null;
        var list = new ArrayList<Layer>();
        for (int i = 0; i < declared.length; i++) {
            Layer l = declared[i];
            if (l == null) throw new IllegalArgumentException("sequential: layer " + i + " is null");
            if (l instanceof Input) {
                if (i != 0) throw new IllegalArgumentException("sequential: input(...) must come first, found at position " + i);
                input = (Input) l;
                continue;
            }
            if (l.inputCount() != 1) {
                throw new IllegalArgumentException("sequential: " + l.type() + " (position " + i + ") takes several inputs; "
                        + "use the functional form, model(inputs, output), to wire it");
            }
            list.add(l.fresh());
        }
        if (list.isEmpty()) throw new IllegalArgumentException("sequential: give at least one layer after input(...)");
        this.graph = Graph.chain(list);
        this.layers = graph.layers();
        this.declaredInput = input;
        this.functional = false;
    }

    /** A functional model from {@code inputs} to {@code output}; wiring that cannot work is refused here. */
    Network(List<Node> inputs, List<Node> outputs) {
        this.graph = Graph.of(inputs, outputs);
        this.layers = graph.layers();
        this.declaredInput = null;
        this.functional = true;
    }

    // ---- configuration ------------------------------------------------------------------------

    List<Layer> layers() { return layers; }
    /** The layer that reads the (first) input. */
    Layer first() { return graph.readerOf(0); }

    /** The layer whose output is the model's output (for a state output, the recurrent layer it comes from). */
    Layer last() {
        Graph.Vertex out = graph.outputVertex();
        return out.kind == Graph.Kind.STATE ? graph.vertex(out.owner).layer : out.layer;
    }
    Input declaredInput() { return declaredInput; }
    DataType dtype() { return dtype; }
    Long seed() { return seed; }
    Random rng() { return rng; }
    void rng(Random r) { rng = r; }
    boolean built() { return built; }
    int inputFeatures() { return inputFeatures; }

    void dtype(DataType type) {
        if (built) throw new IllegalStateException("dataType: the model is already built; set it right after sequential(...)");
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + type);
        }
        dtype = type;
    }

    /**
     * Seeds initialisation, shuffling and dropout. Weights that are still as built (an earlier
     * {@code predict} or {@code step} built the model, nothing trained or loaded them since) are drawn
     * again from this seed, so that the result does not depend on whether the model was built first.
     */
    void seed(long s) {
        seed = s;
        rng = new Random(s ^ 0x5DEECE66DL);
        if (built && freshWeights) {
            built = false;
            if (functional) buildFunctional();
            else build(inputFeatures);
        }
    }

    /** Whether the weights are still the random initial ones (set false by training and loading). */
    boolean freshWeights() { return freshWeights; }

    void weightsChanged() { freshWeights = false; }

    boolean trainedWithMask() { return trainedWithMask; }

    void trainedWithMask(boolean on) { trainedWithMask = on; }

    // ---- building -----------------------------------------------------------------------------

    Graph graph() { return graph; }
    boolean functional() { return functional; }
    int inputCount() { return graph.inputCount(); }
    int outputCount() { return graph.outputCount(); }
    List<String> outputNames() { return graph.outputNames(); }

    /** The layer of output {@code i}. */
    Layer outputLayer(int i) { return graph.outputVertex(i).layer; }

    /** Output {@code i}'s size per step (a functional model's, from its declared inputs). */
    int outputFeatures(int i, int features) {
        if (!functional) return outputFeatures(features);
        graph.infer(declaredFeatures());
        return graph.outputVertex(i).features;
    }
    List<String> inputNames() { return graph.inputNames(); }

    /** Refuses a call that takes one input array on a model with several inputs. */
    void requireOneInput(String call) {
        if (graph.inputCount() > 1) {
            throw new IllegalArgumentException(call + ": this model has " + graph.inputCount() + " inputs " + graph.inputNames()
                    + ", and this call reads one input array; it serves one-input models (predict, fit and evaluate take the inputs by name)");
        }
    }

    /** Builds a one-input model for {@code features} input features per step. */
    void build(int features) {
        if (functional) {
            if (graph.inputCount() == 1 && features != declaredFeatures()[0]) {
                throw new IllegalArgumentException(graph.vertex(graph.inputVertex(0)).describe() + ": declared with " + declaredFeatures()[0]
                        + " features but the data has " + features);
            }
            buildFunctional();
            return;
        }
        if (built) {
            if (features != inputFeatures) {
                throw new IllegalArgumentException(first().describe() + ": the model was built for " + inputFeatures
                        + " input features but the data has " + features + "; give the data the same features, or declare a new model");
            }
            return;
        }
        if (declaredInput != null && declaredInput.features() != features) {
            throw new IllegalArgumentException("input: declared " + declaredInput.features()
                    + " features but the data has " + features + " (last axis of [batch, time, features])");
        }
        buildGraph(new int[] {features});
    }

    /** Builds a functional model from its declared inputs. */
    void buildFunctional() {
        if (!built) buildGraph(declaredFeatures());
    }

    private int[] declaredFeatures() {
        int[] f = new int[graph.inputCount()];
        for (int i = 0; i < f.length; i++) f[i] = graph.vertex(graph.inputVertex(i)).node.inputFeatures();
        return f;
    }

    private void buildGraph(int[] features) {
        graph.infer(features);
        Random init = new Random(seed != null ? seed : System.nanoTime());
        for (Graph.Vertex v : graph.vertices()) {
            if (v.kind != Graph.Kind.CALL) continue;
            int n = v.inbound.length;
            int[] f = new int[n];
            boolean[] seq = new boolean[n];
            for (int i = 0; i < n; i++) {
                f[i] = graph.vertex(v.inbound[i]).features;
                seq[i] = graph.vertex(v.inbound[i]).sequence;
            }
            v.layer.build(f, seq, init, dtype);
        }
        graph.markLearning();
        inputFeatures = features[0];
        built = true;
        freshWeights = true;
    }

    /** Builds for the feature count of batch-first data (one feature, the id, for token ids). */
    void buildFor(INDArray x) {
        if (functional) buildFunctional();
        else build(featuresOf(x));
    }

    /** The input features per step of batch-first data: its last axis, or 1 (the id) for token ids. */
    int featuresOf(INDArray x) { return first().takesTokenIds() ? 1 : (int) x.size(x.rank() - 1); }

    /** Builds from the declared input, or says how to build. */
    void requireBuilt(String what) {
        if (built) return;
        if (functional) { buildFunctional(); return; }
        if (declaredInput == null) {
            throw new IllegalStateException(what + ": the model is not built yet; call fit or predict first, or declare input(timeSteps, features)");
        }
        build(declaredInput.features());
    }

    // ---- passes -------------------------------------------------------------------------------

    /**
     * Forward through all layers on time-major input. {@code keepGates}: whether the recurrent layers keep
     * their gates (backward and gateActivations need them; predictions skip them).
     */
    INDArray forward(INDArray x, INDArray mask, boolean training, boolean keepGates) {
        return forward(List.of(x), mask, training, keepGates);
    }

    /** Forward on time-major inputs (one per model input, in order); {@code mask} belongs to the first input. */
    INDArray forward(List<INDArray> xs, INDArray mask, boolean training, boolean keepGates) {
        return forwardAll(xs, mask, training, keepGates).get(0);
    }

    /**
     * The forward pass of a training step (dropout on, gates kept), every output in order, with the layers
     * allowed to reuse their output arrays from the previous step ({@link Layer#reuseOutput}): the step's
     * outputs go only to the loss and backward, never to the caller of fit.
     */
    List<INDArray> forwardForTraining(List<INDArray> xs, INDArray mask) {
        for (Layer l : layers) l.reuseOutput(true);
        try {
            return forwardAll(xs, mask, true, true);
        } finally {
            for (Layer l : layers) l.reuseOutput(false);
        }
    }

    /** Forward, returning every output in order; their masks are then {@link #lastOutputMasks()}. */
    List<INDArray> forwardAll(List<INDArray> xs, INDArray mask, boolean training, boolean keepGates) {
        forEachRecurrent(r -> r.keepGates(keepGates));
        var vs = graph.vertices();
        var pass = new Pass(vs.size());
        for (int i = 0; i < xs.size(); i++) {
            int id = graph.inputVertex(i);
            pass.values[id] = xs.get(i);
            pass.masks[id] = i == 0 ? mask : null;
        }
        var all = new java.util.BitSet();
        all.set(0, vs.size());
        run(pass, all, training);
        var outs = new ArrayList<INDArray>();
        var masks = new ArrayList<INDArray>();
        for (int id : graph.outputIds()) { outs.add(pass.values[id]); masks.add(pass.masks[id]); }
        lastOutputMask = masks.get(0);
        lastOutputMasks = masks;
        return outs;
    }

    /** The masks of the last forward pass's outputs (null entries where an output has none). */
    List<INDArray> lastOutputMasks() { return lastOutputMasks; }

    /** What one forward pass computed, per vertex: outputs, their masks, final states; and states to start from instead of the wired ones. */
    static final class Pass {
        final INDArray[] values, masks;
        final INDArray[][] states, startFrom;

        Pass(int vertices) {
            values = new INDArray[vertices];
            masks = new INDArray[vertices];
            states = new INDArray[vertices][];
            startFrom = new INDArray[vertices][];
        }
    }

    /**
     * Runs the vertices in {@code compute} (in the graph's order) on what {@code pass} holds for the others:
     * the one forward loop, for whole passes and for decoding a step at a time.
     */
    void run(Pass pass, java.util.BitSet compute, boolean training) {
        if (lastShapes == null || lastShapes.length != graph.vertices().size()) lastShapes = new long[graph.vertices().size()][];
        for (Graph.Vertex v : graph.vertices()) {
            if (!compute.get(v.id)) continue;
            switch (v.kind) {
                case INPUT -> { }
                case STATE -> pass.values[v.id] = pass.states[v.owner][v.stateIndex];
                case CALL -> {
                    var ins = new ArrayList<INDArray>(v.inbound.length);
                    var inMasks = new ArrayList<INDArray>(v.inbound.length);
                    for (int i : v.inbound) { ins.add(pass.values[i]); inMasks.add(pass.masks[i]); }
                    if (pass.startFrom[v.id] != null) {
                        v.layer.initialStates(pass.startFrom[v.id]);
                    } else if (v.stateIn.length > 0) {
                        INDArray[] start = new INDArray[v.stateIn.length];
                        for (int k = 0; k < start.length; k++) start[k] = pass.values[v.stateIn[k]];
                        v.layer.initialStates(start);
                    } else if (functional && v.layer.stateCount() > 0) {
                        v.layer.initialStates(null); // zeros, not a state a decoding left behind
                    }
                    pass.values[v.id] = v.layer.forward(ins, inMasks, training, rng);
                    pass.masks[v.id] = v.layer.outputMask(inMasks, ins);
                    if (hasUsedState(v)) pass.states[v.id] = v.layer.finalStates();
                }
            }
            lastShapes[v.id] = pass.values[v.id].shape();
        }
    }

    private static boolean hasUsedState(Graph.Vertex v) {
        for (int s : v.states) if (s >= 0) return true;
        return false;
    }

    /** The mask of the last forward pass's output (null when it has none). */
    INDArray lastOutputMask() { return lastOutputMask; }

    /**
     * Backward from ∂L/∂output, in reverse order: a vertex's gradient is the sum over what reads it, and a
     * state edge hands the reader's ∂L/∂(initial state) to the writer's final state. ∂L/∂input of a layer is
     * only computed when something it reads learns.
     */
    void backward(INDArray grad) {
        backward(List.of(grad));
    }

    /** Backward from ∂L/∂output for every output, in order. */
    void backward(List<INDArray> grads) {
        var vs = graph.vertices();
        INDArray[] g = new INDArray[vs.size()];
        int[] outs = graph.outputIds();
        for (int i = 0; i < outs.length; i++) g[outs[i]] = add(g[outs[i]], grads.get(i));
        for (int id = vs.size() - 1; id >= 0; id--) {
            Graph.Vertex v = vs.get(id);
            if (v.kind != Graph.Kind.CALL) continue;
            INDArray[] stateGrads = stateGradients(v, g);
            INDArray gOut = g[id];
            if (gOut == null && stateGrads == null) {
                if (!v.needsGradient) continue;
                gOut = Nd4j.zeros(dtype, lastShapes[id]); // read by nothing that reaches the loss: its weights get zero gradients
            }
            boolean[] wanted = new boolean[v.inbound.length];
            boolean any = false;
            for (int i = 0; i < wanted.length; i++) any |= wanted[i] = graph.vertex(v.inbound[i]).needsGradient;
            INDArray[] dIn = stateGrads != null ? new INDArray[] {v.layer.backward(gOut, stateGrads, any)} : v.layer.backwardEach(gOut, any);
            for (int i = 0; i < wanted.length; i++) if (wanted[i] && dIn[i] != null) g[v.inbound[i]] = add(g[v.inbound[i]], dIn[i]);
            if (v.stateIn.length > 0) {
                INDArray[] dStart = v.layer.initialStateGradients();
                for (int k = 0; k < v.stateIn.length; k++) {
                    if (graph.vertex(v.stateIn[k]).needsGradient) g[v.stateIn[k]] = add(g[v.stateIn[k]], dStart[k]);
                }
            }
        }
    }

    /** ∂L/∂ of a call's final states (zeros for states nothing learning reads), or null when no state reaches the loss. */
    private INDArray[] stateGradients(Graph.Vertex v, INDArray[] g) {
        INDArray[] out = null;
        for (int k = 0; k < v.states.length; k++) {
            if (v.states[k] >= 0 && g[v.states[k]] != null) {
                if (out == null) out = new INDArray[v.states.length];
                out[k] = g[v.states[k]];
            }
        }
        if (out == null) return null;
        for (int k = 0; k < out.length; k++) if (out[k] == null) out[k] = Nd4j.zeros(dtype, batchOf(v), v.layer.stateSizes()[k]);
        return out;
    }

    private long batchOf(Graph.Vertex v) {
        long[] shape = lastShapes[v.id];
        return shape.length == 3 ? shape[1] : shape[0];
    }

    private static INDArray add(INDArray sum, INDArray more) {
        return sum == null ? more : sum.add(more);
    }

    /** The model's output size for {@code features} inputs per step (sequential) or the declared inputs; builds nothing. */
    int outputFeatures(int features) {
        if (functional) {
            graph.infer(declaredFeatures());
            return graph.outputVertex().features;
        }
        int f = features;
        for (Layer l : layers) f = l.outputFeatures(f);
        return f;
    }

    boolean outputIsSequence() {
        if (functional) return graph.outputVertex().sequence;
        boolean seq = true;
        for (Layer l : layers) seq = l.outputIsSequence(seq);
        return seq;
    }

    /** The first layer that reads the future of the sequence (bidirectional), or null. */
    Layer firstReadingFuture() {
        for (Layer l : layers) if (l.readsFuture()) return l;
        return null;
    }

    /** Every recurrent layer, both directions of a bidirectional one; no list per call (step() runs this per token). */
    void forEachRecurrent(Consumer<Recurrent> action) {
        for (Layer l : layers) {
            for (Recurrent r : l.recurrentLayers()) action.accept(r);
        }
    }

    /** Leaves the stateful mode of {@code step} (if it is on), forgetting its carried state: whole-sequence passes start afresh. */
    void leaveStepMode() {
        boolean[] on = {false};
        forEachRecurrent(r -> on[0] |= r.isStateful());
        if (on[0]) stateful(false);
    }

    /** Stateful: every forward pass continues from the last one's final state; off forgets it. */
    void stateful(boolean on) {
        forEachRecurrent(r -> {
            if (on) r.stateful(true);
            else { r.resetState(); r.stateful(false); }
        });
    }

    // ---- layouts ------------------------------------------------------------------------------

    /** Batch-first user input to the internal time-major layout. */
    INDArray timeMajorInput(INDArray x) {
        if (functional) return timeMajorInput(0, x);
        if (first().takesTokenIds()) {
            if (x.rank() == 3 && x.size(2) == 1) x = x.reshape(x.size(0), x.size(1));
            if (x.rank() != 2) {
                throw new IllegalArgumentException(first().describe() + ": expects token ids [batch, time], got shape "
                        + Arrays.toString(x.shape()));
            }
            return Transpose.swapFirstAxes(x.castTo(dtype));
        }
        if (x.rank() == 3) {
            if (x.size(2) != inputFeatures) build((int) x.size(2));
            return Transpose.swapFirstAxes(x.castTo(dtype));
        }
        if (x.rank() == 2 && !first().requiresSequence()) return x.castTo(dtype).dup('c');
        throw new IllegalArgumentException(first().describe() + ": expects input [batch, time, features], got shape "
                + Arrays.toString(x.shape()) + (x.rank() == 2 ? "; for one feature per step use x.reshape(batch, time, 1)" : ""));
    }

    /** Input {@code i} of a functional model, batch-first, to the time-major layout, checked against its declaration. */
    INDArray timeMajorInput(int i, INDArray x) {
        Graph.Vertex v = graph.vertex(graph.inputVertex(i));
        String what = v.describe();
        switch (graph.inputKind(i)) {
            case TOKENS -> {
                if (x.rank() == 3 && x.size(2) == 1) x = x.reshape(x.size(0), x.size(1));
                if (x.rank() != 2) throw new IllegalArgumentException(what + ": expects token ids [batch, time], got shape " + Arrays.toString(x.shape()));
                return Transpose.swapFirstAxes(x.castTo(dtype));
            }
            case FEATURES -> {
                if (x.rank() != 3 || x.size(2) != v.node.inputFeatures()) {
                    throw new IllegalArgumentException(what + ": expects [batch, time, " + v.node.inputFeatures() + "], got shape " + Arrays.toString(x.shape()));
                }
                return Transpose.swapFirstAxes(x.castTo(dtype));
            }
            default -> {
                if (x.rank() != 2 || x.size(1) != v.node.inputFeatures()) {
                    throw new IllegalArgumentException(what + ": expects one vector per example [batch, " + v.node.inputFeatures() + "], got shape "
                            + Arrays.toString(x.shape()));
                }
                return x.castTo(dtype).dup('c');
            }
        }
    }

    /** All inputs of a functional model, by name, to time-major arrays in the model's input order. */
    List<INDArray> timeMajorInputs(Map<String, INDArray> inputs) {
        var out = new ArrayList<INDArray>();
        for (int i = 0; i < graph.inputCount(); i++) out.add(timeMajorInput(i, inputs.get(graph.inputNames().get(i))));
        return out;
    }

    INDArray timeMajorMask(INDArray mask) {
        if (mask == null) return null;
        if (mask.rank() != 2) throw new IllegalArgumentException("mask must be [batch, time], got " + Arrays.toString(mask.shape()));
        return Transpose.swapFirstAxes(mask.castTo(dtype));
    }

    static INDArray batchFirst(INDArray out) {
        return out.rank() == 3 ? Transpose.swapFirstAxes(out) : out;
    }

    /** Steps {@code from..to} of a time-major array, as a new array. */
    static INDArray window(INDArray timeMajor, int from, int to) {
        INDArray w = timeMajor.rank() == 3
                ? timeMajor.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all())
                : timeMajor.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
        return w.dup('c');
    }

    // ---- parameters ---------------------------------------------------------------------------

    /** All parameters under their model names ({@code 0.weight_ih_l0}, {@code encoder.weight_ih_l0}), sharing the live arrays. */
    List<Param> params() {
        var all = new ArrayList<Param>();
        for (Layer l : layers) {
            for (Param p : l.params()) all.add(new Param(prefix(l) + "." + p.name(), p.value(), p.grad(), p.decay()));
        }
        return all;
    }

    /** A layer's part of its weights' names: its name, or its position. */
    static String prefix(Layer l) { return l.name() != null ? l.name() : Integer.toString(l.index()); }

    /** Loads every parameter by name and shape, or nothing (an unbuilt network is built from the weights first). */
    void loadWeights(Map<String, INDArray> weights) {
        boolean builtHere = !built;
        if (!built) {
            if (functional) buildFunctional();
            else build(inputFeaturesOf(weights));
        }
        var params = params();
        var problems = new ArrayList<String>();
        var known = new HashSet<String>();
        for (Param p : params) {
            known.add(p.name());
            INDArray w = weights.get(p.name());
            if (w == null) problems.add("missing " + p.name() + " " + Arrays.toString(p.value().shape()));
            else if (!Arrays.equals(w.shape(), p.value().shape())) {
                problems.add(p.name() + " should be " + Arrays.toString(p.value().shape()) + " but is " + Arrays.toString(w.shape()));
            }
        }
        for (var e : weights.entrySet()) {
            if (!known.contains(e.getKey())) problems.add("unexpected " + e.getKey() + " " + Arrays.toString(e.getValue().shape()));
        }
        if (!problems.isEmpty()) {
            if (builtHere) built = false; // leave the model as it was: not built, no random weights kept
            throw new IllegalArgumentException("loadWeights: the weights do not fit this model: " + String.join("; ", problems)
                    + ". Check that the architecture (layer order, units, bidirectional) matches the one that saved them");
        }
        for (Param p : params) p.value().assign(weights.get(p.name()).castTo(dtype));
        freshWeights = false;
    }

    private int inputFeaturesOf(Map<String, INDArray> weights) {
        if (functional) return declaredFeatures()[0];
        if (first().takesTokenIds()) return 1;
        String own = first().inputSizeWeight();
        if (own == null) {
            throw new IllegalArgumentException("loadWeights: " + first().describe() + " has no weights that tell the input size; "
                    + "build the model first, e.g. model.build(features)");
        }
        String name = prefix(first()) + "." + own;
        INDArray w = weights.get(name);
        if (w == null) throw new IllegalArgumentException("loadWeights: missing " + name + ", needed to know the input size");
        return (int) w.size(1);
    }
}
