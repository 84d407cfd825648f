package io.github.recur.kernel.evaluation;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One JShell for the whole class: creating one takes a second or two. */
@Timeout(300) // a JShell that hangs must fail the build, not stall it
class EvaluatorTest {
    private static Evaluator evaluator;
    private static final ByteArrayOutputStream notes = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        evaluator = new Evaluator(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
                new PrintStream(notes, true));
        assertTrue(evaluator.tryQuietly("import java.util.*;"));
        assertFalse(evaluator.eval("int hiddenDivisor() { return 1; }").failed());
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    @Test
    void theLastExpressionsValueIsTheLiveObject() {
        Outcome o = evaluator.eval("List<Integer> xs = new ArrayList<>(List.of(1, 2));\nxs");
        assertTrue(o.hasValue());
        assertEquals(List.of(1, 2), o.value());
        assertEquals(List.of(1, 2), evaluator.variable("xs"));
    }

    @Test
    void eachExpressionsValueLivesInAVariableOfItsOwnAndOnlyTheLatestIsKeptAlive() {
        assertEquals(7, evaluator.eval("3 + 4").value());
        String firstName = evaluator.valueVariable();
        assertEquals(7, evaluator.variable(firstName));
        assertEquals(8, evaluator.eval("4 + 4").value());
        assertNotEquals(firstName, evaluator.valueVariable(), "a new name, not JShell's redefinition (which compiles twice)");
        assertEquals(8, evaluator.variable(evaluator.valueVariable()));
        assertNull(evaluator.variable(firstName), "the previous value's variable is dropped");
        Object big = evaluator.eval("new byte[1000]").value();
        WeakReference<Object> first = new WeakReference<>(big);
        big = null;
        assertEquals("next", evaluator.eval("\"ne\" + \"xt\"").value());
        for (int i = 0; i < 20 && first.get() != null; i++) System.gc();
        assertNull(first.get(), "an earlier value is still reachable");
    }

    @Test
    void theSameExpressionAgainKeepsItsVariableAndSeesWhatChangedMeanwhile() {
        evaluator.eval("int n = 1;");
        assertEquals(2, evaluator.eval("n + 1").value());
        String name = evaluator.valueVariable();
        assertEquals(2, evaluator.eval("n + 1").value());
        assertEquals(name, evaluator.valueVariable(), "a cell run again reuses its variable (nothing new to load)");
        evaluator.eval("String n = \"a\";");
        assertEquals("a1", evaluator.eval("n + 1").value());
        assertEquals("a1", evaluator.variable(evaluator.valueVariable()));
        evaluator.eval("int m = 5;");
        assertEquals(6, evaluator.eval("m + 1").value());
        assertNotEquals(name, evaluator.valueVariable());
    }

    @Test
    void anExpressionStatementsValueIsReleasedWhenTheNextOneComes() {
        evaluator.eval("Object keep = null;\nObject make() { keep = new byte[1000]; return keep; }");
        evaluator.eval("make();"); // JShell keeps this value in a $N variable of its own
        WeakReference<Object> first = new WeakReference<>(evaluator.variable("keep"));
        evaluator.eval("keep = null;");
        evaluator.eval("\"a newer statement\".length();");
        for (int i = 0; i < 20 && first.get() != null; i++) System.gc();
        assertNull(first.get(), "the value of an earlier expression statement is still reachable");
    }

    @Test
    void aVoidCallWithoutSemicolonRunsOnceAndShowsNothing() {
        evaluator.eval("int[] calls = {0};\nvoid touch() { calls[0]++; }");
        Outcome o = evaluator.eval("touch()");
        assertFalse(o.failed(), String.valueOf(o.errorValue()));
        assertFalse(o.hasValue());
        assertEquals(1, evaluator.eval("calls[0]").value());
    }

    @Test
    void aBrokenExpressionGetsTheUsualCaretsOnItsOwnLine() {
        Outcome o = evaluator.eval("int ok = 1;\nok + missingName");
        assertEquals("CompilationError", o.errorName());
        assertEquals("line 2: cannot find symbol", o.errorValue());
        assertTrue(o.traceback().get(2).endsWith("     ^---------^"), o.traceback().toString());
    }

    @Test
    void anExpressionThatThrowsReportsTheException() {
        assertEquals("java.lang.ArithmeticException", evaluator.eval("1 / (hiddenDivisor() - 1)\n").errorName());
    }

