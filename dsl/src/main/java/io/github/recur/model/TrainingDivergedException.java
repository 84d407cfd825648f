package io.github.recur.model;

/**
 * Thrown by {@code fit} when the loss or a gradient becomes NaN or infinite. The model is then back
 * to the weights that gave the last finite loss (as before the update that diverged; they predict
 * what they predicted then), {@link #restoredEpoch()} and {@link #restoredBatch()} say which, and
 * {@link #history()} holds the epochs completed so far. The optimizer's state is not rolled back:
 * compile again (e.g. with a lower learning rate) before training on.
 *
 * <pre>{@code
 * try { model.fit(x, y, epochs(50)); }
 * catch (TrainingDivergedException e) { System.out.println(e.getMessage()); model.compile(adam(1e-4), mse()); }
 * }</pre>
 */
public final class TrainingDivergedException extends RuntimeException {
    private final transient History history;
    private final int restoredEpoch, restoredBatch;

    TrainingDivergedException(String message, History history, int restoredEpoch, int restoredBatch) {
        super(message);
        this.history = history;
        this.restoredEpoch = restoredEpoch;
        this.restoredBatch = restoredBatch;
    }

    /** The epoch (from 1) whose batch {@link #restoredBatch()} gave the weights the model now holds; 0: the weights fit started from. */
    public int restoredEpoch() { return restoredEpoch; }

    /** The batch (from 1, within {@link #restoredEpoch()}) that last gave a finite loss; 0: the weights fit started from. */
    public int restoredBatch() { return restoredBatch; }

    /** The epochs completed before the loss diverged. */
    public History history() { return history; }
}
