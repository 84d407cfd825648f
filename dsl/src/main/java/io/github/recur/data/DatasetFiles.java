package io.github.recur.data;

import io.github.recur.data.download.RemoteFile;
import java.util.List;
import java.util.Locale;

/**
 * The published files behind Recur's downloadable datasets, with their sizes and published
 * checksums (sources in {@code io/github/recur/datasets/DATASETS.md}). {@link Datasets} fetches
 * them on first use; {@link FetchDatasets} fetches them ahead of time (e.g. while building an image).
 *
 * <pre>{@code
 * Downloader.standard().isCached(DatasetFiles.IMDB_NPZ)   // true once fetched
 * }</pre>
 */
public final class DatasetFiles {
    private DatasetFiles() {}

    private static final String KERAS = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    /** Keras's IMDB arrays (word ids of 25,000 + 25,000 reviews), the file {@code keras.datasets.imdb.load_data} reads. */
    public static final RemoteFile IMDB_NPZ = RemoteFile.sha256("imdb.npz", KERAS + "imdb.npz", 17_464_789L,
            "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f",
            "Keras's keras/src/datasets/imdb.py (load_data, file_hash)");

    /**
     * Keras's IMDB word index (word to frequency rank), the file {@code keras.datasets.imdb.get_word_index} reads.
     * Keras publishes only an MD5 for it, and no SHA-256 is published anywhere we found, so it is checked
     * against that MD5 and its exact size.
     */
    public static final RemoteFile IMDB_WORD_INDEX = RemoteFile.md5("imdb_word_index.json", KERAS + "imdb_word_index.json", 1_641_221L,
            "bfafd718b763782e994055a2d397834f",
            "Keras's keras/src/datasets/imdb.py (get_word_index, file_hash; Keras publishes only this MD5)");

    /** The Large Movie Review Dataset v1.0 (Maas et al., 2011): 50,000 labelled and 50,000 unlabelled review texts. */
    public static final RemoteFile ACL_IMDB = RemoteFile.sha256("aclImdb_v1.tar.gz",
            "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz", 84_125_825L,
            "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe",
            "TensorFlow Datasets' tensorflow_datasets/datasets/imdb_reviews/checksums.tsv");

    /** The files of a dataset by its name: {@code imdb} (Keras's arrays and word index) or {@code imdb-reviews} (the texts). */
    public static List<RemoteFile> of(String dataset) {
        return switch (dataset == null ? "" : dataset.toLowerCase(Locale.ROOT)) {
            case "imdb" -> List.of(IMDB_NPZ, IMDB_WORD_INDEX);
            case "imdb-reviews", "aclimdb" -> List.of(ACL_IMDB);
            default -> throw new IllegalArgumentException("unknown dataset '" + dataset + "'; the downloadable ones are "
                    + String.join(", ", names()));
        };
    }

    /** The names {@link #of} accepts. */
    public static List<String> names() { return List.of("imdb", "imdb-reviews"); }
}
