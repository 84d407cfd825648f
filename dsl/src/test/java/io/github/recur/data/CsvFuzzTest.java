package io.github.recur.data;

import io.github.recur.fuzz.Mutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutated CSV files: every one either loads or fails with Csv's documented exceptions
 * (IllegalArgumentException, UncheckedIOException) and a message; never another exception or a hang.
 * {@code -Drecur.fuzz.iterations=N} for a long run.
 */
class CsvFuzzTest {
    @Test
    @Timeout(600)
    void everyMutatedCsvLoadsOrFailsWithTheDocumentedException(@TempDir Path dir) throws Exception {
        List<byte[]> seeds = List.of(
                "Month,Passengers\n1949-01,112\n1949-02,118\n1949-03,132\n".getBytes(StandardCharsets.UTF_8),
                "date,temp,label\n2020-01-01,21.5,\"a, b\"\n2020-01-02,NaN,c\n2020-01-03,,d\n".getBytes(StandardCharsets.UTF_8),
                "x;y\n1;2\n3;4\n".getBytes(StandardCharsets.UTF_8),
                "text,label\n\"He said \"\"hi\"\"\",1\nplain,0\n".getBytes(StandardCharsets.UTF_8));
        Mutator m = new Mutator(20261201L, seeds);
        int n = Mutator.iterations(10_000);
        int loaded = 0, refused = 0;
        Path f = dir.resolve("fuzz.csv");
        for (int i = 0; i < n; i++) {
            byte[] input = m.next();
            Files.write(f, input);
            try {
                Csv.load(f.toString());
                loaded++;
            } catch (IllegalArgumentException | UncheckedIOException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "no message for input " + i);
                refused++;
            } catch (Throwable t) {
                fail("input " + i + " (" + new String(input, StandardCharsets.UTF_8).replace("\n", "\\n") + ") gave " + t, t);
            }
        }
        System.out.printf("CsvFuzzTest: %d mutated files, %d loaded, %d refused with a message%n", n, loaded, refused);
    }
}
