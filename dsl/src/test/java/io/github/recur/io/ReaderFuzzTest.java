package io.github.recur.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the data-file readers: real files numpy and Python's tarfile wrote (the committed
 * fixtures) are mutated (bit flips, forged lengths and counts, cuts, deletions, duplicated and random
 * chunks) and read. Every input must either read, or fail with a {@link DataFileException} that has a
 * message; any other exception, an error such as OutOfMemoryError from a forged length, or a hang
 * fails the test, naming the seed and input number (the input is saved under target/fuzz-failures).
 *
 * <p>CI runs {@value #DEFAULT_ITERATIONS} inputs per reader. A long run:
 * {@code mvn -pl dsl test -Dtest=ReaderFuzzTest -Drecur.fuzz.iterations=1000000 -Drecur.fuzz.seed=7}.
 */
class ReaderFuzzTest {
    static final int DEFAULT_ITERATIONS = 10_000;
    private static final int ITERATIONS = Integer.getInteger("recur.fuzz.iterations", DEFAULT_ITERATIONS);
    private static final long SEED = Long.getLong("recur.fuzz.seed", 20_241_201L);
    /** A generous bound: 10,000 inputs take seconds; only a hang comes near it. */
    private static final Duration LIMIT = Duration.ofMinutes(Math.max(10, ITERATIONS / 2_000));

    @TempDir Path tmp;

    @FunctionalInterface
    interface Reader { void read(byte[] input) throws Exception; }

    /** Reads everything the result offers, so lazy decoding is fuzzed too. */
    static void touch(NpyArray a) {
        if (a.isObjectArray()) {
            try {
                a.intSequences();
            } catch (DataFileException e) {
                for (Object o : a.objects()) if (o instanceof NpyArray inner) touch(inner);
                throw e;
            }
        } else if (a.dtype().contains("f")) {
            a.doubles();
        } else {
            a.longs();
        }
    }

    @Test
    void npyReaderReadsOrRefusesEveryMutatedFile() {
        List<byte[]> corpus = new ArrayList<>();
        try (var files = Files.list(Fixtures.path("npy"))) {
            files.filter(p -> p.toString().endsWith(".npy")).sorted().forEach(p -> corpus.add(Fixtures.bytes("npy/" + p.getFileName())));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        corpus.addAll(npzMembers("imdb-mini.npz"));
        corpus.addAll(npzMembers("imdb-mini-py2.npz"));
        fuzz("npy", corpus, b -> touch(Npy.decode(b, "fuzz.npy", null)));
    }

    @Test
    void unpicklerReadsOrRefusesEveryMutatedPickle() {
        List<byte[]> corpus = new ArrayList<>();
        for (byte[] npy : npzMembers("imdb-mini.npz")) if (isObject(npy)) corpus.add(pickleOf(npy));
        for (byte[] npy : npzMembers("imdb-mini-py2.npz")) if (isObject(npy)) corpus.add(pickleOf(npy));
        corpus.add(pickleOf(Fixtures.bytes("npy/object-int-arrays.npy")));
        fuzz("pickle", corpus, b -> {
            Object v = SafeUnpickler.load(b, 0, b.length, "fuzz.pkl", null);
            if (v instanceof SafeUnpickler.PickledArray a && a.built()) touch(a.toNpyArray("fuzz.pkl", null));
        });
    }

    @Test
    void npzReaderReadsOrRefusesEveryMutatedArchive() {
        List<byte[]> corpus = List.of(Fixtures.bytes("imdb-mini.npz"), Fixtures.bytes("imdb-mini-compressed.npz"), Fixtures.bytes("imdb-mini-py2.npz"));
        Path file = tmp.resolve("fuzz.npz");
        fuzz("npz", corpus, b -> {
            Files.write(file, b);
            for (NpyArray a : Npz.read(file).values()) touch(a);
        });
    }

    @Test
    void tarReaderReadsOrRefusesEveryMutatedArchive() throws IOException {
        List<byte[]> corpus = List.of(TarTest.ungzip(Fixtures.bytes("aclImdb-mini.tar.gz")), TarTest.ungzip(Fixtures.bytes("aclImdb-mini-pax.tar.gz")));
        fuzz("tar", corpus, b -> Tar.read(new ByteArrayInputStream(b), "fuzz.tar", null, (name, size, content) -> drain(content)));
    }

    @Test
    void tarGzReaderReadsOrRefusesEveryMutatedArchive() {
        List<byte[]> corpus = List.of(Fixtures.bytes("aclImdb-mini.tar.gz"), Fixtures.bytes("aclImdb-mini-pax.tar.gz"));
        var tars = new ArrayList<byte[]>();
        try {
            for (byte[] gz : corpus) tars.add(TarTest.ungzip(gz));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        // Half the inputs mutate the compressed bytes (the gzip layer), half a tar that is then compressed properly.
        Random regzip = new Random(SEED ^ 0x5A5A);
        fuzz("tar.gz", corpus, b -> {
            byte[] input = regzip.nextBoolean() ? b : gzip(Mutator.mutate(tars.get(regzip.nextInt(tars.size())), regzip));
            Tar.readGzip(new ByteArrayInputStream(input), "fuzz.tar.gz", null, (name, size, content) -> drain(content));
        });
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        while (in.read(buf) >= 0) { /* read it all */ }
    }

    private void fuzz(String reader, List<byte[]> corpus, Reader read) {
        int[] counts = new int[2];
        assertTimeoutPreemptively(LIMIT, () -> {
            Random r = new Random(SEED ^ reader.hashCode());
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] input = Mutator.mutate(corpus.get(r.nextInt(corpus.size())), r);
                try {
                    read.read(input);
                    counts[0]++;
                } catch (DataFileException e) {
                    if (e.getMessage() == null || e.getMessage().isBlank()) failWith(reader, i, input, e, "a DataFileException without a message");
                    counts[1]++;
                } catch (Throwable t) {
                    failWith(reader, i, input, t, "not the documented DataFileException");
                }
            }
        }, () -> reader + ": the fuzz run did not finish within " + LIMIT + " (a hang?) with seed " + SEED);
        System.out.printf("fuzz %-6s seed %d: %,d inputs, %,d read, %,d refused with DataFileException%n", reader, SEED, ITERATIONS, counts[0], counts[1]);
        assertTrue(counts[0] + counts[1] == ITERATIONS);
        assertTrue(counts[1] > 0, reader + ": no input was refused, so the mutations did not reach the reader");
    }

    private static void failWith(String reader, int i, byte[] input, Throwable t, String what) {
        Path dir = Path.of("target", "fuzz-failures");
        String saved;
        try {
            Files.createDirectories(dir);
            Path p = dir.resolve(reader + "-seed" + SEED + "-input" + i + ".bin");
            Files.write(p, input);
            saved = p.toAbsolutePath().toString();
        } catch (IOException e) {
            saved = "(could not save: " + e + ")";
        }
        var sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        fail(reader + " input " + i + " (seed " + SEED + ", saved at " + saved + "): " + what + ": " + sw);
    }

    private static List<byte[]> npzMembers(String npz) {
        var out = new ArrayList<byte[]>();
        try (ZipFile z = new ZipFile(Fixtures.path(npz).toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    out.add(in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    private static boolean isObject(byte[] npy) { return new String(npy, 0, Math.min(128, npy.length), java.nio.charset.StandardCharsets.ISO_8859_1).contains("'|O'"); }

    private static byte[] pickleOf(byte[] npy) {
        int headerLen = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
        return Arrays.copyOfRange(npy, 10 + headerLen, npy.length);
    }

    private static byte[] gzip(byte[] b) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    /** Structure-blind mutations that still hit headers often (half of the positions fall in the first 512 bytes). */
    static final class Mutator {
        private static final int[] BYTES = {0, 1, 0x20, 0x30, 0x7F, 0x80, 0xFF};
        private static final long[] WORDS = {0, 1, -1, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 0x4000_0000L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40};

        static byte[] mutate(byte[] original, Random r) {
            byte[] b = original.clone();
            int n = 1 + r.nextInt(4);
            for (int k = 0; k < n && b.length > 0; k++) {
                int at = position(b.length, r);
                switch (r.nextInt(9)) {
                    case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                    case 1 -> b[at] = (byte) BYTES[r.nextInt(BYTES.length)];
                    case 2 -> b[at] = (byte) r.nextInt(256);
                    case 3 -> word(b, at, WORDS[r.nextInt(WORDS.length)], 4);
                    case 4 -> word(b, at, r.nextBoolean() ? WORDS[r.nextInt(WORDS.length)] : r.nextLong(), 8);
                    case 5 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // cut
                    case 6 -> { // delete a range
                        int len = Math.min(b.length - at, 1 + r.nextInt(64));
                        byte[] c = new byte[b.length - len];
                        System.arraycopy(b, 0, c, 0, at);
                        System.arraycopy(b, at + len, c, at, b.length - at - len);
                        b = c;
                    }
                    case 7 -> { // duplicate a chunk somewhere
                        int from = r.nextInt(b.length), len = Math.min(b.length - from, 1 + r.nextInt(600));
                        b = insert(b, at, Arrays.copyOfRange(b, from, from + len));
                    }
                    default -> { // insert random bytes
                        byte[] junk = new byte[1 + r.nextInt(16)];
                        r.nextBytes(junk);
                        b = insert(b, at, junk);
                    }
                }
            }
            return b;
        }

        private static int position(int length, Random r) {
            return r.nextBoolean() ? r.nextInt(Math.min(length, 512)) : r.nextInt(length);
        }

        private static void word(byte[] b, int at, long v, int size) {
            for (int i = 0; i < size && at + i < b.length; i++) b[at + i] = (byte) (v >>> (8 * i));
        }

        private static byte[] insert(byte[] b, int at, byte[] chunk) {
            byte[] c = new byte[b.length + chunk.length];
            System.arraycopy(b, 0, c, 0, at);
            System.arraycopy(chunk, 0, c, at, chunk.length);
            System.arraycopy(b, at, c, at + chunk.length, b.length - at);
            return c;
        }
    }
}
