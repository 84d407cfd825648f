package io.github.recur.kernel.protocol;

import com.google.gson.JsonObject;

import java.util.List;

/**
 * The request a thread works for: the cell that is running, or for a thread a cell started (and
 * the threads those start), that cell, even after it finished. Output and input requests go to it.
 * Threads that no cell started (the kernel's own) fall back to the latest cell.
 */
final class CellContext {
    /** The execute request's header (the parent of every output), where replies go, and whether it allows input. */
    record Request(JsonObject header, List<byte[]> identities, boolean allowStdin) {
        static final Request NONE = new Request(new JsonObject(), List.of(), false);

        String msgId() { return header.has("msg_id") ? header.get("msg_id").getAsString() : ""; }
    }

    private static final InheritableThreadLocal<Request> CURRENT = new InheritableThreadLocal<>();
    private static volatile Request latest = Request.NONE;

    private CellContext() {}

    /** Called on the shell thread before a cell runs; the cell thread is handed it per snippet, and threads a cell starts inherit it. */
    static void enter(Request request) {
        CURRENT.set(request);
        latest = request;
    }

    /** The per-thread request, which the evaluator sets on its cell thread before each snippet (snippets do not run on the shell thread). */
    static ThreadLocal<Request> perThread() { return CURRENT; }

    static Request current() {
        Request r = CURRENT.get();
        return r != null ? r : latest;
    }

    static Request latest() { return latest; }
}
