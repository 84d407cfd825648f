package io.github.recur.data;

import io.github.recur.data.download.Downloader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Real datasets: small ones bundled with Recur (nothing is downloaded), and larger ones fetched on
 * first use into a local cache by {@link Downloader} ({@link #imdb}, {@link #imdbReviews}). Sources,
 * licences and checksums are listed in {@code io/github/recur/datasets/DATASETS.md}.
 *
 * <pre>{@code
 * Table passengers = Datasets.airlinePassengers();   // 144 months, Month (date) and Passengers
 * String text = Datasets.shakespeare();               // Coriolanus, for character-level language models
 * Imdb imdb = Datasets.imdb(10_000);                  // Keras's imdb.load_data(num_words=10000)
 * }</pre>
 */
public final class Datasets {
    private Datasets() {}

    /** Monthly international airline passengers (thousands), Jan 1949 to Dec 1960: columns {@code Month}, {@code Passengers}; 144 rows. */
    public static Table airlinePassengers() {
        return Csv.load("airline-passengers.csv", "Month", "yyyy-MM");
    }

    /** Daily maximum temperature (°C) in Melbourne, 1981-01-01 to 1982-12-31: columns {@code Date}, {@code MaxTemperature}; 730 rows. */
    public static Table melbourneTemperatures() {
        return Csv.load("melbourne-daily-max-temperatures.csv");
    }

    /**
     * Product review sentences labelled 1 (positive) or 0 (negative), the whole Amazon part of the UCI
     * Sentiment Labelled Sentences set (1000 sentences, 500 positive): columns {@code text}, {@code label}.
     */
    public static Table sentiment() {
        StringColumn text = StringColumn.create("text");
        IntColumn label = IntColumn.create("label");
        for (String line : read("amazon-cells-labelled.txt").split("\n")) {
            if (line.isBlank()) continue;
            int tab = line.lastIndexOf('\t');
            text.append(line.substring(0, tab));
            label.append(Integer.parseInt(line.substring(tab + 1).trim()));
        }
        return Table.create("sentiment", text, label);
    }

    /**
     * Shakespeare's Coriolanus as it opens Karpathy's tiny-shakespeare (154,469 characters, about 27,700
     * words), for character-level language models.
     */
    public static String shakespeare() {
        return read("tinyshakespeare-excerpt.txt");
    }

    // ---- downloaded on first use -------------------------------------------------------------------------

    /**
     * Keras's IMDB sentiment data with all words: {@code keras.datasets.imdb.load_data()}. See
     * {@link #imdb(ImdbOptions)}.
     */
    public static Imdb imdb() { return imdb(ImdbOptions.defaults()); }

    /**
     * Keras's IMDB sentiment data keeping the {@code numWords} most frequent ids, as
     * {@code keras.datasets.imdb.load_data(num_words=numWords)}: the classic example's
     * {@code Datasets.imdb(10_000)}.
     */
    public static Imdb imdb(int numWords) { return imdb(ImdbOptions.defaults().numWords(numWords)); }

    /**
     * Keras's IMDB sentiment data, {@code keras.datasets.imdb.load_data} with the same arguments and the
     * same result, id for id: 25,000 training and 25,000 test reviews of movies as word ids, labelled 1
     * (positive) or 0 (negative), read from the files Keras reads ({@code imdb.npz}, checked against
     * Keras's published SHA-256, and {@code imdb_word_index.json}, checked against Keras's published MD5,
     * the only checksum published for it). They are downloaded (17.5 MB and 1.6 MB) into the cache on
     * first use; {@link #imdbCached()} says whether that has happened.
     *
     * <p>As in Keras: each half is shuffled with numpy's {@code RandomState(seed)} (train first, then
     * test, one generator); each review starts with {@code startChar} and each word id is its
     * frequency rank plus {@code indexFrom}; with {@code maxLength}, reviews of that many ids or more
     * are dropped (not cut); ids outside {@code [skipTop, numWords)} become {@code oovChar}. Keras's
     * quirks are kept so that results match: with no {@code numWords} the largest id itself becomes
     * {@code oovChar}, and {@code skipTop} counts ids (the start mark included), not words.
     *
     * @throws IllegalArgumentException for options that keep no word or no review
     * @throws io.github.recur.data.download.DownloadException when the files cannot be had (the
     *         message says where to put them by hand)
     */
    public static Imdb imdb(ImdbOptions options) { return imdb(options, Downloader.standard()); }

    /** As {@link #imdb(ImdbOptions)} with another cache directory, timeouts or retries. */
    public static Imdb imdb(ImdbOptions options, Downloader downloader) {
        if (options == null) throw new IllegalArgumentException("imdb: options is null; use ImdbOptions.defaults()");
        if (downloader == null) throw new IllegalArgumentException("imdb: downloader is null; use Downloader.standard()");
        return Imdb.load(options, downloader, DatasetFiles.IMDB_NPZ, DatasetFiles.IMDB_WORD_INDEX);
    }

    /**
     * Whether {@link #imdb} can run without the network: both of Keras's files are in the cache
     * ({@link #cacheDirectory()}) with their published checksums. Downloads nothing and creates nothing,
     * so a notebook can choose between IMDB and a bundled dataset without touching the network.
     *
     * <pre>{@code
     * SequenceData train = Datasets.imdbCached() ? Datasets.imdb(10_000).train().padded(500) : bundledTrain;
     * }</pre>
     */
    public static boolean imdbCached() { return imdbCached(Downloader.standard()); }

    /** As {@link #imdbCached()} for another cache directory. */
    public static boolean imdbCached(Downloader downloader) {
        return downloader.isCached(DatasetFiles.IMDB_NPZ) && downloader.isCached(DatasetFiles.IMDB_WORD_INDEX);
    }

    /**
     * The directory downloaded datasets are kept in: the system property {@code recur.data}, else the
     * environment variable {@code RECUR_DATA}, else the user's cache directory (see {@link Downloader}).
     * Creates nothing.
     *
     * <pre>{@code
     * if (!Datasets.imdbCached()) System.out.println("IMDB is not in " + Datasets.cacheDirectory());
     * }</pre>
     */
    public static Path cacheDirectory() { return Downloader.standard().cacheDirectory(); }

    /** Keras's IMDB word index, word to frequency rank, as {@code keras.datasets.imdb.get_word_index()}. */
    public static java.util.Map<String, Integer> imdbWordIndex() {
        return Imdb.readWordIndex(Downloader.standard().fetch(DatasetFiles.IMDB_WORD_INDEX));
    }

    /**
     * The Large Movie Review Dataset as text, for the tokenizer/vocabulary workflow: training and test
     * tables of 25,000 reviews each (see {@link ImdbReviews}), from the published archive (84 MB,
     * checked against the SHA-256 that TensorFlow Datasets publishes), downloaded into the cache on first use.
     */
    public static ImdbReviews imdbReviews() { return imdbReviews(Downloader.standard()); }

    /** As {@link #imdbReviews()} with another cache directory, timeouts or retries. */
    public static ImdbReviews imdbReviews(Downloader downloader) {
        if (downloader == null) throw new IllegalArgumentException("imdbReviews: downloader is null; use Downloader.standard()");
        return ImdbReviews.load(downloader, DatasetFiles.ACL_IMDB);
    }

    /** Whether {@link #imdbReviews()} can run without the network. Downloads nothing. */
    public static boolean imdbReviewsCached() { return Downloader.standard().isCached(DatasetFiles.ACL_IMDB); }

    static String read(String name) {
        try (InputStream in = Csv.resource(name);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            var sb = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) > 0; ) sb.append(buf, 0, n);
            return sb.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("bundled dataset '" + name + "' is missing from the class path", e);
        }
    }
}