    @Test
    void statementsAndHiddenValuesGiveNoValue() {
        assertFalse(evaluator.eval("int hiddenValue = 3;").hasValue());
        assertFalse(evaluator.eval("hiddenValue + 1;").hasValue());
        assertTrue(evaluator.eval("hiddenValue + 1").hasValue());
    }

    @Test
    void aRuntimeExceptionIsReportedWithItsClassAndTheCellFrame() {
        Outcome o = evaluator.eval("Integer.parseInt(\"x\")");
        assertEquals("java.lang.NumberFormatException", o.errorName());
        assertTrue(o.traceback().get(0).contains("For input string"), o.traceback().toString());
        assertTrue(o.traceback().stream().anyMatch(l -> l.contains("<cell>")), o.traceback().toString());
    }

    @Test
    void deepRecursionInACellShowsTheRepeatedFrameOnce() {
        Outcome o = evaluator.eval("void recurseForever() { recurseForever(); }\nrecurseForever()");
        assertEquals("java.lang.StackOverflowError", o.errorName());
        assertTrue(o.traceback().size() < 10, o.traceback().toString());
        assertEquals("\tat recurseForever(<cell>)", o.traceback().get(1));
        assertTrue(o.traceback().get(2).matches("\t\\.\\.\\. the frame above repeats [0-9,]+ more times"), o.traceback().toString());
    }

    @Test
    void mutualRecursionInACellShowsTheCycleOnce() {
        Outcome o = evaluator.eval("void ping(int n) { pong(n); }\nvoid pong(int n) { ping(n); }\nping(1)");
        assertEquals("java.lang.StackOverflowError", o.errorName());
        assertTrue(o.traceback().size() < 10, o.traceback().toString());
        assertTrue(o.traceback().stream().anyMatch(l -> l.matches("\t\\.\\.\\. the 2 frames above repeat [0-9,]+ more times")),
                o.traceback().toString());
    }

    @Test
    void systemExitInACellIsACellExitErrorAndTheJvmLivesOn() {
        Outcome o = evaluator.eval("System.exit(2);");
        assertEquals(CellExitError.class.getName(), o.errorName());
        assertEquals("\tat <cell>", o.traceback().get(1), "no frame of the kernel's exit guard: " + o.traceback());
        assertEquals(3, evaluator.eval("1 + 2").value());
    }

    @Test
    void aRedefinedVariableReleasesItsOldValue() {
        evaluator.eval("Object held = new byte[1000];");
        WeakReference<Object> old = new WeakReference<>(evaluator.variable("held"));
        evaluator.eval("String held = \"new\";");
        for (int i = 0; i < 20 && old.get() != null; i++) System.gc();
        assertNull(old.get(), "the old value of a redefined variable is still reachable");
        assertEquals("new", evaluator.variable("held"));
    }

    @Test
    void evalExpressionGivesTheValueOrTheCompileError() {
        assertEquals(42, evaluator.evalExpression("40 + 2").value());
        assertEquals("CompilationError", evaluator.evalExpression("noSuchName + 1").errorName());
    }

    @Test
    void aTemporaryDeclarationIsGoneAfterClose() throws Exception {
        Outcome[] error = new Outcome[1];
        AutoCloseable d = evaluator.declareTemporarily("int temporaryHelper() { return 5; }", error);
        assertEquals(5, evaluator.evalExpression("temporaryHelper()").value());
        d.close();
        assertTrue(evaluator.eval("temporaryHelper()").failed());
        assertNull(evaluator.declareTemporarily("int broken( {", error));
        assertEquals("CompilationError", error[0].errorName());
    }

    @Test
    void aBusyLoopIsStoppedByInterruptAndTheVariablesSurvive() throws Exception {
        evaluator.eval("String survivor = \"kept\";");
        Outcome o = Interrupted.after500ms(evaluator, "long spins = 0; while (true) spins++;");
        assertEquals("Interrupted", o.errorName());
        evaluator.beginCell();
        assertEquals("kept", evaluator.eval("survivor").value());
    }

    @Test
    void isCompleteSeesOpenBlocks() {
        assertEquals("incomplete", evaluator.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("complete", evaluator.isComplete("int done = 1;"));
    }

    @Test
    void documentationGivesTheSignatureOfAMethod() {
        assertTrue(evaluator.documentation("Math.max", 8).stream().anyMatch(d -> d.signature().contains("max(int")));
    }
}
