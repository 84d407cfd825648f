package io.github.recur.io;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;

/**
 * A Python list from a pickle. While it holds only integers that fit a Java int it keeps them in an
 * {@code int[]} (4 bytes each instead of a boxed Long and a reference, about 24): Keras's IMDB arrays
 * hold some 12 million word ids in such lists. Anything else switches it to plain object storage.
 */
final class PyList extends AbstractList<Object> {
    private int[] ints = new int[4];
    private Object[] objects; // non-null once a value that is not an int was added
    private int size;

    PyList() {}

    PyList(Collection<?> items) { addAll(items); }

    @Override public boolean add(Object v) {
        if (objects == null && v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            if (size == ints.length) ints = Arrays.copyOf(ints, Math.max(8, size * 2));
            ints[size++] = (int) (long) l;
            return true;
        }
        if (objects == null) {
            objects = new Object[Math.max(8, size * 2)];
            for (int i = 0; i < size; i++) objects[i] = (long) ints[i];
            ints = null;
        }
        if (size == objects.length) objects = Arrays.copyOf(objects, size * 2);
        objects[size++] = v;
        return true;
    }

    @Override public Object get(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException(i);
        return objects == null ? (Object) (long) ints[i] : objects[i];
    }

    @Override public int size() { return size; }

    /** The values as ints when every one is an int that fits, else null. */
    int[] intsOrNull() { return objects == null ? Arrays.copyOf(ints, size) : null; }

    // A list may contain itself: never print or hash the contents.
    @Override public String toString() { return "a list of " + size + " items"; }

    @Override public int hashCode() { return System.identityHashCode(this); }

    @Override public boolean equals(Object o) { return o == this; }
}
