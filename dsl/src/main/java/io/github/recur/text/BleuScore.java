package io.github.recur.text;

import java.util.Locale;

/**
 * A BLEU score and what it is made of: per n-gram order the clipped matches and the total n-grams of the
 * hypotheses, the lengths, the brevity penalty. {@link Bleu#corpusScore} returns it.
 *
 * <pre>{@code
 * BleuScore s = bleu().corpusScore(references, hypotheses);
 * System.out.println(s);   // BLEU-4 0.5920 (precisions 0.8333/0.6600/...; brevity penalty 1.0000; ...)
 * }</pre>
 */
public final class BleuScore {
    private final double value;
    private final long[] matches;
    private final long[] totals;
    private final long hypothesisLength;
    private final long referenceLength;
    private final double brevityPenalty;

    BleuScore(double value, long[] matches, long[] totals, long hypothesisLength, long referenceLength, double brevityPenalty) {
        this.value = value;
        this.matches = matches.clone();
        this.totals = totals.clone();
        this.hypothesisLength = hypothesisLength;
        this.referenceLength = referenceLength;
        this.brevityPenalty = brevityPenalty;
    }

    /** The score, between 0 and 1 (as nltk; multiply by 100 for the scale sacreBLEU prints). */
    public double value() { return value; }

    /** Per order n = 1, 2, ...: the hypotheses' n-grams found in a reference, each counted at most as often as in the reference that has it most. */
    public long[] matches() { return matches.clone(); }

    /** Per order: the hypotheses' n-grams, at least 1 per sentence (nltk's convention, so a short sentence still counts). */
    public long[] totals() { return totals.clone(); }

    /** Per order: matches / totals, before smoothing. */
    public double[] precisions() {
        double[] p = new double[matches.length];
        for (int i = 0; i < p.length; i++) p[i] = (double) matches[i] / totals[i];
        return p;
    }

    /** The hypotheses' tokens, summed over the corpus. */
    public long hypothesisLength() { return hypothesisLength; }

    /** Per hypothesis the length of the reference closest to it (the shorter one on a tie), summed over the corpus. */
    public long referenceLength() { return referenceLength; }

    /** 1 when the hypotheses are longer than the references, else {@code exp(1 - reference / hypothesis)}; 0 for empty hypotheses. */
    public double brevityPenalty() { return brevityPenalty; }

    @Override public String toString() {
        var p = new StringBuilder();
        for (double x : precisions()) p.append(p.length() == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.4f", x));
        return String.format(Locale.ROOT, "BLEU-%d %.4f (precisions %s; brevity penalty %.4f; hypotheses %d tokens, references %d)",
                matches.length, value, p, brevityPenalty, hypothesisLength, referenceLength);
    }
}
