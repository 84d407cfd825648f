package io.github.recur.kernel.rendering;

import com.google.gson.JsonObject;
import io.github.recur.display.Displayer;

import java.util.Map;
import java.util.UUID;

/**
 * Shows values in the notebook: {@code display_data} with a display id, {@code update_display_data}
 * to replace it in place (the DSL's training progress uses this), and {@code clear_output}. Pending
 * stdout/stderr is published first, so text and rich output keep their order.
 */
public final class KernelDisplayer implements Displayer {
    /** Sends one IOPub message under the cell that the calling thread belongs to. */
    @FunctionalInterface
    public interface Publisher {
        void publish(String msgType, JsonObject content);
    }

    private static volatile KernelDisplayer current;

    private final Renderers renderers;
    private final Publisher publisher;
    private final Runnable flushStreams;

    public KernelDisplayer(Renderers renderers, Publisher publisher, Runnable flushStreams) {
        this.renderers = renderers;
        this.publisher = publisher;
        this.flushStreams = flushStreams;
    }

    /** Makes this the displayer of {@code display(...)} calls in cells. */
    public void install() { current = this; }

    /** The running kernel's displayer; outside the kernel a clear error. */
    public static KernelDisplayer current() {
        KernelDisplayer d = current;
        if (d == null) throw new IllegalStateException("display(...) needs the Recur kernel; outside it, print the value instead");
        return d;
    }

    @Override
    public String display(Object value) { return displayBundle(renderers.bundle(value, null)); }

    public String display(Object value, String format) { return displayBundle(renderers.bundle(value, format)); }

    @Override
    public void update(String id, Object value) { updateBundle(id, renderers.bundle(value, null)); }

    public void update(String id, Object value, String format) { updateBundle(id, renderers.bundle(value, format)); }

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

    /** Clears the cell's output, as IPython's {@code clear_output(wait)}: with {@code wait}, only when new output arrives. */
    public void clear(boolean wait) {
        flushStreams.run();
        JsonObject content = new JsonObject();
        content.addProperty("wait", wait);
        publisher.publish("clear_output", content);
    }

    private void send(String type, String id, Map<String, String> bundle) {
        flushStreams.run();
        JsonObject data = new JsonObject();
        bundle.forEach(data::addProperty);
        JsonObject content = new JsonObject();
        content.add("data", data);
        content.add("metadata", new JsonObject());
        JsonObject transientPart = new JsonObject();
        transientPart.addProperty("display_id", id);
        content.add("transient", transientPart);
        publisher.publish(type, content);
    }
}
