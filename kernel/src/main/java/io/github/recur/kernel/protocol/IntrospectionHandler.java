package io.github.recur.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.recur.kernel.docs.Documentation;
import io.github.recur.kernel.evaluation.Evaluator;
import io.github.recur.kernel.magics.Magics;
import org.zeromq.ZMQ;

/** {@code complete_request}, {@code inspect_request} (Shift-Tab) and {@code is_complete_request}. */
final class IntrospectionHandler {
    private final Wire wire;
    private final Evaluator evaluator;
    private final Magics magics;
    private final Documentation docs;

    IntrospectionHandler(Wire wire, Evaluator evaluator, Magics magics, Documentation docs) {
        this.wire = wire;
        this.evaluator = evaluator;
        this.magics = magics;
        this.docs = docs;
    }

    void complete(ZMQ.Socket socket, Message msg) {
        String code = msg.string("code", "");
        int cursor = Math.max(0, Math.min(code.length(), msg.integer("cursor_pos", code.length())));
        JsonObject c = ok();
        JsonArray matches = new JsonArray();
        int lineStart = code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
        String line = code.substring(lineStart, cursor);
        if (line.stripLeading().startsWith("%")) {
            String word = line.strip();
            magics.names().stream().filter(n -> n.startsWith(word)).forEach(matches::add);
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

    void inspect(ZMQ.Socket socket, Message msg) {
        String code = msg.string("code", "");
        int cursor = Math.max(0, Math.min(code.length(), msg.integer("cursor_pos", code.length())));
        String doc = docs.at(code, cursor);
        JsonObject c = ok();
        c.addProperty("found", !doc.isEmpty());
        JsonObject data = new JsonObject();
        if (!doc.isEmpty()) data.addProperty("text/plain", doc);
        c.add("data", data);
        c.add("metadata", new JsonObject());
        wire.reply(socket, msg, "inspect_reply", c);
    }

    void isComplete(ZMQ.Socket socket, Message msg) {
        String code = msg.string("code", "");
        StringBuilder java = new StringBuilder();
        for (String l : code.split("\n", -1)) if (!l.stripLeading().startsWith("%")) java.append(l).append('\n');
        String status = evaluator.isComplete(java.toString());
        JsonObject c = new JsonObject();
        c.addProperty("status", status);
        if (status.equals("incomplete")) c.addProperty("indent", "    ");
        wire.reply(socket, msg, "is_complete_reply", c);
    }

    static JsonObject ok() {
        JsonObject c = new JsonObject();
        c.addProperty("status", "ok");
        return c;
    }
}
