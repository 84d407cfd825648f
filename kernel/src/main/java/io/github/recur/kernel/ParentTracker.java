package io.github.recur.kernel;

import com.google.gson.JsonObject;

/**
 * The header of the request whose outputs are being produced: the running cell, or the last one
 * after it finished (so late output from background threads still lands in a cell).
 */
final class ParentTracker {
    private volatile JsonObject current = new JsonObject();

    JsonObject current() { return current; }

    void set(JsonObject header) { current = header; }
}
