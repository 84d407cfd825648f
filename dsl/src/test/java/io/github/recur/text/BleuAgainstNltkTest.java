package io.github.recur.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Bleu} against nltk 3.8's {@code corpus_bleu} and {@code sentence_bleu} (Debian's python3-nltk): the
 * values in {@code bleu/expected.json}, written by {@code dsl/src/test/python/make_bleu_fixtures.py} from the
 * example corpora in {@code bleu/examples.txt} and from seeded random corpora, for seven weightings and seven
 * smoothings. Equal to 1e-12; where nltk's unsmoothed "0" is its {@code exp(0.25 ln 2.2e-308)} (below 1e-70),
 * Recur's is exactly 0.
 */
class BleuAgainstNltkTest {
    private static final double TOLERANCE = 1e-12;
    /** Below this an unsmoothed nltk score is its stand-in for 0 (a real BLEU of n-gram counts is never this small). */
    private static final double NLTK_ZERO = 1e-70;

    private static Map<String, Object> fixtures;
    private static List<Map<String, Object>> corpora;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = BleuAgainstNltkTest.class.getResourceAsStream("/bleu/expected.json")) {
            assertTrue(in != null, "bleu/expected.json is missing; run /usr/bin/python3 dsl/src/test/python/make_bleu_fixtures.py");
            fixtures = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        corpora = list(fixtures.get("corpora"));
    }

    @Test void corpusBleuEqualsNltkForEveryCorpusWeightingAndSmoothing() {
        List<Map<String, Object>> variants = list(fixtures.get("corpus_variants"));
        var failures = new ArrayList<String>();
        double maxDifference = 0;
        int compared = 0, zeros = 0;
        for (Map<String, Object> corpus : corpora) {
            List<Object> expected = list(corpus.get("corpus"));
            assertEquals(variants.size(), expected.size(), name(corpus));
            for (int v = 0; v < variants.size(); v++) {
                Bleu bleu = bleu(variants.get(v));
                double want = number(expected.get(v));
                double got = isIds(corpus) ? bleu.corpus(idReferences(corpus), idHypotheses(corpus))
                        : bleu.corpus(wordReferences(corpus), wordHypotheses(corpus));
                compared++;
                if (bleu.smoothing().isNone() && want > 0 && want < NLTK_ZERO) {
                    zeros++;
                    if (got != 0) failures.add(name(corpus) + " " + bleu + ": nltk's stand-in for 0 is " + want + ", got " + got);
                    continue;
                }
                maxDifference = Math.max(maxDifference, Math.abs(got - want));
                if (!(Math.abs(got - want) <= TOLERANCE)) failures.add(name(corpus) + " " + bleu + ": nltk " + want + ", Recur " + got);
            }
        }
        System.out.printf("BleuAgainstNltkTest: %d corpus scores (%d of them nltk's stand-in for 0), max |Recur - nltk| = %.3g%n",
                compared, zeros, maxDifference);
        assertTrue(compared > 2500, "only " + compared + " corpus scores compared");
        assertTrue(zeros > 0, "the fixtures should include unsmoothed zero precisions");
        assertTrue(failures.isEmpty(), failures.size() + " differ:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    @Test void sentenceBleuEqualsNltkForEverySentence() {
        List<Map<String, Object>> variants = list(fixtures.get("sentence_variants"));
        var failures = new ArrayList<String>();
        double maxDifference = 0;
        int compared = 0;
        for (Map<String, Object> corpus : corpora) {
            if (!corpus.containsKey("sentence")) continue;
            List<Object> perVariant = list(corpus.get("sentence"));
            boolean ids = isIds(corpus);
            int[][][] idRefs = ids ? idReferences(corpus) : null;
            int[][] idHyps = ids ? idHypotheses(corpus) : null;
            List<List<List<String>>> wordRefs = ids ? null : wordReferences(corpus);
            List<List<String>> wordHyps = ids ? null : wordHypotheses(corpus);
            for (int v = 0; v < variants.size(); v++) {
                Bleu bleu = bleu(variants.get(v));
                List<Object> expected = list(perVariant.get(v));
                for (int s = 0; s < expected.size(); s++) {
                    double want = number(expected.get(s));
                    double got = ids ? bleu.sentence(idRefs[s], idHyps[s]) : bleu.sentence(wordRefs.get(s), wordHyps.get(s));
                    compared++;
                    if (bleu.smoothing().isNone() && want > 0 && want < NLTK_ZERO) {
                        if (got != 0) failures.add(name(corpus) + " sentence " + s + ": nltk's stand-in for 0 is " + want + ", got " + got);
                        continue;
                    }
                    maxDifference = Math.max(maxDifference, Math.abs(got - want));
                    if (!(Math.abs(got - want) <= TOLERANCE)) {
                        failures.add(name(corpus) + " sentence " + s + " " + bleu + ": nltk " + want + ", Recur " + got);
                    }
                }
            }
        }
        System.out.printf("BleuAgainstNltkTest: %d sentence scores, max |Recur - nltk| = %.3g%n", compared, maxDifference);
        assertTrue(compared > 3000, "only " + compared + " sentence scores compared");
        assertTrue(failures.isEmpty(), failures.size() + " differ:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    @Test void countsLengthsAndBrevityPenaltyEqualNltksModifiedPrecisionAndClosestReferenceLength() {
        Bleu bleu5 = Bleu.bleu4().weights(0.2, 0.2, 0.2, 0.2, 0.2);
        for (Map<String, Object> corpus : corpora) {
            Map<String, Object> parts = map(corpus.get("parts"));
            BleuScore s = isIds(corpus) ? bleu5.corpusScore(idReferences(corpus), idHypotheses(corpus))
                    : bleu5.corpusScore(wordReferences(corpus), wordHypotheses(corpus));
            assertArrayEquals(longs(parts.get("matches")), s.matches(), name(corpus) + " matches");
            assertArrayEquals(longs(parts.get("totals")), s.totals(), name(corpus) + " totals");
            assertEquals(number(parts.get("hypothesis_length")), s.hypothesisLength(), name(corpus));
            assertEquals(number(parts.get("reference_length")), s.referenceLength(), name(corpus));
            assertEquals(number(parts.get("brevity_penalty")), s.brevityPenalty(), TOLERANCE, name(corpus));
        }
    }

    @Test void tokenIdsAsIntArraysAndAsListsOfIntegersScoreTheSame() {
        int checked = 0;
        for (Map<String, Object> corpus : corpora) {
            if (!isIds(corpus)) continue;
            int[][][] refs = idReferences(corpus);
            int[][] hyps = idHypotheses(corpus);
            List<List<List<Integer>>> refLists = new ArrayList<>();
            List<List<Integer>> hypLists = new ArrayList<>();
            for (int s = 0; s < hyps.length; s++) {
                hypLists.add(boxed(hyps[s]));
                List<List<Integer>> r = new ArrayList<>();
                for (int[] ref : refs[s]) r.add(boxed(ref));
                refLists.add(r);
            }
            Bleu bleu = Bleu.bleu4().smoothing(BleuSmoothing.epsilon());
            assertEquals(bleu.corpus(refs, hyps), bleu.corpus(refLists, hypLists), 0.0, name(corpus));
            checked++;
        }
        assertEquals(2, checked, "the fixtures have two corpora of ids");
    }

    // ---- fixture reading ----------------------------------------------------------------------

    private static Bleu bleu(Map<String, Object> variant) {
        List<Object> w = list(variant.get("weights"));
        double[] weights = new double[w.size()];
        for (int i = 0; i < weights.length; i++) weights[i] = number(w.get(i));
        Map<String, Object> s = map(variant.get("smoothing"));
        BleuSmoothing smoothing = switch ((String) s.get("method")) {
            case "none" -> BleuSmoothing.none();
            case "method1" -> BleuSmoothing.epsilon(number(s.get("epsilon")));
            case "method2" -> BleuSmoothing.addOne();
            case "method3" -> BleuSmoothing.nist();
            case "method4" -> BleuSmoothing.lengthScaledNist((int) number(s.get("k")));
            default -> throw new IllegalStateException("unknown smoothing " + s);
        };
        return Bleu.bleu4().weights(weights).smoothing(smoothing);
    }

    private static boolean isIds(Map<String, Object> corpus) { return "ids".equals(corpus.get("tokens")); }

    private static String name(Map<String, Object> corpus) { return (String) corpus.get("name"); }

    private static List<String> tokens(Object sentence) {
        String s = (String) sentence;
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(" ", -1));
    }

    private static List<List<List<String>>> wordReferences(Map<String, Object> corpus) {
        var out = new ArrayList<List<List<String>>>();
        for (Object refs : list(corpus.get("references"))) {
            var r = new ArrayList<List<String>>();
            for (Object ref : list(refs)) r.add(tokens(ref));
            out.add(r);
        }
        return out;
    }

    private static List<List<String>> wordHypotheses(Map<String, Object> corpus) {
        var out = new ArrayList<List<String>>();
        for (Object h : list(corpus.get("hypotheses"))) out.add(tokens(h));
        return out;
    }

    private static int[] ids(Object sentence) { return tokens(sentence).stream().mapToInt(Integer::parseInt).toArray(); }

    private static int[][][] idReferences(Map<String, Object> corpus) {
        List<Object> refs = list(corpus.get("references"));
        int[][][] out = new int[refs.size()][][];
        for (int s = 0; s < out.length; s++) out[s] = list(refs.get(s)).stream().map(BleuAgainstNltkTest::ids).toArray(int[][]::new);
        return out;
    }

    private static int[][] idHypotheses(Map<String, Object> corpus) {
        return list(corpus.get("hypotheses")).stream().map(BleuAgainstNltkTest::ids).toArray(int[][]::new);
    }

    private static List<Integer> boxed(int[] a) { return Arrays.stream(a).boxed().toList(); }

    private static long[] longs(Object o) { return list(o).stream().mapToLong(x -> ((Number) x).longValue()).toArray(); }

    private static double number(Object o) { return ((Number) o).doubleValue(); }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object o) { return (List<T>) o; }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) { return (Map<String, Object>) o; }
}
