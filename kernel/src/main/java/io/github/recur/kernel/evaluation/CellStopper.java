package io.github.recur.kernel.evaluation;

import java.lang.reflect.Field;

/**
 * Runs one cell's thread and stops it on request, gently first:
 * <ol>
 *   <li>the thread is interrupted (sleeps, waits, blocking I/O and {@code fit}, which checks between
 *       batches, end here), and on JDK 20+ JShell's stop flag is raised, so snippet code throws at its
 *       next loop iteration or method entry;</li>
 *   <li>after {@link #GRACE_MS}, a thread still busy gets {@code Thread.stop} where the JDK still has
 *       it (17-19);</li>
 *   <li>a thread that still runs (inside library code that ignores interrupts, on JDK 20+) is left
 *       running in the background and the cell ends, so the kernel answers again.</li>
 * </ol>
 */
final class CellStopper {
    /** How long an interrupted cell may take to end by itself before stronger means. */
    static final long GRACE_MS = 1000;
    /** How much longer a stopped cell may take (a training batch on a busy machine) before it is left running. */
    private static final long AFTER_STOP_MS = 2000;

    /** How a run ended: stopped by {@link #stop()}, and whether its thread was left running. */
    record Run(boolean stopped, boolean abandoned) {}

    private volatile Thread current;
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

    /** Starts {@code cell} and waits until it ends, or until it is stopped and left behind. */
    Run run(Thread cell) {
        if (pendingStop) {
            lastStopped = true;
            lastAbandoned = false;
            return new Run(true, false);
        }
        stopRequested = false;
        abandoned = false;
        setCancelFlag(false);
        current = cell;
        cell.setDaemon(true); // a cell left running must not keep the JVM alive at shutdown
        cell.start();
        try {
            while (cell.isAlive() && !abandoned) {
                try {
                    cell.join(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            current = null;
            setCancelFlag(false); // threads that earlier cells started run on
        }
        lastStopped = stopRequested;
        lastAbandoned = abandoned;
        return new Run(lastStopped, lastAbandoned);
    }

    /** Asks the running cell to stop; returns at once (the escalation runs on a thread of its own). */
    void stop() {
        Thread t = current;
        if (t == null) {
            pendingStop = true; // the cell is still being compiled: it will not start
            return;
        }
        if (stopRequested) return;
        stopRequested = true;
        setCancelFlag(true);
        t.interrupt();
        Thread escalation = new Thread(() -> escalate(t), "recur-stopper");
        escalation.setDaemon(true);
        escalation.start();
    }

    @SuppressWarnings({"deprecation", "removal"})
    private void escalate(Thread t) {
        if (ended(t, GRACE_MS)) return;
        if (cancelFlag == null) {
            try {
                t.stop(); // JDK 17-19 only: a busy loop that never checks the interrupt flag
            } catch (UnsupportedOperationException e) {
                // JDK 20+ without JShell's stop checks: nothing stronger exists
            }
        } else {
            t.interrupt(); // once more, for code that cleared the first interrupt
        }
        if (ended(t, AFTER_STOP_MS)) return;
        abandoned = true;
    }

    private static boolean ended(Thread t, long millis) {
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
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
