package io.github.recur.data;

/**
 * The arguments of {@code keras.datasets.imdb.load_data}, with Keras's defaults and meaning (see
 * {@link Datasets#imdb(ImdbOptions)}). Immutable: each method returns a changed copy.
 *
 * <pre>{@code
 * // Keras: imdb.load_data(num_words=10000, skip_top=20, maxlen=500)
 * Imdb data = Datasets.imdb(ImdbOptions.defaults().numWords(10_000).skipTop(20).maxLength(500));
 * }</pre>
 */
public final class ImdbOptions {
    private static final int UNSET = -1;

    private final int numWords;   // UNSET: all words (Keras None)
    private final int skipTop;
    private final int maxLength;  // UNSET: no limit (Keras None)
    private final long seed;
    private final int startChar;  // UNSET: no start mark (Keras None)
    private final int oovChar;    // UNSET: drop out-of-vocabulary words (Keras None)
    private final int indexFrom;

    private ImdbOptions(int numWords, int skipTop, int maxLength, long seed, int startChar, int oovChar, int indexFrom) {
        this.numWords = numWords;
        this.skipTop = skipTop;
        this.maxLength = maxLength;
        this.seed = seed;
        this.startChar = startChar;
        this.oovChar = oovChar;
        this.indexFrom = indexFrom;
    }

    /** Keras's defaults: all words, skipTop 0, no length limit, seed 113, startChar 1, oovChar 2, indexFrom 3. */
    public static ImdbOptions defaults() { return new ImdbOptions(UNSET, 0, UNSET, 113, 1, 2, 3); }

    /**
     * Keep the {@code n} - 1 most useful ids: every id of {@code n} or more becomes {@code oovChar} (Keras
     * {@code num_words}). Word ids start at {@code indexFrom + 1}, so {@code n} must be at least
     * {@code indexFrom + 2} (5 with the defaults) to keep any word; Keras's tutorial uses 10,000.
     */
    public ImdbOptions numWords(int n) {
        if (n < 1) throw new IllegalArgumentException("numWords must be positive (the number of word ids to keep, e.g. 10000), got " + n);
        return new ImdbOptions(n, skipTop, maxLength, seed, startChar, oovChar, indexFrom);
    }

    /** Keep every word (Keras {@code num_words=None}, the default). */
    public ImdbOptions allWords() { return new ImdbOptions(UNSET, skipTop, maxLength, seed, startChar, oovChar, indexFrom); }

    /**
     * Ids below {@code n} become {@code oovChar} (Keras {@code skip_top}). As in Keras this counts ids,
     * not words: with {@code indexFrom} 3 it skips the {@code n - 4} most frequent words, and the start
     * mark too when {@code n > startChar}.
     */
    public ImdbOptions skipTop(int n) {
        if (n < 0) throw new IllegalArgumentException("skipTop must be 0 or more, got " + n);
        return new ImdbOptions(numWords, n, maxLength, seed, startChar, oovChar, indexFrom);
    }

