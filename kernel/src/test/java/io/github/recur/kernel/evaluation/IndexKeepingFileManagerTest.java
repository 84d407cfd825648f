package io.github.recur.kernel.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.StandardJavaFileManager;
import java.io.PrintStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexKeepingFileManagerTest {

    /** A file manager that only records the options it is handed. */
    private static StandardJavaFileManager recording(List<String> handled) {
        return (StandardJavaFileManager) Proxy.newProxyInstance(StandardJavaFileManager.class.getClassLoader(),
                new Class<?>[] {StandardJavaFileManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("handleOption")) {
                        @SuppressWarnings("unchecked") Iterator<String> rest = (Iterator<String>) args[1];
                        handled.add(args[0] + (rest.hasNext() ? "=" + rest.next() : ""));
                        return true;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void anUnchangedMultiReleaseSettingIsNotPassedOnSoTheIndexIsKept() {
        List<String> handled = new ArrayList<>();
        var files = new IndexKeepingFileManager(recording(handled));
        assertTrue(files.handleOption("--multi-release", List.of("17").iterator()));
        assertTrue(files.handleOption("--multi-release", List.of("17").iterator()));
        assertTrue(files.handleOption("--multi-release", List.of("21").iterator()));
        assertTrue(files.handleOption("-classpath", List.of("a.jar").iterator()));
        assertTrue(files.handleOption("-classpath", List.of("a.jar").iterator()));
        assertEquals(List.of("--multi-release=17", "--multi-release=21", "-classpath=a.jar", "-classpath=a.jar"), handled);
    }

    @Test
    @Timeout(300)
    void aJarOrDirectoryAddedAfterCellsCompiledIsSeenByTheNextCell(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("added.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, byte[]> c : InMemoryCompiler.compile("added.Thing",
                    "package added; public class Thing { public String toString() { return \"thing\"; } }").entrySet()) {
                out.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                out.write(c.getValue());
            }
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));
        try (var e = new Evaluator(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
                new PrintStream(OutputStream.nullOutputStream()))) {
            for (int i = 0; i < 3; i++) assertFalse(e.eval("1 + " + i).failed());
            assertTrue(e.eval("new added.Thing()").failed(), "not on the class path yet");
            assertTrue(e.addToClasspath(jar.toString()));
            assertEquals("thing", String.valueOf(e.eval("new added.Thing()").value()));

            assertTrue(e.addToClasspath(classes.toString()));
            writeClass(classes, "later.First", "package later; public class First { public int n() { return 1; } }");
            assertEquals(1, e.eval("new later.First().n()").value());
        }
    }

    private static void writeClass(Path root, String name, String source) throws Exception {
        for (Map.Entry<String, byte[]> c : InMemoryCompiler.compile(name, source).entrySet()) {
            Path file = root.resolve(c.getKey().replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, c.getValue());
        }
    }
}
