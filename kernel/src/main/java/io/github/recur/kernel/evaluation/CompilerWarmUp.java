package io.github.recur.kernel.evaluation;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Warms the Java compiler up in the background. javac runs mostly interpreted for its first few
 * hundred snippets, so a fresh kernel's cells are several times slower than those of one that has
 * compiled that many (bench/RESULTS.md). The JIT's work is shared by every JShell in the JVM, so a private,
 * throwaway JShell that evaluates typical snippets while the kernel is idle makes the user's cells
 * fast sooner. Its snippets print nothing and touch no user state; it pauses while a request is being
 * handled and is closed at the end, so its classes go with it.
 *
 * <pre>{@code
 * CompilerWarmUp.run(classpath, imports, () -> kernelBusy, CompilerWarmUp.DEFAULT_EVALUATIONS);
 * }</pre>
 */
public final class CompilerWarmUp {

    /** How many snippets a warm-up evaluates: about where a trivial cell's time levels off (bench/RESULTS.md). */
    public static final int DEFAULT_EVALUATIONS = 400;

    /** Snippets of the kinds notebooks hold: expressions, declarations, methods, classes, lambdas, DSL calls. */
    static final List<String> SNIPPETS = List.of(
            "1 + 1",
            "int warmA = 6;",
            "warmA * 7",
            "String warmS = \"recur\" + warmA;",
            "warmS.length()",
            "double warmMean(double[] v) { double s = 0; for (double d : v) s += d; return s / v.length; }",
            "warmMean(new double[] {1, 2, 3})",
            "var warmList = new ArrayList<Integer>(List.of(3, 1, 2));",
            "warmList.stream().mapToInt(i -> i).sum()",
            "Map<String, Integer> warmMap = new HashMap<>(Map.of(\"a\", 1));",
            "record WarmPoint(double x, double y) { double norm() { return Math.hypot(x, y); } }",
            "new WarmPoint(3, 4).norm()",
            "var warmLayer = lstm(8).returnSequences();",
            "sequential(gru(4), dense(1))",
            "Math.max(warmA, 3)");

    private CompilerWarmUp() {}

    /**
     * Evaluates {@code evaluations} snippets in a JShell of its own with the kernel's class path and
     * imports, waiting while {@code busy} says the kernel is handling a request (before building
     * that JShell, before each import and each snippet: the kernel's cells come first); returns
     * when done, or early when the thread is interrupted. Returns how many snippets failed (none
     * should: a failing one warms up the compiler's error path instead of the common one).
     */
    public static int run(List<String> classpath, List<String> imports, BooleanSupplier busy, int evaluations) {
        if (evaluations < 0) throw new IllegalArgumentException("evaluations must be >= 0, got " + evaluations);
        int failures = 0;
        if (!awaitIdle(busy)) return failures;
        try (Evaluator shell = new Evaluator(classpath, new PrintStream(OutputStream.nullOutputStream()))) {
            for (String imp : imports) {
                if (!awaitIdle(busy)) return failures;
                shell.tryQuietly(imp);
            }
            for (int i = 0; i < evaluations; i++) {
                if (!awaitIdle(busy)) return failures;
                shell.beginCell();
                if (shell.eval(SNIPPETS.get(i % SNIPPETS.size())).failed()) failures++;
            }
        }
        return failures;
    }

    /**
     * Waits while {@code busy} says the kernel is handling a request, polling every 20 ms; false
     * (with the interrupt flag kept) when the thread is interrupted, so the caller stops.
     */
    public static boolean awaitIdle(BooleanSupplier busy) {
        try {
            while (busy.getAsBoolean()) Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !Thread.currentThread().isInterrupted();
    }
}
