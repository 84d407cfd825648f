package io.github.recur.display;

/** HTML text escaping for the display code. */
final class Html {
    private Html() {}

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
