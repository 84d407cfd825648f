package io.github.recur.data;

import io.github.recur.data.download.Downloader;
import io.github.recur.data.download.RemoteFile;
import io.github.recur.internal.Json;
import io.github.recur.io.DataFileException;
import io.github.recur.io.NpyArray;
import io.github.recur.io.Npz;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IMDB sentiment dataset as {@code keras.datasets.imdb.load_data} returns it: 25,000 training
 * and 25,000 test reviews as word ids, labelled 1 (positive) or 0 (negative), prepared from Keras's
 * own published files by Keras's algorithm (see {@link Datasets#imdb(ImdbOptions)}), with the word
 * index to turn ids back into words.
 *
 * <pre>{@code
 * Imdb imdb = Datasets.imdb(10_000);
 * SequenceData train = imdb.train().padded(500);
 * System.out.println(imdb.decode(imdb.train().sequence(0)));   // "[START] this film was just brilliant ..."
 * }</pre>
 */
public final class Imdb {
    /** How {@link #decode} shows the start mark, a cut word and an id with no word. */
    public static final String START = "[START]", OOV = "[OOV]", UNKNOWN = "[?]";

    private final TokenSequences train;
    private final TokenSequences test;
    private final Map<String, Integer> wordIndex;
    private final ImdbOptions options;
    private final int numWords;
    private Map<Integer, String> words;

    private Imdb(TokenSequences train, TokenSequences test, Map<String, Integer> wordIndex, ImdbOptions options, int numWords) {
        this.train = train;
        this.test = test;
        this.wordIndex = wordIndex;
        this.options = options;
        this.numWords = numWords;
    }

    /** The training half (25,000 reviews, fewer with {@code maxLength}). */
    public TokenSequences train() { return train; }

    /** The test half (25,000 reviews, fewer with {@code maxLength}). */
    public TokenSequences test() { return test; }

    /** The options the data was prepared with. */
    public ImdbOptions options() { return options; }

    /**
     * The number of ids an embedding must accept ({@code embedding(imdb.vocabularySize(), 32)}): every id
     * is below it. With {@code numWords(10000)} it is 10,000.
     */
    public int vocabularySize() {
        int v = numWords;
        if (options.startChar() != null) v = Math.max(v, options.startChar() + 1);
        if (options.oovChar() != null) v = Math.max(v, options.oovChar() + 1);
        return v;
    }

    /**
     * Keras's word index: each word and its frequency rank (1 = most frequent), as
     * {@code keras.datasets.imdb.get_word_index()}; a word's id in the data is its rank plus {@code indexFrom}.
     */
    public Map<String, Integer> wordIndex() { return wordIndex; }

    /**
     * The words of a sequence of ids, separated by spaces: padding (0) is skipped, the start mark is
     * {@value #START}, a cut word {@value #OOV}, an id with no word {@value #UNKNOWN}.
     */
    public String decode(int[] ids) {
        if (ids == null) throw new IllegalArgumentException("decode: ids is null");
        Map<Integer, String> byRank = words();
        Integer start = options.startChar(), oov = options.oovChar();
        var sb = new StringBuilder();
        for (int id : ids) {
            if (id == 0) continue;
            String w;
            if (start != null && id == start) w = START;
            else if (oov != null && id == oov) w = OOV;
            else w = byRank.getOrDefault(id - options.indexFrom(), UNKNOWN);
            if (sb.length() > 0) sb.append(' ');
            sb.append(w);
        }
        return sb.toString();
    }

    private synchronized Map<Integer, String> words() {
        if (words == null) {
            var m = new HashMap<Integer, String>(wordIndex.size() * 2);
            wordIndex.forEach((w, rank) -> m.put(rank, w));
            words = m;
        }
        return words;
    }

    @Override public String toString() {
        return "Imdb(train " + train.size() + " reviews, test " + test.size() + ", vocabularySize " + vocabularySize() + ", " + options + ")";
    }

    // ---- loading ---------------------------------------------------------------------------------------------

    /** Fetches (when needed) and prepares the data with {@code downloader}'s cache and settings. */
    static Imdb load(ImdbOptions options, Downloader downloader, RemoteFile npz, RemoteFile wordIndexFile) {
        options.validate();
        Path arrays = downloader.fetch(npz);
        Path index = downloader.fetch(wordIndexFile);
        return fromFiles(arrays, index, options);
    }

    /**
     * Prepares the data from Keras's two files wherever they are (e.g. {@code ~/.keras/datasets/imdb.npz}),
     * without checking their checksums.
     */
    public static Imdb fromFiles(Path npz, Path wordIndexJson, ImdbOptions options) {
        if (npz == null || wordIndexJson == null || options == null) throw new IllegalArgumentException("Imdb.fromFiles: npz, wordIndexJson and options must not be null");
        options.validate();
        Map<String, NpyArray> a = Npz.read(npz);
        String file = String.valueOf(npz.getFileName());
        for (String key : List.of("x_train", "y_train", "x_test", "y_test")) {
            if (!a.containsKey(key)) {
                throw new DataFileException(npz, file + " has no array '" + key + "' (it has " + a.keySet()
                        + "); it is not Keras's imdb.npz: download it again");
            }
        }
        return prepare(a.get("x_train").intSequences(), labels(a.get("y_train"), npz), a.get("x_test").intSequences(),
                labels(a.get("y_test"), npz), readWordIndex(wordIndexJson), options, npz);
    }

