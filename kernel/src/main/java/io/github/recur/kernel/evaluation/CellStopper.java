package io.github.recur.kernel.evaluation;

import java.lang.reflect.Field;
import java.util.function.Supplier;

/**
 * Runs one snippet on the cell thread ({@link CellThread}) and stops it on request, gently first:
 * <ol>
 *   <li>the snippet is interrupted (sleeps, waits, blocking I/O and {@code fit}, which checks between
 *       batches, end here), and on JDK 20+ JShell's stop flag is raised, so snippet code throws at its
 *       next loop iteration or method entry;</li>
 *   <li>after {@link #GRACE_MS}, a snippet still busy gets {@code Thread.stop} where the JDK still has
 *       it (17-19);</li>
 *   <li>a snippet that still runs (inside library code that ignores interrupts, on JDK 20+) is left
 *       running in the background and the cell ends, so the kernel answers again.</li>
 * </ol>
 * Interrupts and stops aim at the snippet, not at the thread, which runs the next snippet: one that
 * comes as the snippet ends is dropped (see {@link CellThread.Job}).
 */
final class CellStopper {
    /** How long an interrupted cell may take to end by itself before stronger means. */
    static final long GRACE_MS = 1000;
    /** How much longer a stopped cell may take (a training batch on a busy machine) before it is left running. */
    private static final long AFTER_STOP_MS = 2000;

    /**
     * How a run ended: stopped by {@link #stop()}, whether the snippet was left running, and otherwise
     * its value or what it threw.
     */
    record Run(boolean stopped, boolean abandoned, Object value, Throwable failure) {}

    private volatile CellThread.Job current;
    private volatile boolean stopRequested;
    private volatile boolean abandoned;
    private volatile Field cancelFlag;
    private volatile boolean lastStopped;
    private volatile boolean lastAbandoned;
    /** A stop that came while no cell thread ran (during compilation): the next run of this cell is not started. */
    private volatile boolean pendingStop;

    /** JShell's {@code REPL.$Cancel$.allStop} (JDK 20+). */
    void useCancelFlag(Field flag) { cancelFlag = flag; }

    boolean hasCancelFlag() { return cancelFlag != null; }

    boolean running() { return current != null; }

    boolean lastStopped() { return lastStopped; }

    boolean lastAbandoned() { return lastAbandoned; }

    /** Forgets how the previous run ended (before a snippet that may not run anything). */
    void clearLast() {
        lastStopped = false;
        lastAbandoned = false;
    }

    /** Starts a new cell: a stop left from the previous one no longer applies. */
    void beginCell() { pendingStop = false; }

    /** Starts a snippet ({@code start} hands it to the cell thread) and waits until it ends, or until it is stopped and left behind. */
    Run run(Supplier<CellThread.Job> start) {
        if (pendingStop) {
            lastStopped = true;
            lastAbandoned = false;
            return new Run(true, false, null, null);
        }
        stopRequested = false;
        abandoned = false;
        setCancelFlag(false);
        CellThread.Job job = start.get();
        current = job;
        if (pendingStop) stop(); // it came while the snippet was being handed over
        boolean waitInterrupted = false;
        try {
            while (!abandoned) {
                try {
                    if (job.awaitEnd(50)) break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    waitInterrupted = true;
                    break;
                }
            }
        } finally {
            current = null;
            setCancelFlag(false); // threads that earlier cells started run on
        }
        lastStopped = stopRequested || waitInterrupted;
        lastAbandoned = abandoned || (waitInterrupted && !job.completed());
        Object value = job.takeResult();
        Throwable failure = job.takeFailure();
        if (!lastStopped && !job.completed()) {
            failure = new IllegalStateException("the cell thread ended before the snippet did");
        }
        return new Run(lastStopped, lastAbandoned, value, failure);
    }

    /** Asks the running snippet to stop; returns at once (the escalation runs on a thread of its own). */
    synchronized void stop() {
        CellThread.Job job = current;
        if (job == null) {
            pendingStop = true; // the cell is still being compiled: it will not start
            return;
        }
        if (stopRequested) return;
        stopRequested = true;
        setCancelFlag(true);
        job.interrupt();
        Thread escalation = new Thread(() -> escalate(job), "recur-stopper");
        escalation.setDaemon(true);
        escalation.start();
    }

    private void escalate(CellThread.Job job) {
        if (ended(job, GRACE_MS)) return;
        if (cancelFlag == null) {
            job.forceStop(); // JDK 17-19 only: a busy loop that never checks the interrupt flag
        } else {
            job.interrupt(); // once more, for code that cleared the first interrupt
        }
        if (ended(job, AFTER_STOP_MS)) return;
        abandoned = true;
    }

    private static boolean ended(CellThread.Job job, long millis) {
        try {
            return job.awaitEnd(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void setCancelFlag(boolean on) {
        Field f = cancelFlag;
        if (f == null) return;
        try {
            f.setBoolean(null, on);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set JShell's stop flag", e);
        }
    }
}
