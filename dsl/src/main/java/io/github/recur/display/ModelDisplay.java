package io.github.recur.display;

import io.github.recur.model.Model;
import io.github.recur.model.ModelSummary;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a notebook shows a {@link Model}: its summary as an HTML table (and the same table as text).
 * A front end registers it for the type; the engine itself builds no HTML.
 *
 * <pre>{@code Map<String, String> bundle = ModelDisplay.mimeBundle(model); // text/plain, text/html}</pre>
 */
public final class ModelDisplay {
    private ModelDisplay() {}

    /** {@code text/plain}: {@link Model#summary()}'s table; {@code text/html}: the same rows as a table. */
    public static Map<String, String> mimeBundle(Model model) {
        ModelSummary s = model.summaryTable();
        var html = new StringBuilder("<table><thead><tr><th style=\"text-align:left\">Layer</th><th style=\"text-align:left\">Configuration</th>"
                + "<th style=\"text-align:left\">Output shape</th><th style=\"text-align:right\">Params</th>"
                + (s.hasConnections() ? "<th style=\"text-align:left\">Connected to</th>" : "") + "</tr></thead><tbody>");
        for (ModelSummary.Row r : s.rows()) {
            html.append("<tr><td style=\"text-align:left\">").append(Html.escape(r.layer()))
                    .append("</td><td style=\"text-align:left\">").append(Html.escape(r.configuration()))
                    .append("</td><td style=\"text-align:left\">").append(Html.escape(r.outputShape()))
                    .append("</td><td style=\"text-align:right\">").append(r.params())
                    .append(s.hasConnections() ? "</td><td style=\"text-align:left\">" + Html.escape(r.connectedTo()) : "").append("</td></tr>");
        }
        html.append("</tbody></table>");
        if (s.built()) html.append(String.format(Locale.ROOT, "<p>Total params: <b>%,d</b>", s.totalParams()));
        if (s.optimizer() != null) html.append(" · optimizer ").append(Html.escape(s.optimizer())).append(" · loss ").append(Html.escape(s.loss()));
        var bundle = new LinkedHashMap<String, String>();
        bundle.put("text/plain", s.text());
        bundle.put("text/html", html.toString());
        return bundle;
    }
}
