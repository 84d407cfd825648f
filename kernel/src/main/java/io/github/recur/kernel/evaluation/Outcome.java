package io.github.recur.kernel.evaluation;

import java.util.List;

/**
 * What a cell produced: a value to render, an error (name, value, traceback lines), or a page of
 * text for the front end's pager ({@code ?lstm}), or nothing.
 */
public record Outcome(boolean hasValue, Object value, String errorName, String errorValue, List<String> traceback,
                      String page) {
    public static Outcome none() { return new Outcome(false, null, null, null, List.of(), null); }

    public static Outcome value(Object v) { return new Outcome(true, v, null, null, List.of(), null); }

    public static Outcome error(String name, String value, List<String> traceback) {
        return new Outcome(false, null, name, value, List.copyOf(traceback), null);
    }

    /** An error whose only traceback line is its message. */
    public static Outcome error(String name, String message) { return error(name, message, List.of(name + ": " + message)); }

    public static Outcome page(String text) { return new Outcome(false, null, null, null, List.of(), text); }

    public boolean failed() { return errorName != null; }
}
