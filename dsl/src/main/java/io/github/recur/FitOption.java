package io.github.recur;

import io.github.recur.data.SequenceData;
import io.github.recur.train.Callback;
import java.util.List;

/**
 * One option of {@link Model#fit}: {@code epochs(30)}, {@code batchSize(32)},
 * {@code validationSplit(0.2)}, {@code seed(42)}, ... (static factories in {@link Recur}).
 */
public final class FitOption {
    enum Kind { EPOCHS, BATCH_SIZE, VALIDATION_SPLIT, VALIDATION_DATA, SEED, SHUFFLE, VERBOSE, CALLBACKS, TBPTT }

    final Kind kind;
    final Object value;

    private FitOption(Kind kind, Object value) {
        this.kind = kind;
        this.value = value;
    }

    static FitOption epochs(int n) {
        if (n <= 0) throw new IllegalArgumentException("epochs must be positive, got " + n);
        return new FitOption(Kind.EPOCHS, n);
    }

    static FitOption batchSize(int n) {
        if (n <= 0) throw new IllegalArgumentException("batchSize must be positive, got " + n);
        return new FitOption(Kind.BATCH_SIZE, n);
    }

    static FitOption validationSplit(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validationSplit must be in (0, 1), got " + fraction);
        }
        return new FitOption(Kind.VALIDATION_SPLIT, fraction);
    }

    static FitOption validationData(SequenceData data) {
        if (data == null || data.y() == null) throw new IllegalArgumentException("validationData needs inputs and targets");
        return new FitOption(Kind.VALIDATION_DATA, data);
    }

    static FitOption seed(long seed) { return new FitOption(Kind.SEED, seed); }

    static FitOption shuffle(boolean on) { return new FitOption(Kind.SHUFFLE, on); }

    static FitOption verbose(boolean on) { return new FitOption(Kind.VERBOSE, on); }

    static FitOption callbacks(Callback... callbacks) { return new FitOption(Kind.CALLBACKS, List.of(callbacks)); }

    static FitOption tbptt(int steps) {
        if (steps <= 0) throw new IllegalArgumentException("tbptt: window must be a positive number of steps, got " + steps);
        return new FitOption(Kind.TBPTT, steps);
    }

    @Override public String toString() { return kind.name().toLowerCase() + "(" + value + ")"; }
}
