package io.github.recur.kernel.docs;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;

import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Javadoc of libraries whose sources the kernel has: Recur's own (shipped with the kernel) and
 * Tablesaw's, XChart's and ND4J's where their {@code -sources.jar} can be had. Source files are
 * found by class name and parsed (not compiled) on first use, with the JDK's compiler tree API.
 */
final class SourceIndex {
    private final Map<String, Source> byClass = new HashMap<>();
    private final Map<String, List<String>> bySimpleName = new HashMap<>();
    private final Map<String, Map<String, String>> parsed = new ConcurrentHashMap<>();

    /** Where one top-level class's source is: a file, or an entry of a zip. */
    private record Source(Path file, Path zip, String entry) {
        String read() throws IOException {
            if (file != null) return Files.readString(file);
            try (ZipFile z = new ZipFile(zip.toFile())) {
                ZipEntry e = z.getEntry(entry);
                return new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** Indexes the sources found for these class path entries (see {@link #sourceRoots}). */
    SourceIndex(List<String> classpath) {
        for (Path root : sourceRoots(classpath)) {
            try {
                if (Files.isDirectory(root)) indexDirectory(root);
                else indexZip(root);
            } catch (IOException | UncheckedIOException e) {
                // an unreadable sources jar only means fewer docs
            }
        }
    }

    /**
     * Source roots for a class path: {@code X-sources.jar} beside {@code X.jar} (Maven's repository
     * layout), everything in a {@code sources/} folder beside the jars (the kernel's {@code lib/}),
     * and {@code src/main/java} of a module whose {@code target/classes} or {@code target/*.jar} is
     * on the path (a build tree: Maven's reactor puts the jar there from the package phase on).
     */
    static List<Path> sourceRoots(List<String> classpath) {
        LinkedHashMap<Path, Boolean> roots = new LinkedHashMap<>();
        for (String entry : classpath) {
            Path p = Path.of(entry).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                Path classes = p.getFileName();
                Path target = p.getParent();
                if (classes != null && target != null && classes.toString().equals("classes")) {
                    Path src = buildTreeSources(target);
                    if (src != null) roots.put(src, true);
                }
                continue;
            }
            String name = p.getFileName().toString();
            if (!name.endsWith(".jar") || p.getParent() == null) continue;
            Path buildTree = buildTreeSources(p.getParent());
            if (buildTree != null) roots.put(buildTree, true);
            Path beside = p.resolveSibling(name.substring(0, name.length() - 4) + "-sources.jar");
            if (Files.isRegularFile(beside)) roots.put(beside, true);
            Path folder = p.getParent().resolve("sources");
            if (Files.isDirectory(folder)) {
                try (Stream<Path> s = Files.list(folder)) {
                    s.sorted().forEach(r -> roots.put(r, true));
                } catch (IOException ignored) {
                    // no listing, no docs from there
                }
            }
        }
        return new ArrayList<>(roots.keySet());
    }

    /** {@code M/src/main/java} for a Maven module's {@code M/target} folder (its classes or its jar), else null. */
    private static Path buildTreeSources(Path target) {
        if (target.getFileName() == null || !target.getFileName().toString().equals("target") || target.getParent() == null) return null;
        Path module = target.getParent();
        Path src = module.resolve("src/main/java");
        return Files.isRegularFile(module.resolve("pom.xml")) && Files.isDirectory(src) ? src : null;
    }

    private void indexDirectory(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(f -> f.toString().endsWith(".java")).forEach(f -> add(root.relativize(f).toString(), new Source(f, null, null)));
        }
    }

    private void indexZip(Path zip) throws IOException {
        if (!zip.toString().endsWith(".jar") && !zip.toString().endsWith(".zip")) return;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            z.stream().filter(e -> e.getName().endsWith(".java")).forEach(e -> add(e.getName(), new Source(null, zip, e.getName())));
        }
    }

    private void add(String relative, Source source) {
        String cls = relative.replace('\\', '/').replaceFirst("\\.java$", "").replace('/', '.');
        if (cls.endsWith("package-info") || cls.endsWith("module-info")) return;
        if (byClass.putIfAbsent(cls, source) != null) return; // the first root wins (Recur before the libraries)
        bySimpleName.computeIfAbsent(cls.substring(cls.lastIndexOf('.') + 1), k -> new ArrayList<>()).add(cls);
    }

    boolean isEmpty() { return byClass.isEmpty(); }

    /** Qualified names of top-level classes with this simple name. */
    List<String> classesNamed(String simpleName) { return bySimpleName.getOrDefault(simpleName, List.of()); }

    boolean hasClass(String qualifiedTopLevel) { return byClass.containsKey(qualifiedTopLevel); }

    /**
     * Every documented element of a top-level class (nested classes included), key to raw comment:
     * {@code pkg.Cls}, {@code pkg.Cls#name(Type,Type)} (simple type names), {@code pkg.Cls#FIELD}.
     */
    Map<String, String> comments(String qualifiedTopLevel) {
        Source s = byClass.get(qualifiedTopLevel);
        if (s == null) return Map.of();
        return parsed.computeIfAbsent(qualifiedTopLevel, k -> parse(s));
    }

    private static Map<String, String> parse(Source source) {
        String text;
        try {
            text = source.read();
        } catch (IOException e) {
            return Map.of();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) return Map.of();
        var file = new SimpleJavaFileObject(URI.create("string:///Source.java"), javax.tools.JavaFileObject.Kind.SOURCE) {
            @Override public CharSequence getCharContent(boolean ignoreEncodingErrors) { return text; }
        };
        JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(file));
        DocTrees trees = DocTrees.instance(task);
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (CompilationUnitTree unit : task.parse()) {
                String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString() + ".";
                new TreePathScanner<Void, String>() {
                    @Override
                    public Void visitClass(ClassTree node, String outer) {
                        String name = (outer == null ? pkg : outer + ".") + node.getSimpleName();
                        TreePath here = getCurrentPath(); // scan(TreePath, ...) resets the current path afterwards
                        record(name, here);
                        for (Tree member : node.getMembers()) scan(new TreePath(here, member), name);
                        return null;
                    }

                    @Override
                    public Void visitMethod(MethodTree node, String owner) {
                        List<String> types = new ArrayList<>();
                        for (VariableTree p : node.getParameters()) types.add(Signatures.simpleType(p.getType().toString()));
                        String name = node.getName().contentEquals("<init>") ? owner.substring(owner.lastIndexOf('.') + 1) : node.getName().toString();
                        record(owner + "#" + name + "(" + String.join(",", types) + ")", getCurrentPath());
                        return null;
                    }

                    @Override
                    public Void visitVariable(VariableTree node, String owner) {
                        record(owner + "#" + node.getName(), getCurrentPath());
                        return null;
                    }

                    private void record(String key, TreePath path) {
                        String raw = trees.getDocComment(path);
                        if (raw != null && !raw.isBlank()) out.put(key, raw);
                    }
                }.scan(new TreePath(unit), null);
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }
}
