package io.github.recur.kernel;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Java side of the kernel: one {@link JShell} whose snippets run in this JVM
 * ({@link CellExecutionControl}). The class path is given to the compiler only
 * ({@code --class-path}); at run time snippet classes resolve library classes through the kernel's
 * own class loader, so ND4J's natives are loaded once (see PITFALLS). Jars added later
 * ({@code %maven}, {@code %classpath}) go to the snippet loader.
 */
final class Evaluator implements AutoCloseable {

    /** What a cell produced: a value to render, or an error (name, value, traceback lines). */
    record Outcome(boolean hasValue, Object value, String errorName, String errorValue, List<String> traceback) {
        static Outcome none() { return new Outcome(false, null, null, null, List.of()); }
        static Outcome value(Object v) { return new Outcome(true, v, null, null, List.of()); }
        static Outcome error(String name, String value, List<String> tb) { return new Outcome(false, null, name, value, tb); }
        boolean failed() { return errorName != null; }
    }

    /** Completion matches and the replaced range of the cell. */
    record Completion(List<String> matches, int start, int end) {}

    private final CellExecutionControl.Provider provider = new CellExecutionControl.Provider();
    private final JShell shell;
    private final CellExecutionControl control;
    private final SourceCodeAnalysis analysis;
    private final Set<String> classpath = new LinkedHashSet<>();
    private volatile boolean interruptRequested;

    Evaluator(List<String> compileClasspath, PrintStream out, PrintStream err, InputStream in) {
        classpath.addAll(compileClasspath);
        shell = JShell.builder()
                .executionEngine(provider, java.util.Map.of())
                .out(out).err(err).in(in)
                .build();
        control = provider.control();
        // The kernel's own class path goes to the compiler only: at run time those classes come from
        // the kernel's loader (see CellExecutionControl#addToClasspath). Not a --class-path compiler
        // option: that would be passed to every compilation and hide jars added later by %classpath.
        control.providedByKernel(compileClasspath);
        shell.addToClasspath(String.join(java.io.File.pathSeparator, compileClasspath));
        analysis = shell.sourceCodeAnalysis();
    }

