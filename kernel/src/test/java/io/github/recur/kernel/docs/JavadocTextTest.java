package io.github.recur.kernel.docs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavadocTextTest {
    @Test
    void inlineTagsBecomeTheirTextAndCodeKeepsAngleBrackets() {
        assertEquals("Returns List<String> of x, see Model.fit.",
                JavadocText.format("Returns {@code List<String>} of {@literal x}, see {@link Model#fit}."));
        assertEquals("the label", JavadocText.format("{@link Model#fit(INDArray) the label}"));
    }

    @Test
    void preBlocksAreIndentedCodeAndParagraphsAreKeptApart() {
        String raw = " A model.\n <p>Second paragraph\n spans lines.\n <pre>{@code\n var m = sequential(lstm(64), dense(1));\n List<String> s = m.names();\n }</pre>\n";
        assertEquals("A model.\n\nSecond paragraph spans lines.\n\n    var m = sequential(lstm(64), dense(1));\n    List<String> s = m.names();",
                JavadocText.format(raw));
    }

    @Test
    void blockTagsAreGatheredUnderHeadings() {
        String f = JavadocText.format("Trains.\n@param x inputs [batch, time, features]\n@param y targets\n@return the history\n@throws IllegalStateException when not compiled");
        assertEquals("Trains.\n\nParameters:\n  x - inputs [batch, time, features]\n  y - targets\nReturns:\n  the history\n"
                + "Throws:\n  IllegalStateException - when not compiled", f);
    }

    @Test
    void listsAndEntitiesReadAsText() {
        String f = JavadocText.format("Options:<ul><li>{@code epochs(n)} &amp; more</li><li>b &lt; c</li></ul>");
        assertTrue(f.contains("- epochs(n) & more") && f.contains("- b < c"), f);
    }

    @Test
    void theFirstSentenceEndsAtThePeriodFollowedBySpace() {
        assertEquals("LSTM layer (PyTorch equations, gates i, f, g, o); last-step output unless .returnSequences().",
                JavadocText.firstSentence("LSTM layer (PyTorch equations, gates i, f, g, o); last-step output unless .returnSequences(). More."));
    }
}
