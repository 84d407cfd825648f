package io.github.recur.kernel;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs snippets in the kernel's JVM (so renderers see live objects) with three changes to JDK 17's
 * {@link LocalExecutionControl}:
 * <ul>
 *   <li>the value of each snippet is kept as a live object ({@link #takeLastValue()});</li>
 *   <li>interrupt first interrupts the cell thread, then stops it if it ignores the interrupt
 *       (a busy loop), leaving the kernel usable;</li>
 *   <li>when a variable is redefined, the field of the old wrapper class is cleared so the old value
 *       can be garbage collected (JShell itself keeps old wrapper classes, and their values, alive).</li>
 * </ul>
 * Snippet classes are loaded by JShell's default loader whose parent is the kernel's class loader,
 * so ND4J/javacpp classes (and their native libraries) come from one loader only.
 */
final class CellExecutionControl extends LocalExecutionControl {
    /** Threads of cells (and threads they start) belong to this group; see {@link ExitGuard}. */
    static final ThreadGroup CELL_GROUP = new ThreadGroup("recur-cells");
    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$\\d+");

    private final List<String> wrapperClasses = new ArrayList<>();
    private final java.util.Set<String> kernelClasspath = new java.util.HashSet<>();
    private volatile Thread cellThread;
    private volatile boolean interrupted;
    private Object lastValue;
    private boolean hasLastValue;

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
    void providedByKernel(java.util.Collection<String> entries) { kernelClasspath.addAll(entries); }

    /**
     * Adds only entries the kernel's loader does not already serve: a second copy of ND4J/javacpp in
     * the snippet loader would load their natives twice (see PITFALLS).
     */
    @Override
    public void addToClasspath(String cp) throws EngineTerminationException, InternalException {
        var fresh = new ArrayList<String>();
        for (String e : cp.split(java.io.File.pathSeparator)) {
            if (!e.isEmpty() && !kernelClasspath.contains(e)) fresh.add(e);
        }
        if (!fresh.isEmpty()) super.addToClasspath(String.join(java.io.File.pathSeparator, fresh));
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException,
            EngineTerminationException {
        super.load(cbcs);
        synchronized (wrapperClasses) {
            for (ClassBytecodes c : cbcs) {
                if (WRAPPER.matcher(c.name()).matches()) wrapperClasses.add(c.name());
            }
        }
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(CELL_GROUP, () -> {
            try {
                result[0] = doitMethod.invoke(null);
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "recur-cell");
        t.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        interrupted = false;
        cellThread = t;
        t.start();
        try {
            t.join();
        } finally {
            cellThread = null;
        }
        if (interrupted) throw new StoppedException();
        if (failure[0] != null) {
            Throwable f = failure[0];
            if (f instanceof InvocationTargetException) throw (InvocationTargetException) f;
            if (f instanceof Exception) throw (Exception) f;
            throw new InvocationTargetException(f);
        }
        lastValue = result[0];
        hasLastValue = true;
        return valueString(result[0]);
    }

    /** Called from the control thread: stops the running cell, gently first. */
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
        Thread t = cellThread;
        if (t == null) return;
        interrupted = true;
        t.interrupt(); // training loops and sleeps end here
        try {
            t.join(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            try {
                t.stop(); // a busy loop that never checks the interrupt flag
            } catch (UnsupportedOperationException e) {
                KernelLog.warn("this JVM cannot stop a busy cell thread: " + e);
            }
        }
    }

    boolean wasInterrupted() { return interrupted; }

    boolean running() { return cellThread != null; }

    /** Clears the value kept from the previous snippet. */
    void resetLastValue() {
        lastValue = null;
        hasLastValue = false;
    }

    boolean hasLastValue() { return hasLastValue; }

    Object takeLastValue() {
        Object v = lastValue;
        lastValue = null;
        return v;
    }

    /** Live value of a variable of the current state (or null when unavailable). */
    Object liveVariable(String name) {
        Field f = newestField(name);
        if (f == null) return null;
        try {
            return f.get(null);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private Field newestField(String name) {
        List<String> names;
        synchronized (wrapperClasses) { names = new ArrayList<>(wrapperClasses); }
        for (int i = names.size() - 1; i >= 0; i--) {
            try {
                Field f = findClass(names.get(i)).getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException | ClassNotFoundException ignored) {
                // not this wrapper
            }
        }
        return null;
    }

    /**
     * Nulls the fields of variables whose wrapper has been superseded by a newer wrapper declaring
     * the same name, so a redefined {@code var big = ...} releases the old value.
     */
    void releaseShadowedValues() {
        List<String> names;
        synchronized (wrapperClasses) { names = new ArrayList<>(wrapperClasses); }
        Map<String, Boolean> seen = new HashMap<>();
        for (int i = names.size() - 1; i >= 0; i--) {
            Class<?> c;
            try {
                c = findClass(names.get(i));
            } catch (ClassNotFoundException e) {
                continue;
            }
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (!Modifier.isStatic(mod) || f.getType().isPrimitive()) continue;
                if (seen.putIfAbsent(f.getName(), Boolean.TRUE) != null && !Modifier.isFinal(mod)) {
                    try {
                        f.setAccessible(true);
                        f.set(null, null);
                    } catch (ReflectiveOperationException | RuntimeException ignored) {
                        // best effort: never fail a cell because of clean-up
                    }
                }
            }
        }
    }
}
