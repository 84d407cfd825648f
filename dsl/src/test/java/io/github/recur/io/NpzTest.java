package io.github.recur.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npz reader on Keras's IMDB layout as numpy writes it today, compressed, and as Python 2's numpy wrote it. */
class NpzTest {
    @TempDir Path tmp;

    @Test
    void theThreeWaysNumpyWritesImdbArraysReadTheSame() {
        Map<String, NpyArray> plain = Npz.read(Fixtures.path("imdb-mini.npz"));
        assertEquals(List.of("x_train", "y_train", "x_test", "y_test"), List.copyOf(plain.keySet()));
        int[][] train = plain.get("x_train").intSequences();
        assertEquals(40, train.length);
        assertEquals(2500, train[39].length, "a review longer than pickle's batches of 1,000");
        assertArrayEquals(new int[] {1}, train[3], "a one-word review (a single APPEND)");
        for (String other : List.of("imdb-mini-compressed.npz", "imdb-mini-py2.npz")) {
            Map<String, NpyArray> o = Npz.read(Fixtures.path(other));
            for (String k : List.of("x_train", "x_test")) {
                assertTrue(Arrays.deepEquals(plain.get(k).intSequences(), o.get(k).intSequences()), other + " " + k);
            }
            for (String k : List.of("y_train", "y_test")) assertArrayEquals(plain.get(k).longs(), o.get(k).longs(), other + " " + k);
        }
        assertEquals("<i8", plain.get("y_train").dtype());
    }

    @Test
    void aTruncatedArchiveIsNamedAndNotLoaded() throws IOException {
        byte[] b = Fixtures.bytes("imdb-mini.npz");
        Path cut = Files.write(tmp.resolve("imdb.npz"), Arrays.copyOf(b, b.length / 2));
        var e = assertThrows(DataFileException.class, () -> Npz.read(cut));
        assertTrue(e.getMessage().startsWith("imdb.npz is not a readable .npz (zip) archive"), e.getMessage());
        assertEquals(cut, e.path());
    }

    @Test
    void aMissingFileIsNamed() {
        var e = assertThrows(DataFileException.class, () -> Npz.read(tmp.resolve("nope.npz")));
        assertTrue(e.getMessage().contains("nope.npz does not exist"), e.getMessage());
    }
}
