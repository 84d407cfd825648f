package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

    // ---- encoder-decoder: start and end tokens, padded ids, teacher forcing ----------------------------

    /** The ids of a text's characters in {@code v}. */
    private static double[] ids(Vocabulary v, String text) {
        return text.codePoints().mapToDouble(c -> v.id(new String(Character.toChars(c)))).toArray();
    }

    private static double[] concat(double[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    @Test
    void fitWithStartEndReservesStartAndEndAfterPaddingAndOov() {
        Vocabulary v = Vocabulary.fitWithStartEnd(List.of("1998-05-09"), Tokenizer.characters(), 0);
        assertEquals(List.of("<pad>", "<unk>", "<start>", "<end>", "9", "-", "0", "1", "8", "5"), v.tokens());
        assertTrue(v.hasStartEnd());
        assertEquals(2, v.startId());
        assertEquals(3, v.endId());
        assertEquals(Vocabulary.START, v.token(v.startId()));
        assertEquals(Vocabulary.END, v.token(v.endId()));
        assertEquals(6, Vocabulary.fitWithStartEnd(List.of("aabbbc"), Tokenizer.characters(), 6).size(), "maxSize counts the four reserved ids");
        var e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.fitWithStartEnd(List.of("a"), Tokenizer.characters(), 4));
        assertTrue(e.getMessage().contains("maxSize 4") && e.getMessage().contains("at least 5"), e.getMessage());
    }

    @Test
    void aVocabularyWithoutStartEndSaysHowToBuildOneForTeacherForcing() {
        Vocabulary plain = Vocabulary.fit(List.of("abc"), Tokenizer.characters());
        assertFalse(plain.hasStartEnd());
        for (var call : List.<org.junit.jupiter.api.function.Executable>of(plain::startId, plain::endId,
                () -> plain.teacherForcing(List.of("abc"), 0))) {
            var e = assertThrows(IllegalStateException.class, call);
            assertTrue(e.getMessage().contains("fitWithStartEnd"), e.getMessage());
        }
    }

    @Test
    void teacherForcingShiftsTheTargetRightIntoTargetInAndEndsTargetOutWithTheEndToken() {
        Vocabulary v = Vocabulary.fitWithStartEnd(List.of("1998-05-09", "12"), Tokenizer.characters());
        ShiftedTargets y = v.teacherForcing(List.of("1998-05-09", "12"), 0);
        assertArrayEquals(new long[] {2, 11}, y.targetIn().shape(), "longest target + 1 step");
        assertArrayEquals(new long[] {2, 11}, y.targetOut().shape());
        assertArrayEquals(concat(new double[] {2}, ids(v, "1998-05-09")), y.targetIn().getRow(0).toDoubleVector(), 0);
        assertArrayEquals(concat(ids(v, "1998-05-09"), new double[] {3}), y.targetOut().getRow(0).toDoubleVector(), 0);
        assertArrayEquals(concat(new double[] {2}, ids(v, "12"), new double[8]), y.targetIn().getRow(1).toDoubleVector(), 0);
        assertArrayEquals(concat(ids(v, "12"), new double[] {3}, new double[8]), y.targetOut().getRow(1).toDoubleVector(), 0);
        assertEquals(2, y.size());
        assertEquals(11, y.length());
        assertArrayEquals(new long[] {2, 14}, v.teacherForcing(List.of("1998-05-09", "12"), 14).targetIn().shape(), "a given length pads further");
    }

    @Test
    void theMaskOfTargetInMarksExactlyTheStepsTargetOutScores() {
        Vocabulary v = Vocabulary.fitWithStartEnd(List.of("2001-01-01"), Tokenizer.characters());
        ShiftedTargets y = v.teacherForcing(List.of("2001-01-01", "7", "", "x?"), 12);
        assertArrayEquals(y.targetOut().neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix(), y.mask().toFloatMatrix());
        assertArrayEquals(new double[] {11, 2, 1, 3}, y.mask().sum(1).toDoubleVector(), 0, "one step per token plus the end token");
        assertEquals(org.nd4j.linalg.api.buffer.DataType.FLOAT, y.mask().dataType());
        assertArrayEquals(new double[] {2, 1, 1, 0}, java.util.Arrays.copyOf(y.targetIn().getRow(3).toDoubleVector(), 4), 0,
                "characters the vocabulary has not seen are <unk> (1), not padding");
    }

    @Test
    void teacherForcingRefusesATargetThatDoesNotFitAndNamesIt() {
        Vocabulary v = Vocabulary.fitWithStartEnd(List.of("1998-05-09"), Tokenizer.characters());
        var e = assertThrows(IllegalArgumentException.class, () -> v.teacherForcing(List.of("12", "1998-05-09"), 10));
        assertTrue(e.getMessage().contains("target 1") && e.getMessage().contains("1998-05-09") && e.getMessage().contains("length 11"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.teacherForcing(java.util.Arrays.asList("12", null), 0));
        assertTrue(e.getMessage().contains("targets[1] is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.teacherForcing(List.of(), 0));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.teacherForcing(List.of("1"), -3));
        assertTrue(e.getMessage().contains("-3"), e.getMessage());
    }

    @Test
    void encodePaddedPadsAtTheEndAndRefusesToCutALongerText() {
        Vocabulary v = Vocabulary.fit(List.of("9 may 1998", "9.5.98"), Tokenizer.characters());
        INDArray x = v.encodePadded(List.of("9 may 1998", "9.5.98"), 0);
        assertArrayEquals(new long[] {2, 10}, x.shape());
        assertArrayEquals(ids(v, "9 may 1998"), x.getRow(0).toDoubleVector(), 0);
        assertArrayEquals(concat(ids(v, "9.5.98"), new double[4]), x.getRow(1).toDoubleVector(), 0);
        assertArrayEquals(new long[] {2, 12}, v.encodePadded(List.of("9 may 1998", "9.5.98"), 12).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> v.encodePadded(List.of("9.5.98", "9 may 1998"), 8));
        assertTrue(e.getMessage().contains("text 1") && e.getMessage().contains("10 tokens") && e.getMessage().contains("length 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.encodePadded(List.of("9.5.98", ""), 0));
        assertTrue(e.getMessage().contains("text 1 is empty"), e.getMessage());
    }

    @Test
    void decodeSkipsTheStartTokenAndStopsAtTheEndTokenOrPadding() {
        Vocabulary v = Vocabulary.fitWithStartEnd(List.of("ab"), Tokenizer.characters());
        int a = v.id("a"), b = v.id("b");
        assertEquals("ab", v.decode(new int[] {2, a, b, 3, a, 0}));
        assertEquals("ab", v.decode(new int[] {a, b, 3, b}), "a search's tokens end at <end>");
        assertEquals("a", v.decode(new int[] {a, 0, b}), "padding ends the text");
        assertEquals("ab", v.decode(new int[] {a, b}), "a search's tokens come without <end>");
        assertEquals("a<start>b", v.decode(new int[] {a, 2, b}), "a start token the model put in the middle is shown");
        assertEquals("", v.decode(new int[] {2, 3}));
        Vocabulary words = Vocabulary.fit(List.of("x y"), Tokenizer.words());
        assertEquals("x y", words.decode(new int[] {2, 0, 3}), "without start and end, padding is skipped wherever it is, as before");
    }

    @Test
    void decodeOfAnArrayGivesOneTextPerRowAndRefusesScores() {
        Vocabulary v = Vocabulary.fitWithStartEnd(List.of("1998-05-09", "2049-12-31"), Tokenizer.characters());
        List<String> texts = List.of("1998-05-09", "2049-12-31", "1");
        ShiftedTargets y = v.teacherForcing(texts, 0);
        assertEquals(texts, v.decode(y.targetIn()));
        assertEquals(texts, v.decode(y.targetOut()));
        assertEquals(List.of("19", "2"), v.decode(new int[][] {{v.id("1"), v.id("9")}, {v.id("2"), 3, v.id("9")}}));
        var e = assertThrows(IllegalArgumentException.class, () -> v.decode(Nd4j.rand(2, 3, v.size())));
        assertTrue(e.getMessage().contains("argMax(2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.decode(Nd4j.createFromArray(new float[][] {{2, 4.5f}})));
        assertTrue(e.getMessage().contains("ids[0, 1] = 4.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.decode(Nd4j.createFromArray(new float[][] {{2, 99}})));
        assertTrue(e.getMessage().contains("ids[0, 1] = 99"), e.getMessage());
    }
}
