package io.github.recur.display;

/**
 * Hook between the library and the notebook front end. The kernel calls {@link #install} once;
 * library code asks {@link #inNotebook()} to choose between an in-place display and plain lines.
 *
 * <pre>{@code
 * if (Display.inNotebook()) Display.displayer().display(chart);
 * }</pre>
 */
public final class Display {
    private static volatile Displayer displayer;

    private Display() {}

    public static void install(Displayer d) { displayer = d; }

    /** The installed displayer, or null outside a notebook. */
    public static Displayer displayer() { return displayer; }

    public static boolean inNotebook() { return displayer != null; }
}
