package io.github.recur.data.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on 127.0.0.1 for download tests: serves byte arrays by path, with HTTP ranges
 * (206) unless told not to, and misbehaves on request: a status code, a connection closed after
 * some bytes, a stall before the answer or in the middle of the body, a slow body. Each request is
 * recorded (path as received, Range header).
 */
public final class LoopbackServer implements AutoCloseable {
    /** What the server does with one request. */
    public sealed interface Behaviour permits Serve, Status, CutAfter, StallBeforeAnswer, StallAfter, Slow, Redirect, Body {}

    /** Serve the file normally (ranges allowed unless {@link #noRanges}). */
    public record Serve() implements Behaviour {}

    /** Answer with this status and a small text body. */
    public record Status(int code) implements Behaviour {}

    /** Announce the whole length but close the connection after {@code bytes} bytes. */
    public record CutAfter(long bytes) implements Behaviour {}

    /** Accept the request and answer nothing until the server closes. */
    public record StallBeforeAnswer() implements Behaviour {}

    /** Send {@code bytes} bytes of the body, then nothing until the server closes. */
    public record StallAfter(long bytes) implements Behaviour {}

    /** Serve the body in chunks of {@code chunk} bytes with {@code pauseMillis} between them. */
    public record Slow(int chunk, long pauseMillis) implements Behaviour {}

    /** Redirect (302) to another path of this server. */
    public record Redirect(String path) implements Behaviour {}

    /** Answer 200 with this body and content type instead of the file (a captive portal, a wrong file). */
    public record Body(byte[] bytes, String contentType) implements Behaviour {}

    /** One request as the server saw it. */
    public record Request(String method, String uri, String range) {}

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-http");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Deque<Behaviour>> scripts = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean ranges = true;

    public LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code bytes} at {@code /name}; returns the address. */
    public String serve(String name, byte[] bytes) {
        files.put("/" + name, bytes);
        return url(name);
    }

    public String url(String name) { return "http://127.0.0.1:" + port() + "/" + name; }

    public int port() { return server.getAddress().getPort(); }

    /** The next requests for {@code /name} behave so, in order; after them, {@link Serve}. */
    public void script(String name, Behaviour... behaviours) {
        scripts.computeIfAbsent("/" + name, k -> new ArrayDeque<>()).addAll(List.of(behaviours));
    }

    /** Ignore Range headers (answer 200 with the whole file), as some servers do. */
    public void noRanges() { ranges = false; }

    public List<Request> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    /** Requests for {@code /name} (by path, also when sent to the server as a proxy). */
    public long count(String name) {
        return requests().stream().filter(r -> r.uri().endsWith("/" + name)).count();
    }

    private void handle(HttpExchange ex) throws IOException {
        String uri = ex.getRequestURI().toString();
        String path = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add(new Request(ex.getRequestMethod(), uri, range));
        Behaviour b;
        Deque<Behaviour> script = scripts.get(path);
        synchronized (this) {
            b = script == null || script.isEmpty() ? new Serve() : script.poll();
        }
        byte[] file = files.get(path);
        try (ex) {
            if (b instanceof Status s) {
                text(ex, s.code(), "status " + s.code());
                return;
            }
            if (b instanceof Redirect r) {
                ex.getResponseHeaders().add("Location", "/" + r.path());
                ex.sendResponseHeaders(302, -1);
                return;
            }
            if (b instanceof Body body) {
                ex.getResponseHeaders().add("Content-Type", body.contentType());
                ex.sendResponseHeaders(200, body.bytes().length);
                ex.getResponseBody().write(body.bytes());
                return;
            }
            if (b instanceof StallBeforeAnswer) {
                await();
                return;
            }
            if (file == null) {
                text(ex, 404, "no such file");
                return;
            }
            long start = 0;
            if (ranges && range != null && range.startsWith("bytes=") && range.endsWith("-")) {
                start = Long.parseLong(range.substring(6, range.length() - 1));
                if (start >= file.length) {
                    ex.getResponseHeaders().add("Content-Range", "bytes */" + file.length);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (file.length - 1) + "/" + file.length);
                ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(206, file.length - start);
            } else {
                ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(200, file.length);
            }
            OutputStream out = ex.getResponseBody();
            int from = (int) start;
            if (b instanceof CutAfter c) {
                out.write(file, from, (int) Math.min(c.bytes(), file.length - from));
                out.flush();
                throw new IOException("cut on purpose"); // the exchange closes short of its announced length
            } else if (b instanceof StallAfter s) {
                out.write(file, from, (int) Math.min(s.bytes(), file.length - from));
                out.flush();
                await();
            } else if (b instanceof Slow s) {
                for (int i = from; i < file.length; i += s.chunk()) {
                    out.write(file, i, Math.min(s.chunk(), file.length - i));
                    out.flush();
                    sleep(s.pauseMillis());
                }
            } else {
                out.write(file, from, file.length - from);
            }
        }
    }

    private static void text(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/plain");
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
    }

    private void await() {
        try {
            closing.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public void close() {
        closing.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lower-case hex MD5 of {@code bytes}. */
    public static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