    /**
     * Drop reviews of {@code n} ids or more, the start mark included (Keras {@code maxlen}: despite its
     * documentation Keras drops such reviews rather than cutting them; to cut, use
     * {@link TokenSequences#padded(int)}).
     */
    public ImdbOptions maxLength(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, got " + n + "; to keep every review, leave it unset "
                    + "(or call noMaxLength()); to cut reviews to a length, use padded(length) on the result");
        }
        return new ImdbOptions(numWords, skipTop, n, seed, startChar, oovChar, indexFrom);
    }

    /** No length limit (the default). */
    public ImdbOptions noMaxLength() { return new ImdbOptions(numWords, skipTop, UNSET, seed, startChar, oovChar, indexFrom); }

    /** The shuffle seed, 0 to 2^32 - 1 (Keras {@code seed}, default 113): numpy's RandomState(seed), reproduced exactly. */
    public ImdbOptions seed(long s) {
        if (s < 0 || s > 0xFFFF_FFFFL) throw new IllegalArgumentException("seed must be between 0 and 4294967295 (as numpy's), got " + s);
        return new ImdbOptions(numWords, skipTop, maxLength, s, startChar, oovChar, indexFrom);
    }

    /** The id that starts every review (Keras {@code start_char}, default 1). */
    public ImdbOptions startChar(int id) {
        if (id < 0) throw new IllegalArgumentException("startChar must be an id of 0 or more, got " + id);
        return new ImdbOptions(numWords, skipTop, maxLength, seed, id, oovChar, indexFrom);
    }

    /** No start mark (Keras {@code start_char=None}). */
    public ImdbOptions noStartChar() { return new ImdbOptions(numWords, skipTop, maxLength, seed, UNSET, oovChar, indexFrom); }

    /** The id that replaces words cut by {@code numWords} or {@code skipTop} (Keras {@code oov_char}, default 2). */
    public ImdbOptions oovChar(int id) {
        if (id < 0) throw new IllegalArgumentException("oovChar must be an id of 0 or more, got " + id);
        return new ImdbOptions(numWords, skipTop, maxLength, seed, startChar, id, indexFrom);
    }

    /** Remove cut words instead of replacing them (Keras {@code oov_char=None}). */
    public ImdbOptions noOovChar() { return new ImdbOptions(numWords, skipTop, maxLength, seed, startChar, UNSET, indexFrom); }

    /** Added to every word's frequency rank (Keras {@code index_from}, default 3: ids 0, 1, 2 are padding, start, out-of-vocabulary). */
    public ImdbOptions indexFrom(int offset) {
        if (offset < 0) throw new IllegalArgumentException("indexFrom must be 0 or more, got " + offset);
        return new ImdbOptions(numWords, skipTop, maxLength, seed, startChar, oovChar, offset);
    }

    /** {@code numWords}, or null for all words. */
    public Integer numWords() { return numWords == UNSET ? null : numWords; }
    public int skipTop() { return skipTop; }
    /** {@code maxLength}, or null for no limit. */
    public Integer maxLength() { return maxLength == UNSET ? null : maxLength; }
    public long seed() { return seed; }
    /** {@code startChar}, or null for none. */
    public Integer startChar() { return startChar == UNSET ? null : startChar; }
    /** {@code oovChar}, or null when cut words are removed. */
    public Integer oovChar() { return oovChar == UNSET ? null : oovChar; }
    public int indexFrom() { return indexFrom; }

    /** Checks the options against each other; the message names the value and what to use instead. */
    void validate() {
        if (numWords != UNSET && numWords < indexFrom + 2) {
            throw new IllegalArgumentException("numWords " + numWords + " keeps no word: ids below " + (indexFrom + 1)
                    + " are reserved (0 padding, " + (startChar == UNSET ? "" : startChar + " start, ") + (oovChar == UNSET ? "" : oovChar + " out-of-vocabulary, ")
                    + "indexFrom " + indexFrom + ") and the most frequent word has id " + (indexFrom + 1) + "; use at least "
                    + (indexFrom + 2) + " (Keras's tutorial uses numWords(10000))");
        }
        if (numWords != UNSET && skipTop >= numWords) {
            throw new IllegalArgumentException("skipTop " + skipTop + " with numWords " + numWords + " leaves no word: every id would become oovChar; "
                    + "use a skipTop below numWords");
        }
    }

    @Override public String toString() {
        return "ImdbOptions(numWords=" + (numWords == UNSET ? "all" : numWords) + ", skipTop=" + skipTop + ", maxLength="
                + (maxLength == UNSET ? "none" : maxLength) + ", seed=" + seed + ", startChar=" + (startChar == UNSET ? "none" : startChar)
                + ", oovChar=" + (oovChar == UNSET ? "none" : oovChar) + ", indexFrom=" + indexFrom + ")";
    }
}
