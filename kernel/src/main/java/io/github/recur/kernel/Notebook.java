package io.github.recur.kernel;

import io.github.recur.display.Display;
import io.github.recur.display.Displayable;
import io.github.recur.display.Displayer;

import java.util.Map;

/**
 * Functions available in every cell (statically imported at start-up).
 *
 * <pre>{@code
 * String id = display(chart);          // PNG by default
 * display(chart, "svg");               // or SVG
 * updateDisplay(id, newChart);         // replaces the output in place
 * }</pre>
 */
public final class Notebook {
    private Notebook() {}

    private static KernelDisplayer displayer() {
        Displayer d = Display.displayer();
        if (!(d instanceof KernelDisplayer)) {
            throw new IllegalStateException("display(...) needs the Recur kernel; outside it, print the value instead");
        }
        return (KernelDisplayer) d;
    }

    /** Shows {@code value} through the kernel's renderers and returns its display id. */
    public static String display(Object value) {
        return displayer().display(value);
    }

    /** Shows {@code value} in one format: "svg", "png", "html", "text" or a MIME type. */
    public static String display(Object value, String format) {
        return displayer().display(value, format);
    }

    /** Replaces the output shown under {@code id} (from {@link #display(Object)}). */
    public static void updateDisplay(String id, Object value) {
        displayer().update(id, value);
    }

    /** Replaces the output under {@code id}, in one format. */
    public static void updateDisplay(String id, Object value, String format) {
        displayer().update(id, value, format);
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
