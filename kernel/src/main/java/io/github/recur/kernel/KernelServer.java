package io.github.recur.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.recur.display.Display;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.zeromq.ZMQ;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * The running kernel: serves shell (cells, completion, inspection, history), control (interrupt,
 * shutdown) and heartbeat, and publishes outputs on IOPub.
 */
final class KernelServer {
    static final String VERSION = "0.1.0";

    /** Imports done at start-up; each is kept only if it compiles (packages may still be empty). */
    static final List<String> STARTUP_IMPORTS = List.of(
            "import java.util.*;",
            "import java.nio.file.*;",
            "import io.github.recur.*;",
            "import io.github.recur.data.*;",
            "import io.github.recur.layers.*;",
            "import io.github.recur.train.*;",
            "import io.github.recur.io.*;",
            "import io.github.recur.plot.*;",
            "import io.github.recur.display.*;",
            "import org.nd4j.linalg.factory.Nd4j;",
            "import org.nd4j.linalg.api.ndarray.INDArray;",
            "import org.nd4j.linalg.api.buffer.DataType;",
            "import tech.tablesaw.api.*;",
            "import org.knowm.xchart.*;",
            "import static io.github.recur.kernel.Notebook.*;");

    private final Wire wire;
    private final ParentTracker parent = new ParentTracker();
    private final StreamPublisher out;
    private final StreamPublisher err;
    private final Evaluator evaluator;
    private final Magics magics;
    private final List<String> history = new ArrayList<>();
    private int executionCount;
    private volatile boolean running = true;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "recur-output");
        t.setDaemon(true);
        return t;
    });

    KernelServer(KernelConnectionProperties props) throws Exception {
        wire = new Wire(props);
        out = new StreamPublisher("stdout", wire, parent);
        err = new StreamPublisher("stderr", wire, parent);
        PrintStream sysOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream sysErr = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(sysOut);
        System.setErr(sysErr);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        ExitGuard.install();
        evaluator = new Evaluator(compileClasspath(), sysOut, sysErr, System.in);
        magics = new Magics(evaluator);
        Display.install(new KernelDisplayer(wire, parent, this::flushStreams));
    }

    void flushStreams() {
        out.publish();
        err.publish();
    }

    void run() throws InterruptedException {
        flusher.scheduleWithFixedDelay(this::flushStreams, 50, 50, TimeUnit.MILLISECONDS);
        daemon("recur-heartbeat", this::heartbeat);
        daemon("recur-warmup", KernelServer::warmUpNd4j);
        Thread control = daemon("recur-control", () -> serve(wire.control));
        startup();
        serve(wire.shell);
        control.join(2000);
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void startup() {
        long t0 = System.nanoTime();
        for (String imp : STARTUP_IMPORTS) evaluator.tryQuietly(imp);
        if (classExists("io.github.recur.Recur")) evaluator.tryQuietly("import static io.github.recur.Recur.*;");
        String scripts = System.getenv("RECUR_STARTUP");
        if (scripts != null && !scripts.isBlank()) {
            for (String s : scripts.split(File.pathSeparator)) {
                try {
                    Evaluator.Outcome o = magics.run(Files.readString(Path.of(s)));
                    if (o.failed()) KernelLog.warn("start-up script " + s + " failed: " + o.errorName() + ": " + o.errorValue());
                } catch (Exception e) {
                    KernelLog.warn("cannot read start-up script " + s + ": " + e);
                }
            }
        }
        KernelLog.info("start-up imports took " + Magics.human(System.nanoTime() - t0));
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name, false, KernelServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loads ND4J's native backend and runs a small GEMM so the first cell does not pay for it. */
    private static void warmUpNd4j() {
        try {
            var a = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 64, 64);
            a.mmul(a).sumNumber();
        } catch (Throwable t) {
            KernelLog.warn("ND4J warm-up failed (cells using ND4J will report the cause): " + t);
        }
    }

    private void heartbeat() {
        ZMQ.Poller poller = wire.poller(wire.heartbeat);
        while (running) {
            if (poller.poll(200) > 0) {
                byte[] ping = wire.heartbeat.recv(ZMQ.DONTWAIT);
                if (ping != null) wire.heartbeat.send(ping);
            }
        }
    }

    private void serve(ZMQ.Socket socket) {
        ZMQ.Poller poller = wire.poller(socket);
        while (running) {
            Wire.Msg msg;
            try {
                msg = wire.read(socket, poller, 200);
            } catch (RuntimeException e) {
                if (!running) return;
                KernelLog.warn("socket error: " + e);
                continue;
            }
            if (msg == null) continue;
            try {
                handle(socket, msg);
            } catch (Throwable t) {
                KernelLog.warn("failed to handle " + msg.type() + ": " + t);
            }
        }
    }

    private void handle(ZMQ.Socket socket, Wire.Msg msg) {
        String type = msg.type();
        if (type.startsWith("comm_") && !type.equals("comm_info_request")) {
            if (type.equals("comm_open")) {
                JsonObject c = new JsonObject();
                c.add("comm_id", msg.content().get("comm_id"));
                c.add("data", new JsonObject());
                wire.publish(msg.header(), "comm_close", c); // no comm targets: close politely
            }
            return;
        }
        status(msg, "busy");
        try {
            switch (type) {
                case "kernel_info_request": wire.reply(socket, msg, "kernel_info_reply", kernelInfo()); break;
                case "execute_request": execute(socket, msg); break;
                case "complete_request": complete(socket, msg); break;
                case "inspect_request": inspect(socket, msg); break;
                case "is_complete_request": isComplete(socket, msg); break;
                case "history_request": history(socket, msg); break;
                case "comm_info_request": {
                    JsonObject c = ok();
                    c.add("comms", new JsonObject());
                    wire.reply(socket, msg, "comm_info_reply", c);
                    break;
                }
                case "interrupt_request":
                    evaluator.interrupt();
                    wire.reply(socket, msg, "interrupt_reply", ok());
                    break;
                case "shutdown_request": shutdown(socket, msg); break;
                default: KernelLog.warn("ignored unsupported message type " + type);
            }
        } finally {
            status(msg, "idle");
        }
    }

    private void status(Wire.Msg msg, String state) {
        JsonObject c = new JsonObject();
        c.addProperty("execution_state", state);
        wire.publish(msg.header(), "status", c);
    }

    private static JsonObject ok() {
        JsonObject c = new JsonObject();
        c.addProperty("status", "ok");
        return c;
    }

    private JsonObject kernelInfo() {
        JsonObject c = ok();
        c.addProperty("protocol_version", Wire.PROTOCOL_VERSION);
        c.addProperty("implementation", "recur");
        c.addProperty("implementation_version", VERSION);
        JsonObject lang = new JsonObject();
        lang.addProperty("name", "java");
        lang.addProperty("version", Runtime.version().toString());
        lang.addProperty("mimetype", "text/x-java-source");
        lang.addProperty("file_extension", ".jshell");
        lang.addProperty("pygments_lexer", "java");
        lang.addProperty("codemirror_mode", "text/x-java");
        c.add("language_info", lang);
        c.addProperty("banner", "Recur kernel " + VERSION + " - Java " + Runtime.version()
                + " (JShell) with recurrent networks on ND4J, Tablesaw and XChart");
        JsonArray links = new JsonArray();
        JsonObject l = new JsonObject();
        l.addProperty("text", "Java API");
        l.addProperty("url", "https://docs.oracle.com/en/java/javase/17/docs/api/");
        links.add(l);
        c.add("help_links", links);
        return c;
    }

    private void execute(ZMQ.Socket socket, Wire.Msg msg) {
        JsonObject req = msg.content();
        String code = req.get("code").getAsString();
        boolean silent = req.has("silent") && req.get("silent").getAsBoolean();
        boolean store = !silent && (!req.has("store_history") || req.get("store_history").getAsBoolean());
        parent.set(msg.header());
        if (store) {
            executionCount++;
            history.add(code);
        }
        int count = executionCount;
        JsonObject input = new JsonObject();
        input.addProperty("code", code);
        input.addProperty("execution_count", count);
        wire.publish(msg.header(), "execute_input", input);

        Evaluator.Outcome outcome;
        try {
            outcome = magics.run(code);
        } catch (Throwable t) { // the kernel's own failure must not take the kernel down
            outcome = Evaluator.Outcome.error(t.getClass().getName(), String.valueOf(t.getMessage()), List.of(t.toString()));
        }
        Map<String, String> bundle = null;
        if (!outcome.failed() && outcome.hasValue() && !silent) {
            try {
                bundle = Renderers.render(outcome.value(), null);
            } catch (Throwable t) {
                outcome = Evaluator.Outcome.error(t.getClass().getName(), String.valueOf(t.getMessage()),
                        List.of("Could not render the value of the cell: " + t));
            }
        }
        flushStreams();
        JsonObject reply = new JsonObject();
        reply.addProperty("execution_count", count);
        if (outcome.failed()) {
            JsonObject e = new JsonObject();
            e.addProperty("ename", outcome.errorName());
            e.addProperty("evalue", outcome.errorValue());
            JsonArray tb = new JsonArray();
            outcome.traceback().forEach(tb::add);
            e.add("traceback", tb);
            if (!silent) wire.publish(msg.header(), "error", e);
            reply.addProperty("status", "error");
            reply.addProperty("ename", outcome.errorName());
            reply.addProperty("evalue", outcome.errorValue());
            reply.add("traceback", tb);
        } else {
            if (bundle != null) {
                JsonObject r = new JsonObject();
                r.addProperty("execution_count", count);
                r.add("data", toJson(bundle));
                r.add("metadata", new JsonObject());
                wire.publish(msg.header(), "execute_result", r);
            }
            reply.addProperty("status", "ok");
            reply.add("user_expressions", new JsonObject());
            reply.add("payload", new JsonArray());
        }
        wire.reply(socket, msg, "execute_reply", reply);
    }

    static JsonObject toJson(Map<String, String> bundle) {
        JsonObject o = new JsonObject();
        bundle.forEach(o::addProperty);
        return o;
    }

    private void complete(ZMQ.Socket socket, Wire.Msg msg) {
        String code = msg.content().get("code").getAsString();
        int cursor = Math.min(code.length(), msg.content().get("cursor_pos").getAsInt());
        JsonObject c = ok();
        JsonArray matches = new JsonArray();
        int lineStart = code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
        String line = code.substring(lineStart, cursor);
        if (line.stripLeading().startsWith("%")) {
            String word = line.strip();
            Magics.NAMES.stream().filter(n -> n.startsWith(word)).forEach(matches::add);
            c.addProperty("cursor_start", lineStart + line.indexOf('%'));
            c.addProperty("cursor_end", cursor);
        } else {
            Evaluator.Completion comp = evaluator.complete(code, cursor);
            comp.matches().forEach(matches::add);
            c.addProperty("cursor_start", comp.start());
            c.addProperty("cursor_end", comp.end());
        }
        c.add("matches", matches);
        c.add("metadata", new JsonObject());
        wire.reply(socket, msg, "complete_reply", c);
    }

    private void inspect(ZMQ.Socket socket, Wire.Msg msg) {
        String code = msg.content().get("code").getAsString();
        int cursor = Math.min(code.length(), msg.content().get("cursor_pos").getAsInt());
        String doc = evaluator.inspect(code, cursor);
        JsonObject c = ok();
        c.addProperty("found", !doc.isEmpty());
        JsonObject data = new JsonObject();
        if (!doc.isEmpty()) data.addProperty("text/plain", doc);
        c.add("data", data);
        c.add("metadata", new JsonObject());
        wire.reply(socket, msg, "inspect_reply", c);
    }

    private void isComplete(ZMQ.Socket socket, Wire.Msg msg) {
        String code = msg.content().get("code").getAsString();
        StringBuilder java = new StringBuilder();
        for (String l : code.split("\n", -1)) if (!l.stripLeading().startsWith("%")) java.append(l).append('\n');
        String status = evaluator.isComplete(java.toString());
        JsonObject c = new JsonObject();
        c.addProperty("status", status);
        if (status.equals("incomplete")) c.addProperty("indent", "    ");
        wire.reply(socket, msg, "is_complete_reply", c);
    }

    private void history(ZMQ.Socket socket, Wire.Msg msg) {
        JsonObject req = msg.content();
        String access = req.has("hist_access_type") ? req.get("hist_access_type").getAsString() : "tail";
        int n = req.has("n") && !req.get("n").isJsonNull() ? req.get("n").getAsInt() : history.size();
        int from = 0, to = history.size();
        if (access.equals("tail")) from = Math.max(0, history.size() - n);
        if (access.equals("range")) {
            from = req.has("start") ? Math.max(0, req.get("start").getAsInt() - 1) : 0;
            to = req.has("stop") && !req.get("stop").isJsonNull() ? Math.min(history.size(), req.get("stop").getAsInt() - 1) : to;
        }
        String pattern = access.equals("search") && req.has("pattern") ? req.get("pattern").getAsString() : null;
        java.util.regex.Pattern glob = pattern == null ? null
                : java.util.regex.Pattern.compile(pattern.replace("*", ".*").replace("?", "."), java.util.regex.Pattern.DOTALL);
        JsonArray entries = new JsonArray();
        for (int i = from; i < to; i++) {
            if (glob != null && !glob.matcher(history.get(i)).matches()) continue;
            JsonArray e = new JsonArray();
            e.add(0);
            e.add(i + 1);
            e.add(history.get(i));
            entries.add(e);
        }
        JsonObject c = ok();
        c.add("history", entries);
        wire.reply(socket, msg, "history_reply", c);
    }

    private void shutdown(ZMQ.Socket socket, Wire.Msg msg) {
        boolean restart = msg.content().has("restart") && msg.content().get("restart").getAsBoolean();
        if (evaluator.running()) evaluator.interrupt();
        JsonObject c = ok();
        c.addProperty("restart", restart);
        wire.reply(socket, msg, "shutdown_reply", c);
        status(msg, "idle");
        flushStreams();
        running = false;
        // Exit from a kernel thread (allowed by the exit guard); halt if a shutdown hook hangs.
        Thread exit = new Thread(() -> {
            try {
                Thread.sleep(100); // let ZMQ deliver the reply
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
            daemon("recur-halt", () -> {
                try { Thread.sleep(3000); } catch (InterruptedException ignored) { }
                Runtime.getRuntime().halt(0);
            });
            System.exit(0);
        }, "recur-shutdown");
        exit.start();
    }

    /**
     * The compiler's class path: {@code java.class.path}, plus the {@code Class-Path} entries of a
     * kernel jar's manifest (with {@code java -jar} the dependencies are only listed there).
     */
    static List<String> compileClasspath() {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.isEmpty()) continue;
            cp.add(e);
            if (e.endsWith(".jar") && new File(e).isFile()) {
                try (JarFile jar = new JarFile(e)) {
                    var mf = jar.getManifest();
                    String extra = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                    if (extra != null) {
                        Path base = Path.of(e).toAbsolutePath().getParent();
                        for (String rel : extra.trim().split("\\s+")) {
                            if (!rel.isEmpty()) cp.add(base.resolve(rel).normalize().toString());
                        }
                    }
                } catch (Exception ignored) {
                    // not a readable jar: keep the entry as is
                }
            }
        }
        return cp;
    }
}
