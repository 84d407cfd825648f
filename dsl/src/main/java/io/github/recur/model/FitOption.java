package io.github.recur.model;

import io.github.recur.data.SequenceData;
import java.util.List;

/**
 * One option of {@link Model#fit}: {@code epochs(30)}, {@code batchSize(32)},
 * {@code validationSplit(0.2)}, {@code seed(42)}, ... (static factories in {@code io.github.recur.Recur},
 * which is how a user writes them).
 *
 * <pre>{@code model.fit(x, y, epochs(30), batchSize(32), validationSplit(0.2));}</pre>
 */
public final class FitOption {
    enum Kind { EPOCHS, BATCH_SIZE, VALIDATION_SPLIT, VALIDATION_DATA, SEED, SHUFFLE, VERBOSE, CALLBACKS, TBPTT }

    final Kind kind;
    final Object value;

    private FitOption(Kind kind, Object value) {
        this.kind = kind;
        this.value = value;
    }

    public static FitOption epochs(int n) {
        if (n <= 0) throw new IllegalArgumentException("epochs must be positive, got " + n);
        return new FitOption(Kind.EPOCHS, n);
    }

    public static FitOption batchSize(int n) {
        if (n <= 0) throw new IllegalArgumentException("batchSize must be positive, got " + n);
        return new FitOption(Kind.BATCH_SIZE, n);
    }

    public static FitOption validationSplit(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validationSplit must be in (0, 1), got " + fraction + "; e.g. validationSplit(0.2) validates on the last 20 %");
        }
        return new FitOption(Kind.VALIDATION_SPLIT, fraction);
    }

    public static FitOption validationData(SequenceData data) {
        if (data == null) throw new IllegalArgumentException("validationData: data is null; pass validationData(x, y) or a SequenceData with targets");
        if (data.y() == null) throw new IllegalArgumentException("validationData: y is null (no targets); pass validationData(x, y)");
        return new FitOption(Kind.VALIDATION_DATA, data);
    }

    public static FitOption seed(long seed) { return new FitOption(Kind.SEED, seed); }

    public static FitOption shuffle(boolean on) { return new FitOption(Kind.SHUFFLE, on); }

    public static FitOption verbose(boolean on) { return new FitOption(Kind.VERBOSE, on); }

    public static FitOption callbacks(Callback... callbacks) {
        if (callbacks == null) throw new IllegalArgumentException("callbacks: the array is null; e.g. callbacks(earlyStopping())");
        for (int i = 0; i < callbacks.length; i++) {
            if (callbacks[i] == null) throw new IllegalArgumentException("callbacks: callback " + i + " is null; e.g. callbacks(earlyStopping())");
        }
        return new FitOption(Kind.CALLBACKS, List.of(callbacks));
    }

    public static FitOption tbptt(int steps) {
        if (steps <= 0) throw new IllegalArgumentException("tbptt: window must be a positive number of steps, got " + steps);
        return new FitOption(Kind.TBPTT, steps);
    }

    @SuppressWarnings("unchecked")
    List<Callback> callbacks() { return (List<Callback>) value; }

    @Override public String toString() { return kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + value + ")"; }
}
