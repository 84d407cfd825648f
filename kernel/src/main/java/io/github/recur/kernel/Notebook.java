package io.github.recur.kernel;

import io.github.recur.display.Displayable;
import io.github.recur.kernel.rendering.KernelDisplayer;
import io.github.recur.kernel.rendering.Renderers;

import java.util.Map;

/**
 * Functions available in every cell (statically imported at start-up).
 *
 * <pre>{@code
 * String id = display(chart);          // PNG by default
 * display(chart, "svg");               // or SVG
 * updateDisplay(id, newChart);         // replaces the output in place
 * clearOutput(true);                   // clears the cell's output when the next output arrives
 * }</pre>
 */
public final class Notebook {
    private Notebook() {}

    /** Shows {@code value} through the kernel's renderers and returns its display id. */
    public static String display(Object value) {
        return KernelDisplayer.current().display(value);
    }

    /** Shows {@code value} in one format: "svg", "png", "html", "text" or a MIME type. */
    public static String display(Object value, String format) {
        return KernelDisplayer.current().display(value, format);
    }

    /** Replaces the output shown under {@code id} (from {@link #display(Object)}). */
    public static void updateDisplay(String id, Object value) {
        KernelDisplayer.current().update(id, value);
    }

    /** Replaces the output under {@code id}, in one format. */
    public static void updateDisplay(String id, Object value, String format) {
        KernelDisplayer.current().update(id, value, format);
    }

    /**
     * Clears this cell's output, as IPython's {@code clear_output}: with {@code wait}, the old output
     * stays until new output replaces it (no flicker in an animation loop).
     */
    public static void clearOutput(boolean wait) {
        KernelDisplayer.current().clear(wait);
    }

    /** Clears this cell's output now. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Wraps a value so that, as a cell's last expression, it renders in one format (e.g. SVG). */
    public static Displayable as(Object value, String format) {
        Map<String, String> bundle = Renderers.render(value, format);
        return () -> bundle;
    }

    /** HTML shown as is. */
    public static Displayable html(String html) {
        return () -> Map.of("text/html", html, "text/plain", html);
    }
}
