package io.github.recur.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** Files written atomically get the permissions of any file the user writes, not a temporary file's owner-only ones. */
class AtomicFilesTest {
    @TempDir Path dir;

    @Test void newFileGetsTheSamePermissionsAsAPlainWrite() throws Exception {
        Path plain = Files.write(dir.resolve("plain.bin"), new byte[] {1, 2, 3});
        Path atomic = dir.resolve("atomic.bin");
        AtomicFiles.write(atomic, new byte[] {1, 2, 3});
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(atomic)));
    }

    @Test void savedWeightsFileIsNotOwnerOnly() throws Exception {
        Path plain = Files.write(dir.resolve("plain.bin"), new byte[] {1});
        Path weights = dir.resolve("w.safetensors");
        SafeTensors.write(weights, Map.of("w", Nd4j.ones(2, 2)));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(weights));
    }

    @Test void replacingAFileKeepsItsPermissions() throws Exception {
        Path p = Files.write(dir.resolve("shared.bin"), new byte[] {1});
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.write(p, new byte[] {2});
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        assertArrayEquals(new byte[] {2}, Files.readAllBytes(p));
    }

    @Test void noTemporaryFileIsLeftBehind() throws Exception {
        AtomicFiles.write(dir.resolve("a.bin"), new byte[] {1});
        AtomicFiles.write(dir.resolve("a.bin"), new byte[] {2});
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
