package io.github.recur.io;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the pickles that numpy writes for object arrays ({@code np.save} of an array of Python
 * lists or small arrays, as in Keras's {@code imdb.npz}), and nothing else: a stack machine over
 * pickle protocols 2 to 5 that knows three callables by name, {@code numpy.core.multiarray._reconstruct}
 * (also spelled {@code numpy._core...}), {@code numpy.ndarray} and {@code numpy.dtype}, and builds
 * Java values from them. It never loads a class or runs code named by the file: any other global,
 * call or opcode is a {@link DataFileException}, as is a truncated or inconsistent pickle.
 *
 * <p>Python values become: {@code None} null, {@code bool} Boolean, {@code int} Long (BigInteger
 * beyond 64 bits), {@code float} Double, {@code str} String, {@code bytes} byte[], {@code list}
 * {@link PyList}, {@code tuple} {@link Tuple}, a numpy array {@link PickledArray}.
 */
final class SafeUnpickler {
    /** The callables a numpy object-array pickle uses; the only names the file may mention. */
    private enum Global { RECONSTRUCT, NDARRAY, DTYPE }

    private static final Map<String, Global> GLOBALS = Map.of(
            "numpy.core.multiarray._reconstruct", Global.RECONSTRUCT,
            "numpy._core.multiarray._reconstruct", Global.RECONSTRUCT,
            "numpy.ndarray", Global.NDARRAY,
            "numpy.dtype", Global.DTYPE);

    /** Longest integer accepted (LONG1/LONG4), in bytes: numpy's pickles have none over 8. */
    private static final int MAX_LONG_BYTES = 64;
    /** Nested arrays deeper than this are refused (a forged array may even contain itself). */
    private static final int MAX_NESTING = 8;

    private final byte[] b;
    private final int end;
    private final String name;
    private final Path path;
    private int pos;
    private int opStart;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private SafeUnpickler(byte[] bytes, int offset, int length, String name, Path path) {
        this.b = bytes;
        this.pos = offset;
        this.end = offset + length;
        this.name = name;
        this.path = path;
    }

    /** The value pickled in {@code bytes[offset, offset + length)}; bytes after the STOP opcode are ignored, as pickle does. */
    static Object load(byte[] bytes, int offset, int length, String name, Path path) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) throw new IllegalArgumentException("bad range");
        return new SafeUnpickler(bytes, offset, length, name, path).run();
    }

    /** A Python tuple. */
    record Tuple(List<Object> items) {
        Tuple { items = Collections.unmodifiableList(new ArrayList<>(items)); }
        int size() { return items.size(); }
        Object get(int i) { return items.get(i); }
    }

    /** A numpy dtype being rebuilt: {@code dtype('i8', False, True)} then its state (byte order). */
    static final class PickledDtype {
        private final String type;
        private String byteOrder;

        PickledDtype(String type) { this.type = type; }

        String descr() {
            String t = type.startsWith("O") ? "O" : type;
            return (byteOrder == null ? "|" : byteOrder) + t;
        }
    }

    /** A numpy array being rebuilt: {@code _reconstruct(ndarray, (0,), b'b')} then its state. */
    static final class PickledArray {
        private long[] shape;
        private boolean fortran;
        private Dtype dtype;
        private List<Object> objects;
        private byte[] data;

        boolean built() { return shape != null; }

        long[] shape() { return shape.clone(); }

        NpyArray toNpyArray(String name, Path path) { return toNpyArray(name, path, 0); }

        private NpyArray toNpyArray(String name, Path path, int depth) {
            if (depth > MAX_NESTING) {
                throw new DataFileException(path, name + " nests arrays more than " + MAX_NESTING + " deep (or inside themselves); the file is damaged or forged");
            }
            int count = objects != null ? objects.size() : data.length / dtype.size();
            if (objects == null) return NpyArray.numeric(name, path, dtype, shape, fortran, count, ByteBuffer.wrap(data));
            List<Object> elements = new ArrayList<>(objects.size());
            for (Object o : objects) {
                if (o instanceof PickledArray inner) {
                    if (!inner.built()) throw new DataFileException(path, name + " holds an array that was never filled in; the file is damaged");
                    elements.add(inner.toNpyArray(name + " (element)", path, depth + 1));
                } else {
                    elements.add(o);
                }
            }
            return NpyArray.objects(name, path, "|O", shape, fortran, elements);
        }
    }

    private Object run() {
        while (true) {
            opStart = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto < 2 || proto > 5) throw fail("uses pickle protocol " + proto + "; numpy writes protocols 2 to 5");
                }
                case 0x95 -> skipBytes(8); // FRAME: a length hint only
                case '.' -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) throw fail("ends with " + stack.size() + " values on its stack instead of one");
                    return stack.get(0);
                }
                case '(' -> marks.add(stack.size()); // MARK
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) int32()); // BININT
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) (u8() | u8() << 8)); // BININT2
                case 0x8a -> push(longValue(u8())); // LONG1
                case 0x8b -> push(longValue(length32())); // LONG4
                case 'G' -> push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
                case 'U' -> push(new String(bytes(u8()), StandardCharsets.ISO_8859_1)); // SHORT_BINSTRING (Python 2 str)
                case 'T' -> push(new String(bytes(length32()), StandardCharsets.ISO_8859_1)); // BINSTRING
                case 'X' -> push(new String(bytes(length32()), StandardCharsets.UTF_8)); // BINUNICODE
                case 0x8c -> push(new String(bytes(u8()), StandardCharsets.UTF_8)); // SHORT_BINUNICODE
                case 0x8d -> push(new String(bytes(length64()), StandardCharsets.UTF_8)); // BINUNICODE8
                case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
                case 'B' -> push(bytes(length32())); // BINBYTES
                case 0x8e, 0x96 -> push(bytes(length64())); // BINBYTES8, BYTEARRAY8
                case ']' -> push(new PyList()); // EMPTY_LIST
                case 'l' -> push(new PyList(popMark())); // LIST
                case 'a' -> { // APPEND
                    Object v = pop();
                    list(peek(), "APPEND").add(v);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    list(peek(), "APPENDS").addAll(items);
                }
                case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
                case 't' -> push(new Tuple(popMark())); // TUPLE
                case 0x85, 0x86, 0x87 -> { // TUPLE1..3
                    int n = op - 0x84;
                    if (stack.size() - n < currentMarkFloor()) throw fail("builds a tuple from fewer than " + n + " values");
                    List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
                    for (int k = 0; k < n; k++) stack.remove(stack.size() - 1);
                    push(new Tuple(items));
                }
                case 'c' -> push(global(line(), line())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object qualname = pop(), module = pop();
                    if (!(module instanceof String m) || !(qualname instanceof String q)) throw fail("names a global with values that are not strings");
                    push(global(m, q));
                }
                case 'R' -> { // REDUCE
                    Object args = pop();
                    push(call(pop(), args));
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    build(peek(), state);
                }
                case 'q' -> memo.put((long) u8(), peek()); // BINPUT
                case 'r' -> memo.put(int32() & 0xFFFF_FFFFL, peek()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                case 'h' -> push(memoGet(u8())); // BINGET
                case 'j' -> push(memoGet(int32() & 0xFFFF_FFFFL)); // LONG_BINGET
                default -> throw fail("uses pickle opcode 0x" + Integer.toHexString(op)
                        + ", which numpy's object arrays never contain; Recur reads only numpy arrays of numbers and lists");
            }
        }
    }

    private Global global(String module, String qualname) {
        Global g = GLOBALS.get(module + "." + qualname);
        if (g == null) {
            throw fail("refers to " + Dtype.printable(module + "." + qualname) + ", which is not part of a numpy array; Recur never runs code "
                    + "from a data file and reads only numpy.ndarray, numpy.dtype and numpy.core.multiarray._reconstruct. "
                    + "If the file should hold plain numbers, it was damaged or forged: download it again from its source");
        }
        return g;
    }

    private Object call(Object callable, Object args) {
        if (!(callable instanceof Global g)) throw fail("calls " + NpyArray.describe(callable) + ", which is not callable");
        if (!(args instanceof Tuple t)) throw fail("calls " + g + " without an argument tuple");
        switch (g) {
            case RECONSTRUCT -> {
                // numpy: _reconstruct(ndarray, (0,), b'b') makes an empty array that BUILD then fills.
                if (t.size() != 3 || t.get(0) != Global.NDARRAY || !(t.get(1) instanceof Tuple)
                        || !(t.get(2) instanceof byte[] || t.get(2) instanceof String)) {
                    throw fail("calls _reconstruct with arguments numpy never writes");
                }
                return new PickledArray();
            }
            case DTYPE -> {
                if (t.size() != 3 || !(t.get(0) instanceof String type) || type.isEmpty() || type.length() > 8) {
                    throw fail("calls numpy.dtype with arguments numpy never writes");
                }
                return new PickledDtype(type);
            }
            default -> throw fail("calls numpy.ndarray directly, which numpy's pickles never do");
        }
    }

    private void build(Object target, Object state) {
        if (!(state instanceof Tuple t)) throw fail("sets the state of " + NpyArray.describe(target) + " from a value that is not a tuple");
        if (target instanceof PickledDtype d) {
            // (version, byte order, subarray, names, fields, item size, alignment, flags[, metadata])
            if ((t.size() != 8 && t.size() != 9) || !(t.get(1) instanceof String order) || order.length() != 1
                    || "<>|=".indexOf(order.charAt(0)) < 0 || t.get(2) != null || t.get(3) != null || t.get(4) != null) {
                throw fail("describes a dtype numpy's object arrays of numbers never use (a structured or malformed dtype)");
            }
            d.byteOrder = order;
            return;
        }
        if (!(target instanceof PickledArray a)) throw fail("sets the state of " + NpyArray.describe(target) + ", which has none");
        if (a.built()) throw fail("fills the same array twice");
        int k = t.size() == 5 ? 1 : t.size() == 4 ? 0 : -1; // (version, shape, dtype, is_fortran, data) or without version
        if (k < 0 || (k == 1 && !Long.valueOf(1).equals(t.get(0)))) throw fail("fills an array with a state numpy never writes");
        if (!(t.get(k) instanceof Tuple shapeTuple) || !(t.get(k + 1) instanceof PickledDtype dt)) {
            throw fail("fills an array without a shape and a dtype");
        }
        boolean fortran = truth(t.get(k + 2));
        long[] shape = new long[shapeTuple.size()];
        long count = 1;
        if (shape.length > 32) throw fail("gives an array " + shape.length + " dimensions (numpy allows 32)");
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeTuple.get(i) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) throw fail("gives an array a bad shape");
            shape[i] = v;
            count *= v;
            if (count > Integer.MAX_VALUE - 8) throw fail("gives an array more elements than a Java array holds");
        }
        Dtype dtype = Dtype.parse(dt.descr(), what -> fail("holds an array that " + what));
        Object data = t.get(k + 3);
        if (dtype.kind() == 'O') {
            if (!(data instanceof PyList list) || list.size() != count) {
                throw fail("holds an object array of shape " + Arrays.toString(shape) + " whose values are missing or of another count");
            }
            if (fortran && shape.length > 1) throw fail("holds a Fortran-ordered object array, which Recur does not read");
            a.objects = list;
        } else {
            byte[] raw = data instanceof byte[] bytes ? bytes
                    : data instanceof String s ? s.getBytes(StandardCharsets.ISO_8859_1) : null; // Python 2 str holds bytes
            if (raw == null || raw.length != count * dtype.size()) {
                throw fail("holds an array of shape " + Arrays.toString(shape) + " and dtype " + dtype.descr()
                        + " whose data is missing or of another length");
            }
            a.data = raw;
        }
        a.dtype = dtype;
        a.fortran = fortran;
        a.shape = shape;
    }

    private boolean truth(Object v) {
        if (v instanceof Boolean bool) return bool;
        if (v instanceof Long l) return l != 0;
        throw fail("gives an array's order flag as " + NpyArray.describe(v));
    }

    private List<Object> list(Object target, String op) {
        if (target instanceof PyList l) return l;
        throw fail("appends (" + op + ") to " + NpyArray.describe(target) + ", which is not a list");
    }

    private Object longValue(int n) {
        if (n > MAX_LONG_BYTES) throw fail("holds an integer of " + n + " bytes; numpy's arrays of numbers have none over 8");
        if (n == 0) return 0L;
        byte[] le = bytes(n);
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) be[i] = le[n - 1 - i];
        BigInteger v = new BigInteger(be); // two's complement, as pickle's LONG opcodes
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private Object memoGet(long key) {
        if (!memo.containsKey(key)) throw fail("refers to memo entry " + key + ", which it never stored");
        return memo.get(key);
    }

    private int currentMarkFloor() { return marks.isEmpty() ? 0 : marks.get(marks.size() - 1); }

    private void push(Object v) { stack.add(v); }

    private Object pop() {
        if (stack.size() <= currentMarkFloor()) throw fail("takes a value from an empty stack");
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.size() <= currentMarkFloor()) throw fail("uses a value from an empty stack");
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) throw fail("closes a MARK it never opened");
        int m = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
        while (stack.size() > m) stack.remove(stack.size() - 1);
        return items;
    }

    private int u8() {
        if (pos >= end) throw truncated();
        return b[pos++] & 0xFF;
    }

    private int int32() {
        if (end - pos < 4) throw truncated();
        int v = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    private int length32() {
        long n = int32() & 0xFFFF_FFFFL;
        if (n > end - pos) throw truncated();
        return (int) n;
    }

    private int length64() {
        if (end - pos < 8) throw truncated();
        long n = ByteBuffer.wrap(b, pos, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        pos += 8;
        if (n < 0 || n > end - pos) throw truncated();
        return (int) n;
    }

    private byte[] bytes(int n) {
        if (n > end - pos) throw truncated();
        byte[] out = Arrays.copyOfRange(b, pos, pos + n);
        pos += n;
        return out;
    }

    private void skipBytes(int n) {
        if (n > end - pos) throw truncated();
        pos += n;
    }

    /** One text line of a GLOBAL opcode (module or name), at most 128 characters. */
    private String line() {
        int start = pos;
        while (pos < end && b[pos] != '\n') {
            if (pos - start > 128) throw fail("names a global longer than 128 characters");
            pos++;
        }
        if (pos >= end) throw truncated();
        String s = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
        pos++;
        return s;
    }

    private DataFileException truncated() {
        return new DataFileException(path, name + " has a pickle that ends early (at byte " + (pos - opStart) + " of the opcode at offset "
                + opStart + "); the file is truncated or damaged: download it again");
    }

    private DataFileException fail(String what) {
        return new DataFileException(path, name + ": its pickle (opcode at offset " + opStart + ") " + what);
    }
}
