package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of an encoder-decoder's data over random texts (characters from several scripts, one
 * outside the Basic Multilingual Plane): padded ids and teacher-forcing arrays decode back to the texts,
 * targetIn is targetOut shifted right by one step, and the mask of targetIn is exactly the steps of
 * targetOut that hold a token.
 */
class SequenceToSequenceProperties {

    @Provide
    Arbitrary<List<String>> texts() {
        Arbitrary<String> character = Arbitraries.of("a", "b", "Z", "9", "-", " ", ".", "é", "ß", "日", "😀");
        return character.list().ofMinSize(1).ofMaxSize(14).map(cs -> String.join("", cs)).list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 200)
    void paddedIdsDecodeToTheTextsAndPaddingFollowsThem(@ForAll("texts") List<String> texts, @ForAll @IntRange(min = 0, max = 4) int extra,
                                                        @ForAll boolean startEnd) {
        Vocabulary v = startEnd ? Vocabulary.fitWithStartEnd(texts, Tokenizer.characters()) : Vocabulary.fit(texts, Tokenizer.characters());
        int longest = texts.stream().mapToInt(t -> t.codePointCount(0, t.length())).max().orElseThrow();
        float[][] ids = v.encodePadded(texts, extra == 0 ? 0 : longest + extra).toFloatMatrix();
        assertEquals(texts, v.decode(v.encodePadded(texts, extra == 0 ? 0 : longest + extra)));
        for (int i = 0; i < texts.size(); i++) {
            int n = texts.get(i).codePointCount(0, texts.get(i).length());
            assertEquals(extra == 0 ? longest : longest + extra, ids[i].length);
            for (int t = 0; t < ids[i].length; t++) assertEquals(t >= n, ids[i][t] == 0, "row " + i + " step " + t + ": padding exactly after the text");
        }
    }

    @Property(tries = 200)
    void targetInIsTargetOutShiftedRightAndItsMaskMarksTheScoredSteps(@ForAll("texts") List<String> targets,
                                                                       @ForAll @IntRange(min = 0, max = 3) int extra) {
        Vocabulary v = Vocabulary.fitWithStartEnd(targets, Tokenizer.characters());
        int longest = targets.stream().mapToInt(t -> t.codePointCount(0, t.length())).max().orElseThrow();
        ShiftedTargets y = v.teacherForcing(targets, extra == 0 ? 0 : longest + 1 + extra);
        float[][] in = y.targetIn().toFloatMatrix(), out = y.targetOut().toFloatMatrix(), mask = y.mask().toFloatMatrix();
        assertEquals(targets, v.decode(y.targetIn()));
        assertEquals(targets, v.decode(y.targetOut()));
        for (int i = 0; i < targets.size(); i++) {
            int n = targets.get(i).codePointCount(0, targets.get(i).length());
            assertEquals(v.startId(), (int) in[i][0], "targetIn starts with <start>");
            assertEquals(v.endId(), (int) out[i][n], "targetOut ends with <end>");
            for (int t = 0; t < n; t++) assertEquals(out[i][t], in[i][t + 1], "targetIn[t + 1] = targetOut[t]");
            for (int t = 0; t < in[i].length; t++) {
                assertEquals(out[i][t] != 0 ? 1f : 0f, mask[i][t], "row " + i + " step " + t + ": the mask is where targetOut is scored");
                assertEquals(t <= n, in[i][t] != 0, "row " + i + " step " + t + ": n + 1 real steps");
            }
        }
    }
}
