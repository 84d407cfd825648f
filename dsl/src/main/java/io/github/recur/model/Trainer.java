package io.github.recur.model;

import io.github.recur.data.SequenceData;
import io.github.recur.layers.Layer;
import io.github.recur.train.Loss;
import io.github.recur.train.Metric;
import io.github.recur.train.NonFiniteGradientException;
import io.github.recur.train.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Training and evaluation of a {@link Model}: the epoch and batch loop, truncated BPTT, the loss and
 * metric means, the callbacks (a {@link ProgressLogger} first unless {@code verbose(false)}), and the
 * compile settings (optimizer, loss, metrics).
 */
final class Trainer {
    private static final int INFERENCE_BATCH = 512;

    private final Model model; // what the callbacks receive
    private final Network net;
    private Optimizer optimizer;
    private Loss loss;
    private List<Metric> metrics = List.of();
    private volatile boolean stopRequested;
    private final LastFiniteWeights lastFinite = new LastFiniteWeights();
    private int batchInEpoch; // for the messages of a diverged fit

    Trainer(Model model, Network net) {
        this.model = model;
        this.net = net;
    }

    void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        if (optimizer == null) throw new IllegalArgumentException("compile: optimizer is null; e.g. adam(1e-3)");
        if (loss == null) throw new IllegalArgumentException("compile: loss is null; e.g. mse()");
        if (metrics == null) throw new IllegalArgumentException("compile: metrics is null; leave it out, or e.g. metrics(mae())");
        for (int i = 0; i < metrics.length; i++) {
            if (metrics[i] == null) throw new IllegalArgumentException("compile: metric " + i + " is null; e.g. metrics(mae(), rmse())");
        }
        loss.checkOutput(net.last().outputActivation(), net.last().describe());
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics = List.of(metrics);
    }

    Optimizer optimizer() { return optimizer; }
    Loss loss() { return loss; }
    List<Metric> metrics() { return metrics; }

    void requestStop() { stopRequested = true; }

    // ---- fit ----------------------------------------------------------------------------------

    History fit(SequenceData data, FitOption... options) {
        if (data == null) throw new IllegalArgumentException("fit: data is null; pass new SequenceData(x, y, mask) or fit(x, y)");
        FitSettings s = FitSettings.of(options);
        checkData("fit", data);
        requireCompiled("fit");
        if (s.validation() != null) checkData("fit: validationData", s.validation());
        SequenceData train = data, validation = s.validation();
        if (s.validationSplit() > 0) {
            SequenceData[] parts = data.splitLast(s.validationSplit());
            train = parts[0];
            validation = parts[1];
        }
        // Everything that can refuse runs before the model is built, seeded or changed.
        int outputs = net.outputFeatures(net.featuresOf(train.x()));
        loss.checkTargets(train.y(), outputs);
        if (validation != null) loss.checkTargets(validation.y(), outputs);
        boolean paddingOutsideTheModel = needsItsMask(train);
        if (paddingOutsideTheModel && validation != null && validation.mask() == null) {
            throw new IllegalArgumentException("fit: the training data has a padding mask but validationData has none, so "
                    + "validation would read the padding as data; pass validationData(new SequenceData(x, y, mask))");
        }
        if (s.tbptt() > 0) checkTruncation(train, s.tbptt());
        net.leaveStepMode(); // a fit never continues from the state step() carried
        if (s.seed() != null) net.seed(s.seed());
        net.buildFor(train.x());
        if (paddingOutsideTheModel) net.trainedWithMask(true);
        stopRequested = false;
        var history = new History();
        ProgressLogger progress = s.verbose() ? ProgressLogger.forFit(s.epochs()) : null;
        var callbacks = new ArrayList<Callback>();
        if (progress != null) callbacks.add(progress);
        callbacks.addAll(s.callbacks());
        for (Callback c : callbacks) c.onTrainBegin(model);
        lastFinite.keep(net.params(), Double.NaN, -1, -1); // nothing learned yet: the weights fit starts from
        for (int epoch = 0; epoch < s.epochs() && !stopRequested; epoch++) {
            if (!runEpoch(epoch, s, train, validation, callbacks, history)) {
                if (progress != null) progress.interrupted(epoch);
                return history;
            }
        }
        for (Callback c : callbacks) c.onTrainEnd(model, history);
        return history;
    }

    /** Inputs, targets and mask of a fit or an evaluation, before anything runs. */
    private static void checkData(String call, SequenceData data) {
        if (data.inputs() != null) data.inputs().forEach((name, a) -> DataChecks.inputs(call, "input \"" + name + "\"", a));
        else DataChecks.inputs(call, data.x());
        if (data.y() == null) throw new IllegalArgumentException(call + ": y is null (no targets); pass new SequenceData(x, y) or fit(x, y)");
        DataChecks.targets(call, data.y());
        DataChecks.mask(call, data.mask(), data.x());
    }

    /**
     * Whether the data's mask has padding that the model cannot find by itself (an
     * {@code embedding(...).maskZero()} finds padding id 0): then predictions need the mask too.
     */
    private boolean needsItsMask(SequenceData data) {
        INDArray mask = data.mask();
        if (mask == null || mask.minNumber().doubleValue() > 0) return false;
        INDArray derived = derivedMask(data.x());
        return derived == null || derived.neq(mask.castTo(derived.dataType())).any();
    }

    /** The mask the first layer makes from batch-first inputs (padding id 0 of a maskZero embedding), or null. */
    private INDArray derivedMask(INDArray x) {
        if (!net.first().takesTokenIds()) return null;
        INDArray ids = x.rank() == 3 ? x.reshape(x.size(0), x.size(1)) : x;
        return net.first().outputMask(null, ids.castTo(net.dtype()));
    }

    /**
     * Truncated BPTT cannot train what reads the future, and a last-step output learns only from the last
     * window: refused when some sequence has no real step there (its padding fills that window).
     */
    private void checkTruncation(SequenceData train, int tbptt) {
        if (net.functional()) {
            throw new IllegalArgumentException("fit: tbptt(" + tbptt + ") trains sequential models only; leave it out (full BPTT) for a model "
                    + "declared with model(inputs, output)");
        }
        Layer future = net.firstReadingFuture();
        if (future != null) {
            throw new IllegalArgumentException("fit: tbptt(" + tbptt + "): " + future.describe() + " reads the future of the sequence and cannot be "
                    + "trained in truncated windows; use full BPTT (leave tbptt out) for bidirectional models");
        }
        long steps = train.x().size(1);
        if (net.outputIsSequence() || tbptt >= steps) return;
        INDArray mask = train.mask();
        INDArray derived = derivedMask(train.x());
        if (derived != null) mask = mask == null ? derived : derived.mul(mask.castTo(derived.dataType()));
        if (mask == null) return;
        long lastFrom = (steps - 1) / tbptt * tbptt;
        INDArray realInLastWindow = mask.get(NDArrayIndex.all(), NDArrayIndex.interval(lastFrom, steps)).sum(1);
        long none = realInLastWindow.eq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        if (none == 0) return;
        throw new IllegalArgumentException(String.format(Locale.ROOT,
                "fit: tbptt(%d) cannot train this model: its output is the last step only, so it learns from the last window "
                + "(steps %d..%d of %d) alone, and %d of %d sequences have no real step there (only padding), so no gradient "
                + "reaches the recurrent layers from them. Leave tbptt out (full BPTT), or pad at the front so that the real "
                + "steps come last, or use a window of at least %d steps",
                tbptt, lastFrom, steps - 1, steps, none, train.size(), steps));
    }

    /** Every batch of one epoch, then validation and the callbacks; false when the thread was interrupted. */
    private boolean runEpoch(int epoch, FitSettings s, SequenceData train, SequenceData validation,
                             List<Callback> callbacks, History history) {
        for (Callback c : callbacks) c.onEpochBegin(epoch, model);
        var acc = new Accumulator();
        batchInEpoch = 0;
        for (SequenceData batch : train.batches(s.batchSize(), s.shuffle() ? net.rng() : null)) {
            if (Thread.currentThread().isInterrupted()) return false;
            trainOnBatch(batch, s.tbptt(), acc, epoch, history);
            batchInEpoch++;
        }
        if (!acc.hasWeight()) {
            throw new IllegalArgumentException("fit: no step of the training data counts (the mask hides every output the loss "
                    + "would compare), so there is no loss to learn from; check the mask: 1 marks a real step");
        }
        var logs = new LinkedHashMap<String, Double>();
        acc.into(logs, "");
        if (validation != null) evaluateInto(validation, logs, "val_");
        logs.put("lr", optimizer.learningRate());
        history.record(logs);
        for (Callback c : callbacks) c.onEpochEnd(epoch, logs, model);
        return true;
    }

    /** One batch: one update over the whole sequence, or with {@code tbptt} one per window. */
    private void trainOnBatch(SequenceData batch, int tbptt, Accumulator acc, int epoch, History history) {
        List<INDArray> xs = inputsOf(batch);
        INDArray mask = net.timeMajorMask(batch.mask());
        if (tbptt <= 0 || tbptt >= xs.get(0).size(0)) learnFrom(xs, mask, batch.y(), acc, epoch, history);
        else trainInWindows(xs.get(0), mask, batch.y(), tbptt, acc, epoch, history);
    }

    /** The time-major inputs of a batch in the model's order: its x, or its named inputs for a functional model. */
    private List<INDArray> inputsOf(SequenceData batch) {
        return inputsOf(net, batch.x(), batch.inputs());
    }

    static List<INDArray> inputsOf(Network net, INDArray x, Map<String, INDArray> named) {
        if (!net.functional()) {
            if (named != null) {
                throw new IllegalArgumentException("this model is sequential, with one input: pass x itself, not inputs by name " + named.keySet());
            }
            return List.of(net.timeMajorInput(x));
        }
        if (named == null) {
            if (net.inputCount() == 1) return List.of(net.timeMajorInput(0, x));
            throw new IllegalArgumentException("this model has " + net.inputCount() + " inputs " + net.inputNames()
                    + "; pass them by name, e.g. model.fit(Map.of(\"" + net.inputNames().get(0) + "\", ..., \"" + net.inputNames().get(1)
                    + "\", ...), y) or SequenceData.of(inputs, y)");
        }
        for (String name : named.keySet()) {
            if (!net.inputNames().contains(name)) {
                throw new IllegalArgumentException("the inputs hold \"" + name + "\", which the model does not have; its inputs are " + net.inputNames());
            }
        }
        for (String name : net.inputNames()) {
            if (!named.containsKey(name)) {
                throw new IllegalArgumentException("input \"" + name + "\" is missing; the model's inputs are " + net.inputNames() + ", given " + named.keySet());
            }
        }
        return net.timeMajorInputs(named);
    }

    /**
     * Truncated BPTT: windows of {@code tbptt} steps, each starting from the state the previous one left
     * (a constant: no gradient flows back into it). A last-step output learns only in the last window;
     * the others just carry the state there.
     */
    private void trainInWindows(INDArray x, INDArray mask, INDArray y, int tbptt, Accumulator acc, int epoch, History history) {
        int steps = (int) x.size(0);
        boolean seqOut = net.outputIsSequence();
        net.stateful(true);
        try {
            for (int from = 0; from < steps; from += tbptt) {
                int to = Math.min(steps, from + tbptt);
                INDArray xw = Network.window(x, from, to);
                INDArray mw = mask == null ? null : Network.window(mask, from, to);
                if (seqOut) learnFrom(List.of(xw), mw, y.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c'), acc, epoch, history);
                else if (to == steps) learnFrom(List.of(xw), mw, y, acc, epoch, history);
                else net.forward(xw, mw, false, false);
            }
        } finally {
            net.stateful(false);
        }
    }

    /** One forward pass, backward pass and optimizer update on time-major inputs; y batch-first. */
    private void learnFrom(List<INDArray> xs, INDArray mask, INDArray y, Accumulator acc, int epoch, History history) {
        INDArray out = net.forward(xs, mask, true, true);
        LossRows r = rows(out, y);
        INDArray grad = r.pred().ulike();
        double value = loss.compute(r.pred(), r.target(), r.weights(), grad);
        if (!Double.isFinite(value)) throw diverged(String.format(Locale.ROOT, "the loss became %s in epoch %d, batch %d", value,
                epoch + 1, batchInEpoch + 1), history);
        acc.addLoss(value, r.weight());
        for (Metric m : metrics) acc.add(m, m.sumAndWeight(r.pred(), r.target(), r.weights()));
        net.backward(grad.reshape('c', out.shape()));
        var params = net.params();
        lastFinite.keep(params, value, epoch, batchInEpoch);
        try {
            optimizer.step(params);
        } catch (NonFiniteGradientException e) {
            throw diverged(String.format(Locale.ROOT, "the gradient of %s became %s in epoch %d, batch %d (the loss was still finite, %g)",
                    e.param(), e.norm(), epoch + 1, batchInEpoch + 1, value), history);
        }
        net.weightsChanged();
    }

    /**
     * Puts back the weights of the last finite loss and says so: the model is then as it was before the
     * update that diverged, and predicts what it predicted then.
     */
    private TrainingDivergedException diverged(String what, History history) {
        String state;
        if (lastFinite.restoreInto(net.params())) {
            state = lastFinite.batch() < 0
                    ? "the model is back to the weights this fit started from (no update was made: even they give a non-finite loss, "
                      + "so look at the data for very large values and scale it)"
                    : String.format(Locale.ROOT, "the model is back to the weights that gave the last finite loss (%.6g, epoch %d, batch %d), "
                      + "as before the update that diverged; the optimizer's state (momentum, moments) is not restored, so compile "
                      + "again before training on", lastFinite.loss(), lastFinite.epoch() + 1, lastFinite.batch() + 1);
        } else {
            state = "the weights could not be restored";
        }
        return new TrainingDivergedException(String.format(Locale.ROOT,
                "%s; training stopped and %s. Try a lower learning rate (now %g) or gradient clipping, e.g. adam(1e-3).clipNorm(1.0); "
                + "also check the data for very large values (scale it)", what, state, optimizer.learningRate()),
                history, lastFinite.epoch() + 1, lastFinite.batch() + 1);
    }

    // ---- gradients and evaluation ---------------------------------------------------------------

    /** Loss and gradients of one batch without an update (no dropout; gates kept for backward). */
    double computeGradients(INDArray x, INDArray y, INDArray mask) {
        INDArray out = checkedForward("computeGradients", x, y, mask, true);
        LossRows r = rows(out, y);
        INDArray grad = r.pred().ulike();
        double value = loss.compute(r.pred(), r.target(), r.weights(), grad);
        net.backward(grad.reshape('c', out.shape()));
        return value;
    }

    double lossValue(INDArray x, INDArray y, INDArray mask) {
        LossRows r = rows(checkedForward("lossValue", x, y, mask, false), y);
        return loss.compute(r.pred(), r.target(), r.weights(), null);
    }

    /** The checks every loss computation starts with, then one forward pass without dropout. */
    private INDArray checkedForward(String method, INDArray x, INDArray y, INDArray mask, boolean keepForBackward) {
        checkData(method, new SequenceData(present(method, x), y, mask));
        requireLoss(method);
        net.buildFor(x);
        return net.forward(net.timeMajorInput(x), net.timeMajorMask(mask), false, keepForBackward);
    }

    Map<String, Double> evaluate(SequenceData data) {
        if (data == null) throw new IllegalArgumentException("evaluate: data is null; pass new SequenceData(x, y, mask) or evaluate(x, y)");
        checkData("evaluate", data);
        requireLoss("evaluate");
        requireMaskIfTrainedWithOne("evaluate", data.mask(), "model.evaluate(new SequenceData(x, y, mask))");
        loss.checkTargets(data.y(), net.outputFeatures(net.featuresOf(data.x())));
        net.leaveStepMode();
        net.buildFor(data.x());
        var logs = new LinkedHashMap<String, Double>();
        evaluateInto(data, logs, "");
        return logs;
    }

    /** Predictions and evaluations of a model trained with padding it cannot find itself need that padding's mask. */
    static void requireMaskIfTrainedWithOne(Network net, String call, INDArray mask, String howToPass) {
        if (mask != null || !net.trainedWithMask()) return;
        throw new IllegalArgumentException(call + ": this model was trained with a padding mask, so without one it would read the "
                + "padding as data and give other answers; pass the mask: " + howToPass + ". With token ids padded by 0, "
                + "embedding(vocabulary, dimension).maskZero() puts the mask into the model and no mask is needed. "
                + "Sequences without padding take a mask of ones: Nd4j.ones(batch, time)");
    }

    private void requireMaskIfTrainedWithOne(String call, INDArray mask, String howToPass) {
        requireMaskIfTrainedWithOne(net, call, mask, howToPass);
    }

    private static INDArray present(String call, INDArray x) {
        DataChecks.present(call, "x", x, "the inputs [batch, time, features]");
        return x;
    }

    private void evaluateInto(SequenceData data, Map<String, Double> logs, String prefix) {
        net.buildFor(data.x());
        var acc = new Accumulator();
        for (SequenceData b : data.batches(INFERENCE_BATCH, null)) {
            INDArray out = net.forward(inputsOf(b), net.timeMajorMask(b.mask()), false, false);
            LossRows r = rows(out, b.y());
            acc.addLoss(loss.compute(r.pred(), r.target(), r.weights(), null), r.weight());
            for (Metric m : metrics) acc.add(m, m.sumAndWeight(r.pred(), r.target(), r.weights()));
        }
        acc.into(logs, prefix);
    }

    private LossRows rows(INDArray out, INDArray y) {
        return LossRows.of(out, y, net.lastOutputMask(), loss, net.dtype(), net.last().describe());
    }

    private void requireLoss(String what) {
        if (loss == null) throw new IllegalStateException(what + ": compile the model first, e.g. model.compile(adam(1e-3), mse())");
    }

    private void requireCompiled(String what) {
        if (optimizer == null || loss == null) {
            throw new IllegalStateException(what + ": compile the model first, e.g. model.compile(adam(1e-3), mse())");
        }
    }
}
