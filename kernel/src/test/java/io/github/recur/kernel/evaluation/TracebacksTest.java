package io.github.recur.kernel.evaluation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TracebacksTest {
    @Test
    void aFrameJShellTranslatedIsTheCell() {
        assertEquals("<cell>", Tracebacks.frame(new StackTraceElement("", "", "#16", 2)));
    }

    @Test
    void aFrameOfASpentSnippetClassNamesItsSnippetWithoutALine() {
        assertEquals("<cell>", Tracebacks.frame(new StackTraceElement("REPL.$JShell$12B", "lambda$do_it$$0", "$JShell$12B.java", 9)));
        assertEquals("Point.norm(#12)", Tracebacks.frame(new StackTraceElement("REPL.$JShell$12B$Point", "norm", "$JShell$12B.java", 5)));
        assertEquals("Point.norm(#7)", Tracebacks.frame(new StackTraceElement("REPL.$JShell$7$Point", "norm", "$JShell$7.java", 5)));
    }

    @Test
    void otherFramesKeepClassMethodFileAndLine() {
        assertEquals("java.util.ArrayList.get(ArrayList.java:427)",
                Tracebacks.frame(new StackTraceElement("java.util.ArrayList", "get", "ArrayList.java", 427)));
    }
}
