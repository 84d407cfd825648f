package io.github.recur.callbacks;

import io.github.recur.model.Callback;
import io.github.recur.model.Model;
import io.github.recur.train.Optimizer;
import java.util.function.IntToDoubleFunction;

/**
 * Sets the optimizer's learning rate at the start of every epoch from a function of the 0-based
 * epoch (Keras' {@code LearningRateScheduler}).
 *
 * <pre>{@code
 * callbacks(LearningRateSchedule.cosineDecay(1e-2, 50, 1e-4))
 * callbacks(LearningRateSchedule.of(epoch -> epoch < 10 ? 1e-2 : 1e-3))
 * }</pre>
 */
public final class LearningRateSchedule implements Callback {
    private final String description;
    private final IntToDoubleFunction schedule;

    private LearningRateSchedule(String description, IntToDoubleFunction schedule) {
        this.description = description;
        this.schedule = schedule;
    }

    /** Any function of the 0-based epoch; it must return a finite rate >= 0. */
    public static LearningRateSchedule of(IntToDoubleFunction schedule) {
        if (schedule == null) throw new IllegalArgumentException("LearningRateSchedule.of: schedule must not be null");
        return new LearningRateSchedule("custom", schedule);
    }

    /** {@code initial * factor^floor(epoch / everyEpochs)}: e.g. halve every 10 epochs with (lr, 0.5, 10). */
    public static LearningRateSchedule stepDecay(double initial, double factor, int everyEpochs) {
        checkInitial("stepDecay", initial);
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("stepDecay: factor must be > 0, got " + factor);
        }
        if (everyEpochs < 1) throw new IllegalArgumentException("stepDecay: everyEpochs must be >= 1, got " + everyEpochs);
        return new LearningRateSchedule("stepDecay(" + initial + ", " + factor + ", " + everyEpochs + ")",
                epoch -> initial * Math.pow(factor, Math.floorDiv(epoch, everyEpochs)));
    }

    /** {@code initial * rate^epoch}, e.g. (1e-2, 0.95) loses 5% per epoch. */
    public static LearningRateSchedule exponentialDecay(double initial, double rate) {
        checkInitial("exponentialDecay", initial);
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("exponentialDecay: rate must be > 0, got " + rate);
        }
        return new LearningRateSchedule("exponentialDecay(" + initial + ", " + rate + ")",
                epoch -> initial * Math.pow(rate, epoch));
    }

    /**
     * Half a cosine from {@code initial} at epoch 0 down to {@code minLr} at epoch {@code epochs},
     * staying at {@code minLr} afterwards: {@code minLr + (initial - minLr) (1 + cos(pi e / epochs)) / 2}.
     */
    public static LearningRateSchedule cosineDecay(double initial, int epochs, double minLr) {
        checkInitial("cosineDecay", initial);
        if (epochs < 1) throw new IllegalArgumentException("cosineDecay: epochs must be >= 1, got " + epochs);
        if (!(minLr >= 0 && minLr <= initial)) {
            throw new IllegalArgumentException("cosineDecay: minLr must be in [0, initial=" + initial + "], got " + minLr);
        }
        return new LearningRateSchedule("cosineDecay(" + initial + ", " + epochs + ", " + minLr + ")",
                epoch -> minLr + (initial - minLr) * 0.5 * (1 + Math.cos(Math.PI * Math.min(epoch, epochs) / epochs)));
    }

    private static void checkInitial(String who, double initial) {
        if (!(initial > 0) || Double.isInfinite(initial)) {
            throw new IllegalArgumentException(who + ": initial learning rate must be > 0, got " + initial);
        }
    }

    /** The rate for a 0-based epoch (checked: finite and >= 0). */
    public double learningRate(int epoch) {
        double lr = schedule.applyAsDouble(epoch);
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("LearningRateSchedule " + description + " gave learning rate " + lr
                    + " for epoch " + epoch + "; a learning rate must be a finite number >= 0");
        }
        return lr;
    }

    @Override
    public void onEpochBegin(int epoch, Model model) {
        double lr = learningRate(epoch);
        if (model == null) return;
        Optimizer opt = model.optimizer();
        if (opt == null) throw new IllegalStateException("LearningRateSchedule: the model has no optimizer; compile it first");
        opt.learningRate(lr);
    }

    @Override
    public String toString() {
        return "LearningRateSchedule(" + description + ")";
    }
}
