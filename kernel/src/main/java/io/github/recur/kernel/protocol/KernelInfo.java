package io.github.recur.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** The {@code kernel_info_reply}: who we are, the language, and where help is. */
final class KernelInfo {
    static final String VERSION = "0.1.0";

    private KernelInfo() {}

    static JsonObject reply() {
        JsonObject c = new JsonObject();
        c.addProperty("status", "ok");
        c.addProperty("protocol_version", Wire.PROTOCOL_VERSION);
        c.addProperty("implementation", "recur");
        c.addProperty("implementation_version", VERSION);
        JsonObject lang = new JsonObject();
        lang.addProperty("name", "java");
        lang.addProperty("version", Runtime.version().toString());
        lang.addProperty("mimetype", "text/x-java-source");
        lang.addProperty("file_extension", ".jshell");
        lang.addProperty("pygments_lexer", "java");
        lang.addProperty("codemirror_mode", "text/x-java");
        lang.addProperty("nbconvert_exporter", "script");
        c.add("language_info", lang);
        c.addProperty("banner", "Recur kernel " + VERSION + " - Java " + Runtime.version()
                + " (JShell) with recurrent networks on ND4J, Tablesaw and XChart");
        c.addProperty("debugger", false);
        JsonArray links = new JsonArray();
        links.add(link("Java " + Runtime.version().feature() + " API",
                "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/"));
        links.add(link("Tablesaw", "https://jtablesaw.github.io/tablesaw/"));
        links.add(link("XChart", "https://knowm.org/open-source/xchart/"));
        c.add("help_links", links);
        return c;
    }

    private static JsonObject link(String text, String url) {
        JsonObject l = new JsonObject();
        l.addProperty("text", text);
        l.addProperty("url", url);
        return l;
    }
}
