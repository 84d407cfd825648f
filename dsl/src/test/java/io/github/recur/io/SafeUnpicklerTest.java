package io.github.recur.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pickle reader accepts numpy's object arrays and refuses everything else with a
 * {@link DataFileException}: other globals (the classic code-execution pickles), other calls, and
 * pickles that are inconsistent, truncated or self-referencing.
 */
class SafeUnpicklerTest {
    @TempDir Path tmp;

    private static Object load(byte[] b) { return SafeUnpickler.load(b, 0, b.length, "test.npy", null); }

    private static String refused(byte[] b) {
        return assertThrows(DataFileException.class, () -> load(b)).getMessage();
    }

    /** Bytes from text (latin-1) and numbers. */
    private static byte[] bytes(Object... parts) {
        var out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            else if (p instanceof Integer i) out.write(i);
            else if (p instanceof Character c) out.write(c);
            else if (p instanceof byte[] a) out.writeBytes(a);
        }
        return out.toByteArray();
    }

    @Test
    void theClassicOsSystemPickleIsRefusedAndRunsNothing() {
        Path marker = tmp.resolve("pwned");
        String m = refused(bytes("cos\nsystem\n(S'touch " + marker + "'\ntR."));
        assertTrue(m.contains("refers to os.system") && m.contains("never runs code"), m);
        assertFalse(Files.exists(marker));
        m = refused(bytes(0x80, 2, "cposix\nsystem\n", 'X', 4, 0, 0, 0, "true", 0x85, "R."));
        assertTrue(m.contains("refers to posix.system"), m);
    }

    @Test
    void builtinsAndStackGlobalsOutsideTheListAreRefused() {
        String m = refused(bytes(0x80, 4, 0x8c, 8, "builtins", 0x94, 0x8c, 4, "eval", 0x94, 0x93, 0x94, "."));
        assertTrue(m.contains("refers to builtins.eval"), m);
        m = refused(bytes(0x80, 4, 0x8c, 10, "subprocess", 0x8c, 5, "Popen", 0x93, "."));
        assertTrue(m.contains("refers to subprocess.Popen"), m);
        m = refused(bytes(0x80, 2, "cnumpy.core.multiarray\nscalar\n."));
        assertTrue(m.contains("refers to numpy.core.multiarray.scalar"), m);
    }

    @Test
    void allowedNamesCannotBeCalledInOtherWays() {
        String m = refused(bytes(0x80, 2, "cnumpy\nndarray\n)R."));
        assertTrue(m.contains("calls numpy.ndarray directly"), m);
        m = refused(bytes(0x80, 2, "cnumpy.core.multiarray\n_reconstruct\n", "cnumpy\ndtype\n", 'K', 0, 0x85, 'C', 1, "b", 0x87, "R."));
        assertTrue(m.contains("calls _reconstruct with arguments numpy never writes"), m);
        m = refused(bytes(0x80, 2, 'K', 1, ")R."));
        assertTrue(m.contains("which is not callable"), m);
    }

    @Test
    void unsupportedOpcodesAreNamed() {
        String m = refused(bytes(0x80, 2, "}."));
        assertTrue(m.contains("opcode 0x7d"), m);
        m = refused(bytes(0x80, 1, "N."));
        assertTrue(m.contains("protocol 1"), m);
    }

    @Test
    void inconsistentPicklesAreRefused() {
        assertTrue(refused(bytes(0x80, 2, "h", 5, ".")).contains("memo entry 5, which it never stored"));
        assertTrue(refused(bytes(0x80, 2, "a.")).contains("empty stack"));
        assertTrue(refused(bytes(0x80, 2, "K", 1, "K", 2, "a.")).contains("which is not a list"));
        assertTrue(refused(bytes(0x80, 2, "e.")).contains("MARK it never opened"));
        assertTrue(refused(bytes(0x80, 2, "K", 1, "K", 2, ".")).contains("2 values on its stack"));
        assertTrue(refused(bytes(0x80, 2, "(K", 1, 0x86, ".")).contains("fewer than 2 values"));
        assertTrue(refused(bytes(0x80, 2, 0x8b, 0xFF, 0xFF, 0xFF, 0x7F, ".")).contains("ends early"));
        assertTrue(refused(bytes(0x80, 2, 0x8b, 100, 0, 0, 0, new byte[100], ".")).contains("an integer of 100 bytes"));
        assertTrue(refused(bytes(0x80, 2, "X", 0xFF, 0xFF, 0xFF, 0xFF, "abc.")).contains("ends early"));
        assertTrue(refused(bytes(0x80, 2, "N")).contains("ends early"));
    }

    @Test
    void numpysObjectArrayOfListsIsRead() throws Exception {
        NpyArray a = Npy.read(Fixtures.path("npy/object-int-arrays.npy"));
        assertTrue(a.isObjectArray());
        assertArrayEquals(new int[][] {{1, 2, 3}, {4}}, a.intSequences());
        assertEquals(List.of(2L), List.of(a.shape()[0]));
    }

    /** An object array of one element whose list holds the array itself (through the memo). */
    @Test
    void anArrayThatContainsItselfIsRefusedWithoutRecursingForever() {
        byte[] header = bytes(0x80, 2, "cnumpy.core.multiarray\n_reconstruct\n", "cnumpy\nndarray\n", 'K', 0, 0x85, 'C', 1, "b", 0x87, "R",
                "q", 0); // the empty array is memo 0
        byte[] state = bytes("(K", 1, "K", 1, 0x85, "cnumpy\ndtype\n", 'X', 2, 0, 0, 0, "O8", 0x89, 0x88, 0x87, "R",
                "(K", 3, "X", 1, 0, 0, 0, "|NNNJ", 0xFF, 0xFF, 0xFF, 0xFF, "J", 0xFF, 0xFF, 0xFF, 0xFF, "K", 63, "tb",
                0x89, "]h", 0, "at", "b.");
        byte[] p = bytes(header, state);
        Object v = load(p);
        assertTrue(v instanceof SafeUnpickler.PickledArray);
        var e = assertThrows(DataFileException.class, () -> ((SafeUnpickler.PickledArray) v).toNpyArray("self.npy", null));
        assertTrue(e.getMessage().contains("nests arrays more than"), e.getMessage());
    }

    @Test
    void aListThatContainsItselfIsReportedNotPrinted() {
        // [[...]]: an outer list whose one element is itself
        Object v = load(bytes(0x80, 2, "]q", 0, "h", 0, "a."));
        assertTrue(v instanceof List<?> l && l.get(0) == l);
        assertEquals("a list of 1 items", NpyArray.describe(v));
    }
}
