package io.github.recur.data.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a file is the published one: its size and checksum. A good result is remembered for the
 * file as it is on disk (size, time, file key), so a cached dataset is hashed once per JVM, not on every use.
 */
final class Checksums {
    private Checksums() {}

    /** Whether a file is complete and has the published checksum; {@code problem} says why not. */
    record Check(boolean ok, String problem) {}

    private static final ConcurrentHashMap<Path, Verified> VERIFIED = new ConcurrentHashMap<>();

    private record Verified(long size, long modified, Object key, String digest) {}

    static Check check(Path path, RemoteFile file) { return check(path, file, true); }

    /** As {@link #check(Path, RemoteFile)}; {@code cache} remembers a good result for this path (not for part files). */
    static Check check(Path path, RemoteFile file, boolean cache) {
        long size = Downloader.sizeOf(path);
        if (size != file.size()) return new Check(false, "it has " + size + " bytes instead of " + file.size());
        Verified v = VERIFIED.get(path.toAbsolutePath().normalize());
        if (v != null && v.equals(verifiedNow(path, file.digest()))) return new Check(true, null);
        String actual;
        try {
            actual = digest(path, file.algorithm());
        } catch (IOException e) {
            return new Check(false, "it cannot be read: " + e.getMessage());
        }
        if (!actual.equals(file.digest())) {
            return new Check(false, file.algorithm() + " " + actual + " instead of the published " + file.digest());
        }
        if (cache) remember(path, file);
        return new Check(true, null);
    }

    static void remember(Path path, RemoteFile file) {
        Verified v = verifiedNow(path, file.digest());
        if (v != null) VERIFIED.put(path.toAbsolutePath().normalize(), v);
    }

    private static Verified verifiedNow(Path path, String digest) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new Verified(a.size(), a.lastModifiedTime().toMillis(), a.fileKey(), digest);
        } catch (IOException e) {
            return null;
        }
    }

    static String digest(Path path, String algorithm) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            while (ch.read(buf) >= 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
