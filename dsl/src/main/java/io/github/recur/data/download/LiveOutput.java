package io.github.recur.data.download;

import java.util.Map;

/**
 * An output that a progress bar can redraw in place: the notebook's display. The downloader knows no
 * display code; a front end hands it one with {@link Downloader#showProgressIn} (the Recur kernel does so
 * through {@code io.github.recur.display.Display.install}).
 *
 * <pre>{@code
 * Downloader.showProgressIn(new LiveOutput() {
 *     public String show(Map<String, String> bundle) { return myFrontEnd.display(bundle); }
 *     public void update(String id, Map<String, String> bundle) { myFrontEnd.update(id, bundle); }
 * });
 * }</pre>
 */
public interface LiveOutput {
    /** Shows a MIME bundle ({@code text/plain}, {@code text/html}) and returns an id to update it by. */
    String show(Map<String, String> bundle);

    /** Replaces what {@link #show} showed under {@code id}. */
    void update(String id, Map<String, String> bundle);
}
