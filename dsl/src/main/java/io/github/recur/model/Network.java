package io.github.recur.model;

import io.github.recur.internal.Transpose;
import io.github.recur.layers.Input;
import io.github.recur.layers.Layer;
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
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The layer stack of a {@link Model}: building, the forward and backward pass through all layers,
 * the batch-first ↔ time-major layouts, parameters, and the model's random generators. Everything
 * the trainer, the inspector and inference share.
 */
final class Network {
    private final List<Layer> layers;
    private final Input declaredInput;
    private DataType dtype = DataType.FLOAT;
    private Long seed;
    private Random rng = new Random(); // shuffling and dropout
    private boolean built;
    private int inputFeatures;
    private INDArray lastOutputMask;
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
            Layer copy = l.fresh();
            copy.index(list.size());
            list.add(copy);
        }
        if (list.isEmpty()) throw new IllegalArgumentException("sequential: give at least one layer after input(...)");
        this.layers = List.copyOf(list);
        this.declaredInput = input;
    }

    // ---- configuration ------------------------------------------------------------------------

    List<Layer> layers() { return layers; }
    Layer first() { return layers.get(0); }
    Layer last() { return layers.get(layers.size() - 1); }
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
            build(inputFeatures);
        }
    }

    /** Whether the weights are still the random initial ones (set false by training and loading). */
    boolean freshWeights() { return freshWeights; }

    void weightsChanged() { freshWeights = false; }

    boolean trainedWithMask() { return trainedWithMask; }

    void trainedWithMask(boolean on) { trainedWithMask = on; }

    // ---- building -----------------------------------------------------------------------------

    void build(int features) {
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
        Random init = new Random(seed != null ? seed : System.nanoTime());
        int f = features;
        boolean seq = true;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l.requiresSequence() && !seq) {
                throw new IllegalArgumentException(l.describe() + " needs a sequence input, but " + layers.get(i - 1).describe()
                        + " outputs only its last step; add .returnSequences() to it");
            }
            int out = l.outputFeatures(f);
            l.build(f, seq, init, dtype);
            seq = l.outputIsSequence(seq);
            f = out;
        }
        inputFeatures = features;
        built = true;
        freshWeights = true;
    }

    /** Builds for the feature count of batch-first data (one feature, the id, for token ids). */
    void buildFor(INDArray x) { build(featuresOf(x)); }

    /** The input features per step of batch-first data: its last axis, or 1 (the id) for token ids. */
    int featuresOf(INDArray x) { return first().takesTokenIds() ? 1 : (int) x.size(x.rank() - 1); }

    /** Builds from the declared input, or says how to build. */
    void requireBuilt(String what) {
        if (built) return;
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
        forEachRecurrent(r -> r.keepGates(keepGates));
        INDArray a = x;
        INDArray m = mask;
        for (Layer l : layers) {
            INDArray out = l.forward(a, m, training, rng);
            m = l.outputMask(m, a);
            a = out;
        }
        lastOutputMask = m;
        return a;
    }

    /** The mask of the last forward pass's output (null when it has none). */
    INDArray lastOutputMask() { return lastOutputMask; }

    /** Backward from ∂L/∂output; ∂L/∂input of a layer is only computed when some layer before it learns. */
    void backward(INDArray grad) {
        int firstLearning = 0;
        while (firstLearning < layers.size() && layers.get(firstLearning).params().isEmpty()) firstLearning++;
        INDArray g = grad;
        for (int i = layers.size() - 1; i >= 0 && g != null; i--) g = layers.get(i).backward(g, i > firstLearning);
    }

    /** The model's output size (units of the last layer) for {@code features} inputs per step; builds nothing. */
    int outputFeatures(int features) {
        int f = features;
        for (Layer l : layers) f = l.outputFeatures(f);
        return f;
    }

    boolean outputIsSequence() {
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

    /** All parameters under their model names ({@code 0.weight_ih_l0}), sharing the live arrays. */
    List<Param> params() {
        var all = new ArrayList<Param>();
        for (Layer l : layers) {
            for (Param p : l.params()) all.add(new Param(l.index() + "." + p.name(), p.value(), p.grad(), p.decay()));
        }
        return all;
    }

    /** Loads every parameter by name and shape, or nothing (an unbuilt network is built from the weights first). */
    void loadWeights(Map<String, INDArray> weights) {
        boolean builtHere = !built;
        if (!built) build(inputFeaturesOf(weights));
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
        if (first().takesTokenIds()) return 1;
        String own = first().inputSizeWeight();
        if (own == null) {
            throw new IllegalArgumentException("loadWeights: " + first().describe() + " has no weights that tell the input size; "
                    + "build the model first, e.g. model.build(features)");
        }
        String name = first().index() + "." + own;
        INDArray w = weights.get(name);
        if (w == null) throw new IllegalArgumentException("loadWeights: missing " + name + ", needed to know the input size");
        return (int) w.size(1);
    }
}
