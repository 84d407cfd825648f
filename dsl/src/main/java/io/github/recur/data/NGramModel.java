package io.github.recur.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A count-based n-gram language model over token ids, with interpolated Kneser-Ney smoothing: the
 * baseline a neural language model has to beat. The probability of the next token mixes what
 * followed the last {@code order - 1} tokens in the training text with, recursively, what follows
 * shorter contexts, down to a uniform guess over the vocabulary, so an unseen token is never
 * impossible:
 *
 * <pre>
 *   p(w | h) = max(c(h w) - D, 0) / c(h) + D · N(h •) / c(h) · p(w | h')
 * </pre>
 *
 * where {@code h'} is {@code h} without its first token, {@code N(h •)} the number of distinct
 * tokens seen after {@code h}, and {@code D} the discount of that order (Ney's estimate
 * {@code n1 / (n1 + 2 n2)} from the numbers of n-grams seen once and twice, kept within
 * {@code [0.1, 0.9]}). The highest order counts occurrences; lower orders count in how many distinct
 * contexts a sequence occurs (Kneser-Ney's continuation counts: "Francisco" is frequent, but only
 * after "San"). A context never seen in training falls back to the shorter one. Chen &amp; Goodman
 * (1998), "An empirical study of smoothing techniques for language modeling".
 *
 * <pre>{@code
 * var vocab = Vocabulary.ofCharacters(trainText);
 * int[] ids = vocab.encode(text);                                  // training text, then held-out text
 * var fiveGram = NGramModel.fit(Arrays.copyOfRange(ids, 0, nTrain), 5, vocab.size());
 * double ppl = fiveGram.perplexity(ids, nTrain, ids.length);        // contexts may reach back into training text
 * int next = fiveGram.sample(Arrays.copyOfRange(ids, 0, nTrain), 1.0, new Random(1));
 * }</pre>
 */
public final class NGramModel {
    private final int order;
    private final int vocabularySize;
    private final long trainingTokens;
    /** levels[k - 1] holds the k-grams. */
    private final Level[] levels;

    /** The n-grams of one length k, each encoded as a number in base V, sorted. */
    private static final class Level {
        long[] grams;
        int[] counts;          // occurrences (k = order) or continuation counts (k < order)
        long[] contexts;       // the distinct first k - 1 tokens of the grams, sorted
        long[] contextTotals;  // sum of counts of the grams with that context
        int[] contextTypes;    // number of distinct grams with that context
        double discount;
    }

    private NGramModel(int order, int vocabularySize, long trainingTokens, Level[] levels) {
        this.order = order;
        this.vocabularySize = vocabularySize;
        this.trainingTokens = trainingTokens;
        this.levels = levels;
    }

    /**
     * Counts the n-grams of {@code tokens} up to length {@code order} (1 = unigram; 3 to 6 suit
     * characters); every token must be an id in {@code [0, vocabularySize)}.
     */
    public static NGramModel fit(int[] tokens, int order, int vocabularySize) {
        if (tokens == null || tokens.length == 0) throw new IllegalArgumentException("NGramModel.fit: no training tokens given");
        if (vocabularySize < 1) throw new IllegalArgumentException("NGramModel.fit: vocabularySize must be at least 1, got " + vocabularySize);
        if (order < 1) throw new IllegalArgumentException("NGramModel.fit: order must be at least 1 (1 = unigram), got " + order);
        long limit = 1;
        for (int k = 0; k < order; k++) {
            if (limit > Long.MAX_VALUE / vocabularySize) {
                throw new IllegalArgumentException("NGramModel.fit: order " + order + " with a vocabulary of " + vocabularySize
                        + " ids is too large to encode (" + vocabularySize + "^" + order + " exceeds 2^63); use a lower order");
            }
            limit *= vocabularySize;
        }
        if (tokens.length < order) {
            throw new IllegalArgumentException("NGramModel.fit: " + tokens.length + " training tokens hold no " + order
                    + "-gram; give at least " + order + " tokens or lower the order");
        }
        checkIds(tokens, 0, tokens.length, vocabularySize, "NGramModel.fit: training token");
        Level[] levels = new Level[order];
        // Highest order: occurrences. Below: in how many distinct left contexts each gram occurs.
        long[] grams = grams(tokens, order, vocabularySize);
        Arrays.sort(grams);
        levels[order - 1] = level(grams, vocabularySize, order);
        for (int k = order - 1; k >= 1; k--) {
            long[] higher = levels[k].grams;      // distinct (k+1)-grams
            long mod = power(vocabularySize, k);
            long[] suffixes = new long[higher.length];
            for (int i = 0; i < higher.length; i++) suffixes[i] = higher[i] % mod; // drop the first token
            Arrays.sort(suffixes);
            levels[k - 1] = level(suffixes, vocabularySize, k);
        }
        return new NGramModel(order, vocabularySize, tokens.length, levels);
    }

    private static long[] grams(int[] tokens, int k, int v) {
        int n = tokens.length - k + 1;
        if (n <= 0) return new long[0];
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long g = 0;
            for (int j = 0; j < k; j++) g = g * v + tokens[i + j];
            out[i] = g;
        }
        return out;
    }

    /** Distinct grams with their multiplicities in {@code sorted}, grouped by context. */
    private static Level level(long[] sorted, int v, int k) {
        var l = new Level();
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) if (i == 0 || sorted[i] != sorted[i - 1]) distinct++;
        l.grams = new long[distinct];
        l.counts = new int[distinct];
        int d = -1;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) l.grams[++d] = sorted[i];
            l.counts[d]++;
        }
        // Sorted grams keep each context's grams together (the context is the high-order digits).
        int contexts = 0;
        for (int i = 0; i < distinct; i++) if (i == 0 || l.grams[i] / v != l.grams[i - 1] / v) contexts++;
        l.contexts = new long[contexts];
        l.contextTotals = new long[contexts];
        l.contextTypes = new int[contexts];
        int c = -1;
        long n1 = 0, n2 = 0;
        for (int i = 0; i < distinct; i++) {
            if (i == 0 || l.grams[i] / v != l.grams[i - 1] / v) l.contexts[++c] = l.grams[i] / v;
            l.contextTotals[c] += l.counts[i];
            l.contextTypes[c]++;
            if (l.counts[i] == 1) n1++;
            if (l.counts[i] == 2) n2++;
        }
        double estimate = n1 + 2 * n2 == 0 ? 0.5 : (double) n1 / (n1 + 2 * n2);
        l.discount = Math.min(0.9, Math.max(0.1, estimate));
        return l;
    }

    private static long power(int v, int k) {
        long p = 1;
        for (int i = 0; i < k; i++) p *= v;
        return p;
    }

    // ---- probabilities ------------------------------------------------------------------------

    /**
     * The probability that {@code next} follows {@code context} (the tokens before it, oldest first;
     * only the last {@code order - 1} are used, fewer at the start of a text).
     */
    public double probability(int[] context, int next) {
        if (context == null) throw new IllegalArgumentException("NGramModel.probability: context is null; pass new int[0] for none");
        checkIds(context, 0, context.length, vocabularySize, "NGramModel.probability: context token");
        checkId(next, "next");
        return probability(context, context.length, next);
    }

    /** p(tokens[end] = next | tokens[.. end)), reading the context in place. */
    private double probability(int[] tokens, int end, int next) {
        double p = 1.0 / vocabularySize;
        for (int k = 1; k <= order; k++) {
            if (k - 1 > end) break;
            long h = 0;
            for (int j = end - (k - 1); j < end; j++) h = h * vocabularySize + tokens[j];
            Level l = levels[k - 1];
            int ci = Arrays.binarySearch(l.contexts, h);
            if (ci < 0) continue; // an unseen context keeps the shorter context's estimate
            int gi = Arrays.binarySearch(l.grams, h * vocabularySize + next);
            int c = gi >= 0 ? l.counts[gi] : 0;
            double total = l.contextTotals[ci];
            p = Math.max(c - l.discount, 0) / total + l.discount * l.contextTypes[ci] / total * p;
        }
        return p;
    }

    /** The probabilities of every id {@code 0..vocabularySize-1} after {@code context}; they sum to 1. */
    public double[] distribution(int[] context) {
        if (context == null) throw new IllegalArgumentException("NGramModel.distribution: context is null; pass new int[0] for none");
        checkIds(context, 0, context.length, vocabularySize, "NGramModel.distribution: context token");
        double[] p = new double[vocabularySize];
        for (int w = 0; w < vocabularySize; w++) p[w] = probability(context, context.length, w);
        return p;
    }

    /**
     * The natural log of the probability of each token {@code tokens[i]}, {@code from <= i < to},
     * given the tokens before it in the same array (so held-out text placed after the training
     * text is scored with the context a reader would have).
     */
    public double[] logProbabilities(int[] tokens, int from, int to) {
        checkRange(tokens, from, to, "logProbabilities");
        checkIds(tokens, Math.max(0, from - (order - 1)), to, vocabularySize, "NGramModel.logProbabilities: token");
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) out[i - from] = Math.log(probability(tokens, i, tokens[i]));
        return out;
    }

    /** Perplexity of {@code tokens[from..to)}: exp of the mean negative log-probability (see {@link #logProbabilities}). */
    public double perplexity(int[] tokens, int from, int to) {
        double[] lp = logProbabilities(tokens, from, to);
        double s = 0;
        for (double v : lp) s -= v;
        return Math.exp(s / lp.length);
    }

    /** Perplexity of a whole token sequence, the first token scored without context. */
    public double perplexity(int[] tokens) {
        if (tokens == null) throw new IllegalArgumentException("NGramModel.perplexity: tokens is null");
        return perplexity(tokens, 0, tokens.length);
    }

    /**
     * Draws the next id after {@code context} from {@link #distribution}, sharpened
     * ({@code temperature < 1}) or flattened ({@code > 1}) as {@code p^(1/temperature)}.
     */
    public int sample(int[] context, double temperature, Random rng) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("NGramModel.sample: temperature must be a positive number, got " + temperature);
        }
        if (rng == null) throw new IllegalArgumentException("NGramModel.sample: rng is null; pass e.g. new Random(1)");
        double[] p = distribution(context);
        double max = 0;
        for (double v : p) max = Math.max(max, v);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.pow(p[i] / max, 1.0 / temperature); // relative to the largest: no underflow at low temperature
            sum += p[i];
        }
        double r = rng.nextDouble() * sum;
        for (int i = 0; i < p.length; i++) {
            r -= p[i];
            if (r < 0) return i;
        }
        for (int i = p.length - 1; i >= 0; i--) if (p[i] > 0) return i;
        return p.length - 1;
    }

    /**
     * Generates {@code length} tokens after {@code prime} (at least one token), each sampled with
     * {@link #sample} from the context the generated text has so far.
     */
    public int[] generate(int[] prime, int length, double temperature, Random rng) {
        if (prime == null || prime.length == 0) throw new IllegalArgumentException("NGramModel.generate: give at least one token to start from");
        if (length < 0) throw new IllegalArgumentException("NGramModel.generate: length must be >= 0, got " + length);
        checkIds(prime, 0, prime.length, vocabularySize, "NGramModel.generate: prime token");
        int[] all = Arrays.copyOf(prime, prime.length + length);
        for (int i = prime.length; i < all.length; i++) {
            int[] context = Arrays.copyOfRange(all, Math.max(0, i - (order - 1)), i);
            all[i] = sample(context, temperature, rng);
        }
        return Arrays.copyOfRange(all, prime.length, all.length);
    }

    // ---- what was counted ------------------------------------------------------------------------

    public int order() { return order; }

    public int vocabularySize() { return vocabularySize; }

    /** How many distinct k-grams the model holds for {@code k = 1..order} (at lower orders, those with a left context). */
    public int[] distinctGrams() {
        int[] out = new int[order];
        for (int k = 0; k < order; k++) out[k] = levels[k].grams.length;
        return out;
    }

    /** The discount D of each order {@code k = 1..order}. */
    public double[] discounts() {
        double[] out = new double[order];
        for (int k = 0; k < order; k++) out[k] = levels[k].discount;
        return out;
    }

    @Override
    public String toString() {
        List<String> d = new ArrayList<>();
        for (double v : discounts()) d.add(String.format(Locale.ROOT, "%.2f", v));
        return String.format(Locale.ROOT, "NGramModel(order %d, Kneser-Ney, vocabulary %d, %,d training tokens, %,d distinct %d-grams, discounts %s)",
                order, vocabularySize, trainingTokens, levels[order - 1].grams.length, order, d);
    }

    // ---- checks ----------------------------------------------------------------------------------

    private void checkId(int id, String what) {
        if (id < 0 || id >= vocabularySize) {
            throw new IllegalArgumentException("NGramModel: " + what + " id " + id + " is outside the vocabulary 0.." + (vocabularySize - 1));
        }
    }

    private static void checkIds(int[] tokens, int from, int to, int v, String what) {
        for (int i = from; i < to; i++) {
            if (tokens[i] < 0 || tokens[i] >= v) {
                throw new IllegalArgumentException(what + " at index " + i + " is " + tokens[i] + ", outside the vocabulary 0.." + (v - 1)
                        + "; encode text with the vocabulary the model was fitted for");
            }
        }
    }

    private static void checkRange(int[] tokens, int from, int to, String what) {
        if (tokens == null) throw new IllegalArgumentException("NGramModel." + what + ": tokens is null");
        if (from < 0 || to > tokens.length || from >= to) {
            throw new IllegalArgumentException("NGramModel." + what + ": range [" + from + ", " + to + ") must be non-empty and inside the "
                    + tokens.length + " tokens");
        }
    }
}
