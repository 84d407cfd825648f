package io.github.recur.data.download;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes the bytes of a download to its {@code .part} file (a seam so tests can make the disk full). */
interface PartWriter extends Closeable {
    void write(byte[] bytes, int offset, int length) throws IOException;

    /** Forces the written bytes to the disk. */
    void force() throws IOException;

    /** Opens a part file for appending to what it holds, or truncated. */
    @FunctionalInterface
    interface Factory {
        PartWriter open(Path part, boolean append) throws IOException;
    }

    static PartWriter open(Path part, boolean append) throws IOException {
        FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        return new PartWriter() {
            @Override public void write(byte[] bytes, int offset, int length) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(bytes, offset, length);
                while (b.hasRemaining()) ch.write(b);
            }

            @Override public void force() throws IOException { ch.force(true); }

            @Override public void close() throws IOException { ch.close(); }
        };
    }
}
