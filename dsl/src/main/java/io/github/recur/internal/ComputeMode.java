package io.github.recur.internal;

import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether Java loops may read and write ND4J's memory directly (the fast path) or every computation
 * goes through ND4J operations (the reference path). Decided once per JVM from the ND4J backend: only
 * the CPU backend keeps arrays in host memory that Java can touch; on CUDA the arrays live on the
 * device, so host loops there would read stale or foreign memory. The system property
 * {@value #PROPERTY} ({@code auto}, {@code reference}, {@code fast}) or {@link #force} overrides it,
 * except that the fast path is never used off the CPU backend.
 *
 * <p>The public face is {@code io.github.recur.layers.ComputePath}.
 */
public final class ComputeMode {
    /** The system property that forces a path: {@code -Drecur.computePath=reference}. */
    public static final String PROPERTY = "recur.computePath";

    private ComputeMode() {}

    private static final String BACKEND = backendName();
    private static final boolean CPU = isCpuBackend();
    private static volatile boolean hostLoops;
    private static volatile String reason;
    /** The choice at start-up (from the backend and the system property), which {@code force(null)} restores. */
    private static final boolean STARTUP_LOOPS;
    private static final String STARTUP_REASON;

    static {
        String p = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (p) {
            case "reference" -> set(false, "forced by -D" + PROPERTY + "=reference");
            case "fast" -> {
                if (CPU) set(true, "forced by -D" + PROPERTY + "=fast");
                else set(false, "-D" + PROPERTY + "=fast ignored: " + notCpu());
            }
            default -> automatic(p.equals("auto") ? "" : "-D" + PROPERTY + "=" + p + " is not auto, reference or fast; ");
        }
        STARTUP_LOOPS = hostLoops;
        STARTUP_REASON = reason;
    }

    /** True when the fast path runs: Java loops over ND4J's memory, direct BLAS calls. */
    public static boolean hostLoops() { return hostLoops; }

    /** "fast" or "reference", with why: e.g. {@code reference (forced by -Drecur.computePath=reference)}. */
    public static String describe() { return (hostLoops ? "fast" : "reference") + " (" + reason + ")"; }

    /**
     * Forces the reference path ({@code true}), the fast path ({@code false}) or goes back to the choice
     * the JVM started with ({@code null}: automatic, or the system property). The fast path cannot be
     * forced off the CPU backend.
     */
    public static synchronized void force(Boolean reference) {
        if (reference == null) set(STARTUP_LOOPS, STARTUP_REASON);
        else if (reference) set(false, "forced by ComputePath.force(REFERENCE)");
        else if (!CPU) throw new IllegalStateException("ComputePath.force(FAST): " + notCpu() + "; the reference path is the one that runs here");
        else set(true, "forced by ComputePath.force(FAST)");
    }

    private static void automatic(String prefix) {
        if (CPU) set(true, prefix + "ND4J's CPU backend: Java loops over the arrays, " + (Gemm.direct() ? "OpenBLAS called directly" : "BLAS through ND4J"));
        else set(false, prefix + notCpu());
    }

    private static String notCpu() {
        return "ND4J backend " + BACKEND + " is not the CPU one, so Java loops cannot touch its memory";
    }

    private static void set(boolean loops, String why) {
        hostLoops = loops;
        reason = why;
    }

    private static boolean isCpuBackend() {
        try {
            return Nd4j.getEnvironment().isCPU();
        } catch (RuntimeException | LinkageError e) { // no usable backend: the ND4J operations report it themselves
            return false;
        }
    }

    private static String backendName() {
        try {
            return Nd4j.getBackend().getClass().getSimpleName();
        } catch (RuntimeException | LinkageError e) {
            return "(none loaded)";
        }
    }
}
