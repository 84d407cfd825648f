package io.github.recur.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads numpy's {@code .npy} format (versions 1.0, 2.0 and 3.0): the magic {@code \x93NUMPY}, a
 * header that is a Python dict literal ({@code descr}, {@code fortran_order}, {@code shape}), then
 * the raw data, or, for object arrays, a pickle that {@link SafeUnpickler} reads without running
 * anything. Every malformed, truncated or forged file gives a {@link DataFileException}.
 *
 * <pre>{@code
 * NpyArray a = Npy.read(Path.of("labels.npy"));
 * long[] v = a.longs();
 * }</pre>
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private Npy() {}

    /** Reads a {@code .npy} file. */
    public static NpyArray read(Path path) {
        if (path == null) throw new IllegalArgumentException("Npy.read: path is null");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new DataFileException(path, path + " does not exist; check the path (working directory: "
                    + Path.of("").toAbsolutePath() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new DataFileException(path, path + " is too large to load into memory", e);
        }
        return decode(bytes, String.valueOf(path.getFileName()), path);
    }

    /**
     * Decodes {@code .npy} bytes; {@code name} names the array in errors (e.g. {@code "imdb.npz:x_train"}),
     * {@code path} is the file it came from (may be null).
     */
    public static NpyArray decode(byte[] bytes, String name, Path path) {
        if (bytes == null) throw new IllegalArgumentException("Npy.decode: bytes is null");
        if (name == null) throw new IllegalArgumentException("Npy.decode: name is null; pass the name errors should give the array");
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new DataFileException(path, name + " is not a numpy .npy array (it does not start with \\x93NUMPY)"
                    + (bytes.length < 10 ? "; it has only " + bytes.length + " bytes" : ""));
        }
        int major = bytes[6] & 0xFF, minor = bytes[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new DataFileException(path, name + " has .npy format version " + major + "." + minor
                    + ", which Recur does not read (1.0, 2.0 and 3.0 are supported); save it again with numpy");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = buf.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else {
            if (bytes.length < 12) throw truncated(path, name, 12, bytes.length);
            headerLen = buf.getInt(8) & 0xFFFF_FFFFL;
            headerStart = 12;
        }
        if (headerStart + headerLen > bytes.length) throw truncated(path, name, headerStart + headerLen, bytes.length);
        String headerText = new String(bytes, headerStart, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = header(headerText, name, path);
        int dataStart = (int) (headerStart + headerLen);
        long count = 1;
        for (long d : h.shape) {
            count *= d; // each d <= 2^31 and the running product is checked below, so no overflow
            if (count > Integer.MAX_VALUE - 8) {
                throw new DataFileException(path, name + " has shape " + Arrays.toString(h.shape)
                        + ", more elements than a Java array holds; split it into smaller arrays");
            }
        }
        if (h.dtype.kind() == 'O') return objectArray(bytes, dataStart, h, (int) count, name, path);
        long need = count * h.dtype.size();
        long have = bytes.length - dataStart;
        if (have < need) throw truncated(path, name, dataStart + need, bytes.length);
        if (have > need) {
            throw new DataFileException(path, name + " has " + have + " bytes of data but its header (dtype " + h.dtype.descr()
                    + ", shape " + Arrays.toString(h.shape) + ") accounts for " + need + "; the file is damaged");
        }
        return NpyArray.numeric(name, path, h.dtype, h.shape, h.fortranOrder, (int) count,
                ByteBuffer.wrap(bytes, dataStart, (int) need));
    }

    private static NpyArray objectArray(byte[] bytes, int start, Header h, int count, String name, Path path) {
        Object value = SafeUnpickler.load(bytes, start, bytes.length - start, name, path);
        if (!(value instanceof SafeUnpickler.PickledArray pa) || !pa.built()) {
            throw new DataFileException(path, name + " is an object array but its pickle holds " + NpyArray.describe(value)
                    + " instead of a numpy array; the file is damaged or was not written by numpy");
        }
        if (!Arrays.equals(pa.shape(), h.shape)) {
            throw new DataFileException(path, name + " has shape " + Arrays.toString(h.shape) + " in its header but "
                    + Arrays.toString(pa.shape()) + " in its pickle; the file is damaged");
        }
        return pa.toNpyArray(name, path);
    }

    private record Header(Dtype dtype, boolean fortranOrder, long[] shape) {}

    private static Header header(String text, String name, Path path) {
        Object parsed;
        try {
            parsed = new PyLiteral(text.strip()).parseWhole();
        } catch (IllegalArgumentException e) {
            throw new DataFileException(path, name + " has a corrupt .npy header (" + e.getMessage() + "); the file is damaged", e);
        }
        if (!(parsed instanceof Map<?, ?> m)) throw new DataFileException(path, name + " has a .npy header that is not a dict; the file is damaged");
        Object descr = m.get("descr");
        if (descr instanceof List<?>) {
            throw new DataFileException(path, name + " holds a structured array (several fields per element), which Recur does not read; "
                    + "save each field as its own array");
        }
        if (!(descr instanceof String d)) throw new DataFileException(path, name + " has no dtype ('descr') in its header; the file is damaged");
        if (!(m.get("fortran_order") instanceof Boolean fortran)) {
            throw new DataFileException(path, name + " has no 'fortran_order' True/False in its header; the file is damaged");
        }
        if (!(m.get("shape") instanceof List<?> shapeList) || !(m.get("shape") instanceof PyLiteral.Tuple)) {
            throw new DataFileException(path, name + " has no shape tuple in its header; the file is damaged");
        }
        long[] shape = new long[shapeList.size()];
        if (shape.length > 32) throw new DataFileException(path, name + " has " + shape.length + " dimensions (numpy allows 32); the file is damaged");
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) {
                throw new DataFileException(path, name + " has a bad shape in its header (dimension " + i + "); the file is damaged");
            }
            shape[i] = v;
        }
        Dtype dtype = Dtype.parse(d, what -> new DataFileException(path, name + " " + what));
        return new Header(dtype, fortran, shape);
    }

    static DataFileException truncated(Path path, String name, long need, long have) {
        return new DataFileException(path, name + " is truncated: it needs at least " + need + " bytes but has " + have
                + "; download or copy it again");
    }

    /**
     * The Python literals of a {@code .npy} header: dicts, tuples, lists, strings, integers (a Python 2
     * {@code L} suffix allowed), {@code True}, {@code False} and {@code None}. Nothing is evaluated.
     */
    static final class PyLiteral {
        /** A Python tuple (a list that remembers it was written with parentheses). */
        static final class Tuple extends ArrayList<Object> {}

        private static final int MAX_DEPTH = 16;
        private final String s;
        private int i;

        PyLiteral(String s) { this.s = s; }

        Object parseWhole() {
            Object v = value(0);
            skip();
            if (i != s.length()) throw new IllegalArgumentException("unexpected text at character " + i);
            return v;
        }

        private Object value(int depth) {
            if (depth > MAX_DEPTH) throw new IllegalArgumentException("nested too deeply");
            skip();
            if (i >= s.length()) throw new IllegalArgumentException("ends early");
            char c = s.charAt(i);
            if (c == '{') return dict(depth);
            if (c == '(') return sequence(')', new Tuple(), depth);
            if (c == '[') return sequence(']', new ArrayList<>(), depth);
            if (c == '\'' || c == '"') return string();
            if (c == '-' || c == '+' || Character.isDigit(c)) return integer();
            for (String word : new String[] {"True", "False", "None"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("None") ? null : Boolean.valueOf(word.equals("True"));
                }
            }
            throw new IllegalArgumentException("unexpected character at " + i);
        }

        private Map<String, Object> dict(int depth) {
            i++;
            var m = new LinkedHashMap<String, Object>();
            while (true) {
                skip();
                if (peek() == '}') { i++; return m; }
                if (!(value(depth + 1) instanceof String key)) throw new IllegalArgumentException("a dict key is not a string");
                skip();
                expect(':');
                m.put(key, value(depth + 1));
                skip();
                if (peek() == ',') i++;
                else if (peek() != '}') throw new IllegalArgumentException("expected ',' or '}' at character " + i);
            }
        }

        private List<Object> sequence(char close, List<Object> out, int depth) {
            i++;
            while (true) {
                skip();
                if (peek() == close) { i++; return out; }
                out.add(value(depth + 1));
                skip();
                if (peek() == ',') i++;
                else if (peek() != close) throw new IllegalArgumentException("expected ',' or '" + close + "' at character " + i);
            }
        }

        private String string() {
            char q = s.charAt(i++);
            var sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw new IllegalArgumentException("unterminated string");
                char c = s.charAt(i++);
                if (c == q) return sb.toString();
                if (c == '\\') {
                    if (i >= s.length()) throw new IllegalArgumentException("unterminated string");
                    sb.append(s.charAt(i++));
                } else {
                    sb.append(c);
                }
                if (sb.length() > 256) throw new IllegalArgumentException("a string longer than 256 characters");
            }
        }

        private Long integer() {
            int start = i;
            if (s.charAt(i) == '-' || s.charAt(i) == '+') i++;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && i - start < 20) i++;
            String digits = s.substring(start, i);
            if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) i++; // Python 2 long
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a bad integer at character " + start);
            }
        }

        private void skip() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }

        private char peek() {
            if (i >= s.length()) throw new IllegalArgumentException("ends early");
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) throw new IllegalArgumentException("expected '" + c + "' at character " + i);
            i++;
        }
    }
}
