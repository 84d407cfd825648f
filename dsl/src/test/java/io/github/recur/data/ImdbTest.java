package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.data.download.DownloadException;
import io.github.recur.data.download.LoopbackServer;
import io.github.recur.data.download.RemoteFile;
import io.github.recur.data.download.TestDownloaders;
import io.github.recur.internal.Json;
import io.github.recur.io.DataFileException;
import io.github.recur.io.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code Datasets.imdb} is Keras's {@code load_data}: on a small file in imdb.npz's format, every option
 * set gives exactly the sequences and labels that Keras's algorithm gives. The expected results were
 * computed by dsl/src/test/python/make_dataset_fixtures.py (load_data_like_keras, Keras 3's
 * keras/src/datasets/imdb.py restated step by step, run with numpy 1.24 on the same file).
 */
class ImdbTest {
    @TempDir Path tmp;

    private static final Path NPZ = Fixtures.path("imdb-mini.npz");
    private static final Path WORDS = Fixtures.path("imdb-mini-word-index.json");

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> expected() {
        return (List<Map<String, Object>>) (List<?>) Json.parse(new String(Fixtures.bytes("imdb-mini-expected.json"), StandardCharsets.UTF_8));
    }

    private static ImdbOptions options(Map<String, Object> keras) {
        ImdbOptions o = ImdbOptions.defaults();
        for (var e : keras.entrySet()) {
            Object v = e.getValue();
            o = switch (e.getKey()) {
                case "num_words" -> o.numWords((int) (long) (Long) v);
                case "skip_top" -> o.skipTop((int) (long) (Long) v);
                case "maxlen" -> o.maxLength((int) (long) (Long) v);
                case "seed" -> o.seed((Long) v);
                case "start_char" -> v == null ? o.noStartChar() : o.startChar((int) (long) (Long) v);
                case "oov_char" -> v == null ? o.noOovChar() : o.oovChar((int) (long) (Long) v);
                case "index_from" -> o.indexFrom((int) (long) (Long) v);
                default -> throw new IllegalStateException(e.getKey());
            };
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static void assertSame(List<Object> expectedSeqs, List<Object> expectedLabels, TokenSequences actual, String what) {
        assertEquals(expectedSeqs.size(), actual.size(), what + ": count");
        for (int i = 0; i < actual.size(); i++) {
            int[] want = ((List<Object>) expectedSeqs.get(i)).stream().mapToInt(v -> (int) (long) (Long) v).toArray();
            assertArrayEquals(want, actual.sequence(i), what + ": sequence " + i);
            assertEquals((int) (long) (Long) expectedLabels.get(i), actual.label(i), what + ": label " + i);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOptionSetGivesWhatKerasLoadDataGives() {
        List<Map<String, Object>> cases = expected();
        assertEquals(11, cases.size());
        for (Map<String, Object> c : cases) {
            ImdbOptions o = options((Map<String, Object>) c.get("options"));
            Imdb imdb = Imdb.fromFiles(NPZ, WORDS, o);
            assertSame((List<Object>) c.get("x_train"), (List<Object>) c.get("y_train"), imdb.train(), "train " + c.get("options"));
            assertSame((List<Object>) c.get("x_test"), (List<Object>) c.get("y_test"), imdb.test(), "test " + c.get("options"));
        }
    }

    @Test
    void kerassQuirksAreKept() {
        // Without numWords Keras uses the largest id as the limit, so that one word becomes oovChar.
        Imdb all = Imdb.fromFiles(NPZ, WORDS, ImdbOptions.defaults());
        int max = 60 + 3;
        assertTrue(all.train().maxId() < max && all.test().maxId() < max);
        // skipTop counts ids, so it also turns the start mark into oovChar.
        Imdb skip = Imdb.fromFiles(NPZ, WORDS, ImdbOptions.defaults().numWords(20).skipTop(5));
        assertEquals(2, skip.train().sequence(0)[0]);
    }

    @Test
    void theThreeFileVariantsGiveTheSameData() {
        Imdb plain = Imdb.fromFiles(NPZ, WORDS, ImdbOptions.defaults().numWords(30));
        for (String other : List.of("imdb-mini-compressed.npz", "imdb-mini-py2.npz")) {
            Imdb o = Imdb.fromFiles(Fixtures.path(other), WORDS, ImdbOptions.defaults().numWords(30));
            for (int i = 0; i < plain.train().size(); i++) assertArrayEquals(plain.train().sequence(i), o.train().sequence(i), other);
            assertArrayEquals(plain.test().labels(), o.test().labels(), other);
        }
    }

    @Test
    void decodeTurnsIdsBackIntoWords() {
        Imdb imdb = Imdb.fromFiles(NPZ, WORDS, ImdbOptions.defaults().numWords(50));
        assertEquals(60, imdb.wordIndex().size());
        assertEquals(1, imdb.wordIndex().get("the"));
        assertEquals("[START] the and [OOV] caf\u00e9 [?]", imdb.decode(new int[] {0, 0, 1, 4, 5, 2, 63, 99_999}));
        String first = imdb.decode(imdb.train().sequence(0));
        assertTrue(first.startsWith("[START] "), first);
    }

    @Test
    void vocabularySizeCoversEveryIdAndIsNumWordsWhenGiven() {
        Imdb imdb = Imdb.fromFiles(NPZ, WORDS, ImdbOptions.defaults().numWords(20));
        assertEquals(20, imdb.vocabularySize());
        assertTrue(imdb.train().maxId() < 20 && imdb.test().maxId() < 20);
        Imdb all = Imdb.fromFiles(NPZ, WORDS, ImdbOptions.defaults());
        assertTrue(all.train().maxId() < all.vocabularySize() && all.test().maxId() < all.vocabularySize());
    }

    @Test
    void paddedIsKerasPadSequences() {
        var t = new TokenSequences(new int[][] {{1, 2, 3}, {4, 5, 6, 7, 8}}, new int[] {0, 1});
        var pre = t.padded(4);
        assertArrayEquals(new float[] {0, 1, 2, 3, 5, 6, 7, 8}, pre.x().data().asFloat());
        assertArrayEquals(new long[] {2, 4}, pre.x().shape());
        assertArrayEquals(new float[] {0, 1}, pre.y().data().asFloat());
        assertArrayEquals(new long[] {2, 1}, pre.y().shape());
        assertEquals(null, pre.mask());
        INDArray post = t.padded(4, "post", "post").x();
        assertArrayEquals(new float[] {1, 2, 3, 0, 4, 5, 6, 7}, post.data().asFloat());
        var e = assertThrows(IllegalArgumentException.class, () -> t.padded(4, "end", "pre"));
        assertTrue(e.getMessage().contains("\"pre\" or \"post\"") && e.getMessage().contains("end"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.padded(0));
    }

    @Test
    void optionsThatKeepNoWordOrNoReviewAreRefusedNamingTheValue() {
        for (int n : new int[] {3, 4}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Imdb.fromFiles(NPZ, WORDS, ImdbOptions.defaults().numWords(n)));
            assertTrue(e.getMessage().startsWith("numWords " + n + " keeps no word") && e.getMessage().contains("use at least 5"), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> ImdbOptions.defaults().numWords(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ImdbOptions.defaults().maxLength(0));
        assertTrue(e.getMessage().contains("maxLength must be at least 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Imdb.fromFiles(NPZ, WORDS, ImdbOptions.defaults().numWords(20).skipTop(20)));
        assertTrue(e.getMessage().contains("skipTop 20 with numWords 20 leaves no word"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Imdb.fromFiles(NPZ, WORDS, ImdbOptions.defaults().maxLength(2)));
        assertTrue(e.getMessage().contains("maxLength 2 keeps no training review"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ImdbOptions.defaults().seed(-1));
        assertTrue(e.getMessage().contains("got -1"), e.getMessage());
    }

    @Test
    void aFileWithoutTheImdbArraysIsNamed() {
        var e = assertThrows(DataFileException.class, () -> Imdb.fromFiles(Fixtures.path("npy/int64.npy"), WORDS, ImdbOptions.defaults()));
        assertTrue(e.getMessage().contains("int64.npy"), e.getMessage());
    }

    @Test
    void aDamagedWordIndexIsNamed() throws Exception {
        Path bad = Files.writeString(tmp.resolve("imdb_word_index.json"), "{\"the\": 1, \"and\": ");
        var e = assertThrows(DataFileException.class, () -> Imdb.fromFiles(NPZ, bad, ImdbOptions.defaults()));
        assertTrue(e.getMessage().startsWith("imdb_word_index.json is not valid JSON"), e.getMessage());
        Path wrong = Files.writeString(tmp.resolve("w.json"), "{\"the\": \"first\"}");
        e = assertThrows(DataFileException.class, () -> Imdb.fromFiles(NPZ, wrong, ImdbOptions.defaults()));
        assertTrue(e.getMessage().contains("the rank of word 'the'"), e.getMessage());
    }

    @Test
    void loadFetchesBothFilesOnceAndThenWorksWithoutTheServer() throws Exception {
        byte[] npz = Fixtures.bytes("imdb-mini.npz"), words = Fixtures.bytes("imdb-mini-word-index.json");
        var progress = new ByteArrayOutputStream();
        var downloader = TestDownloaders.into(tmp.resolve("cache"), new PrintStream(progress, true, StandardCharsets.UTF_8));
        Imdb first;
        RemoteFile npzFile, wordsFile;
        try (var server = new LoopbackServer()) {
            npzFile = RemoteFile.sha256("imdb.npz", server.serve("imdb.npz", npz), npz.length, LoopbackServer.sha256(npz), "test");
            wordsFile = RemoteFile.md5("imdb_word_index.json", server.serve("imdb_word_index.json", words), words.length, LoopbackServer.md5(words), "test");
            assertFalse(downloader.isCached(npzFile));
            first = Imdb.load(ImdbOptions.defaults().numWords(20), downloader, npzFile, wordsFile);
            assertEquals(1, server.count("imdb.npz"));
            assertEquals(1, server.count("imdb_word_index.json"));
        }
        assertTrue(downloader.isCached(npzFile) && downloader.isCached(wordsFile));
        Imdb again = Imdb.load(ImdbOptions.defaults().numWords(20), downloader, npzFile, wordsFile);
        assertArrayEquals(first.train().sequence(5), again.train().sequence(5));
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("imdb.npz: done"), progress.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDamagedCachedImdbFileIsDownloadedAgainOnceWithAMessage() throws Exception {
        byte[] npz = Fixtures.bytes("imdb-mini.npz"), words = Fixtures.bytes("imdb-mini-word-index.json");
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        byte[] damaged = npz.clone();
        damaged[damaged.length / 2] ^= 0x55; // same size, other bytes: only the checksum can tell
        Files.write(cache.resolve("imdb.npz"), damaged);
        Files.write(cache.resolve("imdb_word_index.json"), words);
        var progress = new ByteArrayOutputStream();
        var downloader = TestDownloaders.into(cache, new PrintStream(progress, true, StandardCharsets.UTF_8));
        try (var server = new LoopbackServer()) {
            var npzFile = RemoteFile.sha256("imdb.npz", server.serve("imdb.npz", npz), npz.length, LoopbackServer.sha256(npz), "test");
            var wordsFile = RemoteFile.md5("imdb_word_index.json", server.serve("imdb_word_index.json", words), words.length,
                    LoopbackServer.md5(words), "test");
            Imdb imdb = Imdb.load(ImdbOptions.defaults().numWords(20), downloader, npzFile, wordsFile);
            assertEquals(1, server.count("imdb.npz"), "the damaged file is downloaded again, once");
            assertEquals(0, server.count("imdb_word_index.json"), "the intact file is not downloaded");
            Imdb fromGoodFiles = Imdb.fromFiles(NPZ, WORDS, ImdbOptions.defaults().numWords(20));
            assertEquals(fromGoodFiles.train().size(), imdb.train().size());
            for (int i = 0; i < imdb.train().size(); i++) assertArrayEquals(fromGoodFiles.train().sequence(i), imdb.train().sequence(i));
        }
        assertArrayEquals(npz, Files.readAllBytes(cache.resolve("imdb.npz")));
        String shown = progress.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("imdb.npz in " + cache.toAbsolutePath() + " is damaged (SHA-256 ") && shown.contains("downloading it again"), shown);
    }

    @Test
    void offlineDatasetsImdbSaysWhichFileToPutWhere() throws Exception {
        Path cache = tmp.resolve("cache");
        var downloader = TestDownloaders.offline(cache, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertFalse(Datasets.imdbCached(downloader));
        var e = assertThrows(DownloadException.class, () -> Datasets.imdb(ImdbOptions.defaults().numWords(10_000), downloader));
        assertEquals(DownloadException.Reason.NETWORK, e.reason());
        String m = e.getMessage();
        assertTrue(m.contains("imdb.npz") && m.contains("17.5 MB (17,464,789 bytes)")
                && m.contains("SHA-256 69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f")
                && m.contains("https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz")
                && m.contains("put it at " + cache.resolve("imdb.npz").toAbsolutePath())
                && m.contains("through the environment's proxy: https via 127.0.0.1:"), m);
    }

    /** The README's Keras example, on the small file: the pieces fit together and train. */
    @Test
    void theKerasExampleRunsOnTheData() {
        Imdb imdb = Imdb.fromFiles(NPZ, WORDS, ImdbOptions.defaults().numWords(50));
        SequenceData train = imdb.train().padded(60), test = imdb.test().padded(60);
        var model = io.github.recur.Recur.sequential(io.github.recur.Recur.embedding(imdb.vocabularySize(), 8),
                io.github.recur.Recur.simpleRnn(8), io.github.recur.Recur.dense(1, "sigmoid")).seed(3);
        model.compile(io.github.recur.Recur.rmsprop(1e-3).alpha(0.9).eps(1e-7), io.github.recur.Recur.binaryCrossentropy(),
                io.github.recur.Recur.accuracy());
        var history = model.fit(train, io.github.recur.Recur.epochs(2), io.github.recur.Recur.batchSize(16),
                io.github.recur.Recur.validationSplit(0.2), io.github.recur.Recur.verbose(false));
        assertEquals(2, history.epochs());
        Map<String, Double> result = model.evaluate(test);
        assertTrue(Double.isFinite(result.get("loss")) && result.get("accuracy") >= 0 && result.get("accuracy") <= 1, result.toString());
    }

    @Test
    void badOptionsAreRefusedBeforeAnyDownload() throws Exception {
        var downloader = TestDownloaders.offline(tmp.resolve("cache"), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.imdb(ImdbOptions.defaults().numWords(2), downloader));
        assertTrue(e.getMessage().startsWith("numWords 2 keeps no word"), e.getMessage());
    }
}
