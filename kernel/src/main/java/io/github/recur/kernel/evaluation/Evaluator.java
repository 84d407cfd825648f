package io.github.recur.kernel.evaluation;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Java side of the kernel: one {@link JShell} whose snippets run in this JVM
 * ({@link CellExecutionControl}). The kernel's class path is given to the compiler; at run time
 * snippet classes resolve library classes through the kernel's own class loader, so ND4J's natives
 * are loaded once (see PITFALLS). Jars added later ({@code %maven}, {@code %classpath}) go to the
 * snippet loader.
 *
 * <pre>{@code
 * try (var e = new Evaluator(classpath, System.out)) {
 *     Outcome o = e.eval("int x = 6;\nx * 7");   // o.value() is 42
 * }
 * }</pre>
 */
public final class Evaluator implements AutoCloseable {

    /** Completion matches and the replaced range of the cell. */
    public record Completion(List<String> matches, int start, int end) {}

    /** What JShell knows of the element under the cursor: its signature and, where it has the sources, its Javadoc. */
    public record Doc(String signature, String javadoc) {}

    /** The variables expression values are kept in (see {@link #evalAsValueVariable}): {@code $recur$value1}, {@code $recur$value2}, ... */
    static final String VALUE_VARIABLE = "$recur$value";

    private final CellExecutionControl.Provider provider = new CellExecutionControl.Provider();
    private final JShell shell;
    private final CellExecutionControl control;
    private final SourceCodeAnalysis analysis;
    private final SpentSnippets spent;
    private final Set<String> classpath = new LinkedHashSet<>();
    private final PrintStream notes;
    private volatile boolean interruptRequested;
    /** The latest {@code $N} variable JShell made for an expression statement; older ones are dropped. */
    private VarSnippet latestTemporary;
    /** How many value variables were named; the latest that held a value (kept), and its expression. */
    private int valueVariables;
    private VarSnippet latestValue;
    private String latestValueExpression;

    /**
     * {@code notes}: where notes about a cell go (e.g. "defined but needs ..."): the cell's stderr.
     * Uncaught exceptions of threads a cell starts go there too, as UTF-8, one write each, formatted
     * as the cell's own errors; for that the first evaluator makes {@link StartedThreadErrors} the
     * JVM's default uncaught-exception handler (other threads keep the handling they had).
     */
    public Evaluator(List<String> compileClasspath, PrintStream notes) {
        this(compileClasspath, notes, Map.of());
    }

    /** {@code renamedJShellFields}: see {@link SpentSnippets}; for tests of a JDK whose JShell differs. */
    Evaluator(List<String> compileClasspath, PrintStream notes, Map<String, String> renamedJShellFields) {
        if (compileClasspath == null || notes == null) {
            throw new IllegalArgumentException("Evaluator: the class path and the notes stream are required (an empty list for no class path)");
        }
        this.notes = notes;
        classpath.addAll(compileClasspath);
        shell = JShell.builder().executionEngine(provider, Map.of()).fileManager(IndexKeepingFileManager::new).build();
        control = provider.control();
        // At run time these classes come from the kernel's loader (CellExecutionControl#addToClasspath).
        // Not a --class-path compiler option: that would hide jars added later by %classpath.
        control.providedByKernel(compileClasspath);
        StartedThreadErrors.install();
        control.reportStartedThreadErrorsTo(notes);
        shell.addToClasspath(String.join(File.pathSeparator, compileClasspath));
        analysis = shell.sourceCodeAnalysis();
        spent = new SpentSnippets(shell, control, renamedJShellFields);
    }

    /** Evaluates one import/statement silently; false (and the snippet dropped) if it did not work. */
    public boolean tryQuietly(String source) {
        try {
            for (SnippetEvent e : shell.eval(source)) {
                if (e.causeSnippet() == null && (e.status() == Snippet.Status.REJECTED || e.exception() != null)) {
                    if (e.status() != Snippet.Status.REJECTED) shell.drop(e.snippet());
                    return false;
                }
            }
            return true;
        } finally {
            spent.release();
        }
    }

    /** The class path: the kernel's own, then what {@code %maven} and {@code %classpath} added. */
    public Set<String> classpath() { return classpath; }

    /** Adds a jar or directory for compiling and running later snippets; false if already there. */
    public boolean addToClasspath(String path) {
        if (!classpath.add(path)) return false;
        shell.addToClasspath(path);
        return true;
    }

