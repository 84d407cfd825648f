package io.github.recur.kernel.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(300)
class CompilerWarmUpTest {
    private static final List<String> CLASSPATH = List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
    private static final List<String> IMPORTS = List.of("import java.util.*;", "import static io.github.recur.Recur.*;");

    @Test
    void everySnippetCompilesAndRunsAndNothingIsPrinted() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int failed;
        try {
            System.setOut(new PrintStream(printed, true));
            System.setErr(new PrintStream(printed, true));
            failed = CompilerWarmUp.run(CLASSPATH, IMPORTS, () -> false, CompilerWarmUp.SNIPPETS.size());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals(0, failed, "a warm-up snippet failed to compile or run");
        assertEquals("", printed.toString());
    }

    @Test
    void itWaitsWhileTheKernelIsBusyAndEndsWhenInterrupted() throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        AtomicInteger asked = new AtomicInteger();
        Thread t = new Thread(() -> CompilerWarmUp.run(CLASSPATH, IMPORTS, () -> {
            asked.incrementAndGet();
            return busy.get();
        }, 1_000_000));
        t.start();
        while (asked.get() < 5) Thread.sleep(20); // it keeps asking and waiting: nothing is compiled
        assertTrue(t.isAlive());
        busy.set(false);
        Thread.sleep(500);
        t.interrupt();
        t.join(30_000);
        assertFalse(t.isAlive(), "an interrupt must end the warm-up");
    }

    @Test
    void itAsksWhetherTheKernelIsBusyBeforeBuildingItsJShellAndBeforeEachImport() {
        AtomicInteger asked = new AtomicInteger();
        CompilerWarmUp.run(CLASSPATH, IMPORTS, () -> {
            asked.incrementAndGet();
            return false;
        }, 0);
        assertEquals(1 + IMPORTS.size(), asked.get());
    }

    @Test
    void aNegativeCountIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> CompilerWarmUp.run(CLASSPATH, IMPORTS, () -> false, -1));
        assertTrue(e.getMessage().contains("-1"));
    }
}
