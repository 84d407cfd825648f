package io.github.recur.io;

import io.github.recur.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format
 * (what PyTorch's {@code safetensors.torch.save_file} writes): an 8-byte little-endian header
 * length, a JSON header mapping each tensor name to {@code dtype}, {@code shape} and
 * {@code data_offsets}, plus an optional {@code __metadata__} map of strings, then the raw
 * little-endian data.
 *
 * <p>Reads F64, F32, F16, BF16 (as FLOAT), I64, I32, I16, I8 and U8; writes F64, F32, I64 and I32.
 * Files written here carry a CRC-32 of the data in the metadata ({@value #CRC_KEY}), checked on
 * reading, so a damaged file is reported rather than loaded; other readers ignore it.
 * A truncated file, a corrupt header or offsets that do not add up give a {@link ModelFileException}
 * naming the file and the problem. Files are written atomically ({@link AtomicFiles}).
 *
 * <pre>{@code
 * SafeTensors.write(Path.of("w.safetensors"), model.weights());
 * Map<String, INDArray> w = SafeTensors.read(Path.of("w.safetensors"));
 * }</pre>
 */
public final class SafeTensors {
    /** Metadata key of the data checksum that Recur writes (8 hex digits, CRC-32). */
    public static final String CRC_KEY = "recur_crc32";
    private static final long MAX_HEADER = 100L << 20; // the reference implementation's limit
    private static final int MAX_RANK = 32;           // ND4J's

    private SafeTensors() {}

    /** Tensors by name, in file order, and the header's string metadata. */
    public record Contents(Map<String, INDArray> tensors, Map<String, String> metadata) {}

    // ---- reading -----------------------------------------------------------------------------

    /** The tensors of a safetensors file, by name in file order. */
    public static Map<String, INDArray> read(Path path) { return readContents(path).tensors(); }

    /** Tensors and metadata of a safetensors file. */
    public static Contents readContents(Path path) {
        if (path == null) throw new IllegalArgumentException("SafeTensors.read: path is null");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(path, path + " does not exist; check the path (working directory: "
                    + Path.of("").toAbsolutePath() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new ModelFileException(path, path + " is too large to load into memory", e);
        }
        return decode(bytes, path);
    }

    /** Decodes safetensors bytes; {@code source} names the file in errors (may be null). */
    public static Contents decode(byte[] bytes, Path source) {
        if (bytes == null) throw new IllegalArgumentException("SafeTensors.decode: bytes is null");
        String name = source == null ? "the safetensors data" : String.valueOf(source.getFileName());
        if (bytes.length < 8) {
            throw truncated(source, name, "at least 8", bytes.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = buf.getLong(0);
        if (headerLen < 2 || headerLen > MAX_HEADER) {
            throw new ModelFileException(source, name + " is not a safetensors file or its header is corrupt: the header length field says "
                    + headerLen + " bytes (expected 2.." + MAX_HEADER + ")");
        }
        if (8 + headerLen > bytes.length) throw truncated(source, name, "at least " + (8 + headerLen), bytes.length);
        String headerText = new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8);
        Map<String, Object> header;
        try {
            header = Json.parseObject(headerText);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, name + " has a corrupt header (" + e.getMessage() + "); the file is damaged or not a safetensors file", e);
        }
        long dataStart = 8 + headerLen;
        var metadata = new LinkedHashMap<String, String>();
        var specs = new LinkedHashMap<String, Spec>();
        long dataEnd = 0;
        for (var e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> m)) throw corrupt(source, name, "__metadata__ is not an object");
                for (var me : m.entrySet()) {
                    if (!(me.getValue() instanceof String s)) throw corrupt(source, name, "metadata value '" + me.getKey() + "' is not a string");
                    metadata.put(String.valueOf(me.getKey()), s);
                }
                continue;
            }
            Spec spec = spec(source, name, e.getKey(), e.getValue());
            specs.put(e.getKey(), spec);
            dataEnd = Math.max(dataEnd, spec.end);
        }
        long expected = dataStart + dataEnd;
        if (bytes.length < expected) throw truncated(source, name, Long.toString(expected), bytes.length);
        if (bytes.length > expected) {
            throw corrupt(source, name, "the file has " + bytes.length + " bytes but its header accounts for " + expected);
        }
        String crc = metadata.get(CRC_KEY);
        if (crc != null) {
            var c = new CRC32();
            c.update(bytes, (int) dataStart, (int) dataEnd);
            if (!String.format(Locale.ROOT, "%08x", c.getValue()).equalsIgnoreCase(crc)) {
                throw corrupt(source, name, "the data does not match its checksum (the bytes were changed after writing)");
            }
        }
        var tensors = new LinkedHashMap<String, INDArray>();
        for (var e : specs.entrySet()) tensors.put(e.getKey(), tensor(buf, dataStart, e.getValue()));
        return new Contents(tensors, metadata);
    }

    private record Spec(String dtype, long[] shape, long begin, long end) {}

    private static Spec spec(Path source, String file, String tensor, Object raw) {
        if (!(raw instanceof Map<?, ?> m)) throw corrupt(source, file, "entry '" + tensor + "' is not an object");
        if (!(m.get("dtype") instanceof String dtype)) throw corrupt(source, file, "tensor '" + tensor + "' has no dtype");
        int size = elementSize(dtype);
        if (size < 0) {
            throw new ModelFileException(source, file + ": tensor '" + tensor + "' has dtype " + dtype
                    + ", which Recur cannot read (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8); convert it to float32 first");
        }
        if (!(m.get("shape") instanceof List<?> shapeList)) throw corrupt(source, file, "tensor '" + tensor + "' has no shape");
        if (shapeList.size() > MAX_RANK) throw corrupt(source, file, "tensor '" + tensor + "' has " + shapeList.size() + " dimensions (at most " + MAX_RANK + ")");
        long[] shape = new long[shapeList.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long d) || d < 0) throw corrupt(source, file, "tensor '" + tensor + "' has a bad shape " + shapeList);
            shape[i] = d;
            count = count == 0 ? 0 : d > Long.MAX_VALUE / 8 / Math.max(count, 1) ? -1 : count * d;
            if (count < 0) throw corrupt(source, file, "tensor '" + tensor + "' has a shape " + shapeList + " larger than any file");
        }
        if (count == 0 && Arrays.stream(shape).anyMatch(d -> d > Integer.MAX_VALUE)) {
            throw corrupt(source, file, "tensor '" + tensor + "' has an empty shape " + shapeList + " with a dimension beyond " + Integer.MAX_VALUE);
        }
        if (!(m.get("data_offsets") instanceof List<?> off) || off.size() != 2
                || !(off.get(0) instanceof Long begin) || !(off.get(1) instanceof Long end) || begin < 0 || end < begin) {
            throw corrupt(source, file, "tensor '" + tensor + "' has bad data_offsets " + m.get("data_offsets"));
        }
        if (end - begin != count * size) {
            throw corrupt(source, file, "tensor '" + tensor + "' " + Arrays.toString(shape) + " " + dtype + " needs "
                    + count * size + " bytes but its data_offsets span " + (end - begin));
        }
        return new Spec(dtype, shape, begin, end);
    }

    private static int elementSize(String dtype) {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "I8", "U8" -> 1;
            default -> -1;
        };
    }

    private static INDArray tensor(ByteBuffer buf, long dataStart, Spec s) {
        int n = (int) ((s.end - s.begin) / elementSize(s.dtype));
        int at = (int) (dataStart + s.begin);
        INDArray flat;
        switch (s.dtype) {
            case "F64" -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = buf.getDouble(at + 8 * i);
                flat = n == 0 ? Nd4j.create(DataType.DOUBLE, s.shape) : Nd4j.createFromArray(v);
            }
            case "F32", "F16", "BF16" -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (s.dtype) {
                        case "F32" -> buf.getFloat(at + 4 * i);
                        case "F16" -> halfToFloat(buf.getShort(at + 2 * i));
                        default -> Float.intBitsToFloat((buf.getShort(at + 2 * i) & 0xffff) << 16);
                    };
                }
                flat = n == 0 ? Nd4j.create(DataType.FLOAT, s.shape) : Nd4j.createFromArray(v);
            }
            case "I64" -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) v[i] = buf.getLong(at + 8 * i);
                flat = n == 0 ? Nd4j.create(DataType.LONG, s.shape) : Nd4j.createFromArray(v);
            }
            default -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (s.dtype) {
                        case "I32" -> buf.getInt(at + 4 * i);
                        case "I16" -> buf.getShort(at + 2 * i);
                        case "I8" -> buf.get(at + i);
                        default -> buf.get(at + i) & 0xff;
                    };
                }
                flat = n == 0 ? Nd4j.create(DataType.INT, s.shape) : Nd4j.createFromArray(v);
            }
        }
        if (n == 0) return flat;
        if (s.shape.length == 0) return flat.reshape(new long[0]);
        return flat.reshape('c', s.shape);
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13)); // inf / NaN
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign);
            float v = mant / 1024f / 16384f; // subnormal: mant * 2^-24
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static ModelFileException truncated(Path source, String name, String expected, long found) {
        return new ModelFileException(source, name + " is truncated (expected " + expected + " bytes, found " + found
                + "); it was probably not written completely. Save it again, or use an earlier copy");
    }

    private static ModelFileException corrupt(Path source, String name, String what) {
        return new ModelFileException(source, name + " is corrupt: " + what + ". Save it again, or use an earlier copy");
    }

    // ---- writing -----------------------------------------------------------------------------

    /** Writes tensors (in map order) atomically, with PyTorch's {@code {"format": "pt"}} metadata. */
    public static void write(Path path, Map<String, INDArray> tensors) {
        write(path, tensors, Map.of("format", "pt"));
    }

    /** Writes tensors and string metadata atomically. */
    public static void write(Path path, Map<String, INDArray> tensors, Map<String, String> metadata) {
        if (path == null) throw new IllegalArgumentException("SafeTensors.write: path is null");
        AtomicFiles.write(path, encode(tensors, metadata));
    }

    /** The safetensors bytes for tensors (map order) and metadata, with the data checksum added. */
    public static byte[] encode(Map<String, INDArray> tensors, Map<String, String> metadata) {
        if (tensors == null) throw new IllegalArgumentException("SafeTensors.encode: tensors is null; pass a map of name to array (it may be empty)");
        var blobs = new byte[tensors.size()][];
        var header = new LinkedHashMap<String, Object>();
        var meta = new LinkedHashMap<String, Object>(metadata == null ? Map.of() : metadata);
        header.put("__metadata__", meta);
        long offset = 0;
        var crc = new CRC32();
        int k = 0;
        for (var e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) throw new IllegalArgumentException("safetensors: '__metadata__' is reserved, not a tensor name");
            INDArray a = e.getValue();
            if (e.getKey() == null || a == null) throw new IllegalArgumentException("safetensors: a tensor name or array is null");
            String dtype = dtypeName(e.getKey(), a.dataType());
            byte[] data = bytes(a);
            var entry = new LinkedHashMap<String, Object>();
            entry.put("dtype", dtype);
            entry.put("shape", a.shape());
            entry.put("data_offsets", List.of(offset, offset + data.length));
            header.put(e.getKey(), entry);
            blobs[k++] = data;
            crc.update(data);
            offset += data.length;
        }
        meta.put(CRC_KEY, String.format(Locale.ROOT, "%08x", crc.getValue()));
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // 8-byte aligned data, as the reference writer pads with spaces
        long total = 8L + padded + offset;
        if (total > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("safetensors: " + total + " bytes is more than one file here can hold (2 GiB)");
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) out.put((byte) ' ');
        for (byte[] b : blobs) out.put(b);
        return out.array();
    }

    private static String dtypeName(String name, DataType t) {
        return switch (t) {
            case DOUBLE -> "F64";
            case FLOAT -> "F32";
            case LONG -> "I64";
            case INT -> "I32";
            default -> throw new IllegalArgumentException("safetensors: tensor '" + name + "' has type " + t
                    + "; Recur writes DOUBLE, FLOAT, LONG and INT (cast it first)");
        };
    }

    private static byte[] bytes(INDArray a) {
        INDArray c = a.dup('c');
        int n = (int) c.length();
        ByteBuffer b;
        switch (c.dataType()) {
            case DOUBLE -> {
                double[] v = n == 0 ? new double[0] : c.data().asDouble();
                b = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) b.putDouble(v[i]);
            }
            case FLOAT -> {
                float[] v = n == 0 ? new float[0] : c.data().asFloat();
                b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) b.putFloat(v[i]);
            }
            case LONG -> {
                long[] v = n == 0 ? new long[0] : c.data().asLong();
                b = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) b.putLong(v[i]);
            }
            default -> {
                int[] v = n == 0 ? new int[0] : c.data().asInt();
                b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) b.putInt(v[i]);
            }
        }
        return b.array();
    }
}
