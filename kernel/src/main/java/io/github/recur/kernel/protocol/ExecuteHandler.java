package io.github.recur.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.recur.kernel.evaluation.Evaluator;
import io.github.recur.kernel.evaluation.Outcome;
import io.github.recur.kernel.magics.Magics;
import io.github.recur.kernel.rendering.Renderers;
import org.zeromq.ZMQ;

import java.util.List;
import java.util.Map;

/**
 * {@code execute_request}, as the messaging spec (5.3) describes it: execution count and history
 * (unless {@code silent} or not {@code store_history}), {@code execute_input}, the cell's streams
 * and result, an {@code error}, {@code user_expressions}, pager payloads, and with
 * {@code stop_on_error} the abort of requests queued behind a failed cell.
 */
final class ExecuteHandler {
    private final Wire wire;
    private final Evaluator evaluator;
    private final Magics magics;
    private final Renderers renderers;
    private final OutputStreams streams;
    private final HistoryStore history;
    private int executionCount;

    ExecuteHandler(Wire wire, Evaluator evaluator, Magics magics, Renderers renderers, OutputStreams streams, HistoryStore history) {
        this.wire = wire;
        this.evaluator = evaluator;
        this.magics = magics;
        this.renderers = renderers;
        this.streams = streams;
        this.history = history;
    }

    /** Runs the cell and replies; returns true when the cell failed and asked to stop on error. */
    boolean execute(ZMQ.Socket socket, Message msg) {
        long started = System.nanoTime();
        String code = msg.string("code", "");
        boolean silent = msg.flag("silent", false);
        boolean store = !silent && msg.flag("store_history", true);
        boolean stopOnError = msg.flag("stop_on_error", true);
        CellContext.enter(new CellContext.Request(msg.header(), msg.identities(), msg.flag("allow_stdin", false)));
        streams.restoreSystemStreams();
        if (store) {
            executionCount++;
            history.input(executionCount, code);
        }
        int count = executionCount;
        if (!silent) {
            JsonObject input = new JsonObject();
            input.addProperty("code", code);
            input.addProperty("execution_count", count);
            wire.publish(msg.header(), "execute_input", input);
        }

        evaluator.beginCell();
        Outcome outcome = run(code);
        Map<String, String> bundle = null;
        if (!outcome.failed() && outcome.hasValue() && !silent) {
            try {
                bundle = renderers.bundle(outcome.value(), null);
            } catch (RuntimeException | LinkageError t) {
                outcome = Outcome.error(t.getClass().getName(), String.valueOf(t.getMessage()),
                        List.of("Could not render the value of the cell: " + t));
            }
        }
        streams.publish();
        JsonObject reply = new JsonObject();
        reply.addProperty("execution_count", count);
        if (outcome.failed()) {
            JsonObject e = error(outcome);
            if (!silent) wire.publish(msg.header(), "error", e);
            reply.addProperty("status", "error");
            e.entrySet().forEach(en -> reply.add(en.getKey(), en.getValue()));
        } else {
            if (bundle != null) {
                if (store) history.output(count, bundle.get("text/plain"));
                JsonObject r = new JsonObject();
                r.addProperty("execution_count", count);
                r.add("data", json(bundle));
                r.add("metadata", new JsonObject());
                wire.publish(msg.header(), "execute_result", r);
            }
            reply.addProperty("status", "ok");
            reply.add("user_expressions", userExpressions(msg.content().get("user_expressions")));
            reply.add("payload", payload(outcome));
        }
        wire.reply(socket, msg, "execute_reply", reply);
        if (count == 1) KernelLog.milestone("first cell answered");
        KernelLog.info("cell " + count + " answered in " + (System.nanoTime() - started) / 100_000 / 10.0 + " ms");
        return outcome.failed() && stopOnError;
    }

    /** The reply to an execute request queued behind a failed cell: not run. */
    void abort(ZMQ.Socket socket, Message msg) {
        JsonObject reply = new JsonObject();
        reply.addProperty("status", "aborted");
        reply.addProperty("execution_count", executionCount);
        wire.reply(socket, msg, "execute_reply", reply);
    }

    private Outcome run(String code) {
        try {
            return magics.run(code);
        } catch (RuntimeException | LinkageError t) { // the kernel's own failure must not take the kernel down
            return Outcome.error(t.getClass().getName(), String.valueOf(t.getMessage()), List.of(t.toString()));
        }
    }

    private static JsonObject error(Outcome outcome) {
        JsonObject e = new JsonObject();
        e.addProperty("ename", outcome.errorName());
        e.addProperty("evalue", outcome.errorValue());
        JsonArray tb = new JsonArray();
        outcome.traceback().forEach(tb::add);
        e.add("traceback", tb);
        return e;
    }

    /** Each expression's value as a MIME bundle, or its error, as the spec's {@code user_expressions}. */
    private JsonObject userExpressions(JsonElement requested) {
        JsonObject out = new JsonObject();
        if (requested == null || !requested.isJsonObject()) return out;
        for (var e : requested.getAsJsonObject().entrySet()) {
            Outcome o;
            try {
                o = evaluator.evalExpression(e.getValue().getAsString());
            } catch (RuntimeException ex) {
                o = Outcome.error(ex.getClass().getName(), String.valueOf(ex.getMessage()));
            }
            JsonObject r;
            if (o.failed()) {
                r = error(o);
                r.addProperty("status", "error");
            } else {
                r = new JsonObject();
                r.addProperty("status", "ok");
                r.add("data", json(renderers.bundle(o.hasValue() ? o.value() : null, null)));
                r.add("metadata", new JsonObject());
            }
            out.add(e.getKey(), r);
        }
        return out;
    }

    private static JsonArray payload(Outcome outcome) {
        JsonArray payload = new JsonArray();
        if (outcome.page() != null) {
            JsonObject page = new JsonObject();
            page.addProperty("source", "page");
            JsonObject data = new JsonObject();
            data.addProperty("text/plain", outcome.page());
            page.add("data", data);
            page.addProperty("start", 0);
            payload.add(page);
        }
        return payload;
    }

    static JsonObject json(Map<String, String> bundle) {
        JsonObject o = new JsonObject();
        bundle.forEach(o::addProperty);
        return o;
    }
}
