package io.github.recur.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Token ids for text: id 0 is padding ({@value #PAD}), id 1 the out-of-vocabulary token
 * ({@value #OOV}), then tokens by descending frequency (ties: first seen first), up to
 * {@code maxSize} ids in all.
 *
 * <pre>{@code
 * Table reviews = Datasets.sentiment();
 * Vocabulary vocab = Vocabulary.fit(reviews.stringColumn("text").asList(), Tokenizer.words(), 1000);
 * SequenceData data = vocab.sequences(reviews, "text", "label", 20);   // ids [n, 20], mask, labels [n, 1]
 * }</pre>
 */
public final class Vocabulary {
    public static final String PAD = "<pad>";
    public static final String OOV = "<unk>";

    private final Tokenizer tokenizer;
    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();

    private Vocabulary(Tokenizer tokenizer, List<String> tokens) {
        this.tokenizer = tokenizer;
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < tokens.size(); i++) ids.put(tokens.get(i), i);
    }

    /** Builds a vocabulary from texts, keeping at most {@code maxSize} ids (including padding and OOV); 0 = no limit. */
    public static Vocabulary fit(Collection<String> texts, Tokenizer tokenizer, int maxSize) {
        if (texts == null || texts.isEmpty()) throw new IllegalArgumentException("Vocabulary.fit: no texts to build a vocabulary from");
        if (tokenizer == null) throw new IllegalArgumentException("Vocabulary.fit: tokenizer is null; use Tokenizer.words() or Tokenizer.characters()");
        if (maxSize != 0 && maxSize < 3) {
            throw new IllegalArgumentException("Vocabulary.fit: maxSize " + maxSize + " leaves no room for tokens after "
                    + PAD + " and " + OOV + "; use at least 3, or 0 for no limit");
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String t : texts) {
            if (t == null) continue;
            for (String tok : tokenizer.tokenize(t)) counts.merge(tok, 1, Integer::sum);
        }
        counts.remove(PAD);
        counts.remove(OOV);
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort((a, b) -> Integer.compare(b.getValue(), a.getValue())); // stable: ties keep first-seen order
        List<String> toks = new ArrayList<>(List.of(PAD, OOV));
        for (var e : sorted) {
            if (maxSize != 0 && toks.size() >= maxSize) break;
            toks.add(e.getKey());
        }
        return new Vocabulary(tokenizer, toks);
    }

    /** Builds a vocabulary with no size limit. */
    public static Vocabulary fit(Collection<String> texts, Tokenizer tokenizer) { return fit(texts, tokenizer, 0); }

    /** Builds a character vocabulary from one text (e.g. {@code Datasets.shakespeare()}). */
    public static Vocabulary ofCharacters(String text) {
        if (text == null) throw new IllegalArgumentException("Vocabulary.ofCharacters: text is null; pass the training text");
        return fit(List.of(text), Tokenizer.characters(), 0);
    }

    public int size() { return tokens.size(); }

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

    /** Text of token ids, skipping padding. */
    public String decode(int[] ids) {
        if (ids == null) throw new IllegalArgumentException("Vocabulary.decode: ids is null");
        var sb = new StringBuilder();
        for (int id : ids) {
            if (id == 0) continue;
            if (sb.length() > 0) sb.append(tokenizer.separator());
            sb.append(token(id));
        }
        return sb.toString();
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
