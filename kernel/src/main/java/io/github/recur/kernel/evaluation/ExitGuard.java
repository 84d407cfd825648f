package io.github.recur.kernel.evaluation;

/**
 * What cell code calls instead of {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt}:
 * {@link ExitCallRewriter} points those calls here as JShell loads each snippet class, so they end
 * the cell, not the kernel. A class or lambda defined in a cell is rewritten too, whichever thread
 * later runs it. Exits from library jars and from reflection are not rewritten (README says so).
 *
 * <p>Public only because rewritten snippet classes, loaded by JShell's class loader, call it.
 */
public final class ExitGuard {
    private ExitGuard() {}

    /** Replaces {@code System.exit(status)}. */
    public static void exit(int status) {
        throw new CellExitError("System.exit(" + status + ")");
    }

    /** Replaces {@code runtime.exit(status)}. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new CellExitError("Runtime.exit(" + status + ")");
    }

    /** Replaces {@code runtime.halt(status)}. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw new CellExitError("Runtime.halt(" + status + ")");
    }
}
