package io.github.recur.kernel.evaluation;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test JVM opens jdk.jshell as the kernel's does (kernel/pom.xml), so records are let go here. */
@Timeout(300)
class SpentSnippetsTest {
    private static final List<String> CLASSPATH = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    private static Evaluator evaluator;

    @BeforeAll
    static void start() {
        evaluator = new Evaluator(CLASSPATH, new PrintStream(OutputStream.nullOutputStream()));
        assertTrue(evaluator.tryQuietly("import java.util.*;"));
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    private static Object value(String cell) {
        Outcome o = evaluator.eval(cell);
        assertFalse(o.failed(), () -> cell + " failed: " + o);
        return o.value();
    }

    @Test
    void finishedAndReplacedCellsLeaveNoWrapperClassBehind() {
        assertNull(evaluator.spentSnippetsKeptBecause());
        int classesBefore = evaluator.wrapperClassesKept();
        int snippetsBefore = evaluator.snippetsKept();
        for (int i = 0; i < 60; i++) {
            evaluator.eval(i % 3 == 0 ? i + " + 1" : i % 3 == 1 ? "int spentCounter = " + i + ";" : "Math.abs(" + i + ");");
        }
        // 60 cells compiled 60 classes; what is kept is one per live declaration (spentCounter, the
        // latest value, the latest $N), not one per cell.
        assertTrue(evaluator.wrapperClassesKept() <= classesBefore + 3,
                "classes kept " + evaluator.wrapperClassesKept() + ", before " + classesBefore);
        assertTrue(evaluator.snippetsKept() <= snippetsBefore + 3, "snippets kept " + evaluator.snippetsKept() + ", before " + snippetsBefore);
        assertEquals(60, value("spentCounter + 2"));
    }

    @Test
    void aClassNameJShellGivesOutAgainRunsTheNewCodeNotTheOld() {
        // A dropped value snippet makes JShell start its key's class names again from the first:
        // the name must still read as loaded, so that JShell picks a fresh one.
        assertEquals(2, value("1 + 1"));
        assertFalse(evaluator.eval("int needsLater() { return notYetDeclared; }").failed());
        assertTrue(evaluator.eval("needsLater()").failed());
        assertEquals(3, value("\"abc\".length()"));
        assertEquals("ABC", value("\"abc\".toUpperCase()"));
        assertEquals(4, value("2 * 2"));
    }

    @Test
    void redeclarationsAndTheirDependentsCompileAndRunAsBefore() {
        value("int scaled(int k) { return k * factor; }");
        value("int factor = 3;");
        assertEquals(6, value("scaled(2)"));
        value("double factor = 2.5;");
        assertTrue(evaluator.eval("scaled(2)").failed(), "scaled no longer compiles with a double factor");
        value("int factor = 4;");
        assertEquals(8, value("scaled(2)"));
        value("record Pair(int a, int b) { int sum() { return a + b; } }");
        assertEquals(3, value("new Pair(1, 2).sum()"));
        value("record Pair(int a, int b) { int sum() { return a * b; } }");
        assertEquals(2, value("new Pair(1, 2).sum()"));
        for (int i = 0; i < 5; i++) value("int factor = " + i + ";");
        assertEquals(8, value("scaled(2)"));
    }

    @Test
    void aFrameInAClassJShellNoLongerKeepsNamesItsSnippet() {
        value("class Legacy { int answer() { throw new IllegalStateException(\"old version\"); } }");
        value("Object oldLegacy = new Legacy();");
        value("class Legacy { int answer() { return 42; } }");
        assertEquals(42, value("new Legacy().answer()"));
        Outcome o = evaluator.eval("try { oldLegacy.getClass().getDeclaredMethod(\"answer\").invoke(oldLegacy); }"
                + " catch (ReflectiveOperationException e) { throw new RuntimeException(e.getCause()); }");
        assertTrue(o.failed());
        String trace = String.join("\n", o.traceback());
        assertTrue(trace.matches("(?s).*\tat Legacy\\.answer\\(#\\d+\\).*"), trace);
        assertFalse(trace.contains("$JShell$"), trace);
    }

    @Test
    void completionAndInspectionStillSeeEarlierDeclarations() {
        value("String keptGreeting = \"hello\";");
        for (int i = 0; i < 10; i++) value(i + " * 2");
        assertTrue(evaluator.complete("keptGreeting.toUpp", 18).matches().contains("toUpperCase("));
        assertTrue(evaluator.complete("keptGre", 7).matches().contains("keptGreeting"));
        assertFalse(evaluator.documentation("keptGreeting.length()", 14).isEmpty());
    }

    @Test
    void aJdkWhoseJShellDiffersReleasesNothingAndEvaluatesAsBefore() {
        try (Evaluator other = new Evaluator(CLASSPATH, new PrintStream(OutputStream.nullOutputStream()),
                Map.of("SnippetMaps.snippets", "allSnippets"))) {
            assertNotNull(other.spentSnippetsKeptBecause());
            assertTrue(other.spentSnippetsKeptBecause().contains("allSnippets"), other.spentSnippetsKeptBecause());
            assertEquals(2, other.eval("1 + 1").value());
            assertFalse(other.eval("int x = 5;").failed());
            assertEquals(10, other.eval("x * 2").value());
            assertFalse(other.eval("int x = 6;").failed());
            assertEquals(12, other.eval("x * 2").value());
        }
    }

    @Test
    void withoutOpensTheKernelKeepsTheRecordsAndEvaluatesAsBefore() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                SpentSnippetsProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("kept because: java.lang.reflect.InaccessibleObjectException"), text);
        assertTrue(text.contains("values: 2 3 ABC 8"), text);
    }
}
