package io.github.recur.kernel.evaluation;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(300) // a JShell that hangs must fail the build, not stall it
class RunTimeTest {
    private static Evaluator evaluator;

    @BeforeAll
    static void start() {
        evaluator = new Evaluator(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
                new PrintStream(new ByteArrayOutputStream(), true));
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    @Test
    void aSnippetThatRunsAddsItsRunningTimeAndCount() {
        RunTime before = evaluator.runTime();
        assertFalse(evaluator.eval("Thread.sleep(40);").failed());
        RunTime ran = evaluator.runTime().since(before);
        assertEquals(1, ran.snippets());
        assertTrue(ran.wallNanos() >= 40_000_000L, "a sleep lasts at least as long as asked: " + ran);
    }

    @Test
    void aSnippetThatDoesNotCompileRunsNothing() {
        RunTime before = evaluator.runTime();
        assertTrue(evaluator.eval("int broken = \"s\";").failed());
        assertEquals(new RunTime(0, 0, 0, 0), evaluator.runTime().since(before));
    }

    @Test
    void busyCodeCountsOnTheCellThreadsCpu() {
        RunTime before = evaluator.runTime();
        assertFalse(evaluator.eval("long spin = 0; for (long t = System.nanoTime(); System.nanoTime() - t < 50_000_000L; ) spin++;").failed());
        RunTime ran = evaluator.runTime().since(before);
        assertTrue(ran.threadCpuNanos() > 0, "50 ms of spinning shows as the cell thread's CPU: " + ran);
    }

    @Test
    void readingsOutOfOrderOrNegativeAreRefusedWithWhatToDo() {
        RunTime later = new RunTime(5, 5, 5, 2);
        RunTime earlier = new RunTime(1, 1, 1, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> earlier.since(later));
        assertTrue(e.getMessage().contains("swap"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> later.since(null));
        assertThrows(IllegalArgumentException.class, () -> new RunTime(-1, 0, 0, 0));
    }
}
