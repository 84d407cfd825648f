package io.github.recur.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.List;

/** One decoded Jupyter message; {@code identities} route the reply back through a ROUTER socket. */
record Message(List<byte[]> identities, JsonObject header, JsonObject parent, JsonObject metadata, JsonObject content) {
    String type() { return header.get("msg_type").getAsString(); }

    String string(String key, String fallback) {
        JsonElement e = content.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }

    boolean flag(String key, boolean fallback) {
        JsonElement e = content.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsBoolean();
    }

    int integer(String key, int fallback) {
        JsonElement e = content.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsInt();
    }
}
