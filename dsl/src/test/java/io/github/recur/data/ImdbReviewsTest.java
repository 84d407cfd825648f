package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import tech.tablesaw.api.Table;

/** The review texts from an archive in aclImdb_v1.tar.gz's layout (GNU and pax tar), as tables for the vocabulary workflow. */
class ImdbReviewsTest {
    @TempDir Path tmp;

    @SuppressWarnings("unchecked")
    private static void assertRows(Table t, String split) {
        List<Object> expected = (List<Object>) Json.parse(new String(Fixtures.bytes("aclImdb-mini-expected.json"), StandardCharsets.UTF_8));
        int n = 0;
        for (Object o : expected) {
            Map<String, Object> r = (Map<String, Object>) o;
            if (!r.get("split").equals(split)) continue;
            n++;
            int id = (int) (long) (Long) r.get("id");
            int row = -1;
            for (int i = 0; i < t.rowCount(); i++) if (t.intColumn("id").get(i) == id) row = i;
            assertTrue(row >= 0, "review " + id + " of " + split);
            assertEquals(r.get("text"), t.stringColumn("text").get(row));
            assertEquals((int) (long) (Long) r.get("label"), t.intColumn("label").get(row));
            assertEquals((int) (long) (Long) r.get("rating"), t.intColumn("rating").get(row));
        }
        assertEquals(n, t.rowCount(), split + ": the unlabelled and other files are not rows");
    }

    @Test
    void bothTarFormatsGiveTheLabelledReviewsAsWritten() {
        for (String f : List.of("aclImdb-mini.tar.gz", "aclImdb-mini-pax.tar.gz")) {
            ImdbReviews r = ImdbReviews.fromArchive(Fixtures.path(f));
            assertEquals(List.of("text", "label", "rating", "id"), r.train().columnNames());
            assertRows(r.train(), "train");
            assertRows(r.test(), "test");
        }
    }

    @Test
    void theRowOrderIsFixed() {
        Table a = ImdbReviews.fromArchive(Fixtures.path("aclImdb-mini.tar.gz")).train();
        Table b = ImdbReviews.fromArchive(Fixtures.path("aclImdb-mini-pax.tar.gz")).train();
        assertEquals(a.intColumn("id").asList(), b.intColumn("id").asList());
    }

    @Test
    void theTablesFeedTheVocabularyWorkflow() {
        ImdbReviews r = ImdbReviews.fromArchive(Fixtures.path("aclImdb-mini.tar.gz"));
        Vocabulary v = Vocabulary.fit(r.train().stringColumn("text").asList(), Tokenizer.words(), 100);
        SequenceData d = v.sequences(r.train(), "text", "label", 12);
        assertEquals(4, d.size());
        assertEquals(12, d.x().size(1));
    }

    @Test
    void anArchiveWithoutReviewsIsNamed() throws Exception {
        Path npz = Files.copy(Fixtures.path("imdb-mini.npz"), tmp.resolve("aclImdb_v1.tar.gz"));
        var e = assertThrows(DataFileException.class, () -> ImdbReviews.fromArchive(npz));
        assertTrue(e.getMessage().contains("aclImdb_v1.tar.gz is not a gzip file"), e.getMessage());
    }

    @Test
    void loadFetchesTheArchiveThroughTheDownloader() throws Exception {
        byte[] gz = Fixtures.bytes("aclImdb-mini.tar.gz");
        try (var server = new LoopbackServer()) {
            RemoteFile f = RemoteFile.sha256("aclImdb_v1.tar.gz", server.serve("aclImdb_v1.tar.gz", gz), gz.length, LoopbackServer.sha256(gz), "test");
            ImdbReviews r = ImdbReviews.load(TestDownloaders.into(tmp.resolve("cache"), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)), f);
            assertEquals(4, r.train().rowCount());
            assertEquals(3, r.test().rowCount());
        }
    }
}
