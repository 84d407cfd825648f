package io.github.recur.text;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BLEU (Papineni et al. 2002) as nltk 3.8 computes it in {@code nltk.translate.bleu_score}: by default corpus
 * BLEU-4 ({@code corpus_bleu}) with uniform weights 0.25, modified n-gram precisions (each hypothesis n-gram
 * counted at most as often as the reference that has it most), summed over the corpus before dividing (not an
 * average of sentence scores), and a brevity penalty from the reference closest in length to each hypothesis
 * (the shorter on a tie). Scores lie in [0, 1]. Tokens are compared with {@code equals}: strings, or int ids.
 * Equal to nltk to 1e-12 on the committed examples ({@code BleuAgainstNltkTest}), with one difference by design:
 * where nltk's unsmoothed score is "0" computed as {@code exp(0.25 * ln(2.2e-308))} (below 1e-70), this returns 0.
 *
 * <pre>{@code
 * var references = List.of(List.of(List.of("the", "cat", "is", "on", "the", "mat"),
 *                                  List.of("there", "is", "a", "cat", "on", "the", "mat")));
 * var hypotheses = List.of(List.of("the", "cat", "sat", "on", "the", "mat"));
 * double corpus = Bleu.bleu4().corpus(references, hypotheses);          // nltk corpus_bleu
 * double one = Bleu.bleu4().smoothing(BleuSmoothing.epsilon(0.1))       // nltk sentence_bleu with method1
 *         .sentence(references.get(0), hypotheses.get(0));
 * }</pre>
 *
 * <p>Immutable: {@link #weights(double...)} and {@link #smoothing(BleuSmoothing)} return a changed copy.
 */
public final class Bleu {
    /** How far the weights may sum from 1 (weights typed as 0.333, 0.333, 0.334 sum to 1 only to rounding). */
    private static final double WEIGHT_SUM_TOLERANCE = 1e-6;

    private final double[] weights;
    private final BleuSmoothing smoothing;

    private Bleu(double[] weights, BleuSmoothing smoothing) {
        this.weights = weights;
        this.smoothing = smoothing;
    }

    /** BLEU-4: weights 0.25 for 1- to 4-grams, no smoothing (nltk's defaults). */
    public static Bleu bleu4() { return new Bleu(new double[] {0.25, 0.25, 0.25, 0.25}, BleuSmoothing.none()); }

    /**
     * A copy with other n-gram weights: one per order from unigrams up, each >= 0, summing to 1; e.g. BLEU-2 is
     * {@code weights(0.5, 0.5)}. As nltk, an order with weight 0 is counted but does not change the score.
     */
    public Bleu weights(double... weights) {
        if (weights == null) throw new IllegalArgumentException("Bleu.weights: weights is null; e.g. weights(0.25, 0.25, 0.25, 0.25) for BLEU-4");
        if (weights.length == 0) throw new IllegalArgumentException("Bleu.weights: no weights; give one per n-gram order, e.g. weights(0.5, 0.5) for BLEU-2");
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || !Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("Bleu.weights: the weight of " + (i + 1) + "-grams must be a finite number >= 0, got "
                        + weights[i] + " in " + Arrays.toString(weights));
            }
            sum += weights[i];
        }
        if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
            throw new IllegalArgumentException("Bleu.weights: the weights must sum to 1, got " + Arrays.toString(weights) + " summing to "
                    + sum + "; for BLEU-N use N weights of 1/N");
        }
        return new Bleu(weights.clone(), smoothing);
    }

    /** A copy with a smoothing for orders without a match; see {@link BleuSmoothing}. */
    public Bleu smoothing(BleuSmoothing smoothing) {
        if (smoothing == null) {
            throw new IllegalArgumentException("Bleu.smoothing: smoothing is null; use BleuSmoothing.none() (the default) or e.g. BleuSmoothing.epsilon(0.1)");
        }
        return new Bleu(weights, smoothing);
    }

    /** The weight of each n-gram order, unigrams first. */
    public double[] weights() { return weights.clone(); }

    public BleuSmoothing smoothing() { return smoothing; }

    /**
     * Corpus BLEU (nltk {@code corpus_bleu}): {@code references.get(i)} are the reference translations of
     * {@code hypotheses.get(i)}, each a list of tokens.
     */
    public <T> double corpus(List<? extends List<? extends List<T>>> references, List<? extends List<T>> hypotheses) {
        return corpusScore(references, hypotheses).value();
    }

    /** Corpus BLEU over token ids: {@code references[i]} are the references of {@code hypotheses[i]}. */
    public double corpus(int[][][] references, int[][] hypotheses) {
        return corpusScore(references, hypotheses).value();
    }

    /** {@link #corpus(List, List)} with its parts: precisions, lengths, brevity penalty. */
    public <T> BleuScore corpusScore(List<? extends List<? extends List<T>>> references, List<? extends List<T>> hypotheses) {
        String call = "corpusBleu";
        if (references == null) {
            throw new IllegalArgumentException(call + ": references is null; give one list of reference token lists per hypothesis");
        }
        if (hypotheses == null) throw new IllegalArgumentException(call + ": hypotheses is null; give one token list per sentence");
        checkSizes(call, references.size(), hypotheses.size());
        Map<Object, Integer> codes = new HashMap<>();
        int[][][] refs = new int[references.size()][][];
        int[][] hyps = new int[hypotheses.size()][];
        for (int s = 0; s < hyps.length; s++) {
            String sentence = " of hypothesis " + s;
            hyps[s] = encode(call, hypotheses.get(s), "hypothesis " + s, "", codes);
            List<? extends List<T>> r = references.get(s);
            if (r == null) throw new IllegalArgumentException(call + ": the references" + sentence + " are null; give at least one reference token list");
            refs[s] = new int[r.size()][];
            for (int j = 0; j < r.size(); j++) refs[s][j] = encode(call, r.get(j), "reference " + j, sentence, codes);
        }
        return score(call, refs, hyps, false);
    }

    /** {@link #corpus(int[][][], int[][])} with its parts. */
    public BleuScore corpusScore(int[][][] references, int[][] hypotheses) {
        String call = "corpusBleu";
        if (references == null) throw new IllegalArgumentException(call + ": references is null; give one array of reference ids per hypothesis");
        if (hypotheses == null) throw new IllegalArgumentException(call + ": hypotheses is null; give one id array per sentence");
        checkSizes(call, references.length, hypotheses.length);
        for (int s = 0; s < hypotheses.length; s++) {
            if (hypotheses[s] == null) throw new IllegalArgumentException(call + ": hypothesis " + s + " is null; an empty translation is new int[0]");
            if (references[s] == null) {
                throw new IllegalArgumentException(call + ": the references of hypothesis " + s + " are null; give at least one reference id array");
            }
            for (int j = 0; j < references[s].length; j++) {
                if (references[s][j] == null) {
                    throw new IllegalArgumentException(call + ": reference " + j + " of hypothesis " + s + " is null; an empty reference is new int[0]");
                }
            }
        }
        return score(call, references, hypotheses, false);
    }

    /** Sentence BLEU (nltk {@code sentence_bleu}): the corpus BLEU of one hypothesis. Short sentences usually need a smoothing. */
    public <T> double sentence(List<? extends List<T>> references, List<T> hypothesis) {
        String call = "sentenceBleu";
        if (references == null) throw new IllegalArgumentException(call + ": references is null; give at least one reference token list");
        Map<Object, Integer> codes = new HashMap<>();
        int[] hyp = encode(call, hypothesis, "hypothesis", "", codes);
        int[][] refs = new int[references.size()][];
        for (int j = 0; j < refs.length; j++) refs[j] = encode(call, references.get(j), "reference " + j, "", codes);
        return score(call, new int[][][] {refs}, new int[][] {hyp}, true).value();
    }

    /** Sentence BLEU over token ids. */
    public double sentence(int[][] references, int[] hypothesis) {
        String call = "sentenceBleu";
        if (references == null) throw new IllegalArgumentException(call + ": references is null; give at least one reference id array");
        if (hypothesis == null) throw new IllegalArgumentException(call + ": hypothesis is null; an empty translation is new int[0]");
        for (int j = 0; j < references.length; j++) {
            if (references[j] == null) throw new IllegalArgumentException(call + ": reference " + j + " is null; an empty reference is new int[0]");
        }
        return score(call, new int[][][] {references}, new int[][] {hypothesis}, true).value();
    }

    private static void checkSizes(String call, int references, int hypotheses) {
        if (hypotheses == 0) {
            throw new IllegalArgumentException(call + ": the corpus is empty (0 hypotheses); give at least one hypothesis with its references");
        }
        if (references != hypotheses) {
            throw new IllegalArgumentException(call + ": " + hypotheses + " hypotheses but " + references + " lists of references; "
                    + "give one list per hypothesis (the references of hypothesis i at index i)");
        }
    }

    /** The tokens as ints, equal tokens to equal ints, with null refused by name. */
    private static int[] encode(String call, List<?> tokens, String what, String where, Map<Object, Integer> codes) {
        if (tokens == null) throw new IllegalArgumentException(call + ": " + what + where + " is null; an empty sentence is an empty list");
        int[] out = new int[tokens.size()];
        int i = 0;
        for (Object t : tokens) {
            if (t == null) throw new IllegalArgumentException(call + ": token " + i + " of " + what + where + " is null; tokens must be non-null");
            Integer code = codes.get(t);
            if (code == null) codes.put(t, code = codes.size());
            out[i++] = code;
        }
        return out;
    }

    private BleuScore score(String call, int[][][] references, int[][] hypotheses, boolean oneSentence) {
        int orders = weights.length;
        long[] matches = new long[orders], totals = new long[orders];
        long hypothesisLength = 0, referenceLength = 0;
        for (int s = 0; s < hypotheses.length; s++) {
            int[] hyp = hypotheses[s];
            int[][] refs = references[s];
            if (refs.length == 0) {
                throw new IllegalArgumentException(call + ": the references" + (oneSentence ? "" : " of hypothesis " + s)
                        + " are empty; give at least one reference (an empty reference is an empty list)");
            }
            for (int n = 1; n <= orders; n++) {
                Map<NGram, Integer> counts = NGram.count(hyp, n);
                Map<NGram, Integer> mostInAReference = new HashMap<>();
                for (int[] ref : refs) {
                    Map<NGram, Integer> refCounts = NGram.count(ref, n);
                    for (NGram g : counts.keySet()) mostInAReference.merge(g, refCounts.getOrDefault(g, 0), Math::max);
                }
                for (var e : counts.entrySet()) matches[n - 1] += Math.min(e.getValue(), mostInAReference.get(e.getKey()));
                totals[n - 1] += Math.max(1, hyp.length - n + 1); // nltk: at least 1 per sentence and order
            }
            hypothesisLength += hyp.length;
            referenceLength += closestReferenceLength(refs, hyp.length);
        }
        double brevityPenalty = hypothesisLength > referenceLength ? 1
                : hypothesisLength == 0 ? 0 : Math.exp(1 - (double) referenceLength / hypothesisLength);
        return new BleuScore(value(matches, totals, hypothesisLength, brevityPenalty), matches, totals, hypothesisLength,
                referenceLength, brevityPenalty);
    }

    /** The length of the reference closest to the hypothesis' length; the shorter of two equally close (nltk, mteval). */
    private static int closestReferenceLength(int[][] references, int hypothesisLength) {
        int best = references[0].length;
        for (int[] r : references) {
            int d = Math.abs(r.length - hypothesisLength), bestD = Math.abs(best - hypothesisLength);
            if (d < bestD || (d == bestD && r.length < best)) best = r.length;
        }
        return best;
    }

    /** The brevity penalty times the weighted geometric mean of the (smoothed) precisions. */
    private double value(long[] matches, long[] totals, long hypothesisLength, double brevityPenalty) {
        if (matches[0] == 0) return 0; // no unigram matches: no higher ones either, whatever the smoothing (nltk)
        double[] p = smoothing.precisions(matches, totals, hypothesisLength);
        double logMean = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) logMean += weights[i] * Math.log(p[i]);
            else if (smoothing.isNone() && weights[i] > 0) return 0; // a weighted order without a match
        }
        return brevityPenalty * Math.exp(logMean);
    }

    @Override public String toString() {
        var w = new StringBuilder();
        for (double x : weights) w.append(w.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", x));
        return "BLEU-" + weights.length + " (weights " + w + "; " + smoothing + ")";
    }
}
