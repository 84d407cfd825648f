package io.github.recur.data;

/**
 * numpy's legacy {@code numpy.random.RandomState(seed)} as far as {@code shuffle} of a 1-D array
 * goes: the Mersenne Twister MT19937 seeded by {@code init_genrand(seed)}, and a Fisher–Yates
 * shuffle from the last element down that draws each index with numpy's {@code random_interval}
 * (a bit mask and rejection). Keras shuffles IMDB with it, so the same seed gives the same order here.
 */
final class NumpyRandomState {
    private static final int N = 624, M = 397;
    private final int[] mt = new int[N];
    private int index;

    /** {@code seed} in [0, 2^32 - 1], as numpy requires. */
    NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) throw new IllegalArgumentException("seed must be between 0 and 2^32 - 1 (as numpy's), got " + seed);
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        index = N;
    }

    /** The next 32 random bits (MT19937's {@code genrand_int32}), as an unsigned value. */
    long nextUint32() {
        if (index >= N) twist();
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        y ^= y >>> 18;
        return y & 0xFFFF_FFFFL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x8000_0000) | (mt[(i + 1) % N] & 0x7FFF_FFFF);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908B0DF : 0);
        }
        index = 0;
    }

    /** A uniform integer in [0, max] by numpy's {@code random_interval}: mask to the next power of two minus one, reject above max. */
    int interval(int max) {
        if (max == 0) return 0;
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long v;
        while ((v = nextUint32() & mask) > max) { /* rejection */ }
        return (int) v;
    }

    /** {@code RandomState.shuffle} of a 1-D array, in place. */
    void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = interval(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** {@code np.arange(n)} after {@link #shuffle}. */
    int[] permutation(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        shuffle(a);
        return a;
    }
}
