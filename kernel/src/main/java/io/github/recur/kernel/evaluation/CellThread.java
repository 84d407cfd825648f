package io.github.recur.kernel.evaluation;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one long-lived thread, "recur-cell", that runs every snippet, as a Python kernel runs every
 * cell on its main thread: what code keeps per thread (a {@code ThreadLocal}, ND4J's random
 * generator, so {@code Nd4j.getRandom().setSeed(42)} in one cell fixes {@code Nd4j.rand} in the next)
 * carries from snippet to snippet and from cell to cell.
 *
 * <p>The thread is replaced, transparently, only when it cannot be trusted any more: after
 * {@code Thread.stop} (busy code on JDK 17-19), whose {@code ThreadDeath} may arrive after the
 * snippet ended, anywhere in this class's own code; or when a stopped snippet ignored the interrupt
 * and is left running on it. Only after such an interrupt do the cell thread's ThreadLocals start
 * afresh.
 */
final class CellThread {
    static final String NAME = "recur-cell";

    /** Thread-locals whose value on the submitting thread each snippet sees (see {@link #carry}). */
    private final List<ThreadLocal<Object>> carried = new CopyOnWriteArrayList<>();
    /** Where uncaught exceptions of threads the snippets start go (see {@link StartedThreadErrors}); null: the JVM's way. */
    private volatile PrintStream startedThreadErrors;
    private Worker worker;

    /**
     * Before each snippet, sets on the cell thread the value {@code local} has on the thread that
     * submits it (the kernel's per-cell request, which decides where output goes); threads the
     * snippet starts inherit it when {@code local} is an {@link InheritableThreadLocal}.
     */
    @SuppressWarnings("unchecked")
    void carry(ThreadLocal<?> local) {
        carried.add((ThreadLocal<Object>) local);
    }

    /** Threads that snippets start report their uncaught exceptions to {@code target} (from the next snippet on). */
    void reportStartedThreadErrorsTo(PrintStream target) {
        if (target == null) throw new IllegalArgumentException("reportStartedThreadErrorsTo: the target stream is null");
        startedThreadErrors = target;
    }

    /** Hands {@code body} to the cell thread, to run with {@code contextLoader}; returns at once. */
    synchronized Job submit(Callable<Object> body, ClassLoader contextLoader) {
        if (worker == null || !worker.reusable()) {
            if (worker != null) worker.retire();
            worker = new Worker(startedThreadErrors);
        }
        List<ThreadLocal<Object>> locals = new ArrayList<>(carried);
        Object[] values = new Object[locals.size()];
        for (int i = 0; i < values.length; i++) values[i] = locals.get(i).get();
        Job job = new Job(body, contextLoader, locals, values, worker.thread);
        worker.hand(job);
        return job;
    }

    /** Lets the thread end once it is idle (a snippet left running ends it when it returns). */
    synchronized void close() {
        if (worker != null) worker.retire();
        worker = null;
    }

    /** One snippet on the cell thread: its result, and the means to interrupt or stop it. */
    static final class Job {
        private final Callable<Object> body;
        private final ClassLoader contextLoader;
        private final List<ThreadLocal<Object>> locals;
        private final Object[] values;
        private final Thread thread;
        private final CountDownLatch done = new CountDownLatch(1);
        /** Guarded by this: whether {@link #body} runs now, so interrupts and stops reach no other snippet. */
        private boolean running;
        private boolean interruptRequested;
        private volatile boolean forced;
        private volatile Object result;
        private volatile Throwable failure;

        private Job(Callable<Object> body, ClassLoader contextLoader, List<ThreadLocal<Object>> locals, Object[] values,
                    Thread thread) {
            this.body = body;
            this.contextLoader = contextLoader;
            this.locals = locals;
            this.values = values;
            this.thread = thread;
        }

        /** Waits up to {@code millis} for the snippet to end; true when it did (or its thread died). */
        boolean awaitEnd(long millis) throws InterruptedException {
            return done.await(millis, TimeUnit.MILLISECONDS) || !thread.isAlive();
        }

        /** Whether the body returned or threw (false when it still runs, or its thread died before it ended). */
        boolean completed() { return done.getCount() == 0; }

        /** The body's value; read once (the job outlives it until the next snippet, the value should not). */
        Object takeResult() {
            Object r = result;
            result = null;
            return r;
        }

        /** What the body threw, or null; read once, as {@link #takeResult()}. */
        Throwable takeFailure() {
            Throwable f = failure;
            failure = null;
            return f;
        }

        /** Interrupts the snippet, also one that has not started yet; never the snippet after it. */
        synchronized void interrupt() {
            interruptRequested = true;
            if (running) thread.interrupt();
        }

        /** {@code Thread.stop} while the snippet runs (JDK 17-19; a no-op where the JDK refuses it). */
        @SuppressWarnings({"deprecation", "removal"})
        synchronized void forceStop() {
            if (!running) return;
            forced = true;
            try {
                thread.stop();
            } catch (UnsupportedOperationException e) {
                forced = false; // JDK 20+: the thread was not touched
            }
        }

        private void runHere() {
            Thread me = Thread.currentThread();
            synchronized (this) {
                Thread.interrupted(); // one that reached this thread as the previous snippet ended is not for this one
                if (interruptRequested) me.interrupt();
                running = true;
            }
            try {
                me.setContextClassLoader(contextLoader);
                for (int i = 0; i < values.length; i++) {
                    if (values[i] == null) locals.get(i).remove();
                    else locals.get(i).set(values[i]);
                }
                result = body.call();
            } catch (Throwable t) {
                failure = t;
            } finally {
                synchronized (this) {
                    running = false;
                    Thread.interrupted(); // an interrupt meant for this snippet must not reach the next
                }
                done.countDown();
            }
        }
    }

    /** The thread and its queue; one per thread, so a retired thread never takes another snippet. */
    private static final class Worker implements Runnable {
        private static final Job RETIRE = new Job(null, null, List.of(), new Object[0], null);

        private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
        final Thread thread;
        private final PrintStream startedThreadErrors;
        private Job last;

        Worker(PrintStream startedThreadErrors) {
            this.startedThreadErrors = startedThreadErrors;
            // Inherits no thread-locals from whichever thread evaluates first: each snippet gets the carried ones.
            thread = new Thread(null, this, NAME, 0, false);
            thread.setDaemon(true); // a snippet left running must not keep the JVM alive at shutdown
            thread.setUncaughtExceptionHandler(Worker::uncaught);
            thread.start();
        }

        /** Alive, idle, and never hit by {@code Thread.stop}. */
        boolean reusable() {
            return thread.isAlive() && (last == null || (last.completed() && !last.forced));
        }

        void hand(Job job) {
            last = job;
            jobs.add(job);
        }

        void retire() {
            jobs.add(RETIRE);
        }

        @Override
        public void run() {
            if (startedThreadErrors != null) StartedThreadErrors.markCellThread(startedThreadErrors);
            while (true) {
                Job job;
                try {
                    job = jobs.take();
                } catch (InterruptedException e) {
                    continue; // an interrupt that came as a snippet ended: runHere clears it anyway
                }
                if (job == RETIRE) return;
                job.runHere();
            }
        }

        /** A {@code ThreadDeath} that arrived after its snippet ended ends this (retired) thread quietly. */
        @SuppressWarnings("removal")
        private static void uncaught(Thread t, Throwable e) {
            if (e instanceof ThreadDeath) return;
            StartedThreadErrors.unmarkCurrentThread(); // runs on t: its failure is the kernel's, printed the JVM's way
            t.getThreadGroup().uncaughtException(t, e);
        }
    }
}
