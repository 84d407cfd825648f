package io.github.recur.model;

/**
 * Thrown by {@code fit} when the loss becomes NaN or infinite. The model keeps the last weights
 * that gave a finite loss, and {@link #history()} holds the epochs completed so far.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final transient History history;

    TrainingDivergedException(String message, History history) {
        super(message);
        this.history = history;
    }

    /** The epochs completed before the loss diverged. */
    public History history() { return history; }
}
