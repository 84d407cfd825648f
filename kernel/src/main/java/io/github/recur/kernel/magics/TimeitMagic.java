package io.github.recur.kernel.magics;

import io.github.recur.kernel.evaluation.Evaluator;
import io.github.recur.kernel.evaluation.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code %timeit [-n N] [-r R] statement} and {@code %%timeit [-n N] [-r R] [setup]}, with IPython's
 * meaning: the loop count is chosen automatically (1, 2, 5, 10, 20, 50, ... until one run takes
 * 0.2 s), R runs (default 7) of N loops are timed, and the mean and standard deviation per loop are
 * shown. The statement is compiled once into a timing loop, so the time is the statement's, not
 * JShell's; an expression's value is used ({@link TimeitSink}), so the JIT compiler cannot drop it. The JVM compiles hot code while it runs: the automatic loop count's runs (or one untimed
 * run with {@code -n}) warm it up before anything is timed.
 */
final class TimeitMagic implements Magic {
    static final double TARGET_SECONDS = 0.2;
    private static final String LOOP = "$recurTimeit$";

    /** Options as parsed from the magic's arguments. */
    record Options(Long loops, int runs, String rest) {}

    @Override public List<String> names() { return List.of("%timeit", "%%timeit"); }

    @Override public String usage() {
        return "%timeit [-n N] [-r R] STATEMENT, %%timeit [-n N] [-r R] [SETUP]   mean ± std. dev. per loop of R runs of N loops";
    }

    @Override
    public Outcome line(String args, Magics magics) {
        Options o = parse(args);
        if (o.rest().isBlank()) return Outcome.error("UsageError", "%timeit needs a statement, e.g. %timeit Math.sqrt(2.0)");
        return time(o, o.rest(), magics.evaluator());
    }

    @Override
    public Outcome cell(String args, String body, Magics magics) {
        Options o = parse(args);
        if (body.isBlank()) return Outcome.error("UsageError", "%%timeit needs code in the cell below its first line");
        if (!o.rest().isBlank()) {
            Outcome setup = magics.evaluator().eval(o.rest());
            if (setup.failed()) return setup;
        }
        return time(o, body, magics.evaluator());
    }

