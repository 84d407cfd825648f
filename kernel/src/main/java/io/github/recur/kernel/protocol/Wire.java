package io.github.recur.kernel.protocol;


import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The Jupyter wire protocol: the five sockets of a connection file, message framing and HMAC
 * signatures. Connection-file parsing and the HMAC come from jjava-jupyter
 * ({@link KernelConnectionProperties}, {@link HMACGenerator}); the socket loop is ours because
 * jjava's {@code ShellChannel} loop lets the {@code SecurityException} of a wrongly signed message
 * escape and kill the channel thread, while the protocol asks us to drop such messages and go on.
 */
final class Wire implements AutoCloseable {
    static final String PROTOCOL_VERSION = "5.3";
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final Gson GSON = new Gson();

    private final ZContext ctx = new ZContext(1);
    private final HMACGenerator hmac;
    private final boolean signed;
    private final String session = UUID.randomUUID().toString();
    final ZMQ.Socket shell, control, stdin, iopub, heartbeat;
    private final Object iopubLock = new Object();

    Wire(KernelConnectionProperties props) throws Exception {
        signed = props.getKey() != null && !props.getKey().isEmpty();
        hmac = signed ? props.createHMACGenerator() : null;
        // Bind exactly where the connection file says, nowhere else.
        String base = props.getTransport() + "://" + props.getIp()
                + ("ipc".equals(props.getTransport()) ? "-" : ":");
        shell = bind(SocketType.ROUTER, base + props.getShellPort());
        control = bind(SocketType.ROUTER, base + props.getControlPort());
        stdin = bind(SocketType.ROUTER, base + props.getStdinPort());
        iopub = bind(SocketType.PUB, base + props.getIopubPort());
        heartbeat = bind(SocketType.REP, base + props.getHbPort());
    }

    private ZMQ.Socket bind(SocketType type, String address) {
        ZMQ.Socket s = ctx.createSocket(type);
        s.setLinger(1000);
        s.bind(address);
        return s;
    }

    String session() { return session; }

    private String sign(byte[]... parts) {
        return signed ? hmac.calculateSignature(parts) : "";
    }

    /**
     * Reads one message (blocking up to {@code timeoutMs}); returns null on timeout. A message
     * whose signature does not verify is consumed, logged to the kernel log and dropped.
     */
    Message read(ZMQ.Socket socket, ZMQ.Poller poller, long timeoutMs) {
        if (poller.poll(timeoutMs) <= 0) return null;
        List<byte[]> ids = new ArrayList<>();
        byte[] frame = socket.recv();
        while (frame != null && !Arrays.equals(frame, DELIMITER)) {
            ids.add(frame);
            if (!socket.hasReceiveMore()) {
                KernelLog.warn("dropped a message without the <IDS|MSG> delimiter");
                return null;
            }
            frame = socket.recv();
        }
        List<byte[]> parts = new ArrayList<>();
        while (socket.hasReceiveMore()) parts.add(socket.recv());
        if (parts.size() < 5) {
            KernelLog.warn("dropped a message with " + parts.size() + " frames after the delimiter (need 5)");
            return null;
        }
        String signature = new String(parts.get(0), StandardCharsets.US_ASCII);
        String expected = sign(parts.get(1), parts.get(2), parts.get(3), parts.get(4));
        // Constant-time comparison: the signature must not leak through timing.
        if (!MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
                expected.getBytes(StandardCharsets.US_ASCII))) {
            KernelLog.warn("dropped a message with an invalid HMAC signature ("
                    + (signature.isEmpty() ? "unsigned" : "wrongly signed") + ")");
            return null;
        }
        try {
            return new Message(ids, obj(parts.get(1)), obj(parts.get(2)), obj(parts.get(3)), obj(parts.get(4)));
        } catch (RuntimeException e) {
            KernelLog.warn("dropped a message with malformed JSON: " + e.getMessage());
            return null;
        }
    }

    private static JsonObject obj(byte[] bytes) {
        JsonElement e = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
        return e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }

    JsonObject header(String type) {
        JsonObject h = new JsonObject();
        h.addProperty("msg_id", UUID.randomUUID().toString());
        h.addProperty("session", session);
        h.addProperty("username", "kernel");
        h.addProperty("date", OffsetDateTime.now(ZoneOffset.UTC).toString());
        h.addProperty("msg_type", type);
        h.addProperty("version", PROTOCOL_VERSION);
        return h;
    }

    /** Sends a reply on a ROUTER socket (called only from the thread owning that socket). */
    void reply(ZMQ.Socket socket, Message parent, String type, JsonObject content) {
        send(socket, parent.identities(), parent.header(), type, content, new JsonObject());
    }

    /** Sends a message on the stdin ROUTER socket to the client that sent {@code identities}' request. */
    void sendStdin(List<byte[]> identities, JsonObject parentHeader, String type, JsonObject content) {
        synchronized (stdin) {
            send(stdin, identities, parentHeader, type, content, new JsonObject());
        }
    }

    /** Publishes on IOPub; safe from any thread (cells, display calls, the output flusher). */
    void publish(JsonObject parentHeader, String type, JsonObject content) {
        synchronized (iopubLock) {
            List<byte[]> topic = List.of(type.getBytes(StandardCharsets.UTF_8));
            send(iopub, topic, parentHeader, type, content, new JsonObject());
        }
    }

    private void send(ZMQ.Socket socket, List<byte[]> ids, JsonObject parentHeader, String type,
                      JsonObject content, JsonObject metadata) {
        byte[] h = bytes(header(type));
        byte[] p = bytes(parentHeader == null ? new JsonObject() : parentHeader);
        byte[] m = bytes(metadata);
        byte[] c = bytes(content);
        for (byte[] id : ids) socket.sendMore(id);
        socket.sendMore(DELIMITER);
        socket.sendMore(sign(h, p, m, c));
        socket.sendMore(h);
        socket.sendMore(p);
        socket.sendMore(m);
        socket.send(c);
    }

    private static byte[] bytes(JsonObject o) {
        return GSON.toJson(o).getBytes(StandardCharsets.UTF_8);
    }

    ZMQ.Poller poller(ZMQ.Socket socket) {
        ZMQ.Poller p = ctx.createPoller(1);
        p.register(socket, ZMQ.Poller.POLLIN);
        return p;
    }

    @Override
    public void close() {
        ctx.close();
    }
}
