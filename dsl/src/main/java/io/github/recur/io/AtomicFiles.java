package io.github.recur.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Writes a file so that readers see either the old content or the complete new one, never a
 * partial file: the bytes go to a temporary file in the same directory, are forced to disk, and
 * the temporary file is renamed over the target ({@code ATOMIC_MOVE}); the directory is synced too
 * where the platform allows. If anything fails the temporary file is removed and the old file is
 * left as it was. A new file gets the permissions any file the user writes gets (the umask decides); a
 * replaced one keeps its own.
 *
 * <pre>{@code AtomicFiles.write(Path.of("model.recur"), bytes);}</pre>
 */
public final class AtomicFiles {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicFiles() {}

    /** Replaces {@code target} with {@code bytes} atomically; creates missing parent directories. */
    public static void write(Path target, byte[] bytes) {
        if (target == null || bytes == null) throw new IllegalArgumentException("AtomicFiles.write: target and bytes must not be null");
        write(target, bytes, p -> {});
    }

    /** As {@link #write(Path, byte[])}, running {@code beforeMove} on the complete temporary file (tests inject failures here). */
    static void write(Path target, byte[] bytes, Consumer<Path> beforeMove) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = createTemporary(dir, abs.getFileName().toString());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            keepPermissionsOf(abs, tmp);
            beforeMove.accept(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically; save to a local disk", e);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage() + " (the previous file, if any, is unchanged)", e);
        } finally {
            if (tmp != null) {
                try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
            }
        }
    }

    /**
     * A new empty file beside the target, created as any file the user writes (the umask decides its
     * permissions: {@code Files.createTempFile} would make it owner-only, and the rename would carry
     * that over to the saved file).
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) throw e;
            }
        }
    }

    /** Overwriting keeps the old file's permissions, as writing into it would. */
    private static void keepPermissionsOf(Path target, Path tmp) {
        try {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        } catch (IOException | UnsupportedOperationException e) {
            // a new file (the umask decides), no POSIX permissions here (Windows), or unreadable ones: the umask's stay
        }
    }

    /** Makes the rename durable; not every platform can open a directory, which is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open directories; the rename is still atomic there.
        }
    }
}
