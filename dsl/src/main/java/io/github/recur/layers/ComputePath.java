package io.github.recur.layers;

import io.github.recur.internal.ComputeMode;

/**
 * How Recur computes: {@link #FAST} on ND4J's CPU backend, {@link #REFERENCE} everywhere else. Both
 * give the same results (to float rounding; the tests compare them on every cell, mask, direction
 * and data type). Chosen automatically from the ND4J backend; force one with
 * {@code -Drecur.computePath=reference} (or {@code fast}, {@code auto}) or {@link #force}.
 *
 * <pre>{@code
 * System.out.println(ComputePath.describe()); // fast (ND4J's CPU backend: ...)
 * ComputePath.force(ComputePath.REFERENCE);   // the cells' equations as ND4J operations, step by step
 * }</pre>
 */
public enum ComputePath {
    /**
     * ND4J operations only: each cell's step as its equations read (PyTorch's), one time step after
     * another. Runs on any ND4J backend (CUDA too); slower on the CPU.
     */
    REFERENCE,
    /** ND4J's CPU backend only: fused float loops over the arrays' memory, direct BLAS calls, reused workspaces. */
    FAST;

    /** The path that forward and backward passes take from now on. */
    public static ComputePath current() { return ComputeMode.hostLoops() ? FAST : REFERENCE; }

    /**
     * Which path runs and why, in one line: e.g. {@code fast (ND4J's CPU backend: ...)} or
     * {@code reference (ND4J backend CudaBackend is not the CPU one, ...)}.
     */
    public static String describe() { return ComputeMode.describe(); }

    /**
     * Forces a path for the whole JVM (tests, teaching); {@code null} goes back to the choice it started
     * with (automatic, or {@code -Drecur.computePath}).
     * The fast path cannot be forced off the CPU backend (an {@link IllegalStateException} says why).
     */
    public static void force(ComputePath path) { ComputeMode.force(path == null ? null : path == REFERENCE); }
}
