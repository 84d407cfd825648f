package io.github.recur;

import io.github.recur.data.SequenceData;
import io.github.recur.display.Displayable;
import io.github.recur.display.TrainingProgress;
import io.github.recur.internal.Transpose;
import io.github.recur.layers.Bidirectional;
import io.github.recur.layers.Embedding;
import io.github.recur.layers.Layer;
import io.github.recur.layers.Param;
import io.github.recur.layers.Recurrent;
import io.github.recur.train.Callback;
import io.github.recur.train.Loss;
import io.github.recur.train.Metric;
import io.github.recur.train.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A sequential recurrent model: declare, compile, fit, predict, as in Keras.
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
 */
public final class Model implements Displayable {
    private static final int INFERENCE_BATCH = 512;

    private final List<Layer> layers;
    private final Input declaredInput;
    private DataType dtype = DataType.FLOAT;
    private Long seed;
    private boolean built;
    private int inputFeatures;

    private Optimizer optimizer;
    private Loss loss;
    private List<Metric> metrics = List.of();

    private Random trainRng = new Random();
    private volatile boolean stopRequested;
    private INDArray lastOutputMask;

    Model(Layer... declared) {
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

    /** Computes in double instead of float (slower; used for gradient checks). Before the model is built. */
    public Model dataType(DataType type) {
        if (built) throw new IllegalStateException("dataType: the model is already built; set it right after sequential(...)");
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + type);
        }
        this.dtype = type;
        return this;
    }

    public DataType dataType() { return dtype; }

    /** Fixes the seed for weight initialisation, shuffling and dropout. */
    public Model seed(long seed) {
        this.seed = seed;
        this.trainRng = new Random(seed ^ 0x5DEECE66DL);
        return this;
    }

    /** Sets optimizer, loss and metrics: {@code compile(adam(1e-3), mse(), metrics(mae()))}. */
    public Model compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        if (optimizer == null) throw new IllegalArgumentException("compile: optimizer is null; e.g. adam(1e-3)");
        if (loss == null) throw new IllegalArgumentException("compile: loss is null; e.g. mse()");
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics = List.of(metrics);
        return this;
    }

    public Optimizer optimizer() { return optimizer; }
    public Loss loss() { return loss; }
    public List<Metric> metrics() { return metrics; }
    public List<Layer> layers() { return layers; }
    public Layer layer(int index) { return layers.get(index); }
    public boolean isBuilt() { return built; }

    // ---- building -----------------------------------------------------------------------------

    /** Builds the layers for {@code features} inputs per step (normally automatic). */
    public Model build(int features) {
        if (built) {
            if (features != inputFeatures) {
                throw new IllegalArgumentException(layers.get(0).describe() + ": the model was built for " + inputFeatures
                        + " input features but the data has " + features + "; give the data the same features, or declare a new model");
            }
            return this;
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
        return this;
    }

    private void buildFor(INDArray x) {
        if (layers.get(0) instanceof Embedding) build(1);
        else build((int) x.size(x.rank() - 1));
    }

    // ---- training -----------------------------------------------------------------------------

    /** Asks a running {@code fit} to stop after the current epoch (used by callbacks). */
    public void stopTraining() { stopRequested = true; }

    /** Trains on inputs and targets; see {@link #fit(SequenceData, FitOption...)}. */
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
     * {@code verbose(b)} (true). Returns every logged value per epoch.
     */
    public History fit(SequenceData data, FitOption... options) {
        requireCompiled("fit");
        if (data.y() == null) throw new IllegalArgumentException("fit: targets y are missing");
        int epochs = 1, batchSize = 32, tbptt = 0;
        double split = 0;
        SequenceData validation = null;
        boolean shuffle = true, verbose = true;
        List<Callback> callbacks = List.of();
        for (FitOption o : options) {
            switch (o.kind) {
                case EPOCHS: epochs = (Integer) o.value; break;
                case BATCH_SIZE: batchSize = (Integer) o.value; break;
                case VALIDATION_SPLIT: split = (Double) o.value; break;
                case VALIDATION_DATA: validation = (SequenceData) o.value; break;
                case SEED: seed((Long) o.value); break;
                case SHUFFLE: shuffle = (Boolean) o.value; break;
                case VERBOSE: verbose = (Boolean) o.value; break;
                case CALLBACKS: @SuppressWarnings("unchecked") var cbs = (List<Callback>) o.value; callbacks = cbs; break;
                case TBPTT: tbptt = (Integer) o.value; break;
                default: throw new IllegalStateException(o.toString());
            }
        }
        SequenceData train = data;
        if (split > 0) {
            if (validation != null) throw new IllegalArgumentException("fit: give validationSplit or validationData, not both");
            SequenceData[] parts = data.splitLast(split);
            train = parts[0];
            validation = parts[1];
        }
        buildFor(train.x());
        stopRequested = false;
        var history = new History();
        var progress = TrainingProgress.start(epochs, verbose);
        for (Callback c : callbacks) c.onTrainBegin(this);
        for (int epoch = 0; epoch < epochs && !stopRequested; epoch++) {
            for (Callback c : callbacks) c.onEpochBegin(epoch, this);
            var acc = new Accumulator();
            for (SequenceData batch : train.batches(batchSize, shuffle ? trainRng : null)) {
                if (Thread.currentThread().isInterrupted()) {
                    progress.note("Training interrupted during epoch " + (epoch + 1) + "; the model keeps the weights it has.");
                    return history;
                }
                trainBatch(batch, tbptt, acc, epoch, history);
            }
            var logs = new LinkedHashMap<String, Double>();
            acc.into(logs, "");
            if (validation != null) evaluateInto(validation, logs, "val_");
            logs.put("lr", optimizer.learningRate());
            history.record(logs);
            progress.epoch(epoch, logs);
            for (Callback c : callbacks) c.onEpochEnd(epoch, logs, this);
        }
        for (Callback c : callbacks) c.onTrainEnd(this, history);
        if (stopRequested) progress.stoppedEarly("stopped early by a callback after epoch " + history.epochs());
        return history;
    }

    private void trainBatch(SequenceData batch, int tbptt, Accumulator acc, int epoch, History history) {
        INDArray x = timeMajorInput(batch.x());
        INDArray mask = batch.mask() == null ? null : timeMajorMask(batch.mask());
        int steps = (int) x.size(0);
        if (tbptt <= 0 || tbptt >= steps) {
            step(x, mask, batch.y(), acc, epoch, history, true);
            return;
        }
        for (Layer l : layers) {
            if (l instanceof Bidirectional) {
                throw new IllegalArgumentException("tbptt: " + l.describe() + " reads the future of the sequence and cannot be "
                        + "trained in truncated windows; use full BPTT (no tbptt) for bidirectional models");
            }
        }
        boolean seqOut = outputIsSequence();
        setStateful(true);
        try {
            for (int from = 0; from < steps; from += tbptt) {
                int to = Math.min(steps, from + tbptt);
                INDArray xw = window(x, from, to);
                INDArray mw = mask == null ? null : window(mask, from, to);
                if (seqOut) {
                    INDArray yw = batch.y().get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c');
                    step(xw, mw, yw, acc, epoch, history, true);
                } else if (to == steps) {
                    step(xw, mw, batch.y(), acc, epoch, history, true);
                } else {
                    forward(xw, mw, false); // only carries the state to the window that has the loss
                }
            }
        } finally {
            setStateful(false);
        }
    }

    /** One forward, backward and update on time-major inputs; y batch-first. */
    private void step(INDArray x, INDArray mask, INDArray y, Accumulator acc, int epoch, History history, boolean update) {
        INDArray out = forward(x, mask, true);
        Rows r = rows(out, y, lastOutputMask);
        INDArray grad = r.pred.ulike();
        double value = loss.compute(r.pred, r.target, r.weights, grad);
        if (!Double.isFinite(value)) {
            throw new TrainingDivergedException(String.format(Locale.ROOT,
                    "the loss became %s in epoch %d; training stopped and the model keeps its last finite weights. "
                    + "Try a lower learning rate (now %g) or gradient clipping, e.g. adam(1e-3).clipNorm(1.0); "
                    + "also check the data for NaN or very large values (scale it)", value, epoch + 1,
                    optimizer.learningRate()), history);
        }
        double weight = r.weights == null ? r.pred.size(0) : r.weights.sumNumber().doubleValue();
        acc.addLoss(value, weight);
        for (Metric m : metrics) acc.add(m, m.sumAndWeight(r.pred, r.target, r.weights));
        backward(grad.reshape('c', out.shape()));
        if (!update) return;
        try {
            optimizer.step(params());
        } catch (io.github.recur.train.NonFiniteGradientException e) {
            throw new TrainingDivergedException(String.format(Locale.ROOT,
                    "the gradient of %s became %s in epoch %d (the loss was still finite, %g); training stopped before "
                    + "applying it and the model keeps its last finite weights. Try gradient clipping, e.g. "
                    + "adam(1e-3).clipNorm(1.0), or a lower learning rate (now %g); also check the data for very large values (scale it)",
                    e.param(), e.norm(), epoch + 1, value, optimizer.learningRate()), history);
        }
    }

    /** Loss and gradients for one batch without updating: fills every {@link Param#grad()} and returns the loss. */
    public double computeGradients(INDArray x, INDArray y, INDArray mask) {
        requireLoss("computeGradients");
        buildFor(x);
        INDArray out = forward(timeMajorInput(x), mask == null ? null : timeMajorMask(mask), false, true); // no dropout, gates for backward
        Rows r = rows(out, y, lastOutputMask);
        INDArray grad = r.pred.ulike();
        double value = loss.compute(r.pred, r.target, r.weights, grad);
        backward(grad.reshape('c', out.shape()));
        return value;
    }

    /** Loss of a batch (no gradients, no update), for checks. */
    public double lossValue(INDArray x, INDArray y, INDArray mask) {
        requireLoss("lossValue");
        buildFor(x);
        INDArray out = forward(timeMajorInput(x), mask == null ? null : timeMajorMask(mask), false);
        Rows r = rows(out, y, lastOutputMask);
        return loss.compute(r.pred, r.target, r.weights, null);
    }

    // ---- evaluation and inference -------------------------------------------------------------

    /** Loss and metrics on data, by name ({@code loss}, {@code mae}, ...), in inference mode. */
    public Map<String, Double> evaluate(INDArray x, INDArray y) { return evaluate(new SequenceData(x, y, null)); }

    public Map<String, Double> evaluate(SequenceData data) {
        requireLoss("evaluate");
        var logs = new LinkedHashMap<String, Double>();
        evaluateInto(data, logs, "");
        return logs;
    }

    private void evaluateInto(SequenceData data, Map<String, Double> logs, String prefix) {
        buildFor(data.x());
        var acc = new Accumulator();
        for (SequenceData b : data.batches(INFERENCE_BATCH, null)) {
            INDArray out = forward(timeMajorInput(b.x()), b.mask() == null ? null : timeMajorMask(b.mask()), false);
            Rows r = rows(out, b.y(), lastOutputMask);
            double weight = r.weights == null ? r.pred.size(0) : r.weights.sumNumber().doubleValue();
            acc.addLoss(loss.compute(r.pred, r.target, r.weights, null), weight);
            for (Metric m : metrics) acc.add(m, m.sumAndWeight(r.pred, r.target, r.weights));
        }
        acc.into(logs, prefix);
    }

    /** Outputs for inputs {@code [batch, time, features]}: {@code [batch, units]} or {@code [batch, time, units]}. */
    public INDArray predict(INDArray x) { return predict(x, null); }

    /** Outputs with a padding mask {@code [batch, time]}. */
    public INDArray predict(INDArray x, INDArray mask) {
        buildFor(x);
        var parts = new ArrayList<INDArray>();
        for (SequenceData b : new SequenceData(x, null, mask).batches(INFERENCE_BATCH, null)) {
            INDArray out = forward(timeMajorInput(b.x()), b.mask() == null ? null : timeMajorMask(b.mask()), false);
            parts.add(batchFirst(out));
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    /**
     * Stateful inference, one time step at a time (text generation, online forecasting): each call
     * continues from the state the previous call left. {@code xt} is {@code [batch, features]}
     * ({@code [batch]} token ids for an embedding); returns {@code [batch, units]}.
     *
     * <pre>{@code model.resetState(); for (...) { INDArray p = model.step(x); ... }}</pre>
     */
    public INDArray step(INDArray xt) {
        for (Layer l : layers) {
            if (l instanceof Bidirectional) {
                throw new IllegalArgumentException("step: " + l.describe() + " needs the whole sequence (it reads it backwards too); "
                        + "use predict on full sequences, or a unidirectional model for step-by-step inference");
            }
        }
        INDArray x3;
        if (layers.get(0) instanceof Embedding) {
            x3 = xt.reshape(xt.length(), 1);
        } else {
            if (xt.rank() == 1) xt = xt.reshape(1, xt.length());
            if (xt.rank() != 2) throw new IllegalArgumentException("step: expects one time step [batch, features], got " + Arrays.toString(xt.shape()));
            if (built && xt.size(1) == inputFeatures && xt.dataType() == dtype) {
                // One step: batch-first [B, 1, F] and time-major [1, B, F] are the same memory, so the
                // reshape replaces timeMajorInput's permute + copy (each ND4J op costs 5-20 µs here).
                setStateful(true);
                INDArray out = forward(xt.reshape('c', 1, xt.size(0), xt.size(1)), null, false);
                return out.rank() == 3 ? out.reshape('c', out.size(1), out.size(2)) : out;
            }
            x3 = xt.reshape(xt.size(0), 1, xt.size(1));
        }
        buildFor(x3);
        setStateful(true);
        INDArray out = forward(timeMajorInput(x3), null, false);
        INDArray bf = batchFirst(out);
        return bf.rank() == 3 ? bf.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()).dup() : bf;
    }

    /** Forgets the state carried by {@link #step} and leaves stateful mode. */
    public void resetState() {
        forEachRecurrent(Recurrent::resetState);
        setStateful(false);
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
        plainRecurrentAt(layerIndex, "initialState").initialState(h == null ? null : h.castTo(dtype), c == null ? null : c.castTo(dtype));
        return this;
    }

    /**
     * The state recurrent layer {@code layerIndex} ended with in the last forward pass:
     * {@code {h}} or, for an LSTM, {@code {h, c}}, each {@code [batch, units]} (masked sequences: the
     * state after their last valid step).
     */
    public INDArray[] finalState(int layerIndex) {
        return plainRecurrentAt(layerIndex, "finalState").finalState();
    }

    private Recurrent plainRecurrentAt(int layerIndex, String what) {
        if (layerIndex < 0 || layerIndex >= layers.size()) {
            throw new IllegalArgumentException(what + ": layer index " + layerIndex + " is outside 0.." + (layers.size() - 1));
        }
        Layer l = layers.get(layerIndex);
        if (l instanceof Recurrent) return (Recurrent) l;
        throw new IllegalArgumentException(what + ": " + l.describe() + " is not a (one-directional) recurrent layer; "
                + "pick the index of an lstm, gru or simpleRnn layer");
    }

    /**
     * Autoregressive forecast with a sliding window: predicts the next step from the last
     * {@code window} steps, appends the prediction, repeats. The model's output must have as many
     * units as the input has features. {@code history} is {@code [batch, time, features]};
     * returns {@code [batch, steps, features]}.
     */
    public INDArray forecast(INDArray history, int steps) {
        if (steps <= 0) throw new IllegalArgumentException("forecast: steps must be positive, got " + steps);
        if (history.rank() != 3) throw new IllegalArgumentException("forecast: history must be [batch, time, features], got " + Arrays.toString(history.shape()));
        long b = history.size(0), t = history.size(1), f = history.size(2);
        INDArray window = history.castTo(dtype).dup('c');
        INDArray out = Nd4j.create(dtype, b, steps, f);
        for (int s = 0; s < steps; s++) {
            INDArray p = predict(window);
            if (p.rank() == 3) p = p.get(NDArrayIndex.all(), NDArrayIndex.point(p.size(1) - 1), NDArrayIndex.all());
            if (p.size(1) != f) {
                throw new IllegalArgumentException("forecast: the model outputs " + p.size(1) + " values per step but the input has "
                        + f + " features; autoregressive forecasting feeds outputs back as inputs, so they must match");
            }
            out.get(NDArrayIndex.all(), NDArrayIndex.point(s), NDArrayIndex.all()).assign(p);
            INDArray next = Nd4j.create(dtype, b, t, f);
            if (t > 1) next.get(NDArrayIndex.all(), NDArrayIndex.interval(0, t - 1), NDArrayIndex.all())
                    .assign(window.get(NDArrayIndex.all(), NDArrayIndex.interval(1, t), NDArrayIndex.all()));
            next.get(NDArrayIndex.all(), NDArrayIndex.point(t - 1), NDArrayIndex.all()).assign(p);
            window = next;
        }
        return out;
    }

    // ---- introspection (for the plots that teach RNNs) ------------------------------------------

    /** Hidden states of recurrent layer {@code layerIndex} for one input sequence, {@code [time][units]}. */
    public double[][] hiddenStates(INDArray x, int layerIndex) {
        Recurrent r = recurrentAt(layerIndex);
        forward(timeMajorInput(single(x)), null, false);
        return toMatrix(r.hiddenStates());
    }

    /** Gate activations of recurrent layer {@code layerIndex} for one input, by gate name, each {@code [time][units]}. */
    public Map<String, double[][]> gateActivations(INDArray x, int layerIndex) {
        Recurrent r = recurrentAt(layerIndex);
        forward(timeMajorInput(single(x)), null, false, true);
        var out = new LinkedHashMap<String, double[][]>();
        r.gateActivations().forEach((k, v) -> out.put(k, toMatrix(v)));
        return out;
    }

    /** ‖∂L/∂h_t‖ for each time step t of recurrent layer {@code layerIndex} on a batch: how far back the error signal reaches. */
    public double[] stateGradientNorms(INDArray x, INDArray y, int layerIndex) {
        Recurrent r = recurrentAt(layerIndex);
        r.recordStateGradientNorms(true);
        try {
            computeGradients(x, y, null);
        } finally {
            r.recordStateGradientNorms(false); // training passes skip them
        }
        return r.stateGradientNorms();
    }

    private Recurrent recurrentAt(int layerIndex) {
        if (layerIndex < 0 || layerIndex >= layers.size()) {
            throw new IllegalArgumentException("layer index " + layerIndex + " is outside 0.." + (layers.size() - 1));
        }
        Layer l = layers.get(layerIndex);
        if (l instanceof Recurrent) return (Recurrent) l;
        if (l instanceof Bidirectional) return ((Bidirectional) l).forwardLayer();
        throw new IllegalArgumentException(l.describe() + " is not recurrent; pick the index of an lstm, gru or simpleRnn layer");
    }

    private INDArray single(INDArray x) {
        if (x.rank() == 2 && !(layers.get(0) instanceof Embedding)) x = x.reshape(1, x.size(0), x.size(1));
        if (x.rank() == 1) x = x.reshape(1, x.length());
        buildFor(x);
        return x.get(NDArrayIndex.interval(0, 1)).dup('c');
    }

    private static double[][] toMatrix(INDArray tbh) {
        long t = tbh.size(0), h = tbh.size(2);
        double[][] m = new double[(int) t][(int) h];
        INDArray first = tbh.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()).castTo(DataType.DOUBLE).dup('c');
        double[] flat = first.data().asDouble();
        for (int i = 0; i < t; i++) System.arraycopy(flat, (int) (i * h), m[i], 0, (int) h);
        return m;
    }

    // ---- weights ------------------------------------------------------------------------------

    /** All trainable parameters with full names ({@code 0.weight_ih_l0}), sharing the live arrays. */
    public List<Param> params() {
        requireBuilt("params");
        var all = new ArrayList<Param>();
        for (Layer l : layers) {
            for (Param p : l.params()) all.add(new Param(l.index() + "." + p.name(), p.value(), p.grad(), p.decay()));
        }
        return all;
    }

    /** Number of trainable values. */
    public long paramCount() { return params().stream().mapToLong(Param::size).sum(); }

    /** Copies of all parameters by PyTorch state_dict name prefixed with the layer index ({@code 0.weight_ih_l0}). */
    public Map<String, INDArray> weights() {
        var out = new LinkedHashMap<String, INDArray>();
        for (Param p : params()) out.put(p.name(), p.value().dup());
        return out;
    }

    /**
     * Loads parameters by name (as {@link #weights()} names them): every parameter must be present
     * with its shape, and nothing else. An unbuilt model is built from the first layer's weight shape.
     * Nothing is changed if any check fails.
     */
    public void loadWeights(Map<String, INDArray> weights) {
        boolean builtHere = !built;
        if (!built) build(inferInputFeatures(weights));
        var params = params();
        var problems = new ArrayList<String>();
        var known = new java.util.HashSet<String>();
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
    }

    /**
     * Writes the weights as a safetensors file with PyTorch state_dict names prefixed by the layer
     * index ({@code 0.weight_ih_l0}, {@code 1.weight}, ...), in the model's data type, atomically.
     * PyTorch reads it with {@code safetensors.torch.load_file}, after stripping the prefix per module.
     *
     * <pre>{@code model.saveWeights(Path.of("weights.safetensors"));}</pre>
     */
    public void saveWeights(java.nio.file.Path path) {
        requireBuilt("saveWeights");
        io.github.recur.io.SafeTensors.write(path, weights());
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
    public void loadWeights(java.nio.file.Path path) {
        Map<String, INDArray> w = io.github.recur.io.SafeTensors.read(path);
        try {
            loadWeights(w);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^loadWeights: ", "loadWeights(" + path.getFileName() + "): "), e);
        }
    }

    private int inferInputFeatures(Map<String, INDArray> weights) {
        Layer first = layers.get(0);
        if (first instanceof Embedding) return 1;
        String name = first instanceof Recurrent || first instanceof Bidirectional ? "0.weight_ih_l0" : "0.weight";
        INDArray w = weights.get(name);
        if (w == null) throw new IllegalArgumentException("loadWeights: missing " + name + ", needed to know the input size");
        return (int) w.size(1);
    }

    // ---- summary ------------------------------------------------------------------------------

    /** Prints and returns a Keras-style table: layer, output shape, parameter count. */
    public String summary() {
        String text = summaryText();
        System.out.println(text);
        return text;
    }

    private List<String[]> summaryRows() {
        if (!built && declaredInput != null) build(declaredInput.features());
        var rows = new ArrayList<String[]>();
        String time = declaredInput != null && declaredInput.timeSteps() > 0 ? String.valueOf(declaredInput.timeSteps()) : "time";
        boolean seq = true;
        int f = built ? inputFeatures : -1;
        for (Layer l : layers) {
            String shape;
            long count = built ? l.params().stream().mapToLong(Param::size).sum() : -1;
            if (built) {
                f = l.outputFeatures(f);
                seq = l.outputIsSequence(seq);
                shape = seq ? "(batch, " + time + ", " + f + ")" : "(batch, " + f + ")";
            } else {
                seq = l.outputIsSequence(seq);
                shape = "?";
            }
            rows.add(new String[] {l.index() + " " + l.type(), l.details(), shape, count < 0 ? "?" : String.format(Locale.ROOT, "%,d", count)});
        }
        return rows;
    }

    private String summaryText() {
        var rows = summaryRows();
        var sb = new StringBuilder();
        String fmt = "%-18s %-32s %-22s %12s%n";
        sb.append(String.format(Locale.ROOT, fmt, "Layer", "Configuration", "Output shape", "Params"));
        sb.append("=".repeat(87)).append('\n');
        for (String[] r : rows) sb.append(String.format(Locale.ROOT, fmt, (Object[]) r));
        sb.append("=".repeat(87)).append('\n');
        if (built) sb.append(String.format(Locale.ROOT, "Total params: %,d%n", paramCount()));
        else sb.append("Not built yet: declare input(timeSteps, features) first, or call fit/predict.\n");
        if (optimizer != null) sb.append("Optimizer: ").append(optimizer.describe()).append("   Loss: ").append(loss.name()).append('\n');
        return sb.toString();
    }

    @Override public Map<String, String> mimeBundle() {
        var rows = summaryRows();
        var html = new StringBuilder("<table><thead><tr><th style=\"text-align:left\">Layer</th><th style=\"text-align:left\">Configuration</th>"
                + "<th style=\"text-align:left\">Output shape</th><th style=\"text-align:right\">Params</th></tr></thead><tbody>");
        for (String[] r : rows) {
            html.append("<tr><td style=\"text-align:left\">").append(esc(r[0])).append("</td><td style=\"text-align:left\">").append(esc(r[1]))
                    .append("</td><td style=\"text-align:left\">").append(esc(r[2])).append("</td><td style=\"text-align:right\">").append(r[3]).append("</td></tr>");
        }
        html.append("</tbody></table>");
        if (built) html.append(String.format(Locale.ROOT, "<p>Total params: <b>%,d</b>", paramCount()));
        if (optimizer != null) html.append(" · optimizer ").append(esc(optimizer.describe())).append(" · loss ").append(esc(loss.name()));
        return Map.of("text/plain", summaryText(), "text/html", html.toString());
    }

    private static String esc(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"); }

    @Override public String toString() { return summaryText(); }

    // ---- internals ----------------------------------------------------------------------------

    private INDArray forward(INDArray x, INDArray mask, boolean training) { return forward(x, mask, training, training); }

    /** {@code keepGates}: whether the recurrent layers keep their gates (for backward or gateActivations); predictions skip them. */
    private INDArray forward(INDArray x, INDArray mask, boolean training, boolean keepGates) {
        forEachRecurrent(r -> r.keepGates(keepGates));
        INDArray a = x;
        INDArray m = mask;
        for (Layer l : layers) {
            INDArray out = l.forward(a, m, training, trainRng);
            m = l.outputMask(m, a);
            a = out;
        }
        lastOutputMask = m;
        return a;
    }

    private void backward(INDArray grad) {
        // ∂L/∂input of layer i is only needed when some layer before it has parameters.
        int firstLearning = 0;
        while (firstLearning < layers.size() && layers.get(firstLearning).params().isEmpty()) firstLearning++;
        INDArray g = grad;
        for (int i = layers.size() - 1; i >= 0 && g != null; i--) g = layers.get(i).backward(g, i > firstLearning);
    }

    private boolean outputIsSequence() {
        boolean seq = true;
        for (Layer l : layers) seq = l.outputIsSequence(seq);
        return seq;
    }

    /** Every recurrent layer, both directions of a bidirectional one; no list (step() runs this per token). */
    private void forEachRecurrent(java.util.function.Consumer<Recurrent> action) {
        for (Layer l : layers) {
            if (l instanceof Recurrent) action.accept((Recurrent) l);
            if (l instanceof Bidirectional) {
                action.accept(((Bidirectional) l).forwardLayer());
                action.accept(((Bidirectional) l).backwardLayer());
            }
        }
    }

    private void setStateful(boolean on) {
        forEachRecurrent(r -> {
            if (on) r.stateful(true);
            else { r.resetState(); r.stateful(false); }
        });
    }

    /** Batch-first user input to the internal time-major layout. */
    private INDArray timeMajorInput(INDArray x) {
        if (layers.get(0) instanceof Embedding) {
            if (x.rank() == 3 && x.size(2) == 1) x = x.reshape(x.size(0), x.size(1));
            if (x.rank() != 2) {
                throw new IllegalArgumentException(layers.get(0).describe() + ": expects token ids [batch, time], got shape "
                        + Arrays.toString(x.shape()));
            }
            return Transpose.swapFirstAxes(x.castTo(dtype));
        }
        if (x.rank() == 3) {
            if (x.size(2) != inputFeatures) build((int) x.size(2));
            return Transpose.swapFirstAxes(x.castTo(dtype));
        }
        if (x.rank() == 2 && !layers.get(0).requiresSequence()) return x.castTo(dtype).dup('c');
        throw new IllegalArgumentException(layers.get(0).describe() + ": expects input [batch, time, features], got shape "
                + Arrays.toString(x.shape()) + (x.rank() == 2 ? "; for one feature per step use x.reshape(batch, time, 1)" : ""));
    }

    private INDArray timeMajorMask(INDArray mask) {
        if (mask.rank() != 2) throw new IllegalArgumentException("mask must be [batch, time], got " + Arrays.toString(mask.shape()));
        return Transpose.swapFirstAxes(mask.castTo(dtype));
    }

    private static INDArray batchFirst(INDArray out) {
        return out.rank() == 3 ? Transpose.swapFirstAxes(out) : out;
    }

    private static INDArray window(INDArray timeMajor, int from, int to) {
        INDArray w = timeMajor.rank() == 3
                ? timeMajor.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all())
                : timeMajor.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
        return w.dup('c');
    }

    private record Rows(INDArray pred, INDArray target, INDArray weights) {}

    /** Flattens the output and the batch-first targets to rows, with the mask as row weights. */
    private Rows rows(INDArray out, INDArray y, INDArray outMask) {
        if (y == null) throw new IllegalArgumentException("targets y are missing");
        long c = out.size(out.rank() - 1);
        long n = out.rank() == 3 ? out.size(0) * out.size(1) : out.size(0);
        INDArray pred = out.reshape('c', n, c);
        INDArray target;
        long expectCols = loss.sparseTargets() ? 1 : c;
        if (out.rank() == 3) {
            long t = out.size(0), b = out.size(1);
            INDArray y3 = y.rank() == 2 ? y.reshape(y.size(0), y.size(1), 1) : y;
            if (y3.rank() != 3 || y3.size(0) != b || y3.size(1) != t || y3.size(2) != expectCols) {
                throw new IllegalArgumentException("target y should be [batch " + b + ", time " + t + ", " + expectCols
                        + "] to match the sequence output, but is " + Arrays.toString(y.shape())
                        + "; for one target per sequence, drop returnSequences() on the last recurrent layer");
            }
            target = y3.castTo(dtype).permute(1, 0, 2).dup('c').reshape('c', n, expectCols);
        } else {
            INDArray y2 = y.rank() == 1 ? y.reshape(y.length(), 1) : y;
            if (y2.rank() != 2 || y2.size(0) != n || y2.size(1) != expectCols) {
                throw new IllegalArgumentException("target y should be [batch " + n + ", " + expectCols + "] to match the output of "
                        + layers.get(layers.size() - 1).describe() + ", but is " + Arrays.toString(y.shape())
                        + (y.rank() == 3 ? "; for sequence targets add returnSequences() to the last recurrent layer" : ""));
            }
            target = y2.castTo(dtype);
        }
        INDArray weights = out.rank() == 3 && outMask != null ? outMask.reshape(n).castTo(dtype) : null;
        return new Rows(pred, target, weights);
    }

    private void requireBuilt(String what) {
        if (!built) {
            if (declaredInput != null) build(declaredInput.features());
            else throw new IllegalStateException(what + ": the model is not built yet; call fit or predict first, or declare input(timeSteps, features)");
        }
    }

    private void requireLoss(String what) {
        if (loss == null) throw new IllegalStateException(what + ": compile the model first, e.g. model.compile(adam(1e-3), mse())");
    }

    private void requireCompiled(String what) {
        if (optimizer == null || loss == null) {
            throw new IllegalStateException(what + ": compile the model first, e.g. model.compile(adam(1e-3), mse())");
        }
    }

    /** Weighted running means of loss and metrics over an epoch. */
    private static final class Accumulator {
        private final Map<String, double[]> sums = new LinkedHashMap<>();
        private final Map<String, Metric> metricByName = new LinkedHashMap<>();

        void addLoss(double mean, double weight) {
            double[] s = sums.computeIfAbsent("loss", k -> new double[2]);
            s[0] += mean * weight;
            s[1] += weight;
        }

        void add(Metric m, double[] sumAndWeight) {
            metricByName.putIfAbsent(m.name(), m);
            double[] s = sums.computeIfAbsent(m.name(), k -> new double[2]);
            s[0] += sumAndWeight[0];
            s[1] += sumAndWeight[1];
        }

        void into(Map<String, Double> logs, String prefix) {
            for (var e : sums.entrySet()) {
                double mean = e.getValue()[1] == 0 ? Double.NaN : e.getValue()[0] / e.getValue()[1];
                Metric m = metricByName.get(e.getKey());
                logs.put(prefix + e.getKey(), m == null ? mean : m.finish(mean));
            }
        }
    }

    // ---- persistence ----------------------------------------------------------------------------

    /**
     * Saves the whole model in one versioned file, atomically: architecture, data type, weights,
     * and when compiled the optimizer (configuration and state, e.g. Adam's moments and step
     * counts), loss and metrics, plus the training random generator, so that training continues
     * exactly where it stopped. The file is safetensors (weights readable by PyTorch) with the rest
     * in its metadata; see {@link #load(java.nio.file.Path)}. An old file at {@code path} stays
     * intact if writing fails.
     *
     * <pre>{@code
     * model.save(Path.of("model.recur"));
     * Model again = Recur.loadModel(Path.of("model.recur"));
     * }</pre>
     */
    public void save(java.nio.file.Path path) {
        ModelFile.save(this, path);
    }

    /**
     * Loads a model written by {@link #save}: built, weights loaded, compiled as it was saved
     * (with the optimizer's state). A truncated, corrupt or newer-format file gives a
     * {@link io.github.recur.io.ModelFileException} that says so; no model is returned then.
     *
     * <pre>{@code Model model = Model.load(Path.of("model.recur")); model.predict(x);}</pre>
     */
    public static Model load(java.nio.file.Path path) {
        return ModelFile.load(path);
    }

    int inputFeatures() { return inputFeatures; }
    Long seedOrNull() { return seed; }
    Random trainRng() { return trainRng; }
    void trainRng(Random rng) { this.trainRng = rng; }

    /** Architecture as plain data: one map per layer with "type" and its configuration. */
    public List<Map<String, Object>> architecture() {
        var out = new ArrayList<Map<String, Object>>();
        if (declaredInput != null) {
            var m = new LinkedHashMap<String, Object>();
            m.put("type", "input");
            m.putAll(declaredInput.config());
            out.add(m);
        }
        for (Layer l : layers) {
            var m = new LinkedHashMap<String, Object>();
            m.put("type", l.type());
            m.putAll(l.config());
            out.add(m);
        }
        return out;
    }
}
