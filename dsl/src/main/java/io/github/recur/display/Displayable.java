package io.github.recur.display;

import java.util.Map;

/**
 * An object that knows how to show itself in a notebook. The kernel renders any value implementing
 * this as the returned MIME bundle: keys are MIME types ({@code text/plain}, {@code text/html},
 * {@code image/png} as base64, {@code image/svg+xml}), values the content.
 */
public interface Displayable {
    Map<String, String> mimeBundle();
}
