package io.github.recur.kernel.protocol;

import com.google.gson.JsonObject;
import io.github.recur.display.Display;
import io.github.recur.kernel.docs.Documentation;
import io.github.recur.kernel.evaluation.CompilerWarmUp;
import io.github.recur.kernel.evaluation.Evaluator;
import io.github.recur.kernel.evaluation.Outcome;
import io.github.recur.kernel.magics.Magics;
import io.github.recur.kernel.rendering.KernelDisplayer;
import io.github.recur.kernel.rendering.Renderers;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.zeromq.ZMQ;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running kernel: serves the shell channel (cells, completion, inspection, history), the control
 * channel (interrupt, shutdown) and the heartbeat, publishes outputs on IOPub, and ends when its
 * parent process does.
 */
public final class KernelServer {
    /**
     * Imports done at start-up, so every cell sees them; each is kept only if it compiles (packages
     * may still be empty). Public for bench/scripts/JShellStartup.java, which times them.
     */
    public static final List<String> STARTUP_IMPORTS = List.of(
            "import java.util.*;",
            "import java.nio.file.*;",
            "import io.github.recur.*;",
            "import io.github.recur.data.*;",
            "import io.github.recur.layers.*;",
            "import io.github.recur.model.*;",
            "import io.github.recur.train.*;",
            "import io.github.recur.callbacks.*;",
            "import io.github.recur.io.*;",
            "import io.github.recur.plot.*;",
            "import io.github.recur.display.*;",
            "import org.nd4j.linalg.factory.Nd4j;",
            "import org.nd4j.linalg.api.ndarray.INDArray;",
            "import org.nd4j.linalg.api.buffer.DataType;",
            "import tech.tablesaw.api.*;",
            "import org.knowm.xchart.*;",
            "import io.github.recur.kernel.rendering.Renderers;",
            "import static io.github.recur.kernel.Notebook.*;",
            "import static io.github.recur.Recur.*;");

