package io.github.recur.kernel;

import com.google.gson.JsonObject;
import io.github.recur.display.Displayer;

import java.util.Map;
import java.util.UUID;

/**
 * The kernel's {@link Displayer}: {@code display_data} with a display id, and
 * {@code update_display_data} to replace it in place (the DSL's training progress uses this).
 * Pending stdout/stderr is published first so text and rich output keep their order.
 */
final class KernelDisplayer implements Displayer {
    private final Wire wire;
    private final ParentTracker parent;
    private final Runnable flushStreams;

    KernelDisplayer(Wire wire, ParentTracker parent, Runnable flushStreams) {
        this.wire = wire;
        this.parent = parent;
        this.flushStreams = flushStreams;
    }

    @Override
    public String display(Object value) {
        return displayBundle(Renderers.render(value, null));
    }

    String display(Object value, String format) {
        return displayBundle(Renderers.render(value, format));
    }

    @Override
    public void update(String id, Object value) {
        updateBundle(id, Renderers.render(value, null));
    }

    void update(String id, Object value, String format) {
        updateBundle(id, Renderers.render(value, format));
    }

    @Override
    public String displayBundle(Map<String, String> mimeBundle) {
        String id = UUID.randomUUID().toString();
        send("display_data", id, mimeBundle);
        return id;
    }

    @Override
    public void updateBundle(String id, Map<String, String> mimeBundle) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("updateDisplay needs the id returned by display(...), got '" + id + "'");
        }
        send("update_display_data", id, mimeBundle);
    }

    private void send(String type, String id, Map<String, String> bundle) {
        flushStreams.run();
        JsonObject content = new JsonObject();
        content.add("data", KernelServer.toJson(bundle));
        content.add("metadata", new JsonObject());
        JsonObject transientPart = new JsonObject();
        transientPart.addProperty("display_id", id);
        content.add("transient", transientPart);
        wire.publish(parent.current(), type, content);
    }
}
