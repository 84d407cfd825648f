package io.github.recur.kernel.evaluation;

/**
 * Thrown where a cell calls {@code System.exit}: the kernel keeps running and the cell reports it.
 * An {@link Error}, like Python's {@code SystemExit} is no {@code Exception}, so that
 * {@code catch (Exception e)} in the cell does not swallow it and run on as if the exit had happened.
 */
public final class CellExitError extends Error {
    private static final long serialVersionUID = 1L;

    CellExitError(String call) {
        super(call + " was not run: it would end the kernel and lose every variable. "
                + "To start afresh, restart the kernel (Kernel > Restart).");
    }
}
