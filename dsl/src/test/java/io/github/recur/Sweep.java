package io.github.recur;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Which cases of a parameterised sweep run. With {@code -Drecur.sweep=full}: all of them. By default a
 * seeded subset that still holds every combination of the key dimensions (say cell × direction × mask)
 * and every pair of values of any two dimensions (so every cell meets both compute paths, every mask
 * case both output kinds, and so on): the finite-difference sweeps grow as a product of their
 * dimensions, and a few seconds per case on the reference path add up to minutes of CI on two cores.
 * The same seed picks the same cases on every run ({@code -Drecur.sweep.seed=N} draws another subset).
 *
 * <pre>{@code static Stream<Arguments> cases() { return Sweep.cover(all, 0, 2, 3); } // dimensions 0, 2 and 3 in full}</pre>
 */
public final class Sweep {
    private Sweep() {}

    /** Whether this run takes every case ({@code -Drecur.sweep=full}). */
    public static boolean full() { return "full".equals(System.getProperty("recur.sweep")); }

    /** The cases to run of {@code all} (each of one length), in their original order; {@code keys}: dimensions combined in full. */
    public static Stream<Arguments> cover(List<Arguments> all, int... keys) {
        return full() ? all.stream() : coverWithSeed(all, Long.getLong("recur.sweep.seed", 17), keys).stream();
    }

    /** The covering subset for one seed, whatever {@code recur.sweep} says (tests of this class). */
    static List<Arguments> coverWithSeed(List<Arguments> all, long seed, int... keys) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) order.add(i);
        Collections.shuffle(order, new Random(seed)); // ties go to the earliest in this order: the seed decides them
        Set<List<Object>> needed = new HashSet<>();
        for (Arguments a : all) needed.addAll(items(a.get(), keys));
        List<Integer> chosen = new ArrayList<>();
        while (!needed.isEmpty()) { // greedy: the case that covers most of what is still missing
            int best = -1, bestCount = 0;
            for (int i : order) {
                int count = 0;
                for (List<Object> item : items(all.get(i).get(), keys)) if (needed.contains(item)) count++;
                if (count > bestCount) {
                    best = i;
                    bestCount = count;
                }
            }
            chosen.add(best);
            needed.removeAll(items(all.get(best).get(), keys));
        }
        chosen.sort(Comparator.naturalOrder());
        List<Arguments> out = new ArrayList<>();
        for (int i : chosen) out.add(all.get(i));
        return out;
    }

    /** What one case covers: its combination of key values, and each pair of (dimension, value). */
    private static List<List<Object>> items(Object[] values, int[] keys) {
        List<List<Object>> items = new ArrayList<>();
        Object[] key = new Object[keys.length];
        for (int k = 0; k < keys.length; k++) key[k] = values[keys[k]];
        items.add(List.of("keys", Arrays.asList(key)));
        for (int i = 0; i < values.length; i++) {
            for (int j = i + 1; j < values.length; j++) items.add(Arrays.asList(i, values[i], j, values[j]));
        }
        return items;
    }
}
