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

    Trainer(Model model, Network net) {
        this.model = model;
        this.net = net;
    }

    void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        if (optimizer == null) throw new IllegalArgumentException("compile: optimizer is null; e.g. adam(1e-3)");
        if (loss == null) throw new IllegalArgumentException("compile: loss is null; e.g. mse()");
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
        requireCompiled("fit");
        if (data.y() == null) throw new IllegalArgumentException("fit: targets y are missing");
        FitSettings s = FitSettings.of(options);
        if (s.seed() != null) net.seed(s.seed());
        SequenceData train = data, validation = s.validation();
        if (s.validationSplit() > 0) {
            SequenceData[] parts = data.splitLast(s.validationSplit());
            train = parts[0];
            validation = parts[1];
        }
        net.buildFor(train.x());
        stopRequested = false;
        var history = new History();
        ProgressLogger progress = s.verbose() ? ProgressLogger.forFit(s.epochs()) : null;
        var callbacks = new ArrayList<Callback>();
        if (progress != null) callbacks.add(progress);
        callbacks.addAll(s.callbacks());
        for (Callback c : callbacks) c.onTrainBegin(model);
        for (int epoch = 0; epoch < s.epochs() && !stopRequested; epoch++) {
            if (!runEpoch(epoch, s, train, validation, callbacks, history)) {
                if (progress != null) progress.interrupted(epoch);
                return history;
            }
        }
        for (Callback c : callbacks) c.onTrainEnd(model, history);
        return history;
    }

    /** Every batch of one epoch, then validation and the callbacks; false when the thread was interrupted. */
    private boolean runEpoch(int epoch, FitSettings s, SequenceData train, SequenceData validation,
                             List<Callback> callbacks, History history) {
        for (Callback c : callbacks) c.onEpochBegin(epoch, model);
        var acc = new Accumulator();
        for (SequenceData batch : train.batches(s.batchSize(), s.shuffle() ? net.rng() : null)) {
            if (Thread.currentThread().isInterrupted()) return false;
            trainOnBatch(batch, s.tbptt(), acc, epoch, history);
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
        INDArray x = net.timeMajorInput(batch.x());
        INDArray mask = net.timeMajorMask(batch.mask());
        if (tbptt <= 0 || tbptt >= x.size(0)) learnFrom(x, mask, batch.y(), acc, epoch, history);
        else trainInWindows(x, mask, batch.y(), tbptt, acc, epoch, history);
    }

    /**
     * Truncated BPTT: windows of {@code tbptt} steps, each starting from the state the previous one left
     * (a constant: no gradient flows back into it). A last-step output learns only in the last window;
     * the others just carry the state there.
     */
    private void trainInWindows(INDArray x, INDArray mask, INDArray y, int tbptt, Accumulator acc, int epoch, History history) {
        Layer future = net.firstReadingFuture();
        if (future != null) {
            throw new IllegalArgumentException("tbptt: " + future.describe() + " reads the future of the sequence and cannot be "
                    + "trained in truncated windows; use full BPTT (no tbptt) for bidirectional models");
        }
        int steps = (int) x.size(0);
        boolean seqOut = net.outputIsSequence();
        net.stateful(true);
        try {
            for (int from = 0; from < steps; from += tbptt) {
                int to = Math.min(steps, from + tbptt);
                INDArray xw = Network.window(x, from, to);
                INDArray mw = mask == null ? null : Network.window(mask, from, to);
                if (seqOut) learnFrom(xw, mw, y.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c'), acc, epoch, history);
                else if (to == steps) learnFrom(xw, mw, y, acc, epoch, history);
                else net.forward(xw, mw, false, false);
            }
        } finally {
            net.stateful(false);
        }
    }

    /** One forward pass, backward pass and optimizer update on time-major inputs; y batch-first. */
    private void learnFrom(INDArray x, INDArray mask, INDArray y, Accumulator acc, int epoch, History history) {
        INDArray out = net.forward(x, mask, true, true);
        LossRows r = rows(out, y);
        INDArray grad = r.pred().ulike();
        double value = loss.compute(r.pred(), r.target(), r.weights(), grad);
        if (!Double.isFinite(value)) {
            throw new TrainingDivergedException(String.format(Locale.ROOT,
                    "the loss became %s in epoch %d; training stopped and the model keeps its last finite weights. "
                    + "Try a lower learning rate (now %g) or gradient clipping, e.g. adam(1e-3).clipNorm(1.0); "
                    + "also check the data for NaN or very large values (scale it)", value, epoch + 1,
                    optimizer.learningRate()), history);
        }
        acc.addLoss(value, r.weight());
        for (Metric m : metrics) acc.add(m, m.sumAndWeight(r.pred(), r.target(), r.weights()));
        net.backward(grad.reshape('c', out.shape()));
        try {
            optimizer.step(net.params());
        } catch (NonFiniteGradientException e) {
            throw new TrainingDivergedException(String.format(Locale.ROOT,
                    "the gradient of %s became %s in epoch %d (the loss was still finite, %g); training stopped before "
                    + "applying it and the model keeps its last finite weights. Try gradient clipping, e.g. "
                    + "adam(1e-3).clipNorm(1.0), or a lower learning rate (now %g); also check the data for very large values (scale it)",
                    e.param(), e.norm(), epoch + 1, value, optimizer.learningRate()), history);
        }
    }

    // ---- gradients and evaluation ---------------------------------------------------------------

    /** Loss and gradients of one batch without an update (no dropout; gates kept for backward). */
    double computeGradients(INDArray x, INDArray y, INDArray mask) {
        requireLoss("computeGradients");
        net.buildFor(x);
        INDArray out = net.forward(net.timeMajorInput(x), net.timeMajorMask(mask), false, true);
        LossRows r = rows(out, y);
        INDArray grad = r.pred().ulike();
        double value = loss.compute(r.pred(), r.target(), r.weights(), grad);
        net.backward(grad.reshape('c', out.shape()));
        return value;
    }

    double lossValue(INDArray x, INDArray y, INDArray mask) {
        requireLoss("lossValue");
        net.buildFor(x);
        INDArray out = net.forward(net.timeMajorInput(x), net.timeMajorMask(mask), false, false);
        LossRows r = rows(out, y);
        return loss.compute(r.pred(), r.target(), r.weights(), null);
    }

    Map<String, Double> evaluate(SequenceData data) {
        requireLoss("evaluate");
        var logs = new LinkedHashMap<String, Double>();
        evaluateInto(data, logs, "");
        return logs;
    }

    private void evaluateInto(SequenceData data, Map<String, Double> logs, String prefix) {
        net.buildFor(data.x());
        var acc = new Accumulator();
        for (SequenceData b : data.batches(INFERENCE_BATCH, null)) {
            INDArray out = net.forward(net.timeMajorInput(b.x()), net.timeMajorMask(b.mask()), false, false);
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
