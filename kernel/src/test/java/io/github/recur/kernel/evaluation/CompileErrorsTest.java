package io.github.recur.kernel.evaluation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CompileErrorsTest {
    @Test
    void theErrorNamesItsLineAndPutsACaretUnderTheSymbol() {
        String cell = "int a = 1;\nint b = undefinedThing + 1;";
        int snippetStart = cell.indexOf("int b");
        Outcome o = CompileErrors.format(cell, snippetStart, List.of(new CompileErrors.Diagnostic(8, 22, "cannot find symbol")));
        assertEquals("CompilationError", o.errorName());
        assertEquals("line 2: cannot find symbol", o.errorValue());
        assertEquals(List.of("Line 2: cannot find symbol", "    int b = undefinedThing + 1;", "            ^------------^"), o.traceback());
    }

    @Test
    void tabsBeforeTheErrorKeepTheCaretAligned() {
        assertEquals("\t  ^", CompileErrors.caret("\t  x", 3, 1));
    }

    @Test
    void jshellsWrapperClassIsNotNamedInTheMessage() {
        Outcome o = CompileErrors.format("x", 0, List.of(new CompileErrors.Diagnostic(0, 1,
                "cannot find symbol\n  symbol:   variable x\n  location: class ")));
        assertEquals("Line 1: cannot find symbol\n  symbol:   variable x", o.traceback().get(0));
    }

    @Test
    void anErrorWithoutDiagnosticsStillSaysTheCodeDoesNotCompile() {
        assertEquals("the code does not compile", CompileErrors.format("x", 0, List.of()).errorValue());
    }
}