    private static int[] labels(NpyArray y, Path npz) {
        long[] l = y.longs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] != 0 && l[i] != 1) {
                throw new DataFileException(npz, npz.getFileName() + ": label " + i + " of " + y + " is " + l[i] + ", not 0 or 1; the file is not Keras's imdb.npz");
            }
            out[i] = (int) l[i];
        }
        return out;
    }

    /**
     * Keras's {@code load_data} after {@code np.load}, step by step (keras/src/datasets/imdb.py): shuffle
     * train, then test, with one {@code RandomState(seed)}; prepend {@code startChar} and add
     * {@code indexFrom} to every id; drop sequences of {@code maxLength} ids or more; with no
     * {@code numWords}, use the largest id (so that id itself becomes out-of-vocabulary, as in Keras);
     * replace (or, without {@code oovChar}, remove) ids outside [skipTop, numWords).
     */
    static Imdb prepare(int[][] xTrain, int[] yTrain, int[][] xTest, int[] yTest, Map<String, Integer> wordIndex,
                        ImdbOptions o, Path source) {
        String file = source == null ? "the IMDB arrays" : String.valueOf(source.getFileName());
        if (xTrain.length != yTrain.length || xTest.length != yTest.length) {
            throw new DataFileException(source, file + " has " + xTrain.length + " training reviews but " + yTrain.length + " labels (test: "
                    + xTest.length + " and " + yTest.length + "); it is damaged: download it again");
        }
        var rng = new NumpyRandomState(o.seed());
        int[] trainOrder = rng.permutation(xTrain.length);
        int[] testOrder = rng.permutation(xTest.length);

        List<int[]> train = new ArrayList<>(xTrain.length), test = new ArrayList<>(xTest.length);
        List<Integer> trainLabels = new ArrayList<>(xTrain.length), testLabels = new ArrayList<>(xTest.length);
        for (int i : trainOrder) keep(shift(xTrain[i], o, source, file), yTrain[i], o, train, trainLabels);
        for (int i : testOrder) keep(shift(xTest[i], o, source, file), yTest[i], o, test, testLabels);
        if (o.maxLength() != null && (train.isEmpty() || test.isEmpty())) {
            throw new IllegalArgumentException("maxLength " + o.maxLength() + " keeps no " + (train.isEmpty() ? "training" : "test")
                    + " review (reviews of maxLength ids or more are dropped, as in Keras); use a larger maxLength, e.g. 500");
        }
        int numWords;
        if (o.numWords() != null) {
            numWords = o.numWords();
        } else {
            numWords = -1;
            for (int[] s : train) for (int v : s) numWords = Math.max(numWords, v);
            for (int[] s : test) for (int v : s) numWords = Math.max(numWords, v);
            if (numWords < 0) throw new DataFileException(source, file + " holds only empty reviews; it is damaged: download it again");
        }
        Integer oov = o.oovChar();
        int skip = o.skipTop();
        int[][] trainOut = new int[train.size()][], testOut = new int[test.size()][];
        for (int k = 0; k < 2; k++) {
            List<int[]> in = k == 0 ? train : test;
            int[][] out = k == 0 ? trainOut : testOut;
            for (int i = 0; i < out.length; i++) out[i] = limit(in.get(i), skip, numWords, oov);
        }
        return new Imdb(TokenSequences.adopt(trainOut, toArray(trainLabels)), TokenSequences.adopt(testOut, toArray(testLabels)),
                wordIndex, o, numWords);
    }

    private static int[] shift(int[] raw, ImdbOptions o, Path source, String file) {
        Integer start = o.startChar();
        int offset = o.indexFrom(); // Keras adds index_from with or without a start mark
        int head = start != null ? 1 : 0;
        int[] out = new int[raw.length + head];
        if (start != null) out[0] = start;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] < 0 || raw[i] > Integer.MAX_VALUE - offset) {
                throw new DataFileException(source, file + " holds the word id " + raw[i] + ", which cannot be a word's frequency rank; "
                        + "the file is damaged: download it again");
            }
            out[head + i] = raw[i] + offset;
        }
        return out;
    }

    private static void keep(int[] seq, int label, ImdbOptions o, List<int[]> seqs, List<Integer> labels) {
        if (o.maxLength() != null && seq.length >= o.maxLength()) return;
        seqs.add(seq);
        labels.add(label);
    }

    private static int[] limit(int[] seq, int skipTop, int numWords, Integer oov) {
        if (oov != null) {
            int[] out = seq.clone();
            for (int i = 0; i < out.length; i++) if (out[i] < skipTop || out[i] >= numWords) out[i] = oov;
            return out;
        }
        int n = 0;
        int[] out = new int[seq.length];
        for (int v : seq) if (v >= skipTop && v < numWords) out[n++] = v;
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    private static int[] toArray(List<Integer> l) {
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }

    /** Keras's {@code imdb_word_index.json}: an object of word to rank. */
    static Map<String, Integer> readWordIndex(Path json) {
        String file = String.valueOf(json.getFileName());
        Object parsed;
        try {
            parsed = Json.parse(Files.readString(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DataFileException(json, "could not read " + json + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(json, file + " is not valid JSON (" + e.getMessage() + "); download it again", e);
        }
        if (!(parsed instanceof Map<?, ?> m)) throw new DataFileException(json, file + " is not a JSON object of words to ranks; download it again");
        var out = new LinkedHashMap<String, Integer>(m.size() * 2);
        for (var e : m.entrySet()) {
            if (!(e.getValue() instanceof Long rank) || rank < 1 || rank > Integer.MAX_VALUE) {
                throw new DataFileException(json, file + ": the rank of word '" + e.getKey() + "' is not a positive integer; download it again");
            }
            out.put(String.valueOf(e.getKey()), (int) (long) rank);
        }
        return Collections.unmodifiableMap(out);
    }
}