    /**
     * Snippets run on one long-lived thread, not on the thread that calls {@link #eval}: a value the
     * caller keeps in {@code local} (the kernel's per-cell request, which routes a cell's output) is
     * set on that thread before each snippet, and threads a snippet starts inherit it when
     * {@code local} is an {@link InheritableThreadLocal}. Register before the first snippet runs.
     *
     * <pre>{@code evaluator.carryToCellThread(CURRENT_REQUEST);}</pre>
     */
    public void carryToCellThread(ThreadLocal<?> local) {
        if (local == null) throw new IllegalArgumentException("carryToCellThread: the thread-local is null; pass the ThreadLocal whose value each snippet should see");
        control.carryToCellThread(local);
    }

    /** Starts a new cell: forgets an interrupt that came after the previous one ended. */
    public void beginCell() {
        interruptRequested = false;
        control.beginCell();
    }

    /**
     * Time spent running snippet code so far, not compiling it; {@code %time} takes the difference
     * of two readings.
     */
    public RunTime runTime() { return control.runTime(); }

    /** Whether an interrupt arrived during this cell (magics that run long poll it). */
    public boolean interruptRequested() { return interruptRequested; }

    /** Evaluates Java source (any number of snippets); stops at the first error. */
    public Outcome eval(String code) {
        try {
            return evalSnippets(code);
        } finally {
            spent.release();
        }
    }

    private Outcome evalSnippets(String code) {
        Outcome last = Outcome.none();
        for (Snippets.Piece piece : Snippets.split(analysis, code)) {
            if (interruptRequested) return interrupted();
            control.resetLastValue();
            String expression = piece.valueExpression();
            Outcome asVariable = expression == null ? null : evalAsValueVariable(expression);
            if (asVariable != null) {
                if (asVariable.failed()) return asVariable;
                last = asVariable;
                continue;
            }
            List<SnippetEvent> events = shell.eval(piece.source());
            if (control.wasStopped() || interruptRequested) return interrupted();
            SnippetEvent main = mainEvent(events);
            if (main == null) continue;
            if (main.status() == Snippet.Status.REJECTED) return compileError(code, piece.start(), main.snippet());
            if (main.exception() != null) return exception(main.exception());
            if (main.status() == Snippet.Status.RECOVERABLE_DEFINED || main.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                notes.println("Note: " + main.snippet().source().strip().split("\n", 2)[0]
                        + " is defined but needs " + unresolved(main.snippet()) + " before it can be used");
            }
            if (main.snippet() instanceof VarSnippet && main.snippet().subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                keepOnlyLatestTemporary((VarSnippet) main.snippet());
            }
            last = piece.endsWithSemicolon() ? Outcome.none() : valueOf(main.snippet());
        }
        return last;
    }

    /**
     * An expression whose value shows ({@code model}, {@code 1 + 1}) as
     * {@code Object $recur$value7 = (<expression>);}: JShell's own expression path compiles it three
     * times (for its type, as a trial, then as a {@code $N} variable), a declared variable once, which
     * more than halves a trivial cell's time. {@code Object}, not {@code var}: inferring the type is
     * one more compilation, and only the value's class matters to the renderers. Null when the code
     * is no value expression (a void call, a declaration without its semicolon, a compile error):
     * JShell then takes it the usual way, with the usual messages, and nothing ran twice, since a
     * rejected snippet never runs. Only the latest value is kept alive, where JShell keeps every
     * {@code $N}: the previous variable is dropped. Each new expression gets a name of its own,
     * since JShell compiles the redefinition of a variable twice (once more after its in-place
     * class redefinition, which a local execution engine cannot do, fails). The same expression
     * again (a cell run twice) keeps its name: JShell then finds the class it compiles unchanged,
     * so it loads nothing and only runs it again.
     */
    private Outcome evalAsValueVariable(String expression) {
        boolean again = latestValue != null && expression.equals(latestValueExpression);
        String name = again ? latestValue.name() : VALUE_VARIABLE + ++valueVariables;
        SnippetEvent main = mainEvent(shell.eval("Object " + name + " = (" + expression + ");"));
        if (main == null || main.status() == Snippet.Status.REJECTED) return null;
        if (main.status() != Snippet.Status.VALID) { // refers to something not defined yet: JShell's path explains it
            shell.drop(main.snippet());
            if (again) { // it had replaced the kept variable
                control.release(name);
                latestValue = null;
            }
            return null;
        }
        VarSnippet previous = latestValue;
        latestValue = (VarSnippet) main.snippet();
        latestValueExpression = expression;
        if (previous != null && !again) {
            shell.drop(previous);
            control.release(previous.name());
        }
        if (control.wasStopped() || interruptRequested) return interrupted();
        if (main.exception() != null) return exception(main.exception());
        if (!control.hasLastValue()) return Outcome.none();
        Object v = control.takeLastValue();
        return v == null || v instanceof PrintStream ? Outcome.none() : Outcome.value(v);
    }

