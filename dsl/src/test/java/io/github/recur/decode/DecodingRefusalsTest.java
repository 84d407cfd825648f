package io.github.recur.decode;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Both searches refuse settings that cannot decode and step outputs that are not log-probabilities, with what to do. */
class DecodingRefusalsTest {
    private static final int END = 1;
    private static final List<Search> SEARCHES = List.of(new GreedySearch().endToken(END).maxLength(5),
            new BeamSearch(3).endToken(END).maxLength(5));

    /** A step that returns what {@code output} makes of the tokens it is given. */
    private static DecoderStep returning(Function<int[], INDArray> output) {
        return new DecoderStep() {
            @Override public INDArray logProbabilities(int[] previousTokens) { return output.apply(previousTokens); }

            @Override public void keepRows(int[] rows) {}
        };
    }

    /** log(1/4) for every token of every row: a valid step of vocabulary 4. */
    private static INDArray uniform(int rows, int vocabulary) {
        return Nd4j.valueArrayOf(new long[] {rows, vocabulary}, Math.log(1.0 / vocabulary));
    }

    private static String refused(Runnable call) { return assertThrows(IllegalArgumentException.class, call::run).getMessage(); }

    private static void mentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "\"" + message + "\" should mention \"" + p + "\"");
    }

    @Test void decodingWithNeitherAnEndTokenNorAMaximumLengthIsRefused() {
        DecoderStep step = returning(t -> uniform(t.length, 4));
        mentions(refused(() -> new GreedySearch().decode(step, new int[] {0})), "greedySearch", "neither an end token nor a maximum length",
                "endToken(", "maxLength(");
        mentions(refused(() -> new BeamSearch(2).lengthPenalty(0.6).decode(step, new int[] {0})), "beamSearch(2)", "never stop");
    }

    @Test void aWidthOrMaximumLengthBelowOneIsRefused() {
        mentions(refused(() -> new BeamSearch(0)), "width must be >= 1", "got 0");
        mentions(refused(() -> new BeamSearch(-3)), "got -3");
        mentions(refused(() -> new BeamSearch(2).maxLength(0)), "beamSearch(2)", "maxLength must be >= 1", "got 0");
        mentions(refused(() -> new GreedySearch().maxLength(-1)), "greedySearch", "maxLength must be >= 1", "got -1");
        mentions(refused(() -> new GreedySearch().endToken(-1)), "endToken must be a token id >= 0", "got -1");
    }

    @Test void aNegativeOrNonFiniteLengthPenaltyIsRefused() {
        mentions(refused(() -> new BeamSearch(2).lengthPenalty(-0.5)), "lengthPenalty", ">= 0", "-0.5");
        mentions(refused(() -> new BeamSearch(2).lengthPenalty(Double.NaN)), "NaN");
        mentions(refused(() -> new BeamSearch(2).lengthPenalty(Double.POSITIVE_INFINITY)), "Infinity");
    }

    @Test void missingOrNegativeStartTokensAndAMissingStepAreRefused() {
        for (Search s : SEARCHES) {
            DecoderStep step = returning(t -> uniform(t.length, 4));
            mentions(refused(() -> s.decode(null, new int[] {0})), "step is null");
            mentions(refused(() -> s.decode(step, null)), "startTokens is null");
            mentions(refused(() -> s.decode(step, new int[0])), "startTokens is empty");
            mentions(refused(() -> s.decode(step, new int[] {0, -2})), "start token of row 1", "got -2");
        }
    }

    @Test void logProbabilitiesOfTheWrongShapeAreRefusedWithBothShapes() {
        for (Search s : SEARCHES) {
            mentions(refused(() -> s.decode(returning(t -> uniform(t.length + 1, 4)), new int[] {0, 0})), "step 1", "[3, 4]", "for 2 rows",
                    "[2, vocabulary]");
            mentions(refused(() -> s.decode(returning(t -> Nd4j.valueArrayOf(new long[] {4}, -1.4)), new int[] {0})), "[4]", "for 1 rows");
            mentions(refused(() -> s.decode(returning(t -> null), new int[] {0})), "returned null");
        }
    }

    @Test void logProbabilitiesWithNaNAreRefusedNamingStepRowAndToken() {
        for (Search s : SEARCHES) {
            String m = refused(() -> s.decode(returning(t -> {
                INDArray a = uniform(t.length, 4);
                if (t.length > 1) a.putScalar(1, 2, Double.NaN);
                return a;
            }), new int[] {0, 0}));
            mentions(m, "step 1", "NaN", "token 2", "row 1", "sentence 1");
        }
    }

    @Test void logitsOrProbabilitiesInsteadOfLogProbabilitiesAreRefused() {
        for (Search s : SEARCHES) {
            mentions(refused(() -> s.decode(returning(t -> Nd4j.valueArrayOf(new long[] {t.length, 4}, 0.25)), new int[] {0})),
                    "0.25", "a log-probability is <= 0", "log-softmax", "not logits or probabilities");
            mentions(refused(() -> s.decode(returning(t -> Nd4j.valueArrayOf(new long[] {t.length, 4}, Double.POSITIVE_INFINITY)),
                    new int[] {0})), "Infinity", "<= 0");
        }
    }

    @Test void aRowWhereNoTokenIsPossibleIsRefused() {
        for (Search s : SEARCHES) {
            mentions(refused(() -> s.decode(returning(t -> Nd4j.valueArrayOf(new long[] {t.length, 4}, Double.NEGATIVE_INFINITY)),
                    new int[] {0})), "every log-probability of row 0", "-Infinity");
        }
    }

    @Test void anEndTokenOutsideTheVocabularyIsRefused() {
        DecoderStep step = returning(t -> uniform(t.length, 4));
        mentions(refused(() -> new GreedySearch().endToken(4).decode(step, new int[] {0})), "endToken 4", "vocabulary of 4", "below 4");
        mentions(refused(() -> new BeamSearch(2).endToken(9).maxLength(3).decode(step, new int[] {0})), "endToken 9", "vocabulary of 4");
    }

    @Test void aVocabularyThatChangesBetweenStepsIsRefused() {
        for (Search s : SEARCHES) {
            int[] calls = {0};
            mentions(refused(() -> s.decode(returning(t -> uniform(t.length, calls[0]++ == 0 ? 4 : 5)), new int[] {0})), "step 2",
                    "5 tokens per row after 4", "stay the same");
        }
    }

    @Test void aModelThatNeverEndsStopsWithAnErrorWhenThereIsNoMaximumLength() {
        double[] never = {0, Double.NEGATIVE_INFINITY, 0};  // token 1, the end, is impossible
        for (Search s : List.of(new GreedySearch().endToken(END), new BeamSearch(2).endToken(END))) {
            DecoderStep step = returning(t -> {
                double[][] rows = new double[t.length][];
                for (int i = 0; i < rows.length; i++) rows[i] = never.clone();
                rows[0][2] = Math.log(0.5);   // two tokens of probability 1 would not be a distribution; it need not be one
                return Nd4j.createFromArray(rows);
            });
            String m = assertThrows(IllegalStateException.class, () -> s.decode(step, new int[] {0})).getMessage();
            mentions(m, "have not produced the end token 1 after " + Stopping.UNBOUNDED_LIMIT + " steps", "set maxLength(n)");
        }
    }
}