    static Options parse(String args) {
        Long loops = null;
        int runs = 7;
        String[] words = args.strip().split("\\s+");
        int i = 0;
        for (; i + 1 < words.length && words[i].matches("-[nr]"); i += 2) {
            long v;
            try {
                v = Long.parseLong(words[i + 1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("%timeit " + words[i] + " expects a positive whole number, got '" + words[i + 1] + "'");
            }
            if (v <= 0) throw new IllegalArgumentException("%timeit " + words[i] + " expects a positive whole number, got " + v);
            if (words[i].equals("-n")) loops = v;
            else runs = (int) Math.min(v, 1000);
        }
        String rest = args.strip();
        for (int k = 0; k < i; k++) rest = rest.substring(rest.indexOf(words[k]) + words[k].length());
        return new Options(loops, runs, rest.strip());
    }

    private static Outcome time(Options o, String code, Evaluator evaluator) {
        // As an expression first, so that its value is used (TimeitSink); a void call or statements
        // compile only as statements, and that form's compile error is the one shown.
        Outcome[] error = new Outcome[1];
        AutoCloseable loop = evaluator.declareTemporarily(loopSource(code, true), new Outcome[1]);
        if (loop == null) loop = evaluator.declareTemporarily(loopSource(code, false), error);
        if (loop == null) return error[0];
        try (AutoCloseable declared = loop) {
            long loops;
            if (o.loops() == null) {
                long[] chosen = new long[1];
                Outcome failed = autorange(evaluator, chosen);
                if (failed != null) return failed;
                loops = chosen[0];
            } else {
                loops = o.loops();
                Outcome warm = run(evaluator, loops, new double[1]);
                if (warm != null) return warm;
            }
            double[] perLoop = new double[o.runs()];
            double[] seconds = new double[1];
            for (int r = 0; r < o.runs(); r++) {
                Outcome failed = run(evaluator, loops, seconds);
                if (failed != null) return failed;
                perLoop[r] = seconds[0] / loops;
            }
            System.out.println(report(perLoop, loops));
            return Outcome.none();
        } catch (Exception e) {
            return Outcome.error(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }

    /**
     * The timing loop as a JShell method. Each iteration starts with a volatile read and hands an
     * expression's value to {@link TimeitSink}, so that the JIT compiler keeps the work in the loop
     * (without them it can drop a loop whose result is unused or constant).
     */
    static String loopSource(String code, boolean asExpression) {
        String sink = TimeitSink.class.getName();
        String body = asExpression ? sink + ".consume(" + code.strip().replaceAll(";\\s*$", "") + ");"
                : code.strip() + (code.strip().endsWith(";") || code.strip().endsWith("}") ? "" : ";");
        return "long " + LOOP + "(long $loops) throws Throwable {\n"
                + "    long $start = System.nanoTime();\n"
                + "    for (long $i = 0; $i < $loops; $i++) {\n"
                + "        " + sink + ".fence();\n"
                + body + "\n    }\n"
                + "    return System.nanoTime() - $start;\n"
                + "}";
    }

    /**
     * The statement's own frames, then one line for the timing loop instead of the loop method's
     * frame and the call of it: those are this magic's, not the user's.
     */
    static Outcome withoutLoopFrames(Outcome failed) {
        List<String> lines = new ArrayList<>();
        for (String line : failed.traceback()) {
            if (line.equals("\tat " + LOOP + "(<cell>)")) {
                lines.add("\tat the %timeit loop");
                break; // what follows is the call of the loop
            }
            lines.add(line);
        }
        return Outcome.error(failed.errorName(), failed.errorValue(), lines);
    }

    /** IPython's autorange: 1, 2, 5, 10, 20, 50, ... loops until a run takes {@link #TARGET_SECONDS}. */
    private static Outcome autorange(Evaluator evaluator, long[] loops) {
        double[] seconds = new double[1];
        for (long scale = 1; ; scale *= 10) {
            for (long k : new long[] {1, 2, 5}) {
                loops[0] = k * scale;
                Outcome failed = run(evaluator, loops[0], seconds);
                if (failed != null) return failed;
                if (seconds[0] >= TARGET_SECONDS || loops[0] >= 1_000_000_000L) return null;
            }
        }
    }

    /** Runs the loop {@code loops} times; null when it worked ({@code seconds[0]} set), else the failure. */
    private static Outcome run(Evaluator evaluator, long loops, double[] seconds) {
        Outcome o = evaluator.evalExpression(LOOP + "(" + loops + "L)");
        if (o.failed()) return withoutLoopFrames(o);
        if (!o.hasValue() || !(o.value() instanceof Long)) return Outcome.error("RuntimeError", "%timeit: the timing loop returned no time");
        seconds[0] = (Long) o.value() / 1e9;
        return null;
    }

    /** "12.3 µs ± 456 ns per loop (mean ± std. dev. of 7 runs, 10,000 loops each)", population std as IPython. */
    static String report(double[] perLoopSeconds, long loops) {
        double mean = 0;
        for (double t : perLoopSeconds) mean += t;
        mean /= perLoopSeconds.length;
        double var = 0;
        for (double t : perLoopSeconds) var += (t - mean) * (t - mean);
        double std = Math.sqrt(var / perLoopSeconds.length);
        int runs = perLoopSeconds.length;
        return String.format(Locale.ROOT, "%s ± %s per loop (mean ± std. dev. of %d run%s, %,d loop%s each)",
                TimeMagic.human(mean * 1e9), TimeMagic.human(std * 1e9), runs, runs == 1 ? "" : "s", loops, loops == 1 ? "" : "s");
    }
}
