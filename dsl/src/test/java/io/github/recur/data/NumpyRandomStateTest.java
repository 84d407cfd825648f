package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.recur.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * numpy's {@code RandomState(seed).shuffle}, reproduced: against permutations numpy 1.24 computed
 * (dsl/src/test/python/make_dataset_fixtures.py, numpy-shuffle.json).
 */
class NumpyRandomStateTest {
    @SuppressWarnings("unchecked")
    static Map<String, Object> fixture() throws IOException {
        try (InputStream in = NumpyRandomStateTest.class.getResourceAsStream("/datasets/numpy-shuffle.json")) {
            return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shufflesLikeNumpyForSeveralSeedsAndSizes() throws IOException {
        for (Object o : (List<Object>) fixture().get("small")) {
            Map<String, Object> c = (Map<String, Object>) o;
            long seed = (Long) c.get("seed");
            int n = (int) (long) (Long) c.get("n");
            int[] expected = ((List<Object>) c.get("permutation")).stream().mapToInt(v -> (int) (long) (Long) v).toArray();
            assertArrayEquals(expected, new NumpyRandomState(seed).permutation(n), "seed " + seed + ", n " + n);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void kerasImdbShufflesBothHalvesOfTwentyFiveThousandFromOneGenerator() throws Exception {
        Map<String, Object> imdb = (Map<String, Object>) fixture().get("imdb");
        var rng = new NumpyRandomState(113);
        for (String half : List.of("first", "second")) {
            Map<String, Object> e = (Map<String, Object>) imdb.get(half);
            int[] p = rng.permutation(25_000);
            int[] head = ((List<Object>) e.get("head")).stream().mapToInt(v -> (int) (long) (Long) v).toArray();
            assertArrayEquals(head, java.util.Arrays.copyOf(p, head.length), half);
            ByteBuffer b = ByteBuffer.allocate(p.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : p) b.putInt(v);
            assertEquals(e.get("sha256_int32_le"), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array())), half);
        }
    }

    @Test
    void refusesSeedsNumpyRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(-1));
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(1L << 32));
    }
}
