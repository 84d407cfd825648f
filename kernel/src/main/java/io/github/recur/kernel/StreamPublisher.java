package io.github.recur.kernel;

import com.google.gson.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.out}/{@code System.err} of the kernel: bytes written by any thread are buffered
 * and published as Jupyter {@code stream} messages by {@link #publish()}, which the kernel calls
 * every few tens of milliseconds while a cell runs, before any rich output and at the end of the
 * cell. Output from threads that outlive their cell goes to the last cell instead of being lost.
 */
final class StreamPublisher extends OutputStream {
    private final String name;
    private final Wire wire;
    private final ParentTracker parent;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    StreamPublisher(String name, Wire wire, ParentTracker parent) {
        this.name = name;
        this.wire = wire;
        this.parent = parent;
    }

    @Override
    public synchronized void write(int b) {
        buffer.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        buffer.write(b, off, len);
    }

    /** PrintStream flushes on every println; publishing is batched by {@link #publish()} instead. */
    @Override
    public void flush() {
        // intentionally batched
    }

    /** Sends what has been written so far (whole UTF-8 characters only). */
    void publish() {
        String text;
        synchronized (this) {
            if (buffer.size() == 0) return;
            byte[] bytes = buffer.toByteArray();
            int cut = completeUtf8Length(bytes);
            text = new String(bytes, 0, cut, StandardCharsets.UTF_8);
            buffer.reset();
            buffer.write(bytes, cut, bytes.length - cut);
        }
        if (text.isEmpty()) return;
        JsonObject content = new JsonObject();
        content.addProperty("name", name);
        content.addProperty("text", text);
        wire.publish(parent.current(), "stream", content);
    }

    /** Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
    static int completeUtf8Length(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int c = b[n - back] & 0xFF;
            if ((c & 0xC0) == 0x80) continue; // continuation byte: keep looking for the lead byte
            int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
