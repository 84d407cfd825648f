package io.github.recur.kernel.magics;

import io.github.recur.kernel.evaluation.Evaluator;
import io.github.recur.kernel.evaluation.Outcome;
import io.github.recur.kernel.evaluation.RunTime;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code %time statement} and {@code %%time}: the time of one run, as IPython's. JShell compiles a
 * cell and then runs it; as IPython does with its compiler's time, the wall and CPU times are those of
 * running, and a long compilation ({@link #SHOW_COMPILE_NANOS} or more) is shown on a line of its own. CPU time is given for
 * the thread the cell runs on and for the whole JVM (ND4J's threads, the JIT compiler and the garbage
 * collector count there). Nothing is printed for a cell that did not compile: nothing ran.
 */
final class TimeMagic implements Magic {
    /** IPython's threshold for showing its compiler's time. */
    static final long SHOW_COMPILE_NANOS = 100_000_000L;

    @Override public List<String> names() { return List.of("%time", "%%time"); }

    @Override public String usage() { return "%time STATEMENT, %%time   wall and CPU time of one run (compile time apart)"; }

    @Override
    public Outcome line(String args, Magics magics) {
        return timed(magics.evaluator(), () -> magics.evaluator().eval(args));
    }

    @Override
    public Outcome cell(String args, String body, Magics magics) {
        return timed(magics.evaluator(), () -> magics.run(body));
    }

    private static Outcome timed(Evaluator evaluator, Supplier<Outcome> body) {
        RunTime before = evaluator.runTime();
        long t0 = System.nanoTime();
        Outcome o = body.get();
        long total = System.nanoTime() - t0;
        RunTime ran = evaluator.runTime().since(before);
        if (o.failed() && ran.snippets() == 0) return o; // a compile error: nothing ran, nothing to time
        System.out.print(report(ran, total - ran.wallNanos()));
        return o;
    }

    /** "CPU times: cell thread T, whole JVM P", "Wall time: W", then "Compile time: C" when long; a line each. */
    static String report(RunTime ran, long compileNanos) {
        String s = String.format(Locale.ROOT, "CPU times: cell thread %s, whole JVM %s%nWall time: %s%n",
                human(ran.threadCpuNanos()), human(ran.processCpuNanos()), human(ran.wallNanos()));
        if (compileNanos >= SHOW_COMPILE_NANOS) s += String.format(Locale.ROOT, "Compile time: %s%n", human(compileNanos));
        return s;
    }

    /** {@code 812 ns}, {@code 3.4 µs}, {@code 12.0 ms}, {@code 1.25 s}. */
    static String human(double nanos) {
        if (nanos < 1e3) return String.format(Locale.ROOT, "%.0f ns", nanos);
        if (nanos < 1e6) return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        if (nanos < 1e9) return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
