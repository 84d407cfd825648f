package io.github.recur.kernel.magics;

import io.github.recur.kernel.evaluation.Outcome;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** {@code %time statement} and {@code %%time}: wall and CPU time of one run, as IPython's. */
final class TimeMagic implements Magic {
    @Override public List<String> names() { return List.of("%time", "%%time"); }

    @Override public String usage() { return "%time STATEMENT, %%time   wall and process CPU time of one run"; }

    @Override
    public Outcome line(String args, Magics magics) {
        return timed(() -> magics.evaluator().eval(args));
    }

    @Override
    public Outcome cell(String args, String body, Magics magics) {
        return timed(() -> magics.run(body));
    }

    private static Outcome timed(Supplier<Outcome> body) {
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        Outcome o = body.get();
        long wall = System.nanoTime() - t0;
        long cpu = cpuNanos() - cpu0;
        System.out.printf("Wall time: %s (process CPU: %s)%n", human(wall), human(cpu));
        return o;
    }

    private static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
    }

    /** {@code 812 ns}, {@code 3.4 µs}, {@code 12.0 ms}, {@code 1.25 s}. */
    static String human(double nanos) {
        if (nanos < 1e3) return String.format(Locale.ROOT, "%.0f ns", nanos);
        if (nanos < 1e6) return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        if (nanos < 1e9) return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
