package io.github.recur.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.internal.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The .npy reader on files numpy wrote (npy/*.npy and their values in npy/expected.json). */
class NpyTest {
    @Test
    @SuppressWarnings("unchecked")
    void readsEveryDtypeShapeOrderAndHeaderVersionNumpyWrote() {
        Map<String, Object> expected = Json.parseObject(new String(Fixtures.bytes("npy/expected.json"), StandardCharsets.UTF_8));
        assertEquals(14, expected.size());
        for (var e : expected.entrySet()) {
            Map<String, Object> want = (Map<String, Object>) e.getValue();
            NpyArray a = Npy.read(Fixtures.path("npy/" + e.getKey() + ".npy"));
            long[] shape = ((List<Object>) want.get("shape")).stream().mapToLong(v -> (Long) v).toArray();
            assertArrayEquals(shape, a.shape(), e.getKey());
            List<Object> values = (List<Object>) want.get("values");
            if (a.isObjectArray()) {
                int[][] rows = a.intSequences();
                assertEquals(values.size(), rows.length);
                for (int i = 0; i < rows.length; i++) {
                    assertArrayEquals(((List<Object>) values.get(i)).stream().mapToInt(v -> (int) (long) (Long) v).toArray(), rows[i], e.getKey());
                }
            } else if (((String) want.get("dtype")).contains("f")) {
                double[] d = a.doubles();
                assertArrayEquals(values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray(), d, 0.0, e.getKey());
            } else {
                assertArrayEquals(values.stream().mapToLong(v -> (Long) v).toArray(), a.longs(), e.getKey());
                assertEquals(want.get("dtype"), a.dtype(), e.getKey());
            }
        }
    }

    @Test
    void fortranOrderedArraysComeOutInRowMajorOrder() {
        NpyArray a = Npy.read(Fixtures.path("npy/float64-fortran-2x3.npy"));
        assertArrayEquals(new double[] {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5}, a.doubles(), 0.0);
    }

    @Test
    void aWrongAccessorSaysWhichOneToUse() {
        var e = assertThrows(DataFileException.class, () -> Npy.read(Fixtures.path("npy/float32-2x3.npy")).longs());
        assertTrue(e.getMessage().contains("use doubles()"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> Npy.read(Fixtures.path("npy/int64.npy")).intSequences());
        assertTrue(e.getMessage().contains("not a numpy object array"), e.getMessage());
    }

    @Test
    void notAnNpyFileIsNamedAsSuch() {
        var e = assertThrows(DataFileException.class, () -> Npy.decode("hello, world".getBytes(StandardCharsets.UTF_8), "x.npy", null));
        assertTrue(e.getMessage().contains("x.npy is not a numpy .npy array"), e.getMessage());
    }

    @Test
    void aTruncatedFileSaysHowManyBytesItNeeds() {
        byte[] b = Fixtures.bytes("npy/int64.npy");
        var e = assertThrows(DataFileException.class, () -> Npy.decode(Arrays.copyOf(b, b.length - 3), "int64.npy", Path.of("int64.npy")));
        assertTrue(e.getMessage().contains("int64.npy is truncated: it needs at least " + b.length + " bytes but has " + (b.length - 3)), e.getMessage());
        assertEquals(Path.of("int64.npy"), e.path());
    }

    @Test
    void unsupportedDtypesAndStructuredArraysAreNamed() {
        var e = assertThrows(DataFileException.class, () -> Npy.decode(npy("{'descr': '<U5', 'fortran_order': False, 'shape': (1,), }", 20), "t.npy", null));
        assertTrue(e.getMessage().contains("dtype '<U5'") && e.getMessage().contains("astype"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> Npy.decode(npy("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }", 4), "t.npy", null));
        assertTrue(e.getMessage().contains("structured array"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> Npy.decode(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), } junk", 8), "t.npy", null));
        assertTrue(e.getMessage().contains("corrupt .npy header"), e.getMessage());
    }

    @Test
    void aForgedShapeIsRefusedWithoutAllocatingIt() {
        var e = assertThrows(DataFileException.class, () -> Npy.decode(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2147483647, 2147483647), }", 8), "t.npy", null));
        assertTrue(e.getMessage().contains("more elements than a Java array holds"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> Npy.decode(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000,), }", 8), "t.npy", null));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aPython2LongInTheShapeIsRead() {
        NpyArray a = Npy.decode(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2L,), }", 8), "t.npy", null);
        assertArrayEquals(new long[] {0, 0}, a.longs());
    }

    /** A version 1.0 .npy with this header and {@code dataBytes} zero bytes of data. */
    static byte[] npy(String header, int dataBytes) {
        byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + dataBytes];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, (byte) (h.length >> 8)};
        System.arraycopy(magic, 0, out, 0, 10);
        System.arraycopy(h, 0, out, 10, h.length);
        return out;
    }
}
