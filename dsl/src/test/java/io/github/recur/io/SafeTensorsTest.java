package io.github.recur.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.internal.Json;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SafeTensorsTest {
    @TempDir Path tmp;

    @Test
    void doubleFloatAndLongTensorsRoundTripExactlyWithShapesAndOrder() {
        var t = new LinkedHashMap<String, INDArray>();
        t.put("b.weight", Nd4j.createFromArray(new double[] {1.5, -2.25, Math.PI, 1e-300, 6, 7}).reshape(2, 3));
        t.put("a.bias", Nd4j.createFromArray(new float[] {0.1f, -3f}));
        t.put("a.step", Nd4j.createFromArray(new long[] {42L}));
        t.put("scalar", Nd4j.scalar(2.5));
        Path p = tmp.resolve("w.safetensors");
        SafeTensors.write(p, t);
        var back = SafeTensors.readContents(p);
        assertEquals(List.of("b.weight", "a.bias", "a.step", "scalar"), List.copyOf(back.tensors().keySet()));
        assertEquals("pt", back.metadata().get("format"));
        for (var e : t.entrySet()) {
            INDArray r = back.tensors().get(e.getKey());
            assertEquals(e.getValue().dataType(), r.dataType(), e.getKey());
            assertArrayEquals(e.getValue().shape(), r.shape(), e.getKey());
            assertEquals(e.getValue(), r, e.getKey());
        }
    }

    @Test
    void headerFollowsTheSpecWithAlignedDataAndContiguousOffsets() throws Exception {
        Path p = tmp.resolve("w.safetensors");
        SafeTensors.write(p, Map.of("w", Nd4j.createFromArray(new float[] {1, 2, 3})));
        byte[] bytes = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, n % 8, "header length is padded to 8 bytes");
        Map<String, Object> header = Json.parseObject(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked") var w = (Map<String, Object>) header.get("w");
        assertEquals("F32", w.get("dtype"));
        assertEquals(List.of(3L), w.get("shape"));
        assertEquals(List.of(0L, 12L), w.get("data_offsets"));
        assertEquals(8 + n + 12, bytes.length);
        assertEquals(2f, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat((int) (8 + n + 4)));
    }

    @Test
    void readsHalfBfloatAndInt64WrittenByOtherTools() throws Exception {
        // Hand-made file as torch/safetensors would write it: F16 [1, -2, 0.5], BF16 [3, -0.25], I64 [7, -1].
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[6,10]},"
                + "\"i\":{\"dtype\":\"I64\",\"shape\":[2,1],\"data_offsets\":[10,26]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 26).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        b.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x3800);
        b.putShort((short) (Float.floatToIntBits(3f) >>> 16)).putShort((short) (Float.floatToIntBits(-0.25f) >>> 16));
        b.putLong(7).putLong(-1);
        Path p = tmp.resolve("other.safetensors");
        Files.write(p, b.array());
        Map<String, INDArray> t = SafeTensors.read(p);
        assertArrayEquals(new float[] {1, -2, 0.5f}, t.get("h").toFloatVector());
        assertArrayEquals(new float[] {3, -0.25f}, t.get("b").toFloatVector());
        assertEquals(DataType.LONG, t.get("i").dataType());
        assertArrayEquals(new long[] {2, 1}, t.get("i").shape());
        assertEquals(-1L, t.get("i").getLong(1));
        assertEquals(65504f, SafeTensors.halfToFloat((short) 0x7BFF));
        assertEquals((float) Math.pow(2, -24), SafeTensors.halfToFloat((short) 0x0001));
    }

    @Test
    void truncatedFileSaysHowManyBytesAreMissing() throws Exception {
        Path p = tmp.resolve("w.safetensors");
        SafeTensors.write(p, Map.of("w", Nd4j.rand(DataType.DOUBLE, 10, 10)));
        byte[] full = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(full, full.length - 100));
        var e = assertThrows(ModelFileException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains("w.safetensors is truncated (expected " + full.length + " bytes, found " + (full.length - 100) + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("not written completely"), e.getMessage());
        Files.write(p, Arrays.copyOf(full, 5));
        assertTrue(assertThrows(ModelFileException.class, () -> SafeTensors.read(p)).getMessage().contains("truncated"));
    }

    @Test
    void corruptHeaderAndChangedDataAreReportedNotLoaded() throws Exception {
        Path p = tmp.resolve("w.safetensors");
        SafeTensors.write(p, Map.of("w", Nd4j.rand(DataType.DOUBLE, 4)));
        byte[] good = Files.readAllBytes(p);
        byte[] badHeader = good.clone();
        badHeader[8] = '#';
        Files.write(p, badHeader);
        var e = assertThrows(ModelFileException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains("corrupt header"), e.getMessage());

        byte[] badData = good.clone();
        badData[badData.length - 1] ^= 0x10;
        Files.write(p, badData);
        e = assertThrows(ModelFileException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());

        byte[] hugeLength = good.clone();
        ByteBuffer.wrap(hugeLength).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
        Files.write(p, hugeLength);
        e = assertThrows(ModelFileException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains("header length"), e.getMessage());
    }

    @Test
    void missingFileNamesThePath() {
        var e = assertThrows(ModelFileException.class, () -> SafeTensors.read(tmp.resolve("nope.safetensors")));
        assertTrue(e.getMessage().contains("nope.safetensors does not exist"), e.getMessage());
    }

    @Test
    void failedAtomicWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path p = tmp.resolve("model.recur");
        Files.write(p, new byte[] {1, 2, 3});
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(p, new byte[] {9, 9, 9, 9}, written -> {
            throw new UncheckedIOException(new java.io.IOException("disk full (simulated)"));
        }));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(p));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(p), files.toList(), "no temporary file left behind");
        }
        AtomicFiles.write(p, new byte[] {4, 5});
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(p));
    }
}
