package io.github.recur.kernel.evaluation;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uncaught exceptions on threads a cell started, through a real evaluator (one for the class). */
@Timeout(300)
class StartedThreadErrorsTest {
    /** Each write the notes stream received, as text: the handler must print in one. */
    private static final List<String> writes = new ArrayList<>();
    private static Evaluator evaluator;

    @BeforeAll
    static void start() {
        OutputStream recording = new OutputStream() {
            @Override public synchronized void write(int b) { writes.add(String.valueOf((char) b)); }
            @Override public synchronized void write(byte[] b, int off, int len) {
                writes.add(new String(b, off, len, StandardCharsets.UTF_8));
            }
        };
        evaluator = new Evaluator(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
                new PrintStream(recording, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    @BeforeEach
    void forgetWrites() {
        synchronized (writes) {
            writes.clear();
        }
    }

    @Test
    void anExceptionOnAThreadTheCellStartedPrintsWithCellFramesInOneWrite() {
        assertFalse(evaluator.eval("Thread bg = new Thread(() -> { throw new IllegalStateException(\"bg\"); }, \"worker-1\");\n"
                + "bg.start();\nbg.join();").failed());
        assertEquals(1, writes.size(), writes.toString());
        String text = writes.get(0);
        assertTrue(text.startsWith("Exception in thread \"worker-1\" java.lang.IllegalStateException: bg\n\tat <cell>\n"), text);
        assertFalse(text.contains("REPL.") || text.contains("$JShell$"), text);
    }

    @Test
    void systemExitOnAThreadTheCellStartedReadsAsInTheCell() {
        assertFalse(evaluator.eval("Thread quits = new Thread(() -> System.exit(1));\nquits.start();\nquits.join();").failed());
        assertEquals(1, writes.size(), writes.toString());
        String text = writes.get(0);
        assertTrue(text.contains(" " + CellExitError.class.getName() + ": System.exit(1) was not run"), text);
        assertTrue(text.contains("was not run: it would end the kernel and lose every variable. "
                + "To start afresh, restart the kernel (Kernel > Restart).\n\tat <cell>\n"), text);
        assertFalse(text.contains("$JShell$") || text.contains(ExitGuard.class.getName()), text);
    }

    @Test
    void aThreadStartedByAThreadTheCellStartedPrintsTheSameWay() {
        assertFalse(evaluator.eval("void failLater() { throw new ArithmeticException(\"inner\"); }\n"
                + "Thread outer = new Thread(() -> {\n"
                + "    Thread inner = new Thread(() -> failLater(), \"inner-1\");\n"
                + "    inner.start();\n"
                + "    try { inner.join(); } catch (InterruptedException e) { }\n"
                + "});\nouter.start();\nouter.join();").failed());
        assertEquals(1, writes.size(), writes.toString());
        assertTrue(writes.get(0).startsWith("Exception in thread \"inner-1\" java.lang.ArithmeticException: inner\n"
                + "\tat failLater(<cell>)\n\tat <cell>\n"), writes.get(0));
    }

    @Test
    void aThreadNoCellStartedKeepsTheJvmsHandling() throws InterruptedException {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Thread kernelSide = new Thread(() -> { throw new IllegalStateException("kernel side"); }, "kernel-side");
            kernelSide.start();
            kernelSide.join();
        } finally {
            System.setErr(before);
        }
        assertEquals(List.of(), writes);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Exception in thread \"kernel-side\" java.lang.IllegalStateException: kernel side"), text);
    }

    @Test
    void theFormatIsTheThreadThenTheCellsTraceback() {
        IllegalStateException e = new IllegalStateException("bg");
        e.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("REPL.$JShell$22", "lambda$do_it$$0", "$JShell$22.java", 5),
                new StackTraceElement("java.lang.Thread", "run", "Thread.java", 840)});
        assertEquals("Exception in thread \"Thread-2\" java.lang.IllegalStateException: bg\n"
                + "\tat <cell>\n\tat java.lang.Thread.run(Thread.java:840)\n", StartedThreadErrors.format("Thread-2", e));
    }

    @Test
    void formattingNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StartedThreadErrors.format(null, new RuntimeException()));
        assertThrows(IllegalArgumentException.class, () -> StartedThreadErrors.format("t", null));
        assertThrows(IllegalArgumentException.class, () -> StartedThreadErrors.markCellThread(null));
    }
}