    /**
     * Evaluates one expression and forgets it (no {@code $N} variable is kept): for
     * {@code user_expressions} and {@code %timeit}.
     */
    public Outcome evalExpression(String expression) {
        control.resetLastValue();
        List<SnippetEvent> events = shell.eval(expression);
        SnippetEvent main = mainEvent(events);
        try {
            if (main == null) return Outcome.error("SyntaxError", "not an expression: " + expression);
            if (main.status() == Snippet.Status.REJECTED) return compileError(expression, 0, main.snippet());
            if (main.exception() != null) return exception(main.exception());
            if (control.wasStopped()) return interrupted();
            return control.hasLastValue() ? Outcome.value(control.takeLastValue()) : Outcome.none();
        } finally {
            if (main != null && main.status() != Snippet.Status.REJECTED) shell.drop(main.snippet());
            spent.release();
        }
    }

    /**
     * Declares a method or class for a while ({@code %timeit}'s timing loop); closing the returned
     * handle drops it again. Returns null with {@code error[0]} set when it does not compile.
     */
    public AutoCloseable declareTemporarily(String declaration, Outcome[] error) {
        SnippetEvent main = mainEvent(shell.eval(declaration));
        if (main == null || main.status() == Snippet.Status.REJECTED) {
            error[0] = main == null ? Outcome.error("SyntaxError", "not a declaration")
                    : compileError(declaration, 0, main.snippet());
            return null;
        }
        if (main.status() != Snippet.Status.VALID) { // declared, but needs what does not exist (yet)
            error[0] = Outcome.error("CompilationError", "cannot find symbol: " + unresolved(main.snippet()));
            shell.drop(main.snippet());
            return null;
        }
        Snippet s = main.snippet();
        return () -> shell.drop(s);
    }

    /**
     * JShell keeps the value of every expression statement in a variable of its own ({@code $17}):
     * {@code model.compile(...);} would keep every model a notebook ever compiled alive. As IPython's
     * {@code _}, only the latest is kept: the previous one is dropped (using it is then a clear
     * compile error) and its value released.
     */
    private void keepOnlyLatestTemporary(VarSnippet latest) {
        VarSnippet previous = latestTemporary;
        latestTemporary = latest;
        if (previous == null || previous.equals(latest)) return;
        shell.drop(previous);
        control.release(previous.name());
    }

    private static SnippetEvent mainEvent(List<SnippetEvent> events) {
        for (SnippetEvent e : events) if (e.causeSnippet() == null) return e;
        return null;
    }

