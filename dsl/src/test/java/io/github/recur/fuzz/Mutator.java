package io.github.recur.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of valid files, for the fuzz tests of every reader: bit flips, bytes set to
 * interesting values (0, 0xFF, 0x7F, separators, quotes, newlines), insertions, deletions,
 * duplicated or swapped chunks and truncation, several per input. The same seed gives the same inputs.
 */
public final class Mutator {
    private static final byte[] INTERESTING = {0, (byte) 0xFF, 0x7F, (byte) 0x80, '\n', '\r', ',', ';', '"', '{', '}', '[', ']', ':', '-', '9', 'e'};
    private final Random random;
    private final List<byte[]> seeds;

    public Mutator(long seed, List<byte[]> seeds) {
        if (seeds.isEmpty()) throw new IllegalArgumentException("give at least one valid file to mutate");
        this.random = new Random(seed);
        this.seeds = seeds;
    }

    /** How many inputs a fuzz test runs: {@code -Drecur.fuzz.iterations=N} for a long run, else {@code defaultCount}. */
    public static int iterations(int defaultCount) {
        return Integer.getInteger("recur.fuzz.iterations", defaultCount);
    }

    /** The next mutated input. */
    public byte[] next() {
        byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) b = mutate(b);
        return b;
    }

    private byte[] mutate(byte[] b) {
        if (b.length == 0) return new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]};
        int at = random.nextInt(b.length);
        switch (random.nextInt(8)) {
            case 0: // flip a bit
                b[at] ^= (byte) (1 << random.nextInt(8));
                return b;
            case 1: // an interesting byte
                b[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                return b;
            case 2: { // insert a few bytes
                int n = 1 + random.nextInt(8);
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, at);
                for (int i = 0; i < n; i++) out[at + i] = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
                System.arraycopy(b, at, out, at + n, b.length - at);
                return out;
            }
            case 3: { // delete a run
                int n = Math.min(b.length - at, 1 + random.nextInt(16));
                byte[] out = new byte[b.length - n];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + n, out, at, b.length - at - n);
                return out;
            }
            case 4: // truncate
                return Arrays.copyOf(b, at);
            case 5: { // duplicate a chunk
                int n = Math.min(b.length - at, 1 + random.nextInt(64));
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, at + n);
                System.arraycopy(b, at, out, at + n, b.length - at);
                return out;
            }
            case 6: { // a little-endian integer field set to an extreme (forged lengths, offsets, counts)
                if (b.length - at < 8) return b;
                long v = switch (random.nextInt(4)) {
                    case 0 -> Long.MAX_VALUE;
                    case 1 -> -1L;
                    case 2 -> Integer.MAX_VALUE;
                    default -> 1L << (20 + random.nextInt(40));
                };
                for (int i = 0; i < 8; i++) b[at + i] = (byte) (v >>> (8 * i));
                return b;
            }
            default: { // swap two bytes
                int other = random.nextInt(b.length);
                byte t = b[at];
                b[at] = b[other];
                b[other] = t;
                return b;
            }
        }
    }
}
