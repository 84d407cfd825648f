package io.github.recur.kernel.evaluation;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Runs snippets in the kernel's JVM (so renderers see live objects), with five changes to JShell's
 * {@link LocalExecutionControl}:
 * <ul>
 *   <li>the value of each snippet is kept as a live object ({@link #takeLastValue()});</li>
 *   <li>exit calls in snippet classes end the cell, not the kernel ({@link ExitCallRewriter});</li>
 *   <li>every snippet runs on one long-lived thread ({@link CellThread}), so what code keeps per
 *       thread carries from cell to cell;</li>
 *   <li>interrupt stops a cell gently first (see {@link CellStopper});</li>
 *   <li>when a variable is redefined, the old wrapper class's field is cleared so its value can be
 *       garbage collected (JShell keeps old wrapper classes, and their values, alive).</li>
 * </ul>
 * Snippet classes are loaded by JShell's loader whose parent is the kernel's class loader, so
 * ND4J/javacpp classes (and their native libraries) come from one loader only.
 */
final class CellExecutionControl extends LocalExecutionControl {
    /** JShell names the wrapper of snippet 12 "$JShell$12", and of its redefinitions "$JShell$12B", "$JShell$12C", ... */
    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]*");
    /** JShell's stop-check class (JDK 20+), called from every snippet method; {@link Tracebacks} hides its frames. */
    static final String CANCEL_CLASS = "REPL.$Cancel$";

    private final Set<String> kernelClasspath = new HashSet<>();
    /** The newest static field of each variable name, to release the value it shadows. */
    private final Map<String, Field> newestVariable = new HashMap<>();
    private final CellStopper stopper = new CellStopper();
    private final CellThread cellThread = new CellThread();
    private boolean cancelProbed;
    private Object lastValue;
    private boolean hasLastValue;
    /** Written by the shell thread after each snippet, read by magics on the same thread. */
    private volatile RunTime runTime = RunTime.ZERO;

    /** Provider handed to {@code JShell.builder().executionEngine(...)}. */
    static final class Provider implements ExecutionControlProvider {
        private CellExecutionControl control;

        @Override public String name() { return "recur-local"; }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            control = new CellExecutionControl();
            return control;
        }

        CellExecutionControl control() { return control; }
    }

    /** Class path entries the kernel's own loader already serves (ND4J, the DSL, ...). */
    void providedByKernel(Collection<String> entries) { kernelClasspath.addAll(entries); }

    /**
     * Adds only entries the kernel's loader does not already serve: a second copy of ND4J/javacpp in
     * the snippet loader would load their natives twice (see PITFALLS).
     */
    @Override
    public void addToClasspath(String cp) throws EngineTerminationException, InternalException {
        var fresh = new ArrayList<String>();
        for (String e : cp.split(File.pathSeparator)) {
            if (!e.isEmpty() && !kernelClasspath.contains(e)) fresh.add(e);
        }
        if (!fresh.isEmpty()) super.addToClasspath(String.join(File.pathSeparator, fresh));
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException,
            EngineTerminationException {
        ClassBytecodes[] guarded = new ClassBytecodes[cbcs.length];
        for (int i = 0; i < cbcs.length; i++) {
            guarded[i] = new ClassBytecodes(cbcs[i].name(), ExitCallRewriter.rewrite(cbcs[i].bytecodes()));
        }
        super.load(guarded); // on JDK 20+ this also weaves in JShell's own stop checks
        for (ClassBytecodes c : cbcs) {
            if (WRAPPER.matcher(c.name()).matches()) releaseShadowedValues(c.name());
        }
    }

    /**
     * Runs the snippet on the cell thread, the same for every snippet, so ThreadLocals and ND4J's
     * per-thread random generator carry from cell to cell ({@link CellThread}).
     */
    @Override
    protected String invoke(Method doitMethod) throws Exception {
        probeCancelFlag();
        ClassLoader snippetLoader = doitMethod.getDeclaringClass().getClassLoader(); // ServiceLoader sees %maven jars
        AtomicLong threadCpu = new AtomicLong(); // set on the cell thread, which may be left running after a stop
        long process0 = RunTime.readProcessCpu();
        long wall0 = System.nanoTime();
        CellStopper.Run run = stopper.run(() -> cellThread.submit(() -> {
            long cpu0 = RunTime.readCurrentThreadCpu();
            try {
                return doitMethod.invoke(null);
            } finally {
                threadCpu.set(RunTime.readCurrentThreadCpu() - cpu0);
            }
        }, snippetLoader));
        runTime = runTime.plus(System.nanoTime() - wall0, threadCpu.get(), RunTime.readProcessCpu() - process0);
        if (run.stopped()) throw new StoppedException();
        Throwable f = run.failure();
        if (f != null) {
            if (f instanceof InvocationTargetException) throw (InvocationTargetException) f;
            if (f instanceof Exception) throw (Exception) f;
            throw new InvocationTargetException(f);
        }
        lastValue = run.value();
        hasLastValue = true;
        return ""; // JShell's value string is unused: renderers take the live value
    }

    /**
     * On JDK 20+ every snippet class calls {@code REPL.$Cancel$.stopCheck()} (woven in by
     * {@code load}), a class that {@link LocalExecutionControl#invoke} defines on first use. One
     * call of it defines that class; its {@code allStop} flag is then JShell's own stop switch.
     * JDK 17-19 have neither, and the stopper falls back to {@code Thread.stop}.
     */
    private void probeCancelFlag() throws Exception {
        if (cancelProbed) return;
        cancelProbed = true;
        Method noop = CellExecutionControl.class.getDeclaredMethod("noop");
        noop.setAccessible(true);
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        try {
            super.invoke(noop);
        } finally {
            // JDK 17's invoke installs a JVM-wide handler that swallows every later uncaught exception,
            // also those of threads a cell starts: they must print into the cell, as without JShell.
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        try {
            Field flag = findClass(CANCEL_CLASS).getDeclaredField("allStop");
            flag.setAccessible(true);
            stopper.useCancelFlag(flag);
        } catch (ClassNotFoundException | NoSuchFieldException e) {
            // JDK 17-19: no stop checks in snippet code
        }
    }

    @SuppressWarnings("unused") // called reflectively by probeCancelFlag
    private static void noop() {
        // nothing: only makes JShell define its stop-check class
    }

    /** Called from the control thread: stops the running cell, gently first; does not block. */
    @Override
    public void stop() {
        stopper.stop();
    }

    /** See {@link StartedThreadErrors}. */
    void reportStartedThreadErrorsTo(PrintStream target) { cellThread.reportStartedThreadErrorsTo(target); }

    /** See {@link Evaluator#carryToCellThread}. */
    void carryToCellThread(ThreadLocal<?> local) { cellThread.carry(local); }

    @Override
    public void close() {
        cellThread.close();
        super.close();
    }

    /** Starts a new cell (forgets a stop that was meant for the previous one). */
    void beginCell() { stopper.beginCell(); }

    /** Whether the last cell was stopped by {@link #stop()}, and whether its thread had to be left running. */
    boolean wasStopped() { return stopper.lastStopped(); }

    boolean leftRunning() { return stopper.lastAbandoned(); }

    boolean running() { return stopper.running(); }

    /** Whether this JVM stops busy snippet code through JShell's stop checks (JDK 20+) rather than {@code Thread.stop}. */
    boolean usesJShellStopChecks() { return stopper.hasCancelFlag(); }

    /** Time spent running snippets so far (see {@link RunTime}). */
    RunTime runTime() { return runTime; }

    /** Clears the value kept from the previous snippet, and how it ended. */
    void resetLastValue() {
        lastValue = null;
        hasLastValue = false;
        stopper.clearLast();
    }

    boolean hasLastValue() { return hasLastValue; }

    Object takeLastValue() {
        Object v = lastValue;
        lastValue = null;
        return v;
    }

    /** Live value of a variable of the current state (or null when unavailable). */
    Object liveVariable(String name) {
        Field f = newestVariable.get(name);
        if (f == null) return null;
        try {
            return f.get(null);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /**
     * Records the variables a newly loaded wrapper class declares and nulls the field of each older
     * wrapper declaring the same name, so a redefined {@code var big = ...} releases the old value.
     */
    private void releaseShadowedValues(String wrapperName) {
        Class<?> c;
        try {
            c = findClass(wrapperName);
        } catch (ClassNotFoundException e) {
            return;
        }
        for (Field f : c.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (!Modifier.isStatic(mod) || f.isSynthetic()) continue;
            try {
                f.setAccessible(true);
            } catch (RuntimeException e) {
                continue;
            }
            Field old = newestVariable.put(f.getName(), f);
            if (old == null || old.getType().isPrimitive() || Modifier.isFinal(old.getModifiers())) continue;
            try {
                old.set(null, null);
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // best effort: never fail a cell because of clean-up
            }
        }
    }

    /** Clears a dropped variable's field, so its value can be garbage collected. */
    void release(String name) {
        Field f = newestVariable.remove(name);
        if (f == null || f.getType().isPrimitive() || Modifier.isFinal(f.getModifiers())) return;
        try {
            f.set(null, null);
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // best effort: never fail a cell because of clean-up
        }
    }

    /** Names of the variables whose live values can be read (for magics and tests). */
    List<String> variableNames() {
        return new ArrayList<>(newestVariable.keySet());
    }
}