    /** Evaluates one import/statement silently; false (and the snippet dropped) if it did not compile. */
    boolean tryQuietly(String source) {
        List<SnippetEvent> events = shell.eval(source);
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null && (e.status() == Snippet.Status.REJECTED || e.exception() != null)) {
                if (e.status() != Snippet.Status.REJECTED) shell.drop(e.snippet());
                return false;
            }
        }
        return true;
    }

    Set<String> classpath() { return classpath; }

    /** Adds a jar or directory for compiling and running later snippets; false if already there. */
    boolean addToClasspath(String path) {
        if (!classpath.add(path)) return false;
        shell.addToClasspath(path);
        return true;
    }

    /** Evaluates Java source (many snippets); stops at the first error. */
    Outcome eval(String code) {
        interruptRequested = false;
        String remaining = code;
        int offset = 0;
        Outcome last = Outcome.none();
        try {
            while (!remaining.isBlank()) {
                if (interruptRequested) return interrupted();
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
                String source;
                int consumed;
                if (info.completeness().isComplete()) {
                    source = info.source();
                    consumed = remaining.length() - info.remaining().length();
                } else {
                    source = remaining; // let the compiler explain what is missing
                    consumed = remaining.length();
                }
                // Diagnostics are relative to the snippet source, which may keep leading blanks.
                String probe = source.length() > 1 ? source.substring(0, source.length() - 1) : source;
                int at = remaining.indexOf(probe);
                int start = offset + (at >= 0 ? at : leadingWhitespace(remaining));
                control.resetLastValue();
                List<SnippetEvent> events = shell.eval(source);
                if (control.wasInterrupted() || interruptRequested) return interrupted();
                SnippetEvent main = null;
                for (SnippetEvent e : events) if (e.causeSnippet() == null) { main = e; break; }
                if (main == null) { offset += consumed; remaining = remaining.substring(consumed); continue; }
                if (main.status() == Snippet.Status.REJECTED) return compileError(code, start, main.snippet());
                if (main.exception() != null) return exception(main.exception());
                if (main.status() == Snippet.Status.RECOVERABLE_DEFINED || main.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    System.err.println("Note: " + main.snippet().source().strip().split("\n", 2)[0]
                            + " is defined but needs " + unresolved(main.snippet()) + " before it can be used");
                }
                // As in IPython, a semicolon after the last expression hides its value: model.summary(); prints once.
                boolean hidden = remaining.substring(0, consumed).strip().endsWith(";");
                last = hidden ? Outcome.none() : valueOf(main.snippet());
                offset += consumed;
                remaining = remaining.substring(consumed);
            }
            return last;
        } finally {
            control.releaseShadowedValues();
        }
    }

    private Outcome valueOf(Snippet s) {
        boolean expression = s instanceof ExpressionSnippet
                || (s instanceof VarSnippet && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
        if (!expression || !control.hasLastValue()) return Outcome.none();
        Object v = control.takeLastValue();
        // printf/format return their stream: as in IPython's print(), the call shows its text only.
        return v == null || v instanceof java.io.PrintStream ? Outcome.none() : Outcome.value(v);
    }

    private String unresolved(Snippet s) {
        List<String> names = new ArrayList<>();
        if (s instanceof jdk.jshell.DeclarationSnippet) {
            shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) s).forEach(names::add);
        }
        return names.isEmpty() ? "other definitions" : String.join(", ", names);
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    private Outcome interrupted() {
        return Outcome.error("Interrupted", "The cell was interrupted", List.of("Interrupted: the cell was stopped; the kernel is ready."));
    }

    /** "Line N: message", the offending line, and a caret under the error. */
    private Outcome compileError(String cell, int snippetStart, Snippet snippet) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : (Iterable<Diag>) shell.diagnostics(snippet)::iterator) {
            if (!d.isError()) continue;
            // JShell's wrapper class has no name worth showing
            String msg = d.getMessage(Locale.ROOT).replaceAll("\n\\s*location: class\\s*(?=\n|$)", "");
            int pos = (int) Math.max(0, d.getStartPosition());
            int end = (int) Math.max(pos, d.getEndPosition());
            int abs = Math.min(cell.length(), snippetStart + pos);
            int absEnd = Math.min(cell.length(), snippetStart + end);
            int lineStart = cell.lastIndexOf('\n', abs - 1) + 1;
            int lineEnd = cell.indexOf('\n', abs);
            if (lineEnd < 0) lineEnd = cell.length();
            int lineNo = 1 + (int) cell.substring(0, abs).chars().filter(c -> c == '\n').count();
            String line = cell.substring(lineStart, lineEnd);
            int col = abs - lineStart;
            int width = Math.max(1, Math.min(absEnd, lineEnd) - abs);
            StringBuilder caret = new StringBuilder();
            for (int i = 0; i < col; i++) caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
            caret.append('^');
            if (width > 1) caret.append("-".repeat(width - 2)).append('^');
            if (first == null) first = "line " + lineNo + ": " + msg.split("\n", 2)[0];
            lines.add("Line " + lineNo + ": " + msg);
            lines.add("    " + line);
            lines.add("    " + caret);
        }
        if (first == null) first = "the code does not compile";
        return Outcome.error("CompilationError", first, lines);
    }

    private Outcome exception(JShellException ex) {
        List<String> tb = new ArrayList<>();
        String name;
        String message;
        if (ex instanceof EvalException) {
            EvalException ee = (EvalException) ex;
            name = ee.getExceptionClassName();
            message = ee.getMessage() == null ? "" : ee.getMessage();
        } else if (ex instanceof UnresolvedReferenceException) {
            name = "UnresolvedReference";
            UnresolvedReferenceException ue = (UnresolvedReferenceException) ex;
            message = ue.getSnippet().source().strip() + " cannot be used until " + unresolved(ue.getSnippet()) + " is defined";
        } else {
            name = ex.getClass().getSimpleName();
            message = String.valueOf(ex.getMessage());
        }
        Throwable t = ex;
        boolean firstLevel = true;
        while (t != null) {
            String n = t instanceof EvalException ? ((EvalException) t).getExceptionClassName() : t.getClass().getName();
            tb.add((firstLevel ? "" : "Caused by: ") + n + (t.getMessage() == null ? "" : ": " + t.getMessage()));
            for (StackTraceElement el : t.getStackTrace()) {
                String cls = el.getClassName();
                if (cls.startsWith("jdk.internal.reflect") || cls.startsWith("java.lang.reflect")
                        || cls.startsWith("io.github.recur.kernel.CellExecutionControl")) break;
                String where = cls.matches("REPL\\.\\$JShell\\$\\d+.*")
                        ? cls.replaceFirst("REPL\\.\\$JShell\\$\\d+\\$?", "") : cls;
                tb.add("\tat " + (where.isEmpty() ? "" : where + ".") + el.getMethodName().replace("do_it$", "<cell>")
                        + "(" + (el.getFileName() == null ? "?" : el.getFileName()) + ":" + el.getLineNumber() + ")");
            }
            t = t.getCause();
            firstLevel = false;
        }
        return Outcome.error(name, message, tb);
    }

    /** Interrupts the running cell (from the control thread). */
    void interrupt() {
        interruptRequested = true;
        control.stop();
    }

    boolean running() { return control.running(); }

    /** Live value of a variable (for tests and magics), or null. */
    Object variable(String name) { return control.liveVariable(name); }

    Completion complete(String code, int cursor) {
        int[] off = new int[1];
        String part = snippetAt(code, cursor, off);
        int rel = cursor - off[0];
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(part, rel, anchor);
        LinkedHashSet<String> first = new LinkedHashSet<>();
        LinkedHashSet<String> rest = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : suggestions) {
            (s.matchesType() ? first : rest).add(s.continuation());
        }
        first.addAll(rest);
        return new Completion(new ArrayList<>(first), anchor[0] + off[0], cursor);
    }

    /** Signature (and Javadoc where the JDK has sources) of what is under the cursor. */
    String inspect(String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
        int[] off = new int[1];
        String part = snippetAt(code, end, off);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(part, end - off[0], true);
        if (docs.isEmpty()) {
            // JShell documents a method from inside its argument list: "Math.max" -> "Math.max("
            docs = analysis.documentation(part.substring(0, end - off[0]) + "(", end - off[0] + 1, true);
        }
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            if (sb.length() > 0) sb.append("\n\n");
            sb.append(d.signature());
            if (d.javadoc() != null && !d.javadoc().isBlank()) sb.append("\n").append(d.javadoc().strip());
        }
        return sb.toString();
    }

    /** The snippet of {@code code} that contains {@code cursor}; its start goes to {@code offset[0]}. */
    private String snippetAt(String code, int cursor, int[] offset) {
        String remaining = code;
        int off = 0;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) break;
            int consumed = remaining.length() - info.remaining().length();
            if (off + consumed >= cursor || info.remaining().isBlank()) break;
            off += consumed;
            remaining = info.remaining();
        }
        offset[0] = off;
        return remaining;
    }

    /** "complete", "incomplete" or "invalid", as is_complete_reply wants. */
    String isComplete(String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return "incomplete";
                case UNKNOWN:
                    return "invalid";
                default:
                    remaining = info.remaining();
            }
        }
        return "complete";
    }

    @Override
    public void close() {
        shell.close();
    }
}
