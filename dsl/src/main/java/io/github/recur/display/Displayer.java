package io.github.recur.display;

import java.util.Map;

/**
 * Where rich output goes. Outside a notebook there is none ({@link Display#displayer()} is null);
 * the Recur kernel installs one at start-up so library code can show and update outputs in place.
 */
public interface Displayer {
    /** Shows an object (rendered through the kernel's renderers) and returns its display id. */
    String display(Object value);

    /** Replaces the output shown under {@code id}. */
    void update(String id, Object value);

    /** Shows a ready MIME bundle and returns its display id. */
    String displayBundle(Map<String, String> mimeBundle);

    /** Replaces the output under {@code id} with a ready MIME bundle. */
    void updateBundle(String id, Map<String, String> mimeBundle);
}
