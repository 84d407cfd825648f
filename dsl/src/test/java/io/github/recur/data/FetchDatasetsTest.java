package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.data.download.TestDownloaders;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line fetcher (for Binder's postBuild): its listing, its exit codes, its offline message. */
class FetchDatasetsTest {
    @TempDir Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    private PrintStream oldOut, oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private int run(String... args) throws Exception {
        return FetchDatasets.run(args, TestDownloaders.offline(tmp.resolve("cache"), System.err));
    }

    @Test
    void listShowsEveryFileWithSizeChecksumAndWhetherItIsCached() throws Exception {
        assertEquals(0, run("--list"));
        String s = out.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("imdb.npz") && s.contains("17,464,789 bytes") && s.contains("69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"), s);
        assertTrue(s.contains("imdb_word_index.json") && s.contains("MD5 bfafd718b763782e994055a2d397834f"), s);
        assertTrue(s.contains("aclImdb_v1.tar.gz") && s.contains("c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe"), s);
        assertEquals(3, s.lines().filter(l -> l.endsWith("not cached")).count(), s);
    }

    @Test
    void aWrongCommandLineExitsWithTwoAndTheUsage() throws Exception {
        assertEquals(2, run());
        assertEquals(2, run("mnist"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown dataset 'mnist'; the downloadable ones are imdb, imdb-reviews"), err.toString());
        assertEquals(2, run("--cache"));
    }

    @Test
    void aFailedFetchExitsWithOneAndSaysWhereToPutTheFile() throws Exception {
        assertEquals(1, run("imdb"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("FetchDatasets: could not download imdb.npz") && e.contains("put it at " + tmp.resolve("cache").resolve("imdb.npz").toAbsolutePath()), e);
    }
}
