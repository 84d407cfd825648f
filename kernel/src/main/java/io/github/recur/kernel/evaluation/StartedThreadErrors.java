package io.github.recur.kernel.evaluation;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JVM-wide default uncaught-exception handler the kernel installs, so that an exception nobody
 * catches on a thread a cell started (or a thread such a thread started) prints as the cell's own
 * errors do ({@link Tracebacks}: {@code <cell>} frames, no JShell wrapper classes), after the JVM's
 * {@code Exception in thread "Thread-2"}, in one write to the stream the evaluator reports to (so
 * the kernel sends it as one stderr message, to that cell). Which threads: those that inherit the
 * mark the cell thread sets ({@link #markCellThread}); the kernel's own threads do not, and keep
 * the handling they had (the handler that was the default before, or the JVM's print).
 */
final class StartedThreadErrors implements Thread.UncaughtExceptionHandler {
    /** Where a thread's uncaught exception goes; inherited by every thread started from a marked one. */
    private static final InheritableThreadLocal<PrintStream> TARGET = new InheritableThreadLocal<>();

    private final Thread.UncaughtExceptionHandler previous;

    private StartedThreadErrors(Thread.UncaughtExceptionHandler previous) {
        this.previous = previous;
    }

    /** Makes this the default handler, wrapping the current one; once only (a second evaluator changes nothing). */
    static synchronized void install() {
        Thread.UncaughtExceptionHandler current = Thread.getDefaultUncaughtExceptionHandler();
        if (current instanceof StartedThreadErrors) return;
        Thread.setDefaultUncaughtExceptionHandler(new StartedThreadErrors(current));
    }

    /**
     * Called on the cell thread: threads it starts from now on report to {@code target}, which is
     * written UTF-8 bytes (the kernel's streams are UTF-8).
     */
    static void markCellThread(PrintStream target) {
        if (target == null) throw new IllegalArgumentException("markCellThread: the target stream is null");
        TARGET.set(target);
    }

    /** Called on the cell thread itself as it dies: its own failure is the kernel's, not a cell's. */
    static void unmarkCurrentThread() { TARGET.remove(); }

    /** Runs on the dying thread itself (the JVM calls it there), so {@link #TARGET} is that thread's. */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        PrintStream target = t == Thread.currentThread() ? TARGET.get() : null;
        if (target == null || e == null) {
            asBefore(t, e);
            return;
        }
        byte[] text;
        try {
            text = format(t.getName(), e).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException formatting) {
            asBefore(t, e); // never lose the user's exception to a bug here
            return;
        }
        // one write, not print(String): PrintStream splits long text, and the kernel could publish between the parts
        target.write(text, 0, text.length);
        target.flush();
    }

    /** {@code Exception in thread "<name>" <traceback>}, lines ending in a newline. */
    static String format(String threadName, Throwable e) {
        if (threadName == null || e == null) throw new IllegalArgumentException("format: the thread name and exception are required");
        List<String> lines = Tracebacks.of(e);
        StringBuilder s = new StringBuilder("Exception in thread \"").append(threadName).append("\" ");
        for (String line : lines) s.append(line).append('\n');
        return s.toString();
    }

    /** What the JVM does without this handler: the previous default handler, else ThreadGroup's print. */
    @SuppressWarnings("removal")
    private void asBefore(Thread t, Throwable e) {
        if (previous != null) {
            previous.uncaughtException(t, e);
        } else if (!(e instanceof ThreadDeath)) {
            System.err.print("Exception in thread \"" + t.getName() + "\" ");
            if (e != null) e.printStackTrace(System.err);
        }
    }
}
