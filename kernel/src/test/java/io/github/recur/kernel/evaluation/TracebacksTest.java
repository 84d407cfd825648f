package io.github.recur.kernel.evaluation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TracebacksTest {
    private static final StackTraceElement F = new StackTraceElement("", "f", "#3", 1);
    private static final StackTraceElement A = new StackTraceElement("", "a", "#4", 1);
    private static final StackTraceElement B = new StackTraceElement("", "b", "#5", 1);
    private static final StackTraceElement C = new StackTraceElement("", "c", "#6", 1);
    private static final StackTraceElement DO_IT = new StackTraceElement("", "", "#7", 1);
    private static final StackTraceElement LIST_GET = new StackTraceElement("java.util.ArrayList", "get", "ArrayList.java", 427);

    @Test
    void aFrameJShellTranslatedIsTheCell() {
        assertEquals("<cell>", Tracebacks.frame(new StackTraceElement("", "", "#16", 2)));
    }

    @Test
    void aMethodTheCellDeclaredIsNamedWithoutALine() {
        assertEquals("f(<cell>)", Tracebacks.frame(F));
        assertEquals("f(<cell>)", Tracebacks.frame(new StackTraceElement("REPL.$JShell$3", "f", "$JShell$3.java", 6)));
        assertEquals("<cell>", Tracebacks.frame(new StackTraceElement("", "lambda$do_it$$0", "#3", 1)));
    }

    @Test
    void aFrameOfASpentSnippetClassNamesItsSnippetWithoutALine() {
        assertEquals("<cell>", Tracebacks.frame(new StackTraceElement("REPL.$JShell$12B", "lambda$do_it$$0", "$JShell$12B.java", 9)));
        assertEquals("Point.norm(#12)", Tracebacks.frame(new StackTraceElement("REPL.$JShell$12B$Point", "norm", "$JShell$12B.java", 5)));
        assertEquals("Point.norm(#7)", Tracebacks.frame(new StackTraceElement("REPL.$JShell$7$Point", "norm", "$JShell$7.java", 5)));
    }

    @Test
    void otherFramesKeepClassMethodFileAndLine() {
        assertEquals("java.util.ArrayList.get(ArrayList.java:427)", Tracebacks.frame(LIST_GET));
    }

    @Test
    void deepRecursionPrintsItsFrameOnceWithHowOftenItRepeats() {
        List<StackTraceElement> frames = new ArrayList<>(Collections.nCopies(1023, F));
        frames.add(DO_IT);
        assertEquals(List.of("\tat f(<cell>)", "\t... the frame above repeats 1,022 more times", "\tat <cell>"),
                Tracebacks.frameLines(frames));
    }

    @Test
    void mutualRecursionPrintsItsCycleOnceWithHowOftenItRepeats() {
        List<StackTraceElement> frames = new ArrayList<>(List.of(LIST_GET, B));
        for (int i = 0; i < 500; i++) frames.addAll(List.of(A, B));
        frames.add(DO_IT);
        assertEquals(List.of("\tat java.util.ArrayList.get(ArrayList.java:427)",
                        "\tat b(<cell>)", "\tat a(<cell>)", "\t... the 2 frames above repeat 499 more times",
                        "\tat b(<cell>)", "\tat <cell>"),
                Tracebacks.frameLines(frames));
    }

    @Test
    void aCycleOfThreeFramesIsFoldedAndALongerOneIsNot() {
        List<StackTraceElement> three = new ArrayList<>();
        for (int i = 0; i < 4; i++) three.addAll(List.of(A, B, C));
        assertEquals(4, Tracebacks.frameLines(three).size());
        assertEquals("\t... the 3 frames above repeat 3 more times", Tracebacks.frameLines(three).get(3));
        List<StackTraceElement> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) four.addAll(List.of(A, B, C, F));
        assertEquals(16, Tracebacks.frameLines(four).size());
    }

    @Test
    void aFrameTwiceInARowIsNotFolded() {
        assertEquals(List.of("\tat f(<cell>)", "\tat f(<cell>)", "\tat <cell>"), Tracebacks.frameLines(List.of(F, F, DO_IT)));
    }

    @Test
    void framesThatPrintAlikeButDifferAreNotFolded() {
        StackTraceElement otherLine = new StackTraceElement("", "f", "#3", 2);
        assertEquals(List.of("\tat f(<cell>)", "\tat f(<cell>)", "\tat f(<cell>)"), Tracebacks.frameLines(List.of(F, otherLine, F)));
    }

    @Test
    void anyExceptionsRecursionIsFoldedInItsTraceback() {
        RuntimeException e = new RuntimeException("deep");
        List<StackTraceElement> frames = new ArrayList<>(Collections.nCopies(50, LIST_GET));
        e.setStackTrace(frames.toArray(new StackTraceElement[0]));
        assertEquals(List.of("java.lang.RuntimeException: deep", "\tat java.util.ArrayList.get(ArrayList.java:427)",
                "\t... the frame above repeats 49 more times"), Tracebacks.of(e));
    }

    @Test
    void framesOfJShellsStopCheckAreHidden() {
        StackOverflowError e = new StackOverflowError();
        e.setStackTrace(new StackTraceElement[] {new StackTraceElement("REPL.$Cancel$", "stopCheck", null, -1), F, DO_IT});
        assertEquals(List.of("java.lang.StackOverflowError", "\tat f(<cell>)", "\tat <cell>"), Tracebacks.of(e));
    }

    @Test
    void nothingToFormatIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Tracebacks.of(null));
        assertThrows(IllegalArgumentException.class, () -> Tracebacks.frameLines(null));
    }
}
