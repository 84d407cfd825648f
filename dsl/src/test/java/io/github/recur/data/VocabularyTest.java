package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class VocabularyTest {
    @Test
    void wordTokenizerLowerCasesAndDropsPunctuation() {
        assertEquals(List.of("great", "phone", "5", "stars", "don't"), Tokenizer.words().tokenize("Great phone, 5 stars! 'Don't'"));
    }

    @Test
    void characterTokenizerKeepsEveryCharacter() {
        assertEquals(List.of("H", "i", " ", "!"), Tokenizer.characters().tokenize("Hi !"));
    }

    @Test
    void idsFollowFrequencyAfterPaddingAndOov() {
        Vocabulary v = Vocabulary.fit(List.of("b a b", "c b a"), Tokenizer.words());
        assertEquals(List.of(Vocabulary.PAD, Vocabulary.OOV, "b", "a", "c"), v.tokens());
        assertArrayEquals(new int[] {2, 3, 1}, v.encode("b a zebra"));
        assertEquals("b a <unk>", v.decode(new int[] {2, 3, 1, 0, 0}));
    }

    @Test
    void sizeLimitKeepsTheMostFrequentAndMapsTheRestToOov() {
        Vocabulary v = Vocabulary.fit(List.of("x y y z z z"), Tokenizer.words(), 4);
        assertEquals(4, v.size());
        assertEquals(List.of("<pad>", "<unk>", "z", "y"), v.tokens());
        assertEquals(1, v.id("x"));
        assertFalse(v.contains("x"));
        var e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.fit(List.of("a"), Tokenizer.words(), 2));
        assertTrue(e.getMessage().contains("maxSize 2"), e.getMessage());
    }

    @Test
    void padsAndTruncatesWithTheMatchingMask() {
        Vocabulary v = Vocabulary.fit(List.of("a b c d e"), Tokenizer.words());
        SequenceData d = v.encode(List.of("a b", "a b c d e"), 4);
        assertArrayEquals(new long[] {2, 4}, d.x().shape());
        assertArrayEquals(new double[] {v.id("a"), v.id("b"), 0, 0}, d.x().getRow(0).toDoubleVector(), 0);
        assertArrayEquals(new double[] {1, 1, 0, 0}, d.mask().getRow(0).toDoubleVector(), 0);
        assertArrayEquals(new double[] {v.id("a"), v.id("b"), v.id("c"), v.id("d")}, d.x().getRow(1).toDoubleVector(), 0);
        assertArrayEquals(new double[] {1, 1, 1, 1}, d.mask().getRow(1).toDoubleVector(), 0);
    }

    @Test
    void labelsComeFromANumericOrTextColumn() {
        Table t = Table.create("r", StringColumn.create("text", "good", "bad", "fine"), IntColumn.create("label", 1, 0, 1),
                StringColumn.create("mood", "pos", "neg", "pos"));
        Vocabulary v = Vocabulary.fit(t.stringColumn("text").asList(), Tokenizer.words());
        SequenceData d = v.sequences(t, "text", "label", 3);
        assertArrayEquals(new double[] {1, 0, 1}, d.y().reshape(3).toDoubleVector(), 0);
        assertEquals(List.of("neg", "pos"), Vocabulary.classes(t, "mood"));
        assertArrayEquals(new double[] {1, 0, 1}, v.sequences(t, "text", "mood", 3).y().reshape(3).toDoubleVector(), 0);
        var e = assertThrows(IllegalArgumentException.class, () -> v.sequences(t, "text", "stars", 3));
        assertTrue(e.getMessage().contains("'stars'"), e.getMessage());
    }

    @Test
    void nextTokenWindowsPredictTheFollowingId() {
        SequenceData d = Vocabulary.nextToken(new int[] {5, 6, 7, 8, 9}, 3, 1);
        assertEquals(2, d.size());
        assertArrayEquals(new double[] {6, 7, 8}, d.x().getRow(1).toDoubleVector(), 0);
        assertEquals(9.0, d.y().getDouble(1, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.nextToken(new int[] {1, 2}, 3, 1));
        assertTrue(e.getMessage().contains("length 3"), e.getMessage());
    }
}
