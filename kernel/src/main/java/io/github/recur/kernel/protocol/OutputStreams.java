package io.github.recur.kernel.protocol;

import com.google.gson.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code System.out} and {@code System.err} of the kernel. Bytes are buffered per cell (the cell the
 * writing thread belongs to, see {@link CellContext}) and published as Jupyter {@code stream}
 * messages by {@link #publish()}, which the kernel calls every few tens of milliseconds, before rich
 * output and at the end of each cell. So a thread that a cell started prints into that cell, also
 * after the cell finished.
 */
final class OutputStreams {
    private final Wire wire;
    private final Channel out = new Channel("stdout");
    private final Channel err = new Channel("stderr");
    private final PrintStream outStream = new KeptOpen(out);
    private final PrintStream errStream = new KeptOpen(err);

    OutputStreams(Wire wire) {
        this.wire = wire;
    }

    PrintStream out() { return outStream; }

    PrintStream err() { return errStream; }

    /** Puts the kernel's streams back if a cell replaced them ({@code System.setOut}). */
    void restoreSystemStreams() {
        if (System.out != outStream) System.setOut(outStream);
        if (System.err != errStream) System.setErr(errStream);
    }

    /** Sends everything written so far, stdout before stderr, each under its own cell. */
    void publish() {
        out.publish();
        err.publish();
    }

    /** A PrintStream that a cell cannot close: {@code System.out.close()} must not silence later cells. */
    private static final class KeptOpen extends PrintStream {
        KeptOpen(OutputStream target) {
            super(target, true, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            flush();
        }
    }

    private final class Channel extends OutputStream {
        private final String name;
        /** Unpublished bytes per cell (by message id), oldest cell first. */
        private final Map<String, Pending> pending = new LinkedHashMap<>();

        Channel(String name) {
            this.name = name;
        }

        @Override
        public synchronized void write(int b) {
            buffer().write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buffer().write(b, off, len);
        }

        private ByteArrayOutputStream buffer() {
            CellContext.Request r = CellContext.current();
            return pending.computeIfAbsent(r.msgId(), id -> new Pending(r.header(), new ByteArrayOutputStream())).bytes();
        }

        /** PrintStream flushes on every println; publishing is batched by {@link #publish()} instead. */
        @Override
        public void flush() {
            // intentionally batched
        }

        void publish() {
            List<Map.Entry<JsonObject, String>> ready = new ArrayList<>();
            synchronized (this) {
                var it = pending.values().iterator();
                while (it.hasNext()) {
                    Pending p = it.next();
                    byte[] bytes = p.bytes().toByteArray();
                    int cut = completeUtf8Length(bytes);
                    if (cut > 0) ready.add(Map.entry(p.header(), new String(bytes, 0, cut, StandardCharsets.UTF_8)));
                    if (cut == bytes.length) {
                        it.remove();
                    } else {
                        p.bytes().reset();
                        p.bytes().write(bytes, cut, bytes.length - cut);
                    }
                }
            }
            for (var r : ready) {
                JsonObject content = new JsonObject();
                content.addProperty("name", name);
                content.addProperty("text", r.getValue());
                wire.publish(r.getKey(), "stream", content);
            }
        }
    }

    private record Pending(JsonObject header, ByteArrayOutputStream bytes) {}

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
