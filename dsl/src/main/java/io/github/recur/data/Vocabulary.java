package io.github.recur.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Token ids for text: id 0 is padding ({@value #PAD}), id 1 the out-of-vocabulary token
 * ({@value #OOV}), then tokens by descending frequency (ties: first seen first), up to
 * {@code maxSize} ids in all. A vocabulary for the targets of an encoder-decoder
 * ({@link #fitWithStartEnd}) also reserves id 2 for {@value #START} and id 3 for {@value #END}.
 *
 * <pre>{@code
 * Table reviews = Datasets.sentiment();
 * Vocabulary vocab = Vocabulary.fit(reviews.stringColumn("text").asList(), Tokenizer.words(), 1000);
 * SequenceData data = vocab.sequences(reviews, "text", "label", 20);   // ids [n, 20], mask, labels [n, 1]
 *
 * ParallelText dates = Datasets.dates();                               // "9 may 1998" -> "1998-05-09"
 * Vocabulary in = Vocabulary.fit(dates.sources(), Tokenizer.characters());
 * Vocabulary out = Vocabulary.fitWithStartEnd(dates.targets(), Tokenizer.characters());
 * INDArray source = in.encodePadded(dates.sources(), 0);               // [n, longest] ids, 0 = padding
 * ShiftedTargets target = out.teacherForcing(dates.targets(), 0);      // targetIn, targetOut [n, 11]
 * }</pre>
 */
public final class Vocabulary {
    public static final String PAD = "<pad>";
    public static final String OOV = "<unk>";
    /** The token a decoder starts from (id 2 in a vocabulary from {@link #fitWithStartEnd}). */
    public static final String START = "<start>";
    /** The token a decoder ends with (id 3 in a vocabulary from {@link #fitWithStartEnd}). */
    public static final String END = "<end>";

    private static final int START_ID = 2, END_ID = 3;

    private final Tokenizer tokenizer;
    private final List<String> tokens;
    private final boolean startEnd;
    private final Map<String, Integer> ids = new HashMap<>();

    private Vocabulary(Tokenizer tokenizer, List<String> tokens, boolean startEnd) {
        this.tokenizer = tokenizer;
        this.tokens = List.copyOf(tokens);
        this.startEnd = startEnd;
        for (int i = 0; i < tokens.size(); i++) ids.put(tokens.get(i), i);
    }

    /** Builds a vocabulary from texts, keeping at most {@code maxSize} ids (including padding and OOV); 0 = no limit. */
    public static Vocabulary fit(Collection<String> texts, Tokenizer tokenizer, int maxSize) {
        return build("fit", texts, tokenizer, maxSize, List.of(PAD, OOV));
    }

    /**
     * Builds the vocabulary of an encoder-decoder's targets: {@value #PAD} = 0, {@value #OOV} = 1,
     * {@value #START} = 2, {@value #END} = 3, then the tokens of {@code texts} by descending frequency,
     * at most {@code maxSize} ids in all (0 = no limit). {@link #teacherForcing} and {@link #decode(int[])}
     * use the start and end tokens.
     *
     * <pre>{@code
     * Vocabulary out = Vocabulary.fitWithStartEnd(List.of("1998-05-09"), Tokenizer.characters(), 0);
     * out.tokens()   // [<pad>, <unk>, <start>, <end>, 9, -, 0, 1, 8, 5]
     * }</pre>
     */
    public static Vocabulary fitWithStartEnd(Collection<String> texts, Tokenizer tokenizer, int maxSize) {
        return build("fitWithStartEnd", texts, tokenizer, maxSize, List.of(PAD, OOV, START, END));
    }

    /** {@link #fitWithStartEnd(Collection, Tokenizer, int)} with no size limit. */
    public static Vocabulary fitWithStartEnd(Collection<String> texts, Tokenizer tokenizer) {
        return fitWithStartEnd(texts, tokenizer, 0);
    }

    private static Vocabulary build(String call, Collection<String> texts, Tokenizer tokenizer, int maxSize, List<String> reserved) {
        if (texts == null || texts.isEmpty()) throw new IllegalArgumentException("Vocabulary." + call + ": no texts to build a vocabulary from");
        if (tokenizer == null) throw new IllegalArgumentException("Vocabulary." + call + ": tokenizer is null; use Tokenizer.words() or Tokenizer.characters()");
        if (maxSize != 0 && maxSize < reserved.size() + 1) {
            throw new IllegalArgumentException("Vocabulary." + call + ": maxSize " + maxSize + " leaves no room for tokens after "
                    + String.join(", ", reserved) + "; use at least " + (reserved.size() + 1) + ", or 0 for no limit");
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String t : texts) {
            if (t == null) continue;
            for (String tok : tokenizer.tokenize(t)) counts.merge(tok, 1, Integer::sum);
        }
        for (String r : reserved) counts.remove(r);
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort((a, b) -> Integer.compare(b.getValue(), a.getValue())); // stable: ties keep first-seen order
        List<String> toks = new ArrayList<>(reserved);
        for (var e : sorted) {
            if (maxSize != 0 && toks.size() >= maxSize) break;
            toks.add(e.getKey());
        }
        return new Vocabulary(tokenizer, toks, reserved.contains(START));
    }

    /** Builds a vocabulary with no size limit. */
    public static Vocabulary fit(Collection<String> texts, Tokenizer tokenizer) { return fit(texts, tokenizer, 0); }

    /** Builds a character vocabulary from one text (e.g. {@code Datasets.shakespeare()}). */
    public static Vocabulary ofCharacters(String text) {
        if (text == null) throw new IllegalArgumentException("Vocabulary.ofCharacters: text is null; pass the training text");
        return fit(List.of(text), Tokenizer.characters(), 0);
    }

    public int size() { return tokens.size(); }

    /** Whether this vocabulary has {@value #START} and {@value #END} (it was built by {@link #fitWithStartEnd}). */
    public boolean hasStartEnd() { return startEnd; }

    /**
     * The id of {@value #START} (2): the first input of the decoder, e.g. the start tokens of a search.
     *
     * <pre>{@code
     * int[] starts = new int[batch]; Arrays.fill(starts, out.startId());
     * }</pre>
     *
     * @throws IllegalStateException when the vocabulary has no start token (it was not built by {@link #fitWithStartEnd})
     */
    public int startId() { requireStartEnd("startId"); return START_ID; }

    /**
     * The id of {@value #END} (3): the decoder's last output, where a search stops.
     *
     * <pre>{@code
     * greedySearch().endToken(out.endId()).maxLength(12)
     * }</pre>
     *
     * @throws IllegalStateException when the vocabulary has no end token (it was not built by {@link #fitWithStartEnd})
     */
    public int endId() { requireStartEnd("endId"); return END_ID; }

    private void requireStartEnd(String call) {
        if (!startEnd) {
            throw new IllegalStateException("Vocabulary." + call + ": this vocabulary has no " + START + " and " + END
                    + " tokens; build the targets' vocabulary with Vocabulary.fitWithStartEnd(texts, tokenizer)");
        }
    }

    public Tokenizer tokenizer() { return tokenizer; }

    /** The id of a token, or 1 ({@value #OOV}) when it is not in the vocabulary. */
    public int id(String token) { return ids.getOrDefault(token(token, "id"), 1); }

    private static String token(String token, String call) {
        if (token == null) throw new IllegalArgumentException("Vocabulary." + call + ": token is null");
        return token;
    }

    public boolean contains(String token) { return ids.containsKey(token(token, "contains")); }

    public String token(int id) {
        if (id < 0 || id >= tokens.size()) throw new IllegalArgumentException("token id " + id + " is outside 0.." + (tokens.size() - 1));
        return tokens.get(id);
    }

    /** Tokens in id order. */
    public List<String> tokens() { return Collections.unmodifiableList(tokens); }

    /** Token ids of a text (any length). */
    public int[] encode(String text) {
        if (text == null) throw new IllegalArgumentException("Vocabulary.encode: text is null");
        List<String> t = tokenizer.tokenize(text);
        int[] out = new int[t.size()];
        for (int i = 0; i < out.length; i++) out[i] = id(t.get(i));
        return out;
    }

    /**
     * Text of token ids. In a vocabulary with start and end tokens ({@link #fitWithStartEnd}) a leading
     * {@value #START} is left out and the text stops at the first {@value #END} or padding, so that a
     * {@code targetIn} or {@code targetOut} row, and a search's tokens, all decode to the target text;
     * otherwise padding is skipped wherever it is.
     *
     * <pre>{@code
     * out.decode(new int[] {2, 6, 4, 0})   // "<start>" skipped: the text of ids 6 and 4
     * }</pre>
     */
    public String decode(int[] ids) {
        if (ids == null) throw new IllegalArgumentException("Vocabulary.decode: ids is null");
        var sb = new StringBuilder();
        boolean first = true;
        for (int t = 0; t < ids.length; t++) {
            int id = ids[t];
            if (startEnd && (id == 0 || id == END_ID)) break;
            if (id == 0 || (startEnd && t == 0 && id == START_ID)) continue;
            if (!first) sb.append(tokenizer.separator());
            sb.append(token(id));
            first = false;
        }
        return sb.toString();
    }

    /**
     * The text of each row of ids, as {@link #decode(int[])}: e.g. the best tokens of every row of a search.
     *
     * <pre>{@code
     * List<String> translations = out.decode(greedySearch().endToken(out.endId()).maxLength(12).decode(step, starts).tokens());
     * }</pre>
     */
    public List<String> decode(int[][] ids) {
        if (ids == null) throw new IllegalArgumentException("Vocabulary.decode: ids is null; pass one row of token ids per text");
        List<String> out = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == null) throw new IllegalArgumentException("Vocabulary.decode: row " + i + " of ids is null");
            out.add(decode(ids[i]));
        }
        return out;
    }

    /**
     * The text of each row of an id array {@code [n, time]} (ids stored as numbers, as
     * {@link #encodePadded} and {@link #teacherForcing} make them), as {@link #decode(int[])}.
     *
     * <pre>{@code
     * out.decode(target.targetOut())   // the target texts again
     * }</pre>
     */
    public List<String> decode(INDArray ids) {
        if (ids == null) throw new IllegalArgumentException("Vocabulary.decode: ids is null; pass token ids [n, time]");
        if (ids.rank() == 3) {
            throw new IllegalArgumentException("Vocabulary.decode: ids " + Arrays.toString(ids.shape()) + " look like scores over the "
                    + "vocabulary [n, time, vocabulary]; take the most likely ids first (scores.argMax(2)) or decode with a search");
        }
        if (ids.rank() != 2) {
            throw new IllegalArgumentException("Vocabulary.decode: ids must be [n, time] but are " + Arrays.toString(ids.shape())
                    + "; for one sequence use decode(int[])");
        }
        double[][] v = ids.toDoubleMatrix();
        int[][] rows = new int[v.length][];
        for (int i = 0; i < v.length; i++) {
            rows[i] = new int[v[i].length];
            for (int t = 0; t < v[i].length; t++) {
                double x = v[i][t];
                if (x != Math.rint(x) || x < 0 || x >= size()) {
                    throw new IllegalArgumentException("Vocabulary.decode: ids[" + i + ", " + t + "] = " + x + " is not a token id 0.."
                            + (size() - 1) + " of this vocabulary; pass ids (whole numbers), not scores, made with this vocabulary");
                }
                rows[i][t] = (int) x;
            }
        }
        return decode(rows);
    }

    /**
     * Texts as ids {@code [n, length]}: shorter texts padded with 0 at the end, longer ones cut at
     * {@code length}; the mask {@code [n, length]} is 1 on real tokens. No targets.
     */
    public SequenceData encode(List<String> texts, int length) {
        if (length <= 0) throw new IllegalArgumentException("encode: length must be a positive number of tokens, got " + length);
        if (texts == null || texts.isEmpty()) throw new IllegalArgumentException("encode: no texts");
        int n = texts.size();
        float[] x = new float[n * length];
        float[] m = new float[n * length];
        for (int i = 0; i < n; i++) {
            int[] ids = encode(texts.get(i) == null ? "" : texts.get(i));
            int len = Math.min(length, ids.length);
            for (int t = 0; t < len; t++) {
                x[i * length + t] = ids[t];
                m[i * length + t] = 1;
            }
            if (len == 0) m[i * length] = 1; // an empty text keeps one (padding) step so its sequence is not all masked
        }
        return new SequenceData(Nd4j.createFromArray(x).reshape(n, length), null, Nd4j.createFromArray(m).reshape(n, length));
    }

    /**
     * Texts as ids {@code [n, length]} (stored as numbers, for an {@code embedding}), padded with 0 at the
     * end: the encoder input of an encoder-decoder. {@code length} 0 takes the longest text's length. Unlike
     * {@link #encode(List, int)} it never cuts: a longer text is an error, because a date or sentence
     * with its end cut off is a different input.
     *
     * <pre>{@code
     * INDArray source = in.encodePadded(List.of("9 may 1998", "9.5.98"), 0);   // [2, 10]; row 1 ends in 4 zeros
     * }</pre>
     *
     * @throws IllegalArgumentException for a null or empty text, or one with more than {@code length} tokens
     */
    public INDArray encodePadded(List<String> texts, int length) {
        int[][] rows = encodeAll("encodePadded", "texts", texts, length);
        int width = length;
        if (width == 0) for (int[] r : rows) width = Math.max(width, r.length);
        float[] x = new float[checkedCells("encodePadded", rows.length, width)];
        for (int i = 0; i < rows.length; i++) {
            int[] r = rows[i];
            if (r.length == 0) {
                throw new IllegalArgumentException("Vocabulary.encodePadded: text " + i + " is empty; an encoder needs at least one token "
                        + "(an all-padding row has nothing to attend to); drop empty texts first");
            }
            if (r.length > width) {
                throw new IllegalArgumentException("Vocabulary.encodePadded: text " + i + " (\"" + abbreviate(texts.get(i)) + "\") has "
                        + r.length + " tokens, more than length " + width + "; use a larger length, or 0 for the longest text");
            }
            for (int t = 0; t < r.length; t++) x[i * width + t] = r[t];
        }
        return Nd4j.createFromArray(x).reshape(rows.length, width);
    }

    /**
     * The decoder's arrays for training with teacher forcing, in a vocabulary from {@link #fitWithStartEnd}:
     * for a target of tokens y<sub>1</sub>..y<sub>n</sub>, {@code targetIn} is {@value #START}, y<sub>1</sub>..y<sub>n</sub>
     * (the target shifted right: what the decoder reads) and {@code targetOut} is y<sub>1</sub>..y<sub>n</sub>,
     * {@value #END} (what it must predict at each step), both {@code [n, length]} padded with 0 at the end. Each
     * row has n + 1 real steps in both, so {@link ShiftedTargets#mask()} marks exactly the steps the loss scores.
     * {@code length} 0 takes the longest target's length + 1.
     *
     * <pre>{@code
     * ShiftedTargets y = out.teacherForcing(List.of("1998-05-09"), 0);   // [1, 11] each
     * // targetIn:  <start> 1 9 9 8 - 0 5 - 0 9
     * // targetOut:  1 9 9 8 - 0 5 - 0 9 <end>
     * }</pre>
     *
     * @throws IllegalStateException when this vocabulary has no start and end tokens
     * @throws IllegalArgumentException for a null target, or one whose tokens and end token do not fit in {@code length}
     */
    public ShiftedTargets teacherForcing(List<String> targets, int length) {
        int[][] rows = encodeAll("teacherForcing", "targets", targets, length);
        requireStartEnd("teacherForcing");
        int width = length;
        if (width == 0) for (int[] r : rows) width = Math.max(width, r.length + 1);
        int cells = checkedCells("teacherForcing", rows.length, width);
        float[] in = new float[cells], out = new float[cells];
        for (int i = 0; i < rows.length; i++) {
            int[] r = rows[i];
            if (r.length + 1 > width) {
                throw new IllegalArgumentException("Vocabulary.teacherForcing: target " + i + " (\"" + abbreviate(targets.get(i)) + "\") has "
                        + r.length + " tokens; with " + START + " (in) and " + END + " (out) it needs " + (r.length + 1)
                        + " steps, more than length " + width + "; use length " + (r.length + 1) + " or more, or 0 for the longest target");
            }
            in[i * width] = START_ID;
            for (int t = 0; t < r.length; t++) {
                in[i * width + t + 1] = r[t];
                out[i * width + t] = r[t];
            }
            out[i * width + r.length] = END_ID;
        }
        return new ShiftedTargets(Nd4j.createFromArray(in).reshape(rows.length, width), Nd4j.createFromArray(out).reshape(rows.length, width));
    }

    private int[][] encodeAll(String call, String what, List<String> texts, int length) {
        if (texts == null) throw new IllegalArgumentException("Vocabulary." + call + ": " + what + " is null; pass a list of texts");
        if (texts.isEmpty()) throw new IllegalArgumentException("Vocabulary." + call + ": " + what + " is empty; pass at least one text");
        if (length < 0) {
            throw new IllegalArgumentException("Vocabulary." + call + ": length must be a number of steps >= 1, or 0 for the longest, got " + length);
        }
        int[][] rows = new int[texts.size()][];
        for (int i = 0; i < rows.length; i++) {
            String text = texts.get(i);
            if (text == null) throw new IllegalArgumentException("Vocabulary." + call + ": " + what + "[" + i + "] is null");
            rows[i] = encode(text);
        }
        return rows;
    }

    private static int checkedCells(String call, int rows, int width) {
        long cells = (long) rows * width;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Vocabulary." + call + ": " + rows + " texts of " + width + " steps are " + cells
                    + " values, more than one array holds; use fewer texts at a time");
        }
        return (int) cells;
    }

    private static String abbreviate(String s) { return s.length() <= 40 ? s : s.substring(0, 37) + "..."; }

    /**
     * Texts of {@code textColumn} as padded ids with mask, and labels from {@code labelColumn} as
     * targets {@code [n, 1]}: a numeric column as is, a text column as class ids in sorted order of
     * its distinct values.
     */
    public SequenceData sequences(Table table, String textColumn, String labelColumn, int length) {
        Columns.requireRows(table);
        Column<?> text = Columns.column(table, textColumn);
        Column<?> label = Columns.column(table, labelColumn);
        List<String> texts = new ArrayList<>(table.rowCount());
        for (int i = 0; i < table.rowCount(); i++) {
            if (text.isMissing(i)) {
                throw new IllegalArgumentException("column '" + textColumn + "' has a missing text at row " + i + "; drop or fill it first");
            }
            texts.add(text.getString(i));
        }
        float[] y = new float[table.rowCount()];
        if (label instanceof tech.tablesaw.api.NumericColumn) {
            double[] v = Columns.numeric(table, labelColumn);
            for (int i = 0; i < y.length; i++) y[i] = (float) v[i];
        } else {
            List<String> classes = classes(table, labelColumn);
            for (int i = 0; i < y.length; i++) {
                if (label.isMissing(i)) throw new IllegalArgumentException("column '" + labelColumn + "' has a missing label at row " + i);
                y[i] = classes.indexOf(label.getString(i));
            }
        }
        SequenceData x = encode(texts, length);
        return new SequenceData(x.x(), Nd4j.createFromArray(y).reshape(y.length, 1), x.mask());
    }

    /** The sorted distinct values of a text label column: class {@code i} is element {@code i}. */
    public static List<String> classes(Table table, String labelColumn) {
        if (table == null) throw new IllegalArgumentException("Vocabulary.classes: table is null");
        Column<?> label = Columns.column(table, labelColumn);
        var set = new java.util.TreeSet<String>();
        for (int i = 0; i < label.size(); i++) if (!label.isMissing(i)) set.add(label.getString(i));
        return new ArrayList<>(set);
    }

    /**
     * Next-token windows over one long id sequence (language modelling): inputs {@code [n, length]}
     * ids starting every {@code stride} tokens, targets {@code [n, 1]} the id that follows.
     */
    public static SequenceData nextToken(int[] ids, int length, int stride) {
        if (length <= 0) throw new IllegalArgumentException("nextToken: length must be positive, got " + length);
        if (stride <= 0) throw new IllegalArgumentException("nextToken: stride must be positive, got " + stride);
        if (ids == null || ids.length < length + 1) {
            throw new IllegalArgumentException("nextToken: a window of length " + length + " plus its next token needs "
                    + (length + 1) + " ids but the text has " + (ids == null ? 0 : ids.length) + "; use a shorter length");
        }
        int n = (ids.length - length - 1) / stride + 1;
        float[] x = new float[n * length];
        float[] y = new float[n];
        for (int k = 0; k < n; k++) {
            int s = k * stride;
            for (int t = 0; t < length; t++) x[k * length + t] = ids[s + t];
            y[k] = ids[s + length];
        }
        return new SequenceData(Nd4j.createFromArray(x).reshape(n, length), Nd4j.createFromArray(y).reshape(n, 1), null);
    }

    @Override public String toString() {
        return "Vocabulary(" + size() + " " + tokenizer + " tokens: " + tokens.subList(0, Math.min(12, size())) + (size() > 12 ? "..." : "") + ")";
    }
}
