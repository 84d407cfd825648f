package io.github.recur.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tar reader on GNU and pax archives Python's tarfile wrote in the aclImdb layout, and on damaged ones. */
class TarTest {
    @TempDir Path tmp;

    static Map<String, String> entries(Path tarGz) {
        Map<String, String> out = new LinkedHashMap<>();
        Tar.readGzip(tarGz, (name, size, content) -> out.put(name, new String(content.readAllBytes(), StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void gnuAndPaxArchivesGiveTheSameFilesWithLongNames() {
        Map<String, String> gnu = entries(Fixtures.path("aclImdb-mini.tar.gz"));
        Map<String, String> pax = entries(Fixtures.path("aclImdb-mini-pax.tar.gz"));
        assertEquals(gnu, pax);
        assertEquals(13, gnu.size(), gnu.keySet().toString());
        assertEquals("Caf\u00e9 scenes \u2014 \u201cwonderful\u201d, na\u00efve and warm.", gnu.get("aclImdb/train/pos/10_7.txt"));
        String longName = "aclImdb/" + "a-very-long-directory-name-for-the-gnu-long-name-extension/".repeat(2) + "notes.txt";
        assertTrue(longName.length() > 100);
        assertTrue(gnu.containsKey(longName), gnu.keySet().toString());
        assertEquals("", gnu.get("aclImdb/test/neg/7_3.txt"), "an empty file");
    }

    @Test
    void entriesTheHandlerSkipsDoNotDisturbTheNext() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        Tar.readGzip(Fixtures.path("aclImdb-mini.tar.gz"), (name, size, content) -> {
            if (name.endsWith("README")) content.read(); // reads one byte of many
            sizes.put(name, size);
        });
        assertEquals(13, sizes.size());
    }

    @Test
    void aTruncatedArchiveIsNamedWithTheEntryItEndsIn() throws IOException {
        byte[] tar = ungzip(Fixtures.bytes("aclImdb-mini.tar.gz"));
        var e = assertThrows(DataFileException.class, () -> Tar.read(new ByteArrayInputStream(Arrays.copyOf(tar, 2000)), "cut.tar", null, (n, s, c) -> c.readAllBytes()));
        assertTrue(e.getMessage().contains("cut.tar") && (e.getMessage().contains("truncated") || e.getMessage().contains("ends")), e.getMessage());
        byte[] gz = Fixtures.bytes("aclImdb-mini.tar.gz");
        Path cut = Files.write(tmp.resolve("aclImdb_v1.tar.gz"), Arrays.copyOf(gz, gz.length - 30));
        e = assertThrows(DataFileException.class, () -> entries(cut));
        assertTrue(e.getMessage().startsWith("aclImdb_v1.tar.gz "), e.getMessage());
        assertEquals(cut, e.path());
    }

    @Test
    void aDamagedHeaderFailsItsChecksum() throws IOException {
        byte[] tar = ungzip(Fixtures.bytes("aclImdb-mini.tar.gz"));
        tar[3] ^= 0x20;
        var e = assertThrows(DataFileException.class, () -> Tar.read(new ByteArrayInputStream(tar), "bad.tar", null, (n, s, c) -> {}));
        assertTrue(e.getMessage().contains("bad.tar has a damaged header at byte 0"), e.getMessage());
    }

    @Test
    void aFileThatIsNotGzipIsNamed() throws IOException {
        Path p = Files.writeString(tmp.resolve("page.tar.gz"), "<html>Not Found</html>");
        var e = assertThrows(DataFileException.class, () -> entries(p));
        assertTrue(e.getMessage().contains("page.tar.gz is not a gzip file"), e.getMessage());
    }

    static byte[] ungzip(byte[] gz) throws IOException {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gz)); var out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