    private final Wire wire;
    private final OutputStreams streams;
    private final Evaluator evaluator;
    private final Magics magics;
    private final Documentation docs;
    private final ExecuteHandler executor;
    private final IntrospectionHandler introspection;
    private final HistoryStore history = new HistoryStore();
    /** Open once the start-up imports are in: until then only messages that need no JShell are answered. */
    private final CountDownLatch ready = new CountDownLatch(1);
    /** Open once the constructor is through: start-up scripts need the magics. */
    private final CountDownLatch constructed = new CountDownLatch(1);
    /** Open once the first cell has been answered (or a few seconds after start-up): ND4J warms up then. */
    private final CountDownLatch firstCell = new CountDownLatch(1);
    private volatile boolean running = true;
    /** True while the shell channel handles a request: the compiler's warm-up waits then. */
    private volatile boolean busy;
    /** When the last request ended (System.nanoTime): the warm-up also leaves cells run in quick succession alone. */
    private volatile long lastRequestEnded = System.nanoTime();
    private final List<String> classpath;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "recur-output");
        t.setDaemon(true);
        return t;
    });

    public KernelServer(KernelConnectionProperties props, List<String> classpath) throws Exception {
        KernelLog.milestone("kernel constructed");
        this.classpath = List.copyOf(classpath);
        // The sockets (ZeroMQ's classes) and JShell load side by side: both take a noticeable part of a start.
        CompletableFuture<Wire> wiring = new CompletableFuture<>();
        daemon("recur-sockets", () -> {
            try {
                wiring.complete(new Wire(props));
            } catch (Throwable t) {
                wiring.completeExceptionally(t);
            }
        });
        evaluator = new Evaluator(classpath, new PrintStream(new FileOutputStream(FileDescriptor.err) {
            @Override public void write(int b) { System.err.write(b); }
            @Override public void write(byte[] b, int off, int len) { System.err.write(b, off, len); }
        }, true, StandardCharsets.UTF_8)); // notes go to whatever System.err is: the cell's stderr once installed
        evaluator.carryToCellThread(CellContext.perThread()); // a cell's output goes to that cell
        if (evaluator.spentSnippetsKeptBecause() != null) {
            KernelLog.warn("JShell keeps every finished cell's code and classes, so the heap grows by about 10 KB a cell ("
                    + evaluator.spentSnippetsKeptBecause() + "); reinstalling the kernel gives the JVM the options that let them go");
        }
        KernelLog.milestone("JShell built");
        // The imports start now, beside the sockets' set-up and the rest of this constructor; the shell
        // already answers kernel_info meanwhile, while cells and completions wait for them (handle).
        daemon("recur-startup", this::startup);
        try {
            wire = wiring.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
        KernelLog.milestone("sockets bound");
        streams = new OutputStreams(wire);
        System.setOut(streams.out());
        System.setErr(streams.err());
        System.setIn(new StdinChannel(wire, streams::publish));
        docs = new Documentation(evaluator);
        magics = new Magics(evaluator, docs::of);
        Renderers renderers = Renderers.shared();
        KernelDisplayer displayer = new KernelDisplayer(renderers,
                (type, content) -> wire.publish(CellContext.current().header(), type, content), streams::publish);
        displayer.install();
        Display.install(displayer);
        executor = new ExecuteHandler(wire, evaluator, magics, renderers, streams, history);
        introspection = new IntrospectionHandler(wire, evaluator, magics, docs);
        constructed.countDown();
    }

    /** Serves until shutdown (or until the parent process is gone). */
    public void run() throws InterruptedException {
        flusher.scheduleWithFixedDelay(streams::publish, 50, 50, TimeUnit.MILLISECONDS);
        daemon("recur-heartbeat", this::heartbeat);
        Thread control = daemon("recur-control", () -> serve(wire.control));
        ParentWatcher.start(() -> exit(1));
        // ND4J's native start after the first cell, not beside it: on two cores it would slow that cell down.
        // Each step waits until no cell has run for a moment: cells run in quick succession come first.
        daemon("recur-warmup", () -> {
            try {
                ready.await();
                firstCell.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (!CompilerWarmUp.awaitIdle(this::recentlyBusy)) return;
            warmUpNd4j();
            if (!CompilerWarmUp.awaitIdle(this::recentlyBusy)) return;
            docs.prepare();
            int failed = CompilerWarmUp.run(classpath, STARTUP_IMPORTS, this::recentlyBusy, compilerWarmUpEvaluations());
            KernelLog.milestone("compiler warmed up (" + failed + " snippets failed)");
        });
        serve(wire.shell);
        control.join(2000);
    }

    /** Whether a request is being handled or ended less than a quarter of a second ago ("Run All" is under way). */
    private boolean recentlyBusy() {
        return busy || System.nanoTime() - lastRequestEnded < 250_000_000L;
    }

    /** RECUR_COMPILER_WARMUP: how many snippets the background warm-up compiles (0: none). */
    private static int compilerWarmUpEvaluations() {
        String n = System.getenv("RECUR_COMPILER_WARMUP");
        if (n == null || n.isBlank()) return CompilerWarmUp.DEFAULT_EVALUATIONS;
        try {
            return Math.max(0, Integer.parseInt(n.strip()));
        } catch (NumberFormatException e) {
            KernelLog.warn("RECUR_COMPILER_WARMUP must be a number of snippets, got '" + n + "'; using "
                    + CompilerWarmUp.DEFAULT_EVALUATIONS);
            return CompilerWarmUp.DEFAULT_EVALUATIONS;
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void startup() {
        try {
            long t0 = System.nanoTime();
            for (String imp : STARTUP_IMPORTS) evaluator.tryQuietly(imp);
            constructed.await(); // start-up scripts need the magics
            String scripts = System.getenv("RECUR_STARTUP");
            if (scripts != null && !scripts.isBlank()) {
                for (String s : scripts.split(File.pathSeparator)) {
                    try {
                        Outcome o = magics.run(Files.readString(Path.of(s)));
                        if (o.failed()) KernelLog.warn("start-up script " + s + " failed: " + o.errorName() + ": " + o.errorValue());
                    } catch (Exception e) {
                        KernelLog.warn("cannot read start-up script " + s + ": " + e);
                    }
                }
            }
            KernelLog.milestone("start-up imports done (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // only at exit; nothing is left to start
        } finally {
            ready.countDown();
        }
    }


    /**
     * The training run behind the installer's start-up archive: loads what a kernel loads when it
     * starts and runs its first cells (the server's classes, JShell with the start-up imports, a few
     * typical cells, ND4J's Java side), then returns.
     */
    public static void warmUp(List<String> classpath) throws Exception {
        for (Class<?> c : List.of(Wire.class, ExecuteHandler.class, IntrospectionHandler.class, OutputStreams.class,
                StdinChannel.class, HistoryStore.class, KernelInfo.class, Documentation.class, Renderers.class)) {
            Class.forName(c.getName(), true, c.getClassLoader());
        }
        new org.zeromq.ZContext(1).close();
        try (Evaluator evaluator = new Evaluator(classpath, System.err)) {
            Magics magics = new Magics(evaluator, name -> null);
            for (String imp : STARTUP_IMPORTS) evaluator.tryQuietly(imp);
            for (String cell : List.of("1 + 1", "int x = 2;", "x * 21", "String s = \"a\" + x;\ns.length()",
                    "Table t = Table.create(\"t\", DoubleColumn.create(\"a\", new double[] {1, 2}));\nt.rowCount()",
                    "var m = sequential(lstm(4), dense(1));\nm.compile(adam(1e-3), mse());", "%time int y = 3;")) {
                magics.run(cell);
            }
            Renderers.shared().bundle(evaluator.variable("t"), null);
        }
        warmUpNd4j();
    }

    /** Loads ND4J's native backend and runs a small product so the first cell does not pay for it. */
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
            Message msg;
            try {
                msg = wire.read(socket, poller, 200);
            } catch (RuntimeException e) {
                if (!running) return;
                KernelLog.warn("socket error: " + e);
                continue;
            }
            if (msg == null) continue;
            try {
                handle(socket, poller, msg);
            } catch (Throwable t) {
                KernelLog.warn("failed to handle " + msg.type() + ": " + t);
            }
        }
    }

    /** Handles one message; after a cell that failed and asked to stop on error, aborts what is queued behind it. */
    private void handle(ZMQ.Socket socket, ZMQ.Poller poller, Message msg) {
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
        busy = true;
        try {
            if (needsJShell(type)) awaitStartup();
            switch (type) {
                case "kernel_info_request": wire.reply(socket, msg, "kernel_info_reply", KernelInfo.reply()); break;
                case "execute_request":
                    // before the idle status: a client that waits for it sends the next cell only then
                    if (executor.execute(socket, msg)) abortQueued(socket, poller);
                    firstCell.countDown();
                    break;
                case "complete_request": introspection.complete(socket, msg); break;
                case "inspect_request": introspection.inspect(socket, msg); break;
                case "is_complete_request": introspection.isComplete(socket, msg); break;
                case "history_request": history(socket, msg); break;
                case "comm_info_request": {
                    JsonObject c = IntrospectionHandler.ok();
                    c.add("comms", new JsonObject());
                    wire.reply(socket, msg, "comm_info_reply", c);
                    break;
                }
                case "interrupt_request":
                    evaluator.interrupt();
                    wire.reply(socket, msg, "interrupt_reply", IntrospectionHandler.ok());
                    break;
                case "shutdown_request": shutdown(socket, msg); break;
                default: KernelLog.warn("ignored unsupported message type " + type);
            }
        } finally {
            lastRequestEnded = System.nanoTime();
            busy = false;
            status(msg, "idle");
        }
    }

    private static boolean needsJShell(String type) {
        return type.equals("execute_request") || type.equals("complete_request") || type.equals("inspect_request")
                || type.equals("is_complete_request");
    }

    private void awaitStartup() {
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** As ipykernel: execute requests already queued behind a failed cell are answered "aborted", not run. */
    private void abortQueued(ZMQ.Socket socket, ZMQ.Poller poller) {
        while (true) {
            Message next = wire.read(socket, poller, 0);
            if (next == null) return;
            if (next.type().equals("execute_request")) {
                status(next, "busy");
                executor.abort(socket, next);
                status(next, "idle");
            } else {
                handle(socket, poller, next);
            }
        }
    }

    private void status(Message msg, String state) {
        JsonObject c = new JsonObject();
        c.addProperty("execution_state", state);
        wire.publish(msg.header(), "status", c);
    }

    private void history(ZMQ.Socket socket, Message msg) {
        boolean output = msg.flag("output", false);
        Integer n = msg.content().has("n") && !msg.content().get("n").isJsonNull() ? msg.integer("n", 0) : null;
        var entries = switch (msg.string("hist_access_type", "tail")) {
            case "range" -> history.range(msg.integer("session", 0), msg.integer("start", 1),
                    msg.content().has("stop") && !msg.content().get("stop").isJsonNull() ? msg.integer("stop", 0) : null, output);
            case "search" -> history.search(msg.string("pattern", "*"), n, msg.flag("unique", false), output);
            default -> history.tail(n == null ? 10 : n, output);
        };
        JsonObject c = IntrospectionHandler.ok();
        c.add("history", entries);
        wire.reply(socket, msg, "history_reply", c);
    }

    private void shutdown(ZMQ.Socket socket, Message msg) {
        boolean restart = msg.flag("restart", false);
        if (evaluator.running()) evaluator.interrupt();
        JsonObject c = IntrospectionHandler.ok();
        c.addProperty("restart", restart);
        wire.reply(socket, msg, "shutdown_reply", c);
        status(msg, "idle");
        streams.publish();
        exit(0);
    }

    /** Ends the process from a thread of its own (after ZMQ has delivered the last replies); halts if a shutdown hook hangs. */
    private void exit(int status) {
        running = false;
        Thread exit = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
            daemon("recur-halt", () -> {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException ignored) {
                    // halting anyway
                }
                Runtime.getRuntime().halt(status);
            });
            System.exit(status);
        }, "recur-shutdown");
        exit.start();
    }
}
