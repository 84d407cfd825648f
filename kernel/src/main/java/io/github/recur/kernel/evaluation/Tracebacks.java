package io.github.recur.kernel.evaluation;

import jdk.jshell.EvalException;
import jdk.jshell.JShellException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exception thrown by a cell as a notebook shows it: class and message, then the stack down to
 * the cell (frames of the kernel's own machinery are cut), with JShell's wrapper classes renamed
 * ({@code REPL.$JShell$12.do_it$} becomes {@code <cell>}).
 */
final class Tracebacks {
    /** A snippet class's frame as the JVM names it: {@code REPL.$JShell$12B$Point} (snippet 12, class Point). */
    private static final Pattern UNTRANSLATED = Pattern.compile("REPL\\.\\$JShell\\$(\\d+)\\w*?(?:\\$(.+))?");

    private Tracebacks() {}

    /** {@code name}: the exception's class, as the cell's code named it. */
    static List<String> of(JShellException ex) {
        List<String> tb = new ArrayList<>();
        Throwable t = ex;
        boolean firstLevel = true;
        while (t != null) {
            String n = t instanceof EvalException ? ((EvalException) t).getExceptionClassName() : t.getClass().getName();
            tb.add((firstLevel ? "" : "Caused by: ") + n + (t.getMessage() == null ? "" : ": " + t.getMessage()));
            for (StackTraceElement el : t.getStackTrace()) {
                String cls = el.getClassName();
                if (cls.startsWith("jdk.internal.reflect") || cls.startsWith("java.lang.reflect")
                        || cls.startsWith(CellExecutionControl.class.getName())) break;
                tb.add("\tat " + frame(el));
            }
            t = t.getCause();
            firstLevel = false;
        }
        return tb;
    }

    static String frame(StackTraceElement el) {
        String cls = el.getClassName();
        // JShell already rewrote the frames of snippet code: no class, the snippet's id ("#16") as file
        if (cls.isEmpty() && el.getFileName() != null && el.getFileName().startsWith("#")) return "<cell>";
        Matcher wrapper = UNTRANSLATED.matcher(cls);
        if (wrapper.matches()) {
            // a class whose records JShell no longer keeps (SpentSnippets): its snippet's number, but no line
            String nested = wrapper.group(2);
            return nested == null ? "<cell>" : nested + "." + el.getMethodName() + "(#" + wrapper.group(1) + ")";
        }
        return cls + "." + el.getMethodName()
                + "(" + (el.getFileName() == null ? "?" : el.getFileName()) + ":" + el.getLineNumber() + ")";
    }
}
