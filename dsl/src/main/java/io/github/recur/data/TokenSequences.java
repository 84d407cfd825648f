package io.github.recur.data;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labelled token-id sequences of different lengths, such as one half of {@link Imdb}: what Keras's
 * {@code load_data} returns as {@code (x, y)}. {@link #padded(int)} makes them one array for training,
 * as Keras's {@code pad_sequences}.
 *
 * <pre>{@code
 * TokenSequences train = Datasets.imdb(10_000).train();
 * SequenceData data = train.padded(500);            // ids [25000, 500], labels [25000, 1]
 * int[] first = train.sequence(0);                  // [1, 14, 22, 16, ...]
 * }</pre>
 */
public final class TokenSequences {
    private final int[][] sequences;
    private final int[] labels;

    /** Sequences and their labels (copied). */
    public TokenSequences(int[][] sequences, int[] labels) { this(sequences, labels, true); }

    private TokenSequences(int[][] sequences, int[] labels, boolean copy) {
        if (sequences == null || labels == null) throw new IllegalArgumentException("TokenSequences: sequences and labels must not be null");
        if (sequences.length != labels.length) {
            throw new IllegalArgumentException("TokenSequences: " + sequences.length + " sequences but " + labels.length + " labels; give one label per sequence");
        }
        this.sequences = copy ? new int[sequences.length][] : sequences;
        for (int i = 0; i < sequences.length; i++) {
            if (sequences[i] == null) throw new IllegalArgumentException("TokenSequences: sequence " + i + " is null");
            if (copy) this.sequences[i] = sequences[i].clone();
        }
        this.labels = copy ? labels.clone() : labels;
    }

    /** Takes the arrays without copying (the caller shares them with no one). */
    static TokenSequences adopt(int[][] sequences, int[] labels) { return new TokenSequences(sequences, labels, false); }

    /** The number of sequences. */
    public int size() { return sequences.length; }

    /** Sequence {@code i} (a copy). */
    public int[] sequence(int i) {
        checkIndex(i);
        return sequences[i].clone();
    }

    /** The label of sequence {@code i}. */
    public int label(int i) {
        checkIndex(i);
        return labels[i];
    }

    /** All labels in order (a copy). */
    public int[] labels() { return labels.clone(); }

    /** The length of sequence {@code i}. */
    public int length(int i) {
        checkIndex(i);
        return sequences[i].length;
    }

    /** The largest id in any sequence (-1 when all are empty). */
    public int maxId() {
        int m = -1;
        for (int[] s : sequences) for (int v : s) m = Math.max(m, v);
        return m;
    }

    /**
     * All sequences as ids {@code [n, length]} with labels {@code [n, 1]}, as Keras's
     * {@code pad_sequences(x, maxlen=length)}: shorter sequences get zeros in front, longer ones keep
     * their last {@code length} ids. No mask: as in Keras's example the network reads the padding
     * (use {@code embedding(...).maskZero()} to skip it).
     */
    public SequenceData padded(int length) { return padded(length, "pre", "pre"); }

    /**
     * As {@link #padded(int)} with Keras's {@code padding} and {@code truncating} choices, each
     * {@code "pre"} (at the start) or {@code "post"} (at the end).
     */
    public SequenceData padded(int length, String padding, String truncating) {
        if (length < 1) throw new IllegalArgumentException("padded: length must be at least 1 id, got " + length);
        boolean padPre = side("padding", padding), cutPre = side("truncating", truncating);
        if (sequences.length == 0) throw new IllegalArgumentException("padded: there are no sequences");
        long cells = (long) sequences.length * length;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("padded: " + sequences.length + " sequences of " + length + " ids are " + cells
                    + " values, more than one array holds; use a shorter length or fewer sequences");
        }
        float[] x = new float[(int) cells];
        float[] y = new float[sequences.length];
        for (int i = 0; i < sequences.length; i++) {
            int[] s = sequences[i];
            int keep = Math.min(length, s.length);
            int from = cutPre ? s.length - keep : 0;
            int to = padPre ? length - keep : 0;
            for (int t = 0; t < keep; t++) x[i * length + to + t] = s[from + t];
            y[i] = labels[i];
        }
        return new SequenceData(Nd4j.createFromArray(x).reshape(sequences.length, length), Nd4j.createFromArray(y).reshape(sequences.length, 1));
    }

    private static boolean side(String what, String v) {
        if ("pre".equals(v)) return true;
        if ("post".equals(v)) return false;
        throw new IllegalArgumentException("padded: " + what + " must be \"pre\" or \"post\" (as Keras's pad_sequences), got " + v);
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= sequences.length) throw new IllegalArgumentException("index " + i + " is outside 0.." + (sequences.length - 1));
    }

    @Override public String toString() {
        long total = 0;
        for (int[] s : sequences) total += s.length;
        return String.format(Locale.ROOT, "TokenSequences(%d sequences, mean length %.1f, labels %s)", sequences.length,
                sequences.length == 0 ? 0.0 : (double) total / sequences.length,
                Arrays.toString(Arrays.stream(labels).distinct().sorted().toArray()));
    }
}
