package io.github.recur.model;

import io.github.recur.data.SequenceData;
import io.github.recur.decode.Decoded;
import io.github.recur.decode.Search;
import io.github.recur.io.SafeTensors;
import io.github.recur.layers.AttentionLayer;
import io.github.recur.layers.Layer;
import io.github.recur.layers.Node;
import io.github.recur.layers.Param;
import io.github.recur.train.Loss;
import io.github.recur.train.Metric;
import io.github.recur.train.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A recurrent model: declare, compile, fit, predict, as in Keras. Declared as a stack with
 * {@code sequential(...)}, or as a graph with {@code model(inputs, output)} (Keras' functional API: several
 * inputs, one recurrent layer's states starting another, attention).
 *
 * <pre>{@code
 * var model = sequential(lstm(64).returnSequences(), dropout(0.2), gru(32), dense(1));
 * model.compile(adam(1e-3).clipNorm(1.0), mse(), metrics(mae()));
 * History history = model.fit(trainX, trainY, epochs(30), batchSize(32), validationSplit(0.2), seed(42));
 * INDArray forecast = model.predict(testX);
 * model.summary();
 * }</pre>
 *
 * Shapes are batch-first: inputs {@code [batch, time, features]} (token ids {@code [batch, time]}
 * for an embedding), outputs {@code [batch, time, units]} for sequence outputs and
 * {@code [batch, units]} otherwise. The input size is inferred from the first data (or declared
 * with {@code input(timeSteps, features)}).
 *
 * <p>A functional model takes its inputs by name:
 * <pre>{@code
 * Node source = input("source").tokens(), targetIn = input("target_in").tokens();
 * RecurrentNode encoder = gru(128).returnSequences().named("encoder").on(embedding(40, 32).maskZero().on(source));
 * RecurrentNode decoder = gru(128).returnSequences().named("decoder").on(embedding(14, 32).maskZero().on(targetIn), encoder.states());
 * Node context = attention("dot").on(decoder, encoder);
 * Model model = model(List.of(source, targetIn), dense(14).on(concat(decoder, context)));
 * model.fit(Map.of("source", src, "target_in", tgtIn), tgtOut, epochs(20));
 * }</pre>
 *
 * <p>A facade: the layer graph ({@code Network}), training ({@code Trainer}), predictions
 * ({@code Inference}), introspection ({@code Inspector}) and the model file ({@code ModelFile}) each
 * live in their own class of this package.
 *
 * <p>A model serves one call at a time: a call from a second thread while another runs (a
 * {@code predict} from a background thread during {@code fit}) gets an {@link IllegalStateException}
 * rather than mixing the two passes' buffers and state.
 */
public final class Model {
    private final Network net;
    private final Trainer trainer;
    private final Inference inference;
    private final Inspector inspector;
    private final OneCallAtATime calls = new OneCallAtATime();

    /** A model of these layers, applied in order (what {@code sequential(...)} returns). */
    public Model(Layer... layers) {
        this(new Network(layers));
    }

    /**
     * A functional model from {@code inputs} to {@code output}; wiring that cannot work is refused here,
     * with both layers named. Usually through {@code Recur.model(inputs, output)}.
     */
    public Model(List<Node> inputs, Node output) {
        this(new Network(inputs, nonNullList(output)));
    }

    /**
     * A functional model with several outputs (a sequence label and a sentence label, say): targets and
     * predictions are keyed by the output layers' names, and the loss is the sum of the outputs' losses.
     */
    public Model(List<Node> inputs, List<Node> outputs) {
        this(new Network(inputs, outputs));
    }

    private static List<Node> nonNullList(Node output) {
        if (output == null) throw new IllegalArgumentException("model: output is null; pass the node the model outputs, e.g. dense(1).on(h)");
        return List.of(output);
    }

    private Model(Network net) {
        this.net = net;
        trainer = new Trainer(this, net);
        inference = new Inference(net);
        inspector = new Inspector(net, trainer);
    }

    // ---- configuration ------------------------------------------------------------------------

    /** Computes in double instead of float (slower; used for gradient checks). Before the model is built. */
    public Model dataType(DataType type) {
        if (type == null) throw new IllegalArgumentException("dataType: type is null; pass DataType.FLOAT (default) or DataType.DOUBLE");
        try (var use = calls.enter("dataType")) { net.dtype(type); }
        return this;
    }

    public DataType dataType() { return net.dtype(); }

    /**
     * Fixes the seed for weight initialisation, shuffling and dropout: the same seed, data and
     * options give the same weights, whether or not the model was built first (weights still as built,
     * by an earlier {@code predict} or {@code step}, are drawn again from the seed; trained or loaded
     * weights are kept). With the same ND4J/OpenBLAS thread count results match bit for bit; another
     * thread count adds up sums in another order, which changes the last digits (differences near
     * 1e-9 were seen after training in double precision).
     *
     * <pre>{@code var model = sequential(lstm(32), dense(1)).seed(42);}</pre>
     */
    public Model seed(long seed) {
        try (var use = calls.enter("seed")) { net.seed(seed); }
        return this;
    }

    /** Sets optimizer, loss and metrics: {@code compile(adam(1e-3), mse(), metrics(mae()))}. */
    public Model compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        try (var use = calls.enter("compile")) { trainer.compile(optimizer, loss, metrics); }
        return this;
    }

    /**
     * Compiles a model with several outputs, one loss each (by the output layers' names); training minimises
     * their sum, logged as {@code loss} beside each output's {@code name_loss}. The metrics are computed for
     * every output ({@code name_accuracy}), so give metrics that fit all outputs, or none.
     *
     * <pre>{@code model.compile(adam(1e-3), Map.of("tags", sparseCategoricalCrossentropy(), "score", mse()), metrics(accuracy()));}</pre>
     */
    public Model compile(Optimizer optimizer, Map<String, Loss> losses, Metric... metrics) {
        try (var use = calls.enter("compile")) { trainer.compile(optimizer, losses, metrics); }
        return this;
    }

    /** The loss of each output, in order. */
    public List<Loss> losses() { return trainer.losses(); }

    public Optimizer optimizer() { return trainer.optimizer(); }
    public Loss loss() { return trainer.loss(); }
    public List<Metric> metrics() { return trainer.metrics(); }
    public List<Layer> layers() { return net.layers(); }
    public Layer layer(int index) {
        if (index < 0 || index >= net.layers().size()) {
            throw new IllegalArgumentException("layer: index " + index + " is outside 0.." + (net.layers().size() - 1));
        }
        return net.layers().get(index);
    }
    public boolean isBuilt() { return net.built(); }

    /** The layer named {@code name} (with {@code .named(name)}). */
    public Layer layer(String name) {
        if (name == null) throw new IllegalArgumentException("layer: name is null");
        for (Layer l : net.layers()) if (name.equals(l.name())) return l;
        var names = new ArrayList<String>();
        for (Layer l : net.layers()) if (l.name() != null) names.add(l.name());
        throw new IllegalArgumentException("layer: no layer is named \"" + name + "\"; the named layers are " + names);
    }

    /**
     * Translates: runs the encoder part once on {@code sources} (every input but {@code targetInput}), then feeds
     * tokens back into {@code targetInput} one step at a time, all rows (and beams) as one batch, starting every
     * row from {@code startToken}. The search says how: {@code greedySearch()} or {@code beamSearch(k)}, with
     * its end token and maximum length.
     *
     * <pre>{@code
     * Decoded d = model.decode(beamSearch(4).endToken(out.endId()).maxLength(12), Map.of("source", src), "target_in", out.startId());
     * List<String> dates = out.decode(d.tokens());
     * }</pre>
     */
    public Decoded decode(Search search, Map<String, INDArray> sources, String targetInput, int startToken) {
        if (search == null) throw new IllegalArgumentException("decode: search is null; e.g. greedySearch().endToken(END).maxLength(20)");
        if (sources == null) throw new IllegalArgumentException("decode: sources is null; pass the encoder's inputs by name, e.g. Map.of(\"source\", src)");
        if (targetInput == null) throw new IllegalArgumentException("decode: targetInput is null; name the decoder's token input, e.g. \"target_in\"");
        if (!net.functional()) {
            throw new IllegalArgumentException("decode: this model is sequential; decoding feeds a functional encoder-decoder model "
                    + "(model(List.of(source, targetIn), output)). For text generation with a sequential model use step(...) and sample(...)");
        }
        try (var use = calls.enter("decode")) {
            int t = GraphDecoding.targetIndexOf(net, targetInput);
            if (sources.containsKey(targetInput)) {
                throw new IllegalArgumentException("decode: sources hold \"" + targetInput + "\", the input decoding fills; pass only the encoder's inputs");
            }
            sources.forEach((name, a) -> DataChecks.inputs("decode", "input \"" + name + "\"", a));
            net.buildFunctional();
            net.leaveStepMode();
            int rows = (int) sources.values().iterator().next().size(0);
            var all = new LinkedHashMap<String, INDArray>(sources);
            all.put(targetInput, org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, rows, 1)); // a placeholder the decoding replaces
            List<INDArray> timeMajor = Trainer.inputsOf(net, all.values().iterator().next(), all);
            int[] start = new int[rows];
            java.util.Arrays.fill(start, startToken);
            return search.decode(new GraphDecoding(net, timeMajor, t), start);
        }
    }

    /** The names of a functional model's inputs, in order (a sequential model has one, "x"). */
    public List<String> inputNames() { return net.inputNames(); }

    /** Whether the model was declared with {@code model(inputs, output)}. */
    public boolean isFunctional() { return net.functional(); }

    /** Builds the layers for {@code features} inputs per step (normally automatic). */
    public Model build(int features) {
        if (features <= 0) throw new IllegalArgumentException("build: features must be positive, got " + features);
        try (var use = calls.enter("build")) { net.build(features); }
        return this;
    }

    // ---- training -----------------------------------------------------------------------------

    /** Asks a running {@code fit} to stop after the current epoch (used by callbacks). */
    public void stopTraining() { trainer.requestStop(); }

    /**
     * Trains on inputs and targets; see {@link #fit(SequenceData, FitOption...)}.
     *
     * <pre>{@code model.fit(x, y, epochs(10), batchSize(32));}</pre>
     */
    public History fit(INDArray x, INDArray y, FitOption... options) {
        return fit(new SequenceData(x, y, null), options);
    }

    /** Trains with a padding mask {@code [batch, time]} (1 = real step). */
    public History fit(INDArray x, INDArray y, INDArray mask, FitOption... options) {
        return fit(new SequenceData(x, y, mask), options);
    }

    /**
     * Trains the model. Options: {@code epochs(n)} (default 1), {@code batchSize(n)} (32),
     * {@code validationSplit(f)} (last fraction, unshuffled, as Keras) or {@code validationData(...)},
     * {@code shuffle(b)} (true), {@code seed(s)}, {@code tbptt(k)}, {@code callbacks(...)},
     * {@code verbose(b)} (true: a {@link ProgressLogger}). Returns every logged value per epoch.
     *
     * <p>Everything is checked before the first update: no empty axis, no NaN or infinity in
     * {@code x} or {@code y} (the first one is named by sample and step), a mask of 0 and 1 with a real
     * step in every sequence, targets the loss can learn ({@code binaryCrossentropy} takes labels in
     * [0, 1]). A mask whose padding the model cannot find by itself is remembered: {@code predict} and
     * {@code evaluate} then refuse to run without one (an {@code embedding(...).maskZero()} finds
     * padding id 0 itself, and needs no mask afterwards). {@code tbptt(k)} with a last-step output
     * learns from the last k steps only, and is refused when a sequence has nothing but padding there.
     * If the loss diverges, a {@link TrainingDivergedException} says so and the model is back to the
     * weights of the last finite loss. A fit leaves the stateful mode of {@link #step}.
     *
     * <pre>{@code History h = model.fit(data, epochs(20), validationSplit(0.2), seed(42));}</pre>
     */
    /**
     * Trains a functional model on its inputs by name.
     *
     * <pre>{@code model.fit(Map.of("source", src, "target_in", tgtIn), tgtOut, epochs(20), batchSize(64));}</pre>
     */
    public History fit(Map<String, INDArray> inputs, INDArray y, FitOption... options) {
        return fit(SequenceData.of(inputs, y), options);
    }

    /**
     * Trains a functional model with several outputs: targets by the output layers' names.
     *
     * <pre>{@code model.fit(Map.of("x", x), Map.of("tags", tags, "sentiment", labels), epochs(10));}</pre>
     */
    public History fit(Map<String, INDArray> inputs, Map<String, INDArray> targets, FitOption... options) {
        return fit(SequenceData.of(inputs, targets), options);
    }

    public History fit(SequenceData data, FitOption... options) {
        try (var use = calls.enter("fit")) { return trainer.fit(data, options); }
    }

    /** Loss and gradients for one batch without updating: fills every {@link Param#grad()} and returns the loss. */
    public double computeGradients(INDArray x, INDArray y, INDArray mask) {
        try (var use = calls.enter("computeGradients")) { return trainer.computeGradients(x, y, mask); }
    }

    /** Loss of a batch (no gradients, no update), for checks. */
    public double lossValue(INDArray x, INDArray y, INDArray mask) {
        try (var use = calls.enter("lossValue")) { return trainer.lossValue(x, y, mask); }
    }

    // ---- evaluation and inference -------------------------------------------------------------

    /** Loss and metrics on data, by name ({@code loss}, {@code mae}, ...), in inference mode. */
    public Map<String, Double> evaluate(INDArray x, INDArray y) { return evaluate(new SequenceData(x, y, null)); }

    /** Loss and metrics of a functional model on its inputs by name. */
    public Map<String, Double> evaluate(Map<String, INDArray> inputs, INDArray y) { return evaluate(SequenceData.of(inputs, y)); }

    /** Loss and metrics of a model with several outputs (targets by the output layers' names), each as {@code name_loss}, {@code name_accuracy}. */
    public Map<String, Double> evaluate(Map<String, INDArray> inputs, Map<String, INDArray> targets) {
        return evaluate(SequenceData.of(inputs, targets));
    }

    public Map<String, Double> evaluate(SequenceData data) {
        try (var use = calls.enter("evaluate")) { return trainer.evaluate(data); }
    }

    /** Outputs for inputs {@code [batch, time, features]}: {@code [batch, units]} or {@code [batch, time, units]}. */
    public INDArray predict(INDArray x) { return predict(x, null); }

    /**
     * Predictions of a functional model from its inputs by name.
     *
     * <pre>{@code INDArray logits = model.predict(Map.of("source", src, "target_in", tgtIn));}</pre>
     */
    public INDArray predict(Map<String, INDArray> inputs) {
        try (var use = calls.enter("predict")) { return inference.predict(inputs); }
    }

    /**
     * Every output's predictions, by the output layers' names (a model with several outputs).
     *
     * <pre>{@code Map<String, INDArray> out = model.predictOutputs(Map.of("x", x)); INDArray tags = out.get("tags");}</pre>
     */
    public Map<String, INDArray> predictOutputs(Map<String, INDArray> inputs) {
        try (var use = calls.enter("predictOutputs")) { return inference.predictOutputs(inputs); }
    }

    /** The names of the outputs (their layers' names), in order; one for a sequential model. */
    public List<String> outputNames() { return net.outputNames(); }

    /**
     * The attention weights {@code [batch, target steps, source steps]} of the attention layer {@code layerName}
     * when the model reads {@code inputs}: row t of example b says how much target step t looked at each source
     * step (padding gets 0). Draw one with {@code Plots.attention(weights.slice(b), sourceTokens, targetTokens)}.
     *
     * <pre>{@code INDArray w = model.attentionWeights(Map.of("source", src, "target_in", tgtIn), "attention");}</pre>
     */
    public INDArray attentionWeights(Map<String, INDArray> inputs, String layerName) {
        Layer l = layer(layerName);
        if (!(l instanceof AttentionLayer att)) {
            throw new IllegalArgumentException("attentionWeights: " + l.describe() + " is not an attention layer; name the attention(...) layer");
        }
        try (var use = calls.enter("attentionWeights")) {
            var parts = new ArrayList<INDArray>();
            net.buildFunctional();
            for (SequenceData b : SequenceData.of(inputs, (INDArray) null).batches(512, null)) {
                net.forward(Trainer.inputsOf(net, b.x(), b.inputs()), null, false, false);
                parts.add(att.weights().dup());
            }
            return parts.size() == 1 ? parts.get(0) : org.nd4j.linalg.factory.Nd4j.concat(0, parts.toArray(new INDArray[0]));
        }
    }

    /**
     * Outputs with a padding mask {@code [batch, time]} (1 = real step). A model trained with a mask
     * it cannot derive from its inputs needs one here too.
     *
     * <pre>{@code INDArray p = model.predict(test.x(), test.mask());}</pre>
     */
    public INDArray predict(INDArray x, INDArray mask) {
        try (var use = calls.enter("predict")) { return inference.predict(x, mask); }
    }

    /**
     * Stateful inference, one time step at a time (text generation, online forecasting): each call
     * continues from the state the previous call left. {@code xt} is {@code [batch, features]}
     * ({@code [batch]} token ids for an embedding); returns {@code [batch, units]}.
     *
     * <pre>{@code model.resetState(); for (...) { INDArray p = model.step(x); ... }}</pre>
     */
    public INDArray step(INDArray xt) {
        try (var use = calls.enter("step")) { return inference.step(xt); }
    }

    /** Forgets the state carried by {@link #step} and leaves stateful mode. */
    public void resetState() {
        try (var use = calls.enter("resetState")) { inference.resetState(); }
    }

    /**
     * Sets the state recurrent layer {@code layerIndex} starts from in the following forward passes
     * ({@code predict}, {@code fit}, {@code evaluate}): {@code h [batch, units]} and for an LSTM also
     * {@code c}; {@code initialState(i, null, null)} goes back to zeros. The batch of the data must
     * then match the state's. Typical use: an encoder's final state seeds a decoder.
     *
     * <pre>{@code
     * encoder.predict(source);
     * INDArray[] hc = encoder.finalState(0);
     * decoder.initialState(0, hc[0], hc[1]);
     * }</pre>
     */
    public Model initialState(int layerIndex, INDArray h, INDArray c) {
        try (var use = calls.enter("initialState")) { inference.initialState(layerIndex, h, c); }
        return this;
    }

    /**
     * The state recurrent layer {@code layerIndex} ended with in the last forward pass:
     * {@code {h}} or, for an LSTM, {@code {h, c}}, each {@code [batch, units]} (masked sequences: the
     * state after their last valid step).
     */
    public INDArray[] finalState(int layerIndex) {
        try (var use = calls.enter("finalState")) { return inference.finalState(layerIndex); }
    }

    /**
     * Autoregressive forecast with a sliding window: predicts the next step from the last
     * {@code window} steps, appends the prediction, repeats. The model's output must have as many
     * units as the input has features. {@code history} is {@code [batch, time, features]};
     * returns {@code [batch, steps, features]}.
     */
    public INDArray forecast(INDArray history, int steps) {
        try (var use = calls.enter("forecast")) { return inference.forecast(history, steps); }
    }

    // ---- introspection (for the plots that teach RNNs) ------------------------------------------

    /** Hidden states of recurrent layer {@code layerIndex} for one input sequence, {@code [time][units]}. */
    public double[][] hiddenStates(INDArray x, int layerIndex) {
        DataChecks.inputs("hiddenStates", x);
        try (var use = calls.enter("hiddenStates")) { return inspector.hiddenStates(x, layerIndex); }
    }

    /** Gate activations of recurrent layer {@code layerIndex} for one input, by gate name, each {@code [time][units]}. */
    public Map<String, double[][]> gateActivations(INDArray x, int layerIndex) {
        DataChecks.inputs("gateActivations", x);
        try (var use = calls.enter("gateActivations")) { return inspector.gateActivations(x, layerIndex); }
    }

    /** ‖∂L/∂h_t‖ for each time step t of recurrent layer {@code layerIndex} on a batch: how far back the error signal reaches. */
    public double[] stateGradientNorms(INDArray x, INDArray y, int layerIndex) {
        DataChecks.inputs("stateGradientNorms", x);
        DataChecks.targets("stateGradientNorms", y);
        try (var use = calls.enter("stateGradientNorms")) { return inspector.stateGradientNorms(x, y, layerIndex); }
    }

    // ---- weights ------------------------------------------------------------------------------

    /** All trainable parameters with full names ({@code 0.weight_ih_l0}), sharing the live arrays. */
    public List<Param> params() {
        net.requireBuilt("params");
        return net.params();
    }

    /** Number of trainable values. */
    public long paramCount() { return params().stream().mapToLong(Param::size).sum(); }

    /** Copies of all parameters by PyTorch state_dict name prefixed with the layer index ({@code 0.weight_ih_l0}). */
    public Map<String, INDArray> weights() {
        try (var use = calls.enter("weights")) {
            var out = new LinkedHashMap<String, INDArray>();
            for (Param p : params()) out.put(p.name(), p.value().dup());
            return out;
        }
    }

    /**
     * Loads parameters by name (as {@link #weights()} names them): every parameter must be present
     * with its shape, and nothing else. An unbuilt model is built from the first layer's weight shape.
     * Nothing is changed if any check fails.
     */
    public void loadWeights(Map<String, INDArray> weights) {
        if (weights == null) throw new IllegalArgumentException("loadWeights: weights is null; pass a map like model.weights() returns");
        try (var use = calls.enter("loadWeights")) { net.loadWeights(weights); }
    }

    /**
     * Writes the weights as a safetensors file with PyTorch state_dict names prefixed by the layer
     * index ({@code 0.weight_ih_l0}, {@code 1.weight}, ...), in the model's data type, atomically.
     * PyTorch reads it with {@code safetensors.torch.load_file}, after stripping the prefix per module.
     *
     * <pre>{@code model.saveWeights(Path.of("weights.safetensors"));}</pre>
     */
    public void saveWeights(Path path) {
        if (path == null) throw new IllegalArgumentException("saveWeights: path is null; e.g. Path.of(\"weights.safetensors\")");
        try (var use = calls.enter("saveWeights")) {
            net.requireBuilt("saveWeights");
            SafeTensors.write(path, weights());
        }
    }

    /**
     * Loads weights from a safetensors file (as {@link #saveWeights} writes it, or exported from a
     * PyTorch state_dict with the layer-index prefixes). Every tensor must match by name and
     * shape; otherwise nothing is loaded and the error lists each mismatch.
     *
     * <pre>{@code
     * var model = sequential(lstm(64), dense(1));
     * model.loadWeights(Path.of("weights.safetensors"));
     * }</pre>
     */
    public void loadWeights(Path path) {
        if (path == null) throw new IllegalArgumentException("loadWeights: path is null; e.g. Path.of(\"weights.safetensors\")");
        Map<String, INDArray> w = SafeTensors.read(path);
        try {
            loadWeights(w);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^loadWeights: ", "loadWeights(" + path.getFileName() + "): "), e);
        }
    }

    // ---- summary and architecture -------------------------------------------------------------

    /**
     * Prints a Keras-style table: layer, configuration, output shape, parameter count (as Keras'
     * {@code model.summary()}, which prints and returns nothing). The text itself is
     * {@code summaryTable().text()} (also {@code toString()}); a notebook shows a model as that table.
     *
     * <pre>{@code model.summary();}</pre>
     */
    public void summary() {
        System.out.print(summaryTable().text());
    }

    /** The rows of {@link #summary()} as data (a notebook shows them as an HTML table). */
    public ModelSummary summaryTable() { return ModelSummary.of(net, trainer); } // reads counts only: a notebook may show a model that trains elsewhere

    @Override public String toString() { return summaryTable().text(); }

    /** Architecture as plain data: one map per layer with "type" and its configuration. */
    public List<Map<String, Object>> architecture() {
        if (net.functional()) return ModelFile.graphArchitecture(net.graph());
        var out = new ArrayList<Map<String, Object>>();
        if (net.declaredInput() != null) out.add(typed(net.declaredInput()));
        for (Layer l : net.layers()) out.add(typed(l));
        return out;
    }

    static Map<String, Object> typed(Layer l) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", l.type());
        m.putAll(l.config());
        if (l.name() != null) m.put("name", l.name());
        return m;
    }

    // ---- persistence ----------------------------------------------------------------------------

    /**
     * Saves the whole model in one versioned file, atomically: architecture, data type, weights,
     * and when compiled the optimizer (configuration and state, e.g. Adam's moments and step
     * counts), loss and metrics, plus the training random generator, so that training continues
     * exactly where it stopped. The file is safetensors (weights readable by PyTorch) with the rest
     * in its metadata; see {@link #load(Path)}. An old file at {@code path} stays intact if writing fails.
     *
     * <pre>{@code
     * model.save(Path.of("model.recur"));
     * Model again = Recur.loadModel(Path.of("model.recur"));
     * }</pre>
     */
    public void save(Path path) {
        if (path == null) throw new IllegalArgumentException("save: path is null; e.g. Path.of(\"model.recur\")");
        try (var use = calls.enter("save")) { ModelFile.save(this, path); }
    }

    /**
     * Loads a model written by {@link #save}: built, weights loaded, compiled as it was saved
     * (with the optimizer's state). A truncated, corrupt or newer-format file gives a
     * {@link io.github.recur.io.ModelFileException} that says so; no model is returned then.
     *
     * <pre>{@code Model model = Model.load(Path.of("model.recur")); model.predict(x);}</pre>
     */
    public static Model load(Path path) {
        if (path == null) throw new IllegalArgumentException("load: path is null; e.g. Path.of(\"model.recur\")");
        return ModelFile.load(path);
    }

    int inputFeatures() { return net.inputFeatures(); }
    Graph graph() { return net.graph(); }
    boolean trainedWithMask() { return net.trainedWithMask(); }
    void trainedWithMask(boolean on) { net.trainedWithMask(on); }
    Long seedOrNull() { return net.seed(); }
    Random trainRng() { return net.rng(); }
    void trainRng(Random rng) { net.rng(rng); }
}
