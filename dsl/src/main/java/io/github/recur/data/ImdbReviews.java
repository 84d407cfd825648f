package io.github.recur.data;

import io.github.recur.data.download.Downloader;
import io.github.recur.data.download.RemoteFile;
import io.github.recur.io.DataFileException;
import io.github.recur.io.Tar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The Large Movie Review Dataset (Maas et al., 2011) as text: the labelled reviews of its training
 * and test halves (25,000 each, half positive), read from the published archive. Columns:
 * {@code text} (the review as written, with its {@code <br />} line breaks), {@code label} (1 positive,
 * 0 negative), {@code rating} (the reviewer's 1-10 stars: 7 or more positive, 4 or less negative) and
 * {@code id}. Rows come in a fixed shuffled order (numpy's RandomState(113)), so a validation split
 * taken from the end holds both labels. The 50,000 unlabelled reviews are not loaded.
 *
 * <pre>{@code
 * ImdbReviews reviews = Datasets.imdbReviews();
 * Vocabulary vocab = Vocabulary.fit(reviews.train().stringColumn("text").asList(), Tokenizer.words(), 10_000);
 * SequenceData train = vocab.sequences(reviews.train(), "text", "label", 200);
 * }</pre>
 *
 * @param train the 25,000 training reviews
 * @param test  the 25,000 test reviews
 */
public record ImdbReviews(Table train, Table test) {
    private static final Pattern REVIEW = Pattern.compile("aclImdb/(train|test)/(pos|neg)/(\\d{1,9})_(\\d{1,2})\\.txt");
    /** The longest review of the published set is about 14 kB; anything far larger is not a review. */
    private static final int MAX_REVIEW = 1 << 20;

    private record Review(boolean train, int label, int id, int rating, String text) {}

    static ImdbReviews load(Downloader downloader, RemoteFile archive) {
        return fromArchive(downloader.fetch(archive));
    }

    /** Reads the reviews from a copy of {@code aclImdb_v1.tar.gz} wherever it is, without checking its checksum. */
    public static ImdbReviews fromArchive(Path tarGz) {
        if (tarGz == null) throw new IllegalArgumentException("ImdbReviews.fromArchive: path is null");
        List<Review> reviews = new ArrayList<>();
        String file = String.valueOf(tarGz.getFileName());
        Tar.readGzip(tarGz, (name, size, content) -> {
            Matcher m = REVIEW.matcher(name);
            if (!m.matches()) return;
            if (size > MAX_REVIEW) {
                throw new DataFileException(tarGz, file + ": " + name + " is " + size + " bytes, not a review; the archive is not the published one");
            }
            String text = new String(content.readNBytes((int) size), StandardCharsets.UTF_8);
            reviews.add(new Review(m.group(1).equals("train"), m.group(2).equals("pos") ? 1 : 0, Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), text));
        });
        if (reviews.isEmpty()) {
            throw new DataFileException(tarGz, file + " holds no reviews (no aclImdb/train/pos/*.txt and similar); it is not the Large Movie Review Dataset");
        }
        return new ImdbReviews(table("imdb-train", reviews, true), table("imdb-test", reviews, false));
    }

    private static Table table(String name, List<Review> all, boolean train) {
        List<Review> rows = new ArrayList<>();
        for (Review r : all) if (r.train() == train) rows.add(r);
        // Archive order is an accident of how it was packed: sort, then shuffle reproducibly.
        rows.sort(Comparator.comparingInt(Review::label).reversed().thenComparingInt(Review::id));
        int[] order = new NumpyRandomState(113).permutation(rows.size());
        StringColumn text = StringColumn.create("text");
        IntColumn label = IntColumn.create("label"), rating = IntColumn.create("rating"), id = IntColumn.create("id");
        for (int i : order) {
            Review r = rows.get(i);
            text.append(r.text());
            label.append(r.label());
            rating.append(r.rating());
            id.append(r.id());
        }
        return Table.create(name, text, label, rating, id);
    }
}
