package io.github.recur.kernel.evaluation;

import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnippetsTest {
    private static JShell shell;

    @BeforeAll
    static void start() {
        shell = JShell.builder().executionEngine("local").build();
    }

    @AfterAll
    static void stop() {
        shell.close();
    }

    @Test
    void aCellSplitsIntoSnippetsWithTheirOffsetsInTheCell() {
        String cell = "int a = 1;\n  // a comment\nint b = a + 1;\nb * 2";
        List<Snippets.Piece> p = Snippets.split(shell.sourceCodeAnalysis(), cell);
        assertEquals(3, p.size());
        assertEquals(0, p.get(0).start());
        // a snippet starts where JShell's source of it starts (leading blanks and comments included):
        // compile errors are positioned relative to that
        assertEquals(cell.indexOf("\n  // a comment"), p.get(1).start());
        assertTrue(cell.substring(p.get(1).start()).startsWith(p.get(1).source().substring(0, 10)), p.get(1).source());
        assertTrue(cell.substring(p.get(2).start()).strip().startsWith("b * 2"));
        assertTrue(p.get(2).complete());
    }

    @Test
    void aSemicolonAfterTheLastExpressionHidesItsValue() {
        List<Snippets.Piece> shown = Snippets.split(shell.sourceCodeAnalysis(), "1 + 1");
        List<Snippets.Piece> hidden = Snippets.split(shell.sourceCodeAnalysis(), "1 + 1;");
        assertFalse(shown.get(0).endsWithSemicolon());
        assertTrue(hidden.get(0).endsWithSemicolon());
    }

    @Test
    void anIncompleteTailGoesToTheCompilerWhole() {
        List<Snippets.Piece> p = Snippets.split(shell.sourceCodeAnalysis(), "int ok = 1;\nint broken = (2 + ");
        assertEquals(2, p.size());
        assertFalse(p.get(1).complete());
        assertEquals("int broken = (2 +", p.get(1).source().strip());
    }

    @Test
    void theSnippetUnderTheCursorIsFoundForCompletion() {
        String code = "int q = 1;\nNd4j.zer";
        Snippets.At at = Snippets.at(shell.sourceCodeAnalysis(), code, code.length());
        assertEquals(code.indexOf("Nd4j"), at.start() + at.text().indexOf("Nd4j"));
        assertTrue(at.text().strip().startsWith("Nd4j.zer"), at.text());
    }
}
