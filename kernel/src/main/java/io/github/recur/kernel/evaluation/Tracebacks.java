package io.github.recur.kernel.evaluation;

import jdk.jshell.EvalException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exception thrown by a cell as a notebook shows it: class and message, then the stack down to
 * the cell (frames of the kernel's own machinery are cut), with JShell's wrapper classes renamed
 * ({@code REPL.$JShell$12.do_it$} becomes {@code <cell>}, a method {@code f} the cell declared
 * {@code f(<cell>)}). A frame, or a cycle of up to
 * {@value #LONGEST_CYCLE} frames, that repeats (deep recursion) is shown once, with how many more
 * times it repeats.
 */
final class Tracebacks {
    /** A snippet class's frame as the JVM names it: {@code REPL.$JShell$12B$Point} (snippet 12, class Point). */
    private static final Pattern UNTRANSLATED = Pattern.compile("REPL\\.\\$JShell\\$(\\d+)\\w*?(?:\\$(.+))?");
    /** Mutual recursion of up to three methods is folded; longer cycles are rare enough to print in full. */
    static final int LONGEST_CYCLE = 3;
    /** A block is folded only when it occurs this often in a row: two in a row read fine as they are. */
    private static final int FOLD_FROM = 3;

    private Tracebacks() {}

    /**
     * The traceback's lines: {@code "<class>: <message>"}, then {@code "\tat <frame>"} per frame, then
     * each cause the same way after {@code "Caused by: "}. {@code ex}: what the cell threw, as JShell
     * reports it ({@link EvalException}, whose class name is the thrown exception's), or any throwable.
     */
    static List<String> of(Throwable ex) {
        if (ex == null) throw new IllegalArgumentException("Tracebacks.of: the exception is null");
        List<String> tb = new ArrayList<>();
        Throwable t = ex;
        boolean firstLevel = true;
        while (t != null) {
            String n = t instanceof EvalException ? ((EvalException) t).getExceptionClassName() : t.getClass().getName();
            tb.add((firstLevel ? "" : "Caused by: ") + n + (t.getMessage() == null ? "" : ": " + t.getMessage()));
            List<StackTraceElement> kept = new ArrayList<>();
            for (StackTraceElement el : t.getStackTrace()) {
                String cls = el.getClassName();
                if (cls.startsWith("jdk.internal.reflect") || cls.startsWith("java.lang.reflect")
                        || cls.startsWith(CellExecutionControl.class.getName())) break;
                // the cell called System.exit; that the rewrite sent the call to the guard is the kernel's business
                if (cls.equals(ExitGuard.class.getName())) continue;
                // JDK 20+ weaves JShell's stop check into every snippet method; a deep recursion can overflow inside it
                if (cls.equals(CellExecutionControl.CANCEL_CLASS)) continue;
                kept.add(el);
            }
            tb.addAll(frameLines(kept));
            t = t.getCause();
            firstLevel = false;
        }
        return tb;
    }

    /**
     * {@code "\tat <frame>"} per frame, where a frame or a cycle of frames that occurs
     * {@value #FOLD_FROM} or more times in a row is printed once, followed by
     * {@code "\t... the frame above repeats 1,022 more times"} (or {@code "the 2 frames above repeat"}).
     * Frames are compared as the JVM gives them (class, method, file, line), not as printed, so two
     * frames that print alike but differ are not folded into one.
     */
    static List<String> frameLines(List<StackTraceElement> frames) {
        if (frames == null) throw new IllegalArgumentException("Tracebacks.frameLines: the frames are null");
        List<String> lines = new ArrayList<>();
        int i = 0;
        while (i < frames.size()) {
            int cycle = 0;
            int times = 1;
            // the shortest cycle first: a(); a(); a() is one frame repeated, not a pair
            for (int len = 1; len <= LONGEST_CYCLE && cycle == 0; len++) {
                int n = occurrences(frames, i, len);
                if (n >= FOLD_FROM) {
                    cycle = len;
                    times = n;
                }
            }
            if (cycle == 0) {
                lines.add("\tat " + frame(frames.get(i)));
                i++;
                continue;
            }
            for (int k = 0; k < cycle; k++) lines.add("\tat " + frame(frames.get(i + k)));
            lines.add(String.format(Locale.ROOT, "\t... %s %,d more times",
                    cycle == 1 ? "the frame above repeats" : "the " + cycle + " frames above repeat", times - 1));
            i += cycle * times;
        }
        return lines;
    }

    /** How many times the {@code len} frames from {@code start} occur in a row from there (at least 1 when they fit). */
    private static int occurrences(List<StackTraceElement> frames, int start, int len) {
        if (start + len > frames.size()) return 0;
        int n = 1;
        outer:
        while (start + (n + 1) * len <= frames.size()) {
            for (int k = 0; k < len; k++) {
                if (!frames.get(start + k).equals(frames.get(start + n * len + k))) break outer;
            }
            n++;
        }
        return n;
    }

    static String frame(StackTraceElement el) {
        String cls = el.getClassName();
        // JShell already rewrote the frames of snippet code: no class, the snippet's id ("#16") as file
        if (cls.isEmpty() && el.getFileName() != null && el.getFileName().startsWith("#")) return cellFrame(el.getMethodName());
        Matcher wrapper = UNTRANSLATED.matcher(cls);
        if (wrapper.matches()) {
            // a class whose records JShell no longer keeps (SpentSnippets), or a frame of a thread the
            // cell started (JShell translates only the cell's own): its snippet's number, but no line
            String nested = wrapper.group(2);
            return nested == null ? cellFrame(el.getMethodName()) : nested + "." + el.getMethodName() + "(#" + wrapper.group(1) + ")";
        }
        return cls + "." + el.getMethodName()
                + "(" + (el.getFileName() == null ? "?" : el.getFileName()) + ":" + el.getLineNumber() + ")";
    }

    /**
     * A frame of a cell's top level: {@code <cell>} for its statements (JShell's {@code do_it$}, or a
     * lambda the compiler made of them), {@code f(<cell>)} for a method the cell declared, so deep
     * or mutual recursion shows which methods. No line: JShell counts lines per snippet, not per cell.
     */
    private static String cellFrame(String method) {
        if (method.isEmpty() || method.equals("do_it$") || method.startsWith("lambda$")) return "<cell>";
        return method + "(<cell>)";
    }
}
