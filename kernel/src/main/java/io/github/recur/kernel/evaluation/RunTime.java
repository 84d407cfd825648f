package io.github.recur.kernel.evaluation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Time spent running snippet code, not compiling it, summed over every snippet since the kernel
 * started: wall time, CPU time of the thread the snippets run on, CPU time of the whole JVM (ND4J's
 * threads, the JIT compiler and the garbage collector too), and how many snippets ran. {@code %time}
 * shows the difference of two readings ({@link #since}), so a cell's compilation is reported apart,
 * as IPython reports its compiler's time apart.
 *
 * <pre>{@code
 * RunTime before = evaluator.runTime();
 * evaluator.eval("Thread.sleep(20)");
 * RunTime cell = evaluator.runTime().since(before);   // cell.wallNanos(): at least the sleep
 * }</pre>
 */
public record RunTime(long wallNanos, long threadCpuNanos, long processCpuNanos, long snippets) {
    static final RunTime ZERO = new RunTime(0, 0, 0, 0);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public RunTime {
        if (wallNanos < 0 || threadCpuNanos < 0 || processCpuNanos < 0 || snippets < 0) {
            throw new IllegalArgumentException("RunTime: times and counts must be >= 0, got wall " + wallNanos
                    + " ns, thread CPU " + threadCpuNanos + " ns, process CPU " + processCpuNanos + " ns, " + snippets + " snippets");
        }
    }

    /** What ran between {@code earlier} (a reading taken before) and this reading. */
    public RunTime since(RunTime earlier) {
        if (earlier == null) throw new IllegalArgumentException("RunTime.since: the earlier reading is null; pass evaluator.runTime() taken before");
        if (earlier.snippets > snippets) throw new IllegalArgumentException("RunTime.since: the 'earlier' reading ("
                + earlier.snippets + " snippets) is later than this one (" + snippets + "); swap them");
        return new RunTime(wallNanos - earlier.wallNanos, threadCpuNanos - earlier.threadCpuNanos,
                processCpuNanos - earlier.processCpuNanos, snippets - earlier.snippets);
    }

    RunTime plus(long wall, long threadCpu, long processCpu) {
        return new RunTime(wallNanos + wall, threadCpuNanos + Math.max(0, threadCpu), processCpuNanos + Math.max(0, processCpu), snippets + 1);
    }

    /** CPU time of the calling thread (0 where the JVM cannot measure it). */
    static long readCurrentThreadCpu() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? Math.max(0, THREADS.getCurrentThreadCpuTime()) : 0;
    }

    /** CPU time of the whole JVM (0 where unavailable); coarse: the OS counts it in scheduler ticks. */
    static long readProcessCpu() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? Math.max(0, ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime()) : 0;
    }
}
