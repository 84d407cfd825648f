package io.github.recur.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.recur.fuzz.Mutator;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mutated safetensors files: every one either decodes or fails with a {@link ModelFileException} that
 * has a message; never another exception, an out-of-memory error from a forged shape or offset, or a
 * hang. The corpus holds files Recur writes (with their checksum), the same files with the checksum
 * key renamed (as files from other writers come, so that mutations of the data reach the decoder),
 * and a hand-made file with every dtype Recur reads. {@code -Drecur.fuzz.iterations=N} for a long run.
 */
class SafeTensorsFuzzTest {
    static List<byte[]> corpus() {
        var out = new ArrayList<byte[]>();
        var tensors = new LinkedHashMap<String, INDArray>();
        float[] w = new float[24];
        for (int i = 0; i < w.length; i++) w[i] = (i - 12) / 7f;
        tensors.put("0.weight_ih_l0", Nd4j.create(w, new long[] {8, 3}, DataType.FLOAT));
        tensors.put("0.bias", Nd4j.createFromArray(0.5, -0.25, 1e-3, 7.0, -2.0, 0.0, 3.5, 1.0));
        tensors.put("steps", Nd4j.createFromArray(new long[] {7}));
        tensors.put("ids", Nd4j.createFromArray(new int[][] {{1, 2}, {3, 4}}));
        byte[] written = SafeTensors.encode(tensors, Map.of("format", "pt"));
        out.add(written);
        out.add(withoutChecksum(written));
        out.add(withoutChecksum(SafeTensors.encode(Map.of("scalar", Nd4j.scalar(2.5f), "empty", Nd4j.create(DataType.FLOAT, 0, 3)), null)));
        out.add(everyDtype());
        return out;
    }

    /** The checksum key renamed (same length, so offsets stay right): the file is then read as one from another writer. */
    static byte[] withoutChecksum(byte[] file) {
        String text = new String(file, StandardCharsets.ISO_8859_1).replace(SafeTensors.CRC_KEY, "recur_crcXX");
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] everyDtype() {
        String header = "{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]},"
                + "\"c\":{\"dtype\":\"I16\",\"shape\":[1,2],\"data_offsets\":[8,12]},"
                + "\"d\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[12,14]},"
                + "\"e\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[14,16]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        var out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.writeBytes(h);
        out.writeBytes(new byte[] {0, 0x3c, 0, (byte) 0xc0, (byte) 0x80, 0x3f, 0, 0x40, 1, 0, (byte) 0xff, (byte) 0xff, 5, (byte) 0xfb, 7, (byte) 0xf0});
        return out.toByteArray();
    }

    @Test @Timeout(600)
    void everyMutatedSafetensorsFileDecodesOrFailsWithAModelFileException() {
        Mutator m = new Mutator(20261202L, corpus());
        int n = Mutator.iterations(10_000), read = 0, refused = 0;
        for (int i = 0; i < n; i++) {
            byte[] input = m.next();
            try {
                for (INDArray t : SafeTensors.decode(input, null).tensors().values()) if (t.length() > 0) t.sumNumber();
                read++;
            } catch (ModelFileException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) fail("input " + i + ": a ModelFileException without a message");
                refused++;
            } catch (Throwable t) {
                fail("input " + i + " gave " + t + " instead of a ModelFileException", t);
            }
        }
        System.out.printf("SafeTensorsFuzzTest: %,d mutated files, %,d decoded, %,d refused with ModelFileException%n", n, read, refused);
        assertTrue(refused > 0 && read > 0, "the mutations should both keep some files readable and break others");
    }
}
