package io.github.recur.kernel.rendering;

import tech.tablesaw.api.Table;

import java.util.stream.IntStream;

/** Tablesaw tables as pandas shows a DataFrame: head and tail of a long table, and its shape. */
final class TableRendering {
    /** Rows shown from the head and from the tail of a large table. */
    static final int EDGE_ROWS = 10;

    private TableRendering() {}

    static String shape(Table t) { return t.rowCount() + " rows × " + t.columnCount() + " columns"; }

    static String text(Table t) {
        int rows = t.rowCount();
        boolean cut = rows > 2 * EDGE_ROWS;
        return (cut ? t.first(EDGE_ROWS).print() + "\n...\n" + t.last(EDGE_ROWS).print() : t.print()) + "\n" + shape(t);
    }

    static String html(Table t) {
        int rows = t.rowCount();
        boolean cut = rows > 2 * EDGE_ROWS;
        StringBuilder h = new StringBuilder("<div class=\"recur-table\">");
        if (t.name() != null && !t.name().isEmpty()) h.append("<b>").append(esc(t.name())).append("</b>");
        h.append("<table border=\"1\" class=\"dataframe\"><thead><tr><th></th>");
        for (String c : t.columnNames()) h.append("<th>").append(esc(c)).append("</th>");
        h.append("</tr></thead><tbody>");
        int[] shown = cut
                ? IntStream.concat(IntStream.range(0, EDGE_ROWS), IntStream.range(rows - EDGE_ROWS, rows)).toArray()
                : IntStream.range(0, rows).toArray();
        for (int k = 0; k < shown.length; k++) {
            if (cut && k == EDGE_ROWS) {
                h.append("<tr><th>…</th>");
                for (int c = 0; c < t.columnCount(); c++) h.append("<td>…</td>");
                h.append("</tr>");
            }
            int r = shown[k];
            h.append("<tr><th>").append(r).append("</th>");
            for (int c = 0; c < t.columnCount(); c++) h.append("<td>").append(esc(t.column(c).getString(r))).append("</td>");
            h.append("</tr>");
        }
        return h.append("</tbody></table><p>").append(shape(t)).append("</p></div>").toString();
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
