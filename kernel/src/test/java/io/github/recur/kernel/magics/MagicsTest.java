package io.github.recur.kernel.magics;

import io.github.recur.kernel.evaluation.Evaluator;
import io.github.recur.kernel.evaluation.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each magic against a real JShell (one for the class), with System.out captured. */
@Timeout(300) // a JShell that hangs must fail the build, not stall it
class MagicsTest {
    private static Evaluator evaluator;
    private static Magics magics;

    @BeforeAll
    static void start() {
        evaluator = new Evaluator(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
                new PrintStream(new ByteArrayOutputStream(), true));
        magics = new Magics(evaluator, name -> name.equals("known") ? "Known: documented." : null);
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    /** Runs a cell and returns what it printed to System.out. */
    private static String printed(Supplier<Outcome> run, Outcome[] outcome) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            outcome[0] = run.get();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void javaAndLineMagicsRunInOrderAndTheLastValueIsTheResult() {
        Outcome[] o = new Outcome[1];
        String out = printed(() -> magics.run("int before = 1;\n%time int during = before + 1;\nduring * 10"), o);
        assertTrue(out.contains("Wall time:"), out);
        assertEquals(20, o[0].value());
    }

    @Test
    void anUnknownMagicNamesTheKnownOnes() {
        Outcome o = magics.run("%nosuch");
        assertEquals("UnknownMagic", o.errorName());
        assertTrue(o.errorValue().contains("%maven") && o.errorValue().contains("%timeit"), o.errorValue());
    }

    @Test
    void lsmagicListsEveryMagicWithItsUsage() {
        Outcome[] o = new Outcome[1];
        String out = printed(() -> magics.run("%lsmagic"), o);
        for (String n : magics.names()) assertTrue(out.contains(n), n + " missing from:\n" + out);
    }

    @Test
    void timeitOfAStatementPrintsMeanAndSpread() {
        Outcome[] o = new Outcome[1];
        String out = printed(() -> magics.run("%timeit -n 50 -r 3 Math.sqrt(2.0)"), o);
        assertTrue(out.contains("of 3 runs, 50 loops each"), out);
        assertTrue(!o[0].failed(), String.valueOf(o[0].errorValue()));
    }

    @Test
    void timeitRunsTheExpressionOncePerLoopAndPrintsNothingElse() {
        assertTrue(!magics.run("long timeitCount = 0;").failed());
        Outcome[] o = new Outcome[1];
        // -n: one untimed warm-up run, then -r timed runs, each of -n loops
        String out = printed(() -> magics.run("%timeit -n 1000 -r 2 ++timeitCount"), o);
        assertTrue(out.contains("of 2 runs, 1,000 loops each"), out);
        assertEquals(3000L, evaluator.eval("timeitCount").value());
    }

    @Test
    void timeOfACellThatDoesNotCompilePrintsNoTimeOnlyTheError() {
        Outcome[] o = new Outcome[1];
        String out = printed(() -> magics.run("%time int notAString = \"s\";"), o);
        assertEquals("CompilationError", o[0].errorName());
        assertEquals("", out);
    }

    @Test
    void timeReportsTheRunNotTheCompilationWithBothCpuTimes() {
        Outcome[] o = new Outcome[1];
        String out = printed(() -> magics.run("%time Thread.sleep(30)"), o);
        assertTrue(!o[0].failed(), String.valueOf(o[0].errorValue()));
        assertTrue(out.startsWith("CPU times: cell thread "), out);
        assertTrue(out.contains(", whole JVM ") && out.contains("Wall time: "), out);
        double wallMs = Double.parseDouble(out.replaceAll("(?s).*Wall time: ([0-9.]+) ms.*", "$1"));
        assertTrue(wallMs >= 30, out); // a sleep lasts at least as long as asked
    }

    @Test
    void anExceptionInTimeitShowsTheStatementsFramesNotTheLoopMethod() {
        Outcome o = magics.run("%timeit -n 1 -r 1 Integer.parseInt(\"x\")");
        assertEquals("java.lang.NumberFormatException", o.errorName());
        List<String> tb = o.traceback();
        assertEquals("\tat the %timeit loop", tb.get(tb.size() - 1), String.join("\n", tb));
        assertTrue(tb.stream().noneMatch(l -> l.contains("$recurTimeit$")), String.join("\n", tb));
        assertTrue(tb.stream().anyMatch(l -> l.contains("Integer.parseInt")), String.join("\n", tb));
    }

    @Test
    void timeitReportsACompileErrorOfTheStatement() {
        Outcome o = magics.run("%timeit noSuchThing()");
        assertEquals("CompilationError", o.errorName());
    }

    @Test
    void cellTimeitRunsItsSetupLineOnce() {
        Outcome[] o = new Outcome[1];
        String out = printed(() -> magics.run("%%timeit -n 5 -r 2 int[] setupData = {1, 2};\nint s = setupData[0] + setupData[1];"), o);
        assertTrue(out.contains("of 2 runs, 5 loops each"), out + o[0]);
    }

    @Test
    void helpSyntaxPagesTheDocumentationOrSaysItHasNone() {
        assertEquals("Known: documented.", magics.run("?known").page());
        assertEquals("Known: documented.", magics.run("known?").page());
        assertEquals("NameError", magics.run("?unknown").errorName());
    }

    @Test
    void loadAndClasspathNameTheMissingPath(@TempDir Path dir) throws Exception {
        Outcome load = magics.run("%load " + dir.resolve("nope.jsh"));
        assertTrue(load.errorValue().contains(dir.resolve("nope.jsh").toString()), load.errorValue());
        Outcome cp = magics.run("%classpath " + dir.resolve("nothing-here"));
        assertTrue(cp.errorValue().contains(dir.resolve("nothing-here").toString()), cp.errorValue());
        Path jsh = dir.resolve("ok.jsh");
        Files.writeString(jsh, "int fromFile() { return 5; }\n");
        magics.run("%load " + jsh);
        assertEquals(5, magics.run("fromFile()").value());
    }

    @Test
    void backendNamesTheJavaTheBackendAndHowCellsAreStopped() {
        Outcome[] o = new Outcome[1];
        String out = printed(() -> magics.run("%backend"), o);
        for (String key : List.of("java:", "interrupt:", "backend:", "blas:", "omp threads:", "JVM heap max:")) {
            assertTrue(out.contains(key), key + " missing from:\n" + out);
        }
    }

    @Test
    void aMagicNeedsAPercentName() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> magics.register(new Magic() {
            @Override public List<String> names() { return List.of("bad name"); }
            @Override public String usage() { return ""; }
        }));
        assertTrue(e.getMessage().contains("'bad name'"));
    }
}
