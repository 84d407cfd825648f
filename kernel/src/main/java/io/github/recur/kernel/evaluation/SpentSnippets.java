package io.github.recur.kernel.evaluation;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lets go of what JShell keeps of snippets that will never compile or run again. JShell keeps every
 * snippet it was given and, for each, the class it compiled: the source wrapped with every import
 * (in the snippet and in a map from class name to wrap), the class bytes (in the compiler's output,
 * JShell's tracker and the class loader), and its compiler keeps a name and a symbol-table entry
 * for every class it ever compiled; a long session's heap grows by about 10 KB a cell
 * (bench/RESULTS.md, "Long sessions").
 *
 * <p>A snippet is spent once it can never be active again (overwritten, dropped, rejected) or, for
 * a statement or expression, once it has run. A wrapper class is spent when it is no active
 * declaration's current class: no later snippet imports it and JShell never loads it again. Their
 * records leave JShell's maps; the classes stay loaded, so objects made by them keep working. Every
 * {@link #COMPILER_CONTEXT_CLASSES} spent classes the compiler starts a fresh context, as JShell
 * itself does when the class path grows; the cell after that compiles a little slower.
 *
 * <p>What is lost: JShell's translation of stack frames in spent classes (an object whose class
 * was later redefined, a lambda that an old cell made); {@link Tracebacks} shows such a frame with
 * its snippet's number but no line. {@link JShell#snippets()} no longer lists spent snippets.
 *
 * <p>These are JShell's private fields, reached by reflection: the JVM must open {@code jdk.jshell}
 * and {@code jdk.jshell.execution} to the kernel ({@code --add-opens}, see the installer's JVM
 * options). If it does not, or a JDK names or shapes them differently, nothing is released and
 * JShell works as it always did.
 */
final class SpentSnippets {
    /** How many spent classes the compiler's context may have seen before a fresh one is made. */
    static final int COMPILER_CONTEXT_CLASSES = 500;

    /** The wrapper class a JShell class belongs to: {@code REPL.$JShell$12B$Inner} -> {@code $JShell$12B}. */
    private static final Pattern WRAPPER = Pattern.compile("^REPL[./](\\$JShell\\$\\w+)");
    /** What a spent class's bytes become in JShell's tracker: not null, so that its name still reads as loaded. */
    private static final byte[] NO_BYTES = new byte[0];

    private final JShell shell;
    private final Map<String, String> renamed;
    private Set<Snippet> snippets;
    private List<Snippet> byKeyIndex;
    private Map<String, ?> wrapsByClass;
    private Field outerOfSnippet;
    private Map<String, ?> trackedClasses;
    private Field currentBytes;
    private Field loadedBytes;
    private Map<String, ?> compiledClasses;
    private Map<String, ?> loadableClasses;
    private Map<String, ?> loadedClasses;
    private Object taskFactory;
    private Method freshCompilerContext;
    /** Why nothing is released, or null when it works. */
    private final String unavailable;
    private int spentSinceFreshContext;

    /**
     * For {@code shell}, whose snippets {@code control} runs. {@code renamed}: field names to use
     * instead of this JDK's ("SnippetMaps.snippets" to "allSnippets"), empty but in tests that check
     * that a JDK whose fields differ falls back to releasing nothing.
     */
    SpentSnippets(JShell shell, ExecutionControl control, Map<String, String> renamed) {
        this.shell = shell;
        this.renamed = renamed;
        String reason = null;
        try {
            reach(control);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            reason = e.toString();
        }
        this.unavailable = reason;
    }

    private void reach(ExecutionControl control) throws ReflectiveOperationException {
        Object maps = read(shell, JShell.class, "maps");
        snippets = cast(read(maps, maps.getClass(), "snippets"));
        byKeyIndex = cast(read(maps, maps.getClass(), "keyIndexToSnippet"));
        Object outerMap = read(shell, JShell.class, "outerMap");
        wrapsByClass = cast(read(outerMap, outerMap.getClass(), "classOuters"));
        outerOfSnippet = field(Snippet.class, "outer");
        Object tracker = read(shell, JShell.class, "classTracker");
        trackedClasses = cast(read(tracker, tracker.getClass(), "map"));
        Class<?> info = Class.forName(tracker.getClass().getName() + "$ClassInfo", false, tracker.getClass().getClassLoader());
        currentBytes = field(info, "currentBytes");
        loadedBytes = field(info, "loadedBytes");
        taskFactory = read(shell, JShell.class, "taskFactory");
        Object fileManager = read(taskFactory, taskFactory.getClass(), "fileManager");
        compiledClasses = cast(read(fileManager, fileManager.getClass(), "classObjects"));
        Object delegate = read(control, DirectExecutionControl.class, "loaderDelegate");
        loadedClasses = cast(read(delegate, delegate.getClass(), "klasses"));
        Object loader = read(delegate, delegate.getClass(), "loader");
        loadableClasses = cast(read(loader, loader.getClass(), "classFiles"));
        freshCompilerContext = taskFactory.getClass().getDeclaredMethod(name(taskFactory.getClass(), "initTaskPool"));
        freshCompilerContext.setAccessible(true);
    }

    /** Whether records are released here; false where the JVM or JDK does not allow it. */
    boolean available() { return unavailable == null; }

    /** Why records are not released (for the kernel's log), or null. */
    String unavailableBecause() { return unavailable; }

    /** How many wrapper classes JShell keeps records of (-1 when they cannot be seen). */
    int wrapperClassesKept() { return wrapsByClass == null ? -1 : wrapsByClass.size(); }

    /** How many snippets JShell keeps as the latest of their key (-1 when they cannot be seen). */
    int snippetsKept() {
        if (byKeyIndex == null) return -1;
        int n = 0;
        for (Snippet s : byKeyIndex) if (s != null) n++;
        return n;
    }

    /**
     * Removes the records of spent snippets and classes. Call between evaluations, from the thread
     * that evaluates. Returns how many wrapper classes were let go (0 when not available).
     */
    int release() {
        if (unavailable != null) return 0;
        try {
            return releaseNow();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0; // never fail a cell because of clean-up
        }
    }

    private int releaseNow() throws ReflectiveOperationException {
        // JShell's latest snippet of each key: a statement's key is its own and never used again; a
        // dropped or rejected declaration's reads as absent to JShell already (a temporary $N's is
        // never used again either).
        for (int i = 0; i < byKeyIndex.size(); i++) {
            Snippet s = byKeyIndex.get(i);
            if (s != null && !live(s)) byKeyIndex.set(i, null);
        }
        snippets.removeIf(s -> !live(s));
        Set<Object> liveWraps = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Snippet s : snippets) {
            Object outer = outerOfSnippet.get(s);
            if (outer != null) liveWraps.add(outer);
        }
        Set<String> spent = new HashSet<>();
        for (Iterator<? extends Map.Entry<String, ?>> it = wrapsByClass.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ?> e = it.next();
            if (!liveWraps.contains(e.getValue())) {
                spent.add(e.getKey());
                it.remove();
            }
        }
        if (spent.isEmpty()) return 0;
        // The tracker's entries stay: a name JShell has loaded must keep reading as loaded, or a later
        // snippet compiled under that name would be taken for new, and the old class would run.
        // The tracker only grows, so its entries emptied before are skipped by one identity check, not a match.
        for (Map.Entry<String, ?> e : trackedClasses.entrySet()) {
            if (currentBytes.get(e.getValue()) != NO_BYTES && spentWrapper(e.getKey(), spent)) {
                currentBytes.set(e.getValue(), NO_BYTES);
                loadedBytes.set(e.getValue(), NO_BYTES);
            }
        }
        compiledClasses.keySet().removeIf(name -> spentWrapper(name, spent));
        loadableClasses.keySet().removeIf(name -> spentWrapper(name, spent));
        loadedClasses.keySet().removeIf(name -> spentWrapper(name, spent));
        spentSinceFreshContext += spent.size();
        if (spentSinceFreshContext >= COMPILER_CONTEXT_CLASSES) {
            spentSinceFreshContext = 0;
            freshCompilerContext.invoke(taskFactory);
        }
        return spent.size();
    }

    private boolean live(Snippet s) {
        return s.kind().isPersistent() && shell.status(s).isActive();
    }

    private static boolean spentWrapper(String className, Set<String> spentWrappers) {
        Matcher m = WRAPPER.matcher(className);
        return m.find() && spentWrappers.contains(m.group(1));
    }

    private String name(Class<?> declaring, String field) {
        return renamed.getOrDefault(declaring.getSimpleName() + "." + field, field);
    }

    private Field field(Class<?> declaring, String name) throws NoSuchFieldException {
        Field f = declaring.getDeclaredField(name(declaring, name));
        f.setAccessible(true);
        return f;
    }

    private Object read(Object owner, Class<?> declaring, String name) throws ReflectiveOperationException {
        Object v = field(declaring, name).get(owner);
        if (v == null) throw new NoSuchFieldException(declaring.getName() + "." + name + " is null");
        return v;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) { return (T) o; }
}
