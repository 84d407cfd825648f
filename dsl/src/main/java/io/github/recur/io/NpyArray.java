package io.github.recur.io;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One array of a {@code .npy} file (or of an {@code .npz} archive): its numpy dtype, shape and values,
 * read by {@link Npy} or {@link Npz}. Numbers come out in C (row-major) order whatever the file's
 * order; an object array ({@code dtype '|O'}, pickled by numpy) holds Java values: {@code Long},
 * {@code List<Object>} (a Python list), {@code NpyArray} (a nested array).
 *
 * <pre>{@code
 * NpyArray y = Npz.read(Path.of("imdb.npz")).get("y_train");
 * long[] labels = y.longs();                       // shape [25000]
 * int[][] reviews = Npz.read(path).get("x_train").intSequences();
 * }</pre>
 */
public final class NpyArray {
    private final String name;
    private final Path path;
    private final String dtype;
    private final long[] shape;
    private final boolean fortranOrder;
    private final int size;
    private final ByteBuffer data;
    private final List<Object> objects;

    private NpyArray(String name, Path path, String dtype, long[] shape, boolean fortranOrder, int size, ByteBuffer data, List<Object> objects) {
        this.name = name;
        this.path = path;
        this.dtype = dtype;
        this.shape = shape;
        this.fortranOrder = fortranOrder;
        this.size = size;
        this.data = data;
        this.objects = objects;
    }

    /** A numeric array over {@code data} (exactly size × item size bytes, checked by the caller). */
    static NpyArray numeric(String name, Path path, Dtype dtype, long[] shape, boolean fortranOrder, int size, ByteBuffer data) {
        ByteBuffer d = data.slice().order(dtype.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        return new NpyArray(name, path, dtype.descr(), shape.clone(), fortranOrder, size, d, null);
    }

    /** An object array; {@code elements} are in C order. */
    static NpyArray objects(String name, Path path, String descr, long[] shape, boolean fortranOrder, List<Object> elements) {
        return new NpyArray(name, path, descr, shape.clone(), fortranOrder, elements.size(), null, Collections.unmodifiableList(elements));
    }

    /** The numpy dtype as the file states it, e.g. {@code "<i8"}, {@code "|O"}. */
    public String dtype() { return dtype; }

    /** The shape ({@code []} for a scalar). */
    public long[] shape() { return shape.clone(); }

    /** The number of elements. */
    public int size() { return size; }

    /** Whether the values are Python objects (numpy dtype {@code O}). */
    public boolean isObjectArray() { return objects != null; }

    /** The elements of an object array in C order. */
    public List<Object> objects() {
        if (objects == null) throw fail("has dtype " + dtype + ", not a numpy object array; use longs() or doubles()");
        return objects;
    }

    /** Integer or boolean values in C order (false = 0, true = 1). */
    public long[] longs() {
        Dtype d = numericDtype();
        if (d.kind() == 'f') throw fail("holds floating-point numbers (" + dtype + "); use doubles()");
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            int at = sourceIndex(i) * d.size();
            long v = switch (d.kind() + "" + d.size()) {
                case "b1", "u1" -> data.get(at) & 0xFFL;
                case "i1" -> data.get(at);
                case "i2" -> data.getShort(at);
                case "u2" -> data.getShort(at) & 0xFFFFL;
                case "i4" -> data.getInt(at);
                case "u4" -> data.getInt(at) & 0xFFFF_FFFFL;
                case "i8" -> data.getLong(at);
                case "u8" -> {
                    long raw = data.getLong(at);
                    if (raw < 0) throw fail("holds the unsigned value " + new BigInteger(Long.toUnsignedString(raw)) + " at index " + i + ", beyond a Java long");
                    yield raw;
                }
                default -> throw new IllegalStateException(dtype);
            };
            out[i] = v;
        }
        return out;
    }

    /** Numeric values as doubles in C order. */
    public double[] doubles() {
        Dtype d = numericDtype();
        if (d.kind() != 'f') {
            long[] l = longs();
            double[] out = new double[size];
            for (int i = 0; i < size; i++) out[i] = l[i];
            return out;
        }
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            int at = sourceIndex(i) * d.size();
            out[i] = d.size() == 4 ? data.getFloat(at) : data.getDouble(at);
        }
        return out;
    }

    /**
     * The rows of a ragged integer array: an object array whose elements are Python lists of ints or
     * one-dimensional integer arrays (how Keras stores IMDB reviews as word ids).
     */
    public int[][] intSequences() {
        List<Object> elements = objects();
        int[][] out = new int[elements.size()][];
        for (int i = 0; i < out.length; i++) {
            Object e = elements.get(i);
            int[] fast = e instanceof PyList p ? p.intsOrNull() : null;
            if (fast != null) {
                out[i] = fast;
            } else if (e instanceof List<?> list) {
                int[] row = new int[list.size()];
                for (int j = 0; j < row.length; j++) row[j] = intValue(list.get(j), i, j);
                out[i] = row;
            } else if (e instanceof NpyArray a && !a.isObjectArray() && a.shape.length == 1) {
                long[] l = a.longs();
                int[] row = new int[l.length];
                for (int j = 0; j < row.length; j++) row[j] = intValue(l[j], i, j);
                out[i] = row;
            } else {
                throw fail("element " + i + " is " + describe(e) + ", not a list of integers");
            }
        }
        return out;
    }

    private int intValue(Object v, int row, int col) {
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return (int) (long) l;
        if (v instanceof Boolean b) return b ? 1 : 0;
        throw fail("element " + row + " holds " + describe(v) + " at position " + col + ", not an integer that fits a Java int");
    }

    /** A value's kind for messages; never its contents (a forged list may contain itself). */
    static String describe(Object v) {
        if (v == null) return "None";
        if (v instanceof Long l) return "the integer " + l;
        if (v instanceof BigInteger b) return "an integer of " + b.bitLength() + " bits";
        if (v instanceof List<?> l) return "a list of " + l.size() + " items";
        if (v instanceof NpyArray a) return "an array of dtype " + a.dtype + " and shape " + Arrays.toString(a.shape);
        if (v instanceof String) return "a string";
        if (v instanceof byte[]) return "bytes";
        return "a " + v.getClass().getSimpleName();
    }

    private Dtype numericDtype() {
        if (objects != null) throw fail("is a numpy object array (dtype " + dtype + "); use objects() or intSequences()");
        return Dtype.parse(dtype, this::fail);
    }

    /** Position in the file's order of the element at C-order index {@code i}. */
    private int sourceIndex(int i) {
        if (!fortranOrder || shape.length < 2) return i;
        int rest = i, f = 0, stride = 1;
        int[] idx = new int[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            idx[k] = (int) (rest % shape[k]);
            rest /= (int) shape[k];
        }
        for (int k = 0; k < shape.length; k++) {
            f += idx[k] * stride;
            stride *= (int) shape[k];
        }
        return f;
    }

    private DataFileException fail(String what) {
        return new DataFileException(path, name + " " + what);
    }

    @Override public String toString() {
        return "NpyArray(" + name + ", dtype " + dtype + ", shape " + Arrays.toString(shape) + ")";
    }
}
