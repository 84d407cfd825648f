package io.github.recur.model;

import io.github.recur.data.SequenceData;
import io.github.recur.layers.Layer;
import io.github.recur.train.Loss;
import io.github.recur.train.Metric;
import io.github.recur.train.NonFiniteGradientException;
import io.github.recur.train.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
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
    private Loss loss;                      // the first output's (the only one's, mostly)
    private List<Loss> losses = List.of();  // one per output
    private List<Metric> metrics = List.of();
    private volatile boolean stopRequested;
    private final LastFiniteWeights lastFinite = new LastFiniteWeights();
    private int batchInEpoch; // for the messages of a diverged fit
    private final List<INDArray> gradBuffers = new ArrayList<>(); // per output, see gradBuffer

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
        var each = new ArrayList<Loss>();
        for (int i = 0; i < net.outputCount(); i++) each.add(loss);
        compileEach(optimizer, each, metrics);
    }

    /** One loss per output, by the output layers' names; the training loss is their sum. */
    void compile(Optimizer optimizer, Map<String, Loss> byOutput, Metric... metrics) {
        if (optimizer == null) throw new IllegalArgumentException("compile: optimizer is null; e.g. adam(1e-3)");
        if (byOutput == null) throw new IllegalArgumentException("compile: losses is null; e.g. Map.of(\"tags\", sparseCategoricalCrossentropy(), \"score\", mse())");
        if (metrics == null) throw new IllegalArgumentException("compile: metrics is null; leave it out, or e.g. metrics(mae())");
        for (String name : byOutput.keySet()) {
            if (!net.outputNames().contains(name)) {
                throw new IllegalArgumentException("compile: there is no output \"" + name + "\"; the outputs are " + net.outputNames());
            }
        }
        var each = new ArrayList<Loss>();
        for (String name : net.outputNames()) {
            Loss l = byOutput.get(name);
            if (l == null) throw new IllegalArgumentException("compile: output \"" + name + "\" has no loss; give one per output " + net.outputNames());
            each.add(l);
        }
        compileEach(optimizer, each, metrics);
    }

    private void compileEach(Optimizer optimizer, List<Loss> each, Metric[] metrics) {
        for (int i = 0; i < metrics.length; i++) {
            if (metrics[i] == null) throw new IllegalArgumentException("compile: metric " + i + " is null; e.g. metrics(mae(), rmse())");
        }
        for (int i = 0; i < each.size(); i++) each.get(i).checkOutput(net.outputLayer(i).outputActivation(), net.outputLayer(i).describe());
        this.optimizer = optimizer;
        this.losses = List.copyOf(each);
        this.loss = each.get(0);
        this.metrics = List.of(metrics);
    }

    /** The loss of each output, in the outputs' order. */
    List<Loss> losses() { return losses; }

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
        checkTargets(train);
        if (validation != null) checkTargets(validation);
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

    /** Every output's targets against its loss and size. */
    private void checkTargets(SequenceData data) {
        List<INDArray> ys = targetsOf(data);
        for (int i = 0; i < ys.size(); i++) losses.get(i).checkTargets(ys.get(i), net.outputFeatures(i, net.featuresOf(data.x())));
    }

    /** The targets of each output, in the outputs' order: y, or the named targets of a several-output model. */
    private List<INDArray> targetsOf(SequenceData data) {
        if (net.outputCount() == 1) {
            if (data.targets() != null && data.targets().size() == 1 && data.targets().containsKey(net.outputNames().get(0))) {
                return List.of(data.targets().get(net.outputNames().get(0)));
            }
            if (data.targets() != null) {
                throw new IllegalArgumentException("the targets are named " + data.targets().keySet() + " but the model's one output is \""
                        + net.outputNames().get(0) + "\"; pass y itself");
            }
            return java.util.Collections.singletonList(data.y());
        }
        if (data.targets() == null) {
            throw new IllegalArgumentException("this model has " + net.outputCount() + " outputs " + net.outputNames()
                    + "; pass their targets by name, e.g. model.fit(inputs, Map.of(\"" + net.outputNames().get(0) + "\", ..., \""
                    + net.outputNames().get(1) + "\", ...))");
        }
        var out = new ArrayList<INDArray>();
        for (String name : net.outputNames()) {
            INDArray y = data.targets().get(name);
            if (y == null) throw new IllegalArgumentException("the targets of output \"" + name + "\" are missing; the outputs are " + net.outputNames()
                    + ", given " + data.targets().keySet());
            out.add(y);
        }
        for (String name : data.targets().keySet()) {
            if (!net.outputNames().contains(name)) throw new IllegalArgumentException("the targets hold \"" + name + "\", which is not an output; the outputs are " + net.outputNames());
        }
        return out;
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
        if (tbptt <= 0 || tbptt >= xs.get(0).size(0)) learnFrom(xs, mask, targetsOf(batch), acc, epoch, history);
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
                if (seqOut) learnFrom(List.of(xw), mw, List.of(y.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c')), acc, epoch, history);
                else if (to == steps) learnFrom(List.of(xw), mw, List.of(y), acc, epoch, history);
                else net.forward(xw, mw, false, false);
            }
        } finally {
            net.stateful(false);
        }
    }

    /** One forward pass, backward pass and optimizer update on time-major inputs; y batch-first. */
    private void learnFrom(List<INDArray> xs, INDArray mask, List<INDArray> ys, Accumulator acc, int epoch, History history) {
        List<INDArray> outs = net.forwardForTraining(xs, mask);
        if (outs.size() > 1) acc.addLoss(0, 0); // the total comes first in the logs, as in Keras
        var grads = new ArrayList<INDArray>();
        double value = 0;
        for (int i = 0; i < outs.size(); i++) {
            LossRows r = rows(i, outs.get(i), ys.get(i));
            INDArray grad = gradBuffer(i, r.pred());
            double v = losses.get(i).compute(r.pred(), r.target(), r.weights(), grad);
            if (!Double.isFinite(v)) throw diverged(String.format(Locale.ROOT, "the loss%s became %s in epoch %d, batch %d", outputLabel(i), v,
                    epoch + 1, batchInEpoch + 1), history);
            value += v;
            record(acc, i, v, r);
            grads.add(grad.reshape('c', outs.get(i).shape()));
        }
        if (outs.size() > 1) acc.addLoss(value, ys.get(0).size(0)); // the sum of the outputs' means, weighted by examples
        net.backward(grads);
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
     * Output {@code output}'s buffer for ∂L/∂prediction, kept between training steps while its shape and dtype
     * stay: a vocabulary-sized {@code [N, C]} array made anew each step would arrive on fresh memory pages
     * (ND4J frees an array only when the garbage collector finds it). The loss overwrites it whole, and
     * backward only reads it within the step, so nothing sees an earlier step's values.
     */
    private INDArray gradBuffer(int output, INDArray pred) {
        while (gradBuffers.size() <= output) gradBuffers.add(null);
        INDArray buffer = gradBuffers.get(output);
        if (buffer == null || buffer.dataType() != pred.dataType() || !Arrays.equals(buffer.shape(), pred.shape())) {
            buffer = pred.ulike();
            gradBuffers.set(output, buffer);
        }
        return buffer;
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

    /** One output's loss and metrics into the means: under "loss" and the metrics' names, or "name_loss" with several outputs. */
    private void record(Accumulator acc, int output, double value, LossRows r) {
        String prefix = net.outputCount() > 1 ? net.outputNames().get(output) + "_" : "";
        acc.addLoss(prefix + "loss", value, r.weight());
        for (Metric m : metrics) {
            try {
                acc.add(prefix, m, m.sumAndWeight(r.pred(), r.target(), r.weights()));
            } catch (IllegalArgumentException e) {
                if (net.outputCount() == 1) throw e;
                throw new IllegalArgumentException("metric " + m.name() + " does not fit output \"" + net.outputNames().get(output) + "\" ("
                        + e.getMessage() + "); the metrics are computed for every output, so compile with metrics that fit all of them, or none", e);
            }
        }
    }

    private String outputLabel(int output) {
        return net.outputCount() > 1 ? " of output \"" + net.outputNames().get(output) + "\"" : "";
    }

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
        if (net.outputCount() > 1) {
            throw new IllegalArgumentException(method + ": takes one target array, but this model has " + net.outputCount() + " outputs "
                    + net.outputNames() + "; use fit or evaluate with the targets by name");
        }
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
        checkTargets(data);
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
            List<INDArray> outs = net.forwardAll(inputsOf(b), net.timeMajorMask(b.mask()), false, false);
            List<INDArray> ys = targetsOf(b);
            if (outs.size() > 1) acc.addLoss(0, 0);
            double total = 0;
            for (int i = 0; i < outs.size(); i++) {
                LossRows r = rows(i, outs.get(i), ys.get(i));
                double v = losses.get(i).compute(r.pred(), r.target(), r.weights(), null);
                total += v;
                record(acc, i, v, r);
            }
            if (outs.size() > 1) acc.addLoss(total, b.size());
        }
        acc.into(logs, prefix);
    }

    private LossRows rows(INDArray out, INDArray y) {
        return LossRows.of(out, y, net.lastOutputMask(), loss, net.dtype(), net.last().describe());
    }

    private LossRows rows(int output, INDArray out, INDArray y) {
        return LossRows.of(out, y, net.lastOutputMasks().get(output), losses.get(output), net.dtype(), net.outputLayer(output).describe());
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
