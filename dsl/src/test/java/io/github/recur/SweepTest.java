package io.github.recur;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

class SweepTest {
    /** cell × path × masked × backwards × sequences, as StateGradientTest sweeps them. */
    private static List<Arguments> product() {
        List<Arguments> all = new ArrayList<>();
        for (String cell : List.of("tanh", "relu", "lstm", "gru")) {
            for (String path : List.of("REFERENCE", "FAST")) {
                for (boolean masked : List.of(false, true)) {
                    for (boolean backwards : List.of(false, true)) {
                        for (boolean sequences : List.of(false, true)) all.add(Arguments.of(cell, path, masked, backwards, sequences));
                    }
                }
            }
        }
        return all;
    }

    @Test
    void theSubsetHoldsEveryKeyCombinationAndEveryPairOfValuesInTheOriginalOrder() {
        List<Arguments> all = product();
        List<Arguments> some = Sweep.coverWithSeed(all, 17, 0, 2, 3);
        assertTrue(some.size() < all.size() / 2, some.size() + " of " + all.size());
        Set<List<Object>> keys = new HashSet<>(), pairs = new HashSet<>();
        for (Arguments a : some) {
            Object[] v = a.get();
            keys.add(List.of(v[0], v[2], v[3]));
            for (int i = 0; i < v.length; i++) for (int j = i + 1; j < v.length; j++) pairs.add(List.of(i, v[i], j, v[j]));
        }
        assertEquals(4 * 2 * 2, keys.size(), "cell × masked × backwards");
        // pairs of two dimensions with a and b values: 4·2 for the cell with each of the 4 others, 2·2 for the 6 pairs of those
        assertEquals(4 * 8 + 6 * 4, pairs.size());
        for (int k = 1; k < some.size(); k++) assertTrue(all.indexOf(some.get(k - 1)) < all.indexOf(some.get(k)), "order changed");
    }

    @Test
    void theSameSeedPicksTheSameCasesAndAnotherSeedOthers() {
        List<Arguments> all = product();
        assertEquals(Sweep.coverWithSeed(all, 17, 0, 2, 3), Sweep.coverWithSeed(all, 17, 0, 2, 3));
        assertNotEquals(Sweep.coverWithSeed(all, 17, 0, 2, 3), Sweep.coverWithSeed(all, 18, 0, 2, 3));
    }
}
