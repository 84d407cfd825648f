package io.github.recur.kernel.evaluation;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every snippet runs on one long-lived thread, so what a library keeps per thread (a ThreadLocal,
 * ND4J's random generator) carries from one cell to the next, as in a Python notebook.
 * Public, as is {@link #REQUEST}: snippets read it as the kernel's output routing reads its own.
 */
@Timeout(300) // a JShell that hangs must fail the build, not stall it
public class CellThreadTest {
    /** Stands for the kernel's per-cell request ({@code CellContext}): the test thread sets it before each cell. */
    public static final InheritableThreadLocal<String> REQUEST = new InheritableThreadLocal<>();

    private static Evaluator evaluator;

    @BeforeAll
    static void start() {
        evaluator = new Evaluator(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
                new PrintStream(OutputStream.nullOutputStream()));
        evaluator.carryToCellThread(REQUEST);
        assertTrue(evaluator.tryQuietly("import org.nd4j.linalg.factory.Nd4j;"));
        assertTrue(evaluator.tryQuietly("import org.nd4j.linalg.api.buffer.DataType;"));
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    private static Outcome cell(String code) {
        evaluator.beginCell();
        Outcome o = evaluator.eval(code);
        assertFalse(o.failed(), () -> code + " failed: " + o.errorName() + ": " + o.errorValue());
        return o;
    }

    @Test
    void everySnippetRunsOnTheSameNamedCellThread() {
        Thread first = (Thread) cell("Thread.currentThread()").value();
        Thread second = (Thread) cell("int unrelated = 1;\nThread.currentThread()").value();
        assertSame(first, second);
        assertEquals("recur-cell", first.getName());
        assertTrue(first.isDaemon(), "a cell thread must not keep the JVM alive");
    }

    @Test
    void aThreadLocalSetInOneCellIsSeenInTheNext() {
        cell("ThreadLocal<String> perThread = new ThreadLocal<>();\nperThread.set(\"set in an earlier cell\");");
        assertEquals("set in an earlier cell", cell("perThread.get()").value());
    }

    @Test
    void anNd4jSeedSetInOneCellFixesTheRandomNumbersOfTheNext() {
        Nd4j.getRandom().setSeed(42);
        INDArray expected = Nd4j.rand(DataType.DOUBLE, 3, 4);

        cell("Nd4j.getRandom().setSeed(42);");
        INDArray nextCell = (INDArray) cell("Nd4j.rand(DataType.DOUBLE, 3, 4)").value();
        assertEquals(expected, nextCell);

        INDArray nextSnippet = (INDArray) cell("Nd4j.getRandom().setSeed(42);\nNd4j.rand(DataType.DOUBLE, 3, 4)").value();
        assertEquals(expected, nextSnippet);
    }

    @Test
    void theContextClassLoaderIsTheSnippetLoader() {
        cell("class LoaderProbe {}");
        assertEquals(Boolean.TRUE, cell("Thread.currentThread().getContextClassLoader() == LoaderProbe.class.getClassLoader()").value());
    }

    @Test
    void eachSnippetSeesTheCarriedValueOfItsCellAndSoDoThreadsItStarts() {
        REQUEST.set("cell A");
        assertEquals("cell A", cell("io.github.recur.kernel.evaluation.CellThreadTest.REQUEST.get()").value());
        REQUEST.set("cell B");
        assertEquals("cell B", cell("io.github.recur.kernel.evaluation.CellThreadTest.REQUEST.get()").value());
        Object seenByStartedThread = cell("String[] seen = new String[1];\n"
                + "Thread helper = new Thread(() -> seen[0] = io.github.recur.kernel.evaluation.CellThreadTest.REQUEST.get());\n"
                + "helper.start(); helper.join();\n"
                + "seen[0]").value();
        assertEquals("cell B", seenByStartedThread);
        REQUEST.remove();
        assertEquals(Boolean.TRUE, cell("io.github.recur.kernel.evaluation.CellThreadTest.REQUEST.get() == null").value());
    }

    @Test
    void anInterruptFlagLeftByOneCellDoesNotReachTheNext() {
        cell("Thread.currentThread().interrupt();");
        assertEquals(Boolean.FALSE, cell("Thread.currentThread().isInterrupted()").value());
        assertEquals("slept", cell("Thread.sleep(5);\n\"slept\"").value());
    }

    @Test
    void afterAnInterruptedSleepTheNextCellRunsOnTheSameThreadWithItsThreadLocals() throws Exception {
        cell("String beforeSleep = \"kept\";\nThreadLocal<String> beforeSleepLocal = ThreadLocal.withInitial(() -> \"kept too\");\n"
                + "beforeSleepLocal.set(\"set before the sleep\");");
        Thread before = (Thread) cell("Thread.currentThread()").value();
        Outcome stopped = interruptedAfter500ms(
                "try { Thread.sleep(600_000); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }");
        assertEquals("Interrupted", stopped.errorName());
        assertEquals("kept", cell("beforeSleep").value());
        assertEquals("set before the sleep", cell("beforeSleepLocal.get()").value());
        assertSame(before, cell("Thread.currentThread()").value());
        assertEquals(Boolean.FALSE, cell("Thread.currentThread().isInterrupted()").value(),
                "the interrupt meant for the stopped cell must not reach the next one");
    }

    @Test
    void afterAStoppedBusyLoopTheNextCellRunsAndSeesEarlierVariables() throws Exception {
        cell("String beforeLoop = \"kept\";");
        Thread before = (Thread) cell("Thread.currentThread()").value();
        Outcome stopped = interruptedAfter500ms("long spins = 0; while (true) spins++;");
        assertEquals("Interrupted", stopped.errorName());
        assertEquals("kept", cell("beforeLoop").value());
        Thread after = (Thread) cell("Thread.currentThread()").value();
        assertEquals("recur-cell", after.getName());
        if (evaluator.stopMechanism().startsWith("JShell")) {
            assertSame(before, after, "JShell's stop checks end the loop and leave the cell thread usable");
        } else {
            assertNotSame(before, after, "after Thread.stop the cell thread is replaced, not reused");
        }
        assertEquals(Boolean.FALSE, cell("Thread.currentThread().isInterrupted()").value());
    }

    private static Outcome interruptedAfter500ms(String code) throws InterruptedException {
        return Interrupted.after500ms(evaluator, code);
    }
}
