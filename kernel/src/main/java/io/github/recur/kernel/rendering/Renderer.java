package io.github.recur.kernel.rendering;

/**
 * Turns a value into the text of one MIME type: HTML, SVG, plain text, or base64 for images
 * ({@code image/png}), as Jupyter's display messages carry them.
 *
 * <pre>{@code
 * Renderers.register(Point.class, "text/html", p -> "<b>" + p.x() + ", " + p.y() + "</b>");
 * }</pre>
 */
@FunctionalInterface
public interface Renderer<T> {
    String render(T value) throws Exception;
}