    private Outcome valueOf(Snippet s) {
        boolean expression = s instanceof ExpressionSnippet
                || (s instanceof VarSnippet && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
        if (!expression || !control.hasLastValue()) return Outcome.none();
        Object v = control.takeLastValue();
        // printf/format return their stream: as in IPython's print(), the call shows its text only.
        return v == null || v instanceof PrintStream ? Outcome.none() : Outcome.value(v);
    }

    private String unresolved(Snippet s) {
        List<String> names = new ArrayList<>();
        if (s instanceof DeclarationSnippet) shell.unresolvedDependencies((DeclarationSnippet) s).forEach(names::add);
        return names.isEmpty() ? "other definitions" : String.join(", ", names);
    }

    /** The outcome of an interrupted cell. */
    public Outcome interrupted() {
        String note = control.leftRunning()
                ? "Interrupted: the cell's thread did not stop (it is inside code that ignores interrupts) and keeps "
                  + "running in the background; the kernel is ready. Restart the kernel to end it."
                : "Interrupted: the cell was stopped; the kernel is ready and earlier variables are kept.";
        return Outcome.error("Interrupted", "The cell was interrupted", List.of(note));
    }

    private Outcome compileError(String cell, int snippetStart, Snippet snippet) {
        List<CompileErrors.Diagnostic> errors = new ArrayList<>();
        shell.diagnostics(snippet).filter(Diag::isError).forEach(d ->
                errors.add(new CompileErrors.Diagnostic(d.getStartPosition(), d.getEndPosition(), d.getMessage(Locale.ROOT))));
        return CompileErrors.format(cell, snippetStart, errors);
    }

    private Outcome exception(JShellException ex) {
        String name;
        String message;
        if (ex instanceof EvalException) {
            name = ((EvalException) ex).getExceptionClassName();
            message = ex.getMessage() == null ? "" : ex.getMessage();
        } else if (ex instanceof UnresolvedReferenceException) {
            name = "UnresolvedReference";
            Snippet s = ((UnresolvedReferenceException) ex).getSnippet();
            message = s == null // a replaced declaration's old code, whose record is let go (SpentSnippets)
                    ? "an earlier version of a declaration was called, which needs definitions that do not exist"
                    : s.source().strip() + " cannot be used until " + unresolved(s) + " is defined";
        } else {
            name = ex.getClass().getSimpleName();
            message = String.valueOf(ex.getMessage());
        }
        return Outcome.error(name, message, Tracebacks.of(ex));
    }

    /** Interrupts the running cell (from the control thread); returns at once. */
    public void interrupt() {
        interruptRequested = true;
        control.stop();
    }

    public boolean running() { return control.running(); }

    /** "JShell's stop checks" (JDK 20+) or "Thread.stop" (17-19): how a busy cell is stopped here. */
    public String stopMechanism() {
        return control.usesJShellStopChecks() ? "JShell's stop checks" : "Thread.stop after " + CellStopper.GRACE_MS + " ms";
    }

    /** The name of the variable that keeps the latest expression value (see {@link #evalAsValueVariable}), or null. */
    String valueVariable() { return latestValue == null ? null : latestValue.name(); }

    /**
     * Why JShell's records of finished and replaced snippets are kept ({@link SpentSnippets}: the
     * JVM does not open {@code jdk.jshell}, or this JDK's JShell differs), or null when they are let go.
     */
    public String spentSnippetsKeptBecause() { return spent.unavailableBecause(); }

    /** How many wrapper classes JShell keeps records of (for tests; -1 when they cannot be seen). */
    int wrapperClassesKept() { return spent.wrapperClassesKept(); }

    /** How many snippets JShell keeps records of (for tests; -1 when they cannot be seen). */
    int snippetsKept() { return spent.snippetsKept(); }

    /** Live value of a variable (for tests and magics), or null. */
    public Object variable(String name) { return control.liveVariable(name); }

    /** The imports in effect ({@code import java.util.*;} ...), to resolve the simple names of signatures. */
    public List<String> imports() {
        List<String> out = new ArrayList<>();
        shell.imports().filter(i -> shell.status(i).isActive()).map(ImportSnippet::source).forEach(out::add);
        return out;
    }

    public Completion complete(String code, int cursor) {
        Snippets.At at = Snippets.at(analysis, code, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(at.text(), cursor - at.start(), anchor);
        LinkedHashSet<String> first = new LinkedHashSet<>();
        LinkedHashSet<String> rest = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : suggestions) (s.matchesType() ? first : rest).add(s.continuation());
        first.addAll(rest);
        return new Completion(new ArrayList<>(first), anchor[0] + at.start(), cursor);
    }

    /** Signatures (and Javadoc where JShell has the sources: the JDK's src.zip) of what is under the cursor. */
    public List<Doc> documentation(String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
        Snippets.At at = Snippets.at(analysis, code, end);
        int rel = end - at.start();
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(at.text(), rel, true);
        if (docs.isEmpty()) {
            // JShell documents a method from inside its argument list: "Math.max" -> "Math.max("
            docs = analysis.documentation(at.text().substring(0, rel) + "(", rel + 1, true);
        }
        List<Doc> out = new ArrayList<>();
        for (SourceCodeAnalysis.Documentation d : docs) out.add(new Doc(d.signature(), d.javadoc()));
        return out;
    }

    /** "complete", "incomplete" or "invalid", as {@code is_complete_reply} wants. */
    public String isComplete(String code) {
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
