package io.github.recur.kernel.magics;

/**
 * Where {@code %timeit}'s timing loop puts each value, so that the JIT compiler can neither drop the
 * timed work (its value is used) nor move it out of the loop (each call reads a volatile field,
 * after which the next iteration's reads must be done again), as JMH's {@code Blackhole} does. The
 * comparisons are never true (the two fields differ), so nothing is ever stored; what is left is a
 * nanosecond or so of loop overhead, as IPython's loop has its own.
 *
 * <pre>{@code
 * for (long i = 0; i < loops; i++) { TimeitSink.fence(); TimeitSink.consume(a + 1); }
 * }</pre>
 */
public final class TimeitSink {
    private static volatile int intA = 1, intB = 2;
    private static volatile long longA = 1, longB = 2;
    private static volatile double doubleA = 1, doubleB = 2;
    private static volatile Object objectA = new Object();
    @SuppressWarnings("unused") // written only if a comparison were ever true
    private static volatile Object stored;

    private TimeitSink() {}

    /** A volatile read: nothing the loop body reads after it can be hoisted out of the loop. */
    public static void fence() {
        if (intA == intB) stored = null;
    }

    public static void consume(int v) { if ((v ^ intA) == (v ^ intB)) stored = v; }
    public static void consume(long v) { if ((v ^ longA) == (v ^ longB)) stored = v; }
    public static void consume(double v) { if (v == doubleA && v == doubleB) stored = v; }
    public static void consume(float v) { consume((double) v); }
    public static void consume(boolean v) { consume(v ? 1 : 0); }
    public static void consume(char v) { consume((int) v); }
    public static void consume(byte v) { consume((int) v); }
    public static void consume(short v) { consume((int) v); }
    public static void consume(Object v) { if (v == objectA) stored = v; }
}
